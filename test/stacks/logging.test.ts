/** The logging stack: key, archive, trail, CloudWatch Logs and CIS alarms wired from the config and the organization stack. */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { exampleText, resources, single, statements, synthConfig, TfJson } from "../helpers/synth";

const TRAIL_ARN = "arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-organization-trail";
const ORG_ID = "${data.terraform_remote_state.remote_state_organization.outputs.organization_id}";

describe("logging stack", () => {
  const doc = parseDocument(exampleText());
  doc.setIn(["logging", "retentionDays"], 731);
  doc.setIn(["logging", "archive"], { transitionToGlacierDays: 30, expireAfterDays: 3650, objectLockGovernanceDays: 400 });
  const out = synthConfig(parseConfig(doc.toString()));
  const stack = out.stack("logging");

  it("runs after the organization stack and reads the organization id from it", () => {
    expect(out.manifest().stacks.logging.dependencies).toContain("organization");
    expect(stack.data.terraform_remote_state.remote_state_organization.config).toMatchObject({ bucket: "acme-tfstate-111111111111", key: "organization/terraform.tfstate" });
  });

  it("encrypts with one rotating, protected key whose policy names the trail, the log group and the alarms", () => {
    expect(resources(stack, "aws_kms_key").key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(resources(stack, "aws_kms_alias").key_alias.name).toBe("alias/acme/logging");
    const policy = statements(stack, "key_policy");
    const sids = policy.map((s: TfJson) => s.sid);
    expect(sids).toEqual(["AccountAdministersKeyThroughIam", "CloudTrailEncryptsLogs", "CloudTrailDescribesKey", "CloudWatchLogsEncryptsTrailLogGroups", "CloudWatchAlarmsPublishToEncryptedTopic", "AWSConfigKMSPolicy"]);
    expect(policy[0].principals).toEqual([{ type: "AWS", identifiers: ["arn:aws:iam::222222222222:root"] }]);
    expect(policy[1].condition[0]).toEqual({ test: "StringEquals", variable: "aws:SourceArn", values: [TRAIL_ARN] });
    expect(policy[3].condition[0].values).toEqual(["arn:aws:logs:us-east-1:222222222222:log-group:/acme/cloudtrail/organization"]);
  });

  it("names the archive and access-log buckets after the landing zone and the logging account", () => {
    const buckets = resources(stack, "aws_s3_bucket");
    expect(buckets.archive_bucket.bucket).toBe("acme-cloudtrail-222222222222");
    expect(buckets.archive_access_logs.bucket).toBe("acme-s3-access-logs-222222222222");
  });

  it("takes the archive lifecycle and Object Lock from logging.archive", () => {
    const rules = resources(stack, "aws_s3_bucket_lifecycle_configuration").archive_bucket_lifecycle.rule;
    expect(rules.find((r: TfJson) => r.id === "archive")).toMatchObject({ transition: [{ days: 30, storage_class: "GLACIER" }], expiration: [{ days: 3650 }] });
    expect(single(stack, "aws_s3_bucket_object_lock_configuration").rule).toEqual({ default_retention: { mode: "GOVERNANCE", days: 400 } });
  });

  it("scopes CloudTrail's writes to the trail ARN and the organization id from the organization stack", () => {
    const write = statements(stack, "archive_bucket_policy").find((s: TfJson) => s.sid === "CloudTrailWritesOrganizationLogs");
    expect(write!.resources).toEqual([`arn:aws:s3:::acme-cloudtrail-222222222222/AWSLogs/${ORG_ID}/*`]);
    expect(write!.condition).toContainEqual({ test: "StringEquals", variable: "aws:SourceArn", values: [TRAIL_ARN] });
  });

  it("creates the organization trail from the logging account, into the archive, once bucket and key policies exist", () => {
    const trail = single(stack, "aws_cloudtrail");
    expect(trail).toMatchObject({
      name: "acme-organization-trail",
      s3_bucket_name: "${aws_s3_bucket.archive_bucket.bucket}",
      kms_key_id: "${aws_kms_key.key.arn}",
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(trail.depends_on).toEqual(["aws_iam_role_policy.trail_cloudwatch_policy", "aws_s3_bucket_policy.archive_bucket_bucket_policy", "aws_kms_key.key"]);
    expect(out.stack("logging").provider.aws[0].allowed_account_ids).toEqual(["222222222222"]);
  });

  it("delivers the trail to a log group in the logging account, KMS-encrypted, kept logging.retentionDays", () => {
    expect(resources(stack, "aws_cloudwatch_log_group").trail_log_group).toMatchObject({
      name: "/acme/cloudtrail/organization",
      retention_in_days: 731,
      kms_key_id: "${aws_kms_key.key.arn}",
      lifecycle: { prevent_destroy: true },
    });
  });

  it("puts the CIS filters on that log group and mails alarms to logging.alarmEmail", () => {
    const filters = Object.values(resources(stack, "aws_cloudwatch_log_metric_filter"));
    expect(filters).toHaveLength(15);
    for (const f of filters) expect(f.log_group_name).toBe("${aws_cloudwatch_log_group.trail_log_group.name}");
    expect(Object.keys(resources(stack, "aws_cloudwatch_metric_alarm"))).toHaveLength(15);
    expect(single(stack, "aws_sns_topic_subscription")).toMatchObject({ protocol: "email", endpoint: "secops@acme.example" });
    expect(single(stack, "aws_sns_topic").kms_master_key_id).toBe("${aws_kms_key.key.arn}");
  });

  it("outputs the trail ARN, archive bucket and log group", () => {
    expect(stack.output.trail_arn.value).toBe(TRAIL_ARN);
    expect(stack.output.archive_bucket.value).toBe("acme-cloudtrail-222222222222");
    expect(stack.output.trail_log_group.value).toBe("/acme/cloudtrail/organization");
  });
});

describe("logging stack without Object Lock", () => {
  const doc = parseDocument(exampleText());
  doc.deleteIn(["logging", "archive", "objectLockGovernanceDays"]);
  const stack = synthConfig(parseConfig(doc.toString())).stack("logging");

  it("leaves Object Lock off", () => {
    expect(stack.resource.aws_s3_bucket_object_lock_configuration).toBeUndefined();
  });
});

describe("logging stack: WAF logs from the workload accounts", () => {
  const out = synthConfig();
  const stack = out.stack("logging");
  const docs = stack.data.aws_iam_policy_document as Record<string, TfJson>;

  it("builds the destination, stream and bucket once, named after the landing zone and the logging account, and publishes the destination's ARN", () => {
    expect(single(stack, "aws_cloudwatch_log_destination")).toMatchObject({ name: "acme-waf-logs", target_arn: "${aws_kinesis_firehose_delivery_stream.waf_logs_stream.arn}" });
    expect(single(stack, "aws_kinesis_firehose_delivery_stream").name).toBe("acme-waf-logs");
    expect(resources(stack, "aws_s3_bucket").waf_logs_bucket.bucket).toBe("acme-waf-logs-222222222222");
    expect(stack.output.waf_logs_destination_arn.value).toBe("arn:aws:logs:us-east-1:222222222222:destination:acme-waf-logs");
  });

  it("lets exactly the workload accounts with a web ACL subscribe (payments-prod, whose web service is internet-facing)", () => {
    expect(docs.waf_logs_destination_access.statement[0].principals).toEqual([{ type: "AWS", identifiers: ["444444444444"] }]);
    expect(docs.waf_logs_subscription_trust.statement[0].condition[0].values).toEqual(["arn:aws:logs:us-east-1:444444444444:*", "arn:aws:logs:us-east-1:222222222222:*"]);
  });

  it("builds no destination and publishes nothing for WAF when no workload has a web ACL", () => {
    const doc = parseDocument(exampleText());
    const accounts = doc.getIn(["accounts"]) as { items: { get(k: string): unknown; getIn(p: unknown[]): unknown; setIn(p: unknown[], v: unknown): void }[] };
    for (const a of accounts.items) {
      const ecs = a.getIn(["ecs"]) as { items: { hasIn(p: unknown[]): boolean; setIn(p: unknown[], v: unknown): void }[] } | undefined;
      for (const s of ecs?.items ?? []) if (s.hasIn(["loadBalancer", "internetFacing"])) s.setIn(["loadBalancer", "internetFacing"], false);
    }
    const none = synthConfig(parseConfig(doc.toString()));
    expect(none.stack("logging").resource.aws_cloudwatch_log_destination).toBeUndefined();
    expect(none.stack("logging").output.waf_logs_destination_arn).toBeUndefined();
    expect(none.stack("workload-payments-prod").resource.aws_cloudwatch_log_subscription_filter).toBeUndefined();
  });
});
