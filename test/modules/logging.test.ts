/** The logging module alone: the archive buckets, the organization trail, the key policy, and the CIS 4.1-4.15 filters and alarms. */
import { CIS_MONITORING_CONTROLS, CisAlarms, LogArchive, logKeyStatements, organizationTrailArn, OrganizationTrail, WAF_LOGS_PREFIX, WafLogsArchive } from "../../modules/logging";
import { synthConstruct } from "../helpers/construct";
import { resources, single, statements, TfJson } from "../helpers/synth";

const TRAIL_ARN = "arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-organization-trail";
const bySid = (list: TfJson[]) => Object.fromEntries(list.map((s) => [s.sid, s]));

describe("organization trail ARN", () => {
  it("is owned by the management account, in the home region", () => {
    expect(organizationTrailArn("us-east-1", "111111111111", "acme-organization-trail")).toBe(TRAIL_ARN);
  });
});

describe("LogArchive", () => {
  const stack = synthConstruct(
    (scope) =>
      new LogArchive(scope, "archive", {
        bucketName: "acme-cloudtrail-222222222222",
        accessLogBucketName: "acme-s3-access-logs-222222222222",
        accountId: "222222222222",
        kmsKeyArn: "arn:aws:kms:us-east-1:222222222222:key/k",
        trailArn: TRAIL_ARN,
        organizationId: "o-a1b2c3d4e5",
        managementAccountId: "111111111111",
        transitionToGlacierDays: 90,
        expireAfterDays: 2555,
        objectLockGovernanceDays: 365,
      }),
  );
  const buckets = resources(stack, "aws_s3_bucket");

  it("creates the archive and a separate access-log bucket, both protected from destroy", () => {
    expect(buckets.archive_bucket).toMatchObject({ bucket: "acme-cloudtrail-222222222222", lifecycle: { prevent_destroy: true } });
    expect(buckets.archive_access_logs).toMatchObject({ bucket: "acme-s3-access-logs-222222222222", lifecycle: { prevent_destroy: true } });
  });

  it("encrypts the archive with the logging key, without an S3 Bucket Key, and the access logs with SSE-S3", () => {
    // With a Bucket Key CloudTrail would need kms:Decrypt on the key (CloudTrail user guide, "Configure AWS KMS key
    // policies for CloudTrail"); without one, each log file keeps the per-object encryption context the key policy checks.
    const sse = resources(stack, "aws_s3_bucket_server_side_encryption_configuration");
    expect(sse.archive_bucket_encryption.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "arn:aws:kms:us-east-1:222222222222:key/k" }, bucket_key_enabled: false },
    ]);
    expect(sse.archive_access_logs_encryption.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
  });

  it.each(["archive_bucket", "archive_access_logs"])("versions %s, blocks all public access and enforces bucket-owner ownership", (name) => {
    expect(resources(stack, "aws_s3_bucket_versioning")[`${name}_versioning`].versioning_configuration).toEqual({ status: "Enabled" });
    expect(resources(stack, "aws_s3_bucket_public_access_block")[`${name}_public_access`]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resources(stack, "aws_s3_bucket_ownership_controls")[`${name}_ownership`].rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  it("moves archived logs to Glacier, then expires them, and expires access logs too", () => {
    const lifecycle = resources(stack, "aws_s3_bucket_lifecycle_configuration");
    const archive = lifecycle.archive_bucket_lifecycle.rule.find((r: TfJson) => r.id === "archive");
    expect(archive).toMatchObject({ status: "Enabled", transition: [{ days: 90, storage_class: "GLACIER" }], expiration: [{ days: 2555 }] });
    const access = lifecycle.archive_access_logs_lifecycle.rule.find((r: TfJson) => r.id === "archive");
    expect(access).toMatchObject({ expiration: [{ days: 2555 }] });
    expect(access.transition).toBeUndefined();
  });

  it("logs archive access to the access-log bucket, once S3 may deliver there", () => {
    expect(single(stack, "aws_s3_bucket_logging")).toMatchObject({
      target_bucket: "acme-s3-access-logs-222222222222",
      target_prefix: "acme-cloudtrail-222222222222/",
      depends_on: ["aws_s3_bucket_policy.archive_access_logs_bucket_policy"],
    });
    const delivery = bySid(statements(stack, "archive_access_logs_policy")).S3ServerAccessLogDelivery;
    expect(delivery).toMatchObject({
      principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
      actions: ["s3:PutObject"],
      resources: ["arn:aws:s3:::acme-s3-access-logs-222222222222/acme-cloudtrail-222222222222/*"],
      condition: [
        { test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:s3:::acme-cloudtrail-222222222222"] },
        { test: "StringEquals", variable: "aws:SourceAccount", values: ["222222222222"] },
      ],
    });
  });

  it("locks archived objects in governance mode, on the archive only", () => {
    expect(single(stack, "aws_s3_bucket_object_lock_configuration")).toMatchObject({
      bucket: "${aws_s3_bucket.archive_bucket.id}",
      object_lock_enabled: "Enabled",
      rule: { default_retention: { mode: "GOVERNANCE", days: 365 } },
    });
  });

  describe("archive bucket policy", () => {
    const policy = bySid(statements(stack, "archive_bucket_policy"));
    const fromTrail = { test: "StringEquals", variable: "aws:SourceArn", values: [TRAIL_ARN] };
    const cloudtrail = [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }];

    it("refuses plain HTTP everywhere, and uploads without aws:kms everywhere but under the digest files", () => {
      expect(policy.DenyInsecureTransport).toMatchObject({
        effect: "Deny",
        resources: ["arn:aws:s3:::acme-cloudtrail-222222222222", "arn:aws:s3:::acme-cloudtrail-222222222222/*"],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      });
      expect(policy.DenyUnencryptedOrWrongEncryption.condition).toEqual([{ test: "StringNotEqualsIfExists", variable: "s3:x-amz-server-side-encryption", values: ["aws:kms"] }]);
      // Digest files have been delivered with SSE-S3 even when log files use SSE-KMS (CloudTrail user guide).
      expect(policy.DenyUnencryptedOrWrongEncryption.not_resources).toEqual(["arn:aws:s3:::acme-cloudtrail-222222222222/AWSLogs/*/CloudTrail-Digest/*"]);
      expect(policy.DenyUnencryptedOrWrongEncryption.resources).toBeUndefined();
    });

    it("lets CloudTrail check the bucket ACL only for this trail", () => {
      expect(policy.CloudTrailAclCheck).toMatchObject({ principals: cloudtrail, actions: ["s3:GetBucketAcl"], resources: ["arn:aws:s3:::acme-cloudtrail-222222222222"], condition: [fromTrail] });
    });

    it("lets the trail write only under the organization's prefix (and the management account's fallback), with owner full control", () => {
      const ownerFullControl = { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] };
      expect(policy.CloudTrailWritesOrganizationLogs).toMatchObject({
        principals: cloudtrail,
        actions: ["s3:PutObject"],
        resources: ["arn:aws:s3:::acme-cloudtrail-222222222222/AWSLogs/o-a1b2c3d4e5/*"],
        condition: [fromTrail, ownerFullControl],
      });
      expect(policy.CloudTrailWritesManagementAccountLogs).toMatchObject({
        resources: ["arn:aws:s3:::acme-cloudtrail-222222222222/AWSLogs/111111111111/*"],
        condition: [fromTrail, ownerFullControl],
      });
    });
  });
});

describe("OrganizationTrail", () => {
  const stack = synthConstruct(
    (scope) =>
      new OrganizationTrail(scope, "trail", {
        name: "acme-organization-trail",
        managementAccountId: "111111111111",
        accountId: "222222222222",
        region: "us-east-1",
        bucketName: "acme-cloudtrail-222222222222",
        kmsKeyArn: "arn:aws:kms:us-east-1:222222222222:key/k",
        logGroupName: "/acme/cloudtrail/organization",
        retentionDays: 400,
      }),
  );
  const trail = single(stack, "aws_cloudtrail");

  it("is an organization trail across every region, with global service events, log file validation and KMS", () => {
    expect(trail).toMatchObject({
      name: "acme-organization-trail",
      s3_bucket_name: "acme-cloudtrail-222222222222",
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      kms_key_id: "arn:aws:kms:us-east-1:222222222222:key/k",
      lifecycle: { prevent_destroy: true },
    });
  });

  it("delivers to a KMS-encrypted, retained, protected log group in the creating account", () => {
    expect(single(stack, "aws_cloudwatch_log_group")).toMatchObject({
      name: "/acme/cloudtrail/organization",
      retention_in_days: 400,
      kms_key_id: "arn:aws:kms:us-east-1:222222222222:key/k",
      lifecycle: { prevent_destroy: true },
    });
    expect(trail.cloud_watch_logs_group_arn).toBe("${aws_cloudwatch_log_group.trail_log_group.arn}:*");
    expect(trail.cloud_watch_logs_role_arn).toBe("${aws_iam_role.trail_cloudwatch_role.arn}");
  });

  it("delivers through a role CloudTrail assumes with the user guide's trust, which has no condition (CloudTrail sends no aws:SourceArn there)", () => {
    // A condition on a key CloudTrail does not send never matches, and CreateTrail then fails with
    // InvalidCloudWatchLogsRoleArnException (prowler-cloud/prowler#4714).
    expect(statements(stack, "trail_cloudwatch_trust")).toEqual([
      { sid: "CloudTrailAssumesToDeliverToCloudWatchLogs", principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }], actions: ["sts:AssumeRole"] },
    ]);
  });

  it("lets the delivery role write only the log group's streams", () => {
    expect(statements(stack, "trail_cloudwatch_write")).toEqual([
      { sid: "WriteTrailLogStreams", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: ["${aws_cloudwatch_log_group.trail_log_group.arn}:log-stream:*"] },
    ]);
    expect(trail.depends_on).toEqual(["aws_iam_role_policy.trail_cloudwatch_policy"]);
  });
});

describe("logging key policy", () => {
  const s = bySid(
    logKeyStatements({
      accountId: "222222222222",
      managementAccountId: "111111111111",
      region: "us-east-1",
      trailArn: TRAIL_ARN,
      logGroupNames: ["/acme/cloudtrail/organization"],
      alarmNamePrefix: "acme-cis-",
    }),
  );

  it("has exactly the service statements for CloudTrail, CloudWatch Logs and alarm notifications", () => {
    expect(Object.keys(s)).toEqual(["CloudTrailEncryptsLogs", "CloudTrailDescribesKey", "CloudWatchLogsEncryptsTrailLogGroups", "CloudWatchAlarmsPublishToEncryptedTopic"]);
  });

  it("lets CloudTrail encrypt only for this trail (aws:SourceArn) and management-account trails (encryption context)", () => {
    expect(s.CloudTrailEncryptsLogs).toEqual({
      sid: "CloudTrailEncryptsLogs",
      principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
      actions: ["kms:GenerateDataKey*"],
      resources: ["*"],
      condition: [
        { test: "StringEquals", variable: "aws:SourceArn", values: [TRAIL_ARN] },
        { test: "StringLike", variable: "kms:EncryptionContext:aws:cloudtrail:arn", values: ["arn:aws:cloudtrail:*:111111111111:trail/*"] },
      ],
    });
    expect(s.CloudTrailDescribesKey).toMatchObject({ actions: ["kms:DescribeKey"], condition: [{ test: "StringEquals", variable: "aws:SourceArn", values: [TRAIL_ARN] }] });
  });

  it("lets CloudWatch Logs use the key only for the trail's log group", () => {
    expect(s.CloudWatchLogsEncryptsTrailLogGroups).toMatchObject({
      principals: [{ type: "Service", identifiers: ["logs.us-east-1.amazonaws.com"] }],
      condition: [{ test: "ArnEquals", variable: "kms:EncryptionContext:aws:logs:arn", values: ["arn:aws:logs:us-east-1:222222222222:log-group:/acme/cloudtrail/organization"] }],
    });
  });

  it("lets CloudWatch publish to the encrypted topic only for this account's CIS alarms", () => {
    expect(s.CloudWatchAlarmsPublishToEncryptedTopic).toMatchObject({
      principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: ["222222222222"] },
        { test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:cloudwatch:us-east-1:222222222222:alarm:acme-cis-*"] },
      ],
    });
  });
});

describe("CIS AWS Foundations v3.0.0 4.1-4.15", () => {
  const stack = synthConstruct(
    (scope) =>
      new CisAlarms(scope, "cis", {
        namePrefix: "acme",
        logGroupName: "/acme/cloudtrail/organization",
        kmsKeyArn: "arn:aws:kms:us-east-1:222222222222:key/k",
        alarmEmail: "secops@acme.example",
        accountId: "222222222222",
        region: "us-east-1",
      }),
  );
  const filters = Object.values(resources(stack, "aws_cloudwatch_log_metric_filter"));
  const alarms = Object.values(resources(stack, "aws_cloudwatch_metric_alarm"));
  const filterOf = (control: string) => filters.find((f) => f.name.startsWith(`cis-${control}-`))!;
  const alarmOf = (control: string) => alarms.find((a) => a.alarm_name.startsWith(`acme-cis-${control}-`))!;

  it("covers controls 4.1 to 4.15, one filter and one alarm each", () => {
    expect(CIS_MONITORING_CONTROLS.map((c) => c.control)).toEqual(Array.from({ length: 15 }, (_, i) => `4.${i + 1}`));
    expect(filters).toHaveLength(15);
    expect(alarms).toHaveLength(15);
  });

  // The benchmark's patterns, written out again here so a change to the table has to be deliberate.
  const patterns: [string, string][] = [
    ["4.1", '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }'],
    ["4.2", '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'],
    ["4.3", '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'],
    [
      "4.4",
      "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}",
    ],
    ["4.5", "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }"],
    ["4.6", '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'],
    ["4.7", "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }"],
    [
      "4.8",
      "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }",
    ],
    [
      "4.9",
      "{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }",
    ],
    [
      "4.10",
      "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }",
    ],
    [
      "4.11",
      "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }",
    ],
    [
      "4.12",
      "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
    ],
    [
      "4.13",
      "{($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }",
    ],
    [
      "4.14",
      "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }",
    ],
    [
      "4.15",
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    ],
  ];

  it.each(patterns)("filters the trail's log group with the benchmark's pattern for %s", (control, pattern) => {
    const filter = filterOf(control);
    expect(filter.pattern).toBe(pattern);
    expect(filter.log_group_name).toBe("/acme/cloudtrail/organization");
    expect(filter.metric_transformation).toEqual({ name: CIS_MONITORING_CONTROLS.find((c) => c.control === control)!.metric, namespace: "CISBenchmark", value: "1" });
  });

  it.each(patterns.map(([control]) => control))("raises %s's alarm on one matching event, to the security topic", (control) => {
    const alarm = alarmOf(control);
    const filter = filterOf(control);
    expect(alarm).toMatchObject({
      namespace: "CISBenchmark",
      metric_name: filter.metric_transformation.name,
      statistic: "Sum",
      period: 300,
      evaluation_periods: 1,
      threshold: 1,
      comparison_operator: "GreaterThanOrEqualToThreshold",
      treat_missing_data: "notBreaching",
      alarm_actions: ["${aws_sns_topic.cis_topic.arn}"],
    });
    expect(alarm.alarm_description).toMatch(new RegExp(`^CIS AWS Foundations v3.0.0 ${control.replace(".", "\\.")}: `));
  });

  it("notifies a KMS-encrypted topic with an email subscription", () => {
    expect(single(stack, "aws_sns_topic")).toMatchObject({ name: "acme-security-alarms", kms_master_key_id: "arn:aws:kms:us-east-1:222222222222:key/k" });
    expect(single(stack, "aws_sns_topic_subscription")).toMatchObject({ topic_arn: "${aws_sns_topic.cis_topic.arn}", protocol: "email", endpoint: "secops@acme.example" });
  });

  it("lets only this account's CIS alarms publish, and only over TLS", () => {
    const policy = bySid(statements(stack, "cis_topic_policy_document"));
    const topic = "arn:aws:sns:us-east-1:222222222222:acme-security-alarms";
    expect(policy.CisAlarmsPublish).toMatchObject({
      principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
      actions: ["SNS:Publish"],
      resources: [topic],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: ["222222222222"] },
        { test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:cloudwatch:us-east-1:222222222222:alarm:acme-cis-*"] },
      ],
    });
    expect(policy.DenyInsecureTransport).toMatchObject({ effect: "Deny", condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] });
    expect(policy.AccountManagesTopic.principals).toEqual([{ type: "AWS", identifiers: ["arn:aws:iam::222222222222:root"] }]);
    expect(single(stack, "aws_sns_topic_policy").arn).toBe("${aws_sns_topic.cis_topic.arn}");
  });
});

describe("WafLogsArchive", () => {
  const stack = synthConstruct(
    (scope) =>
      new WafLogsArchive(scope, "waf-logs", {
        name: "acme-waf-logs",
        namePrefix: "acme",
        bucketName: "acme-waf-logs-222222222222",
        accountId: "222222222222",
        region: "us-east-1",
        senderAccountIds: ["444444444444", "555555555555"],
        destinations: [{ region: "us-east-1" }, { region: "us-west-2" }],
      }),
  );
  const docs = stack.data.aws_iam_policy_document as Record<string, TfJson>;

  it("feeds one Firehose stream into the KMS-encrypted bucket, uncompressed (CloudWatch Logs gzips already), after its role, the bucket policy and the key exist", () => {
    expect(single(stack, "aws_kinesis_firehose_delivery_stream")).toMatchObject({
      name: "acme-waf-logs",
      destination: "extended_s3",
      server_side_encryption: { enabled: true, key_type: "AWS_OWNED_CMK" },
      extended_s3_configuration: { bucket_arn: "${aws_s3_bucket.waf_logs_bucket.arn}", kms_key_arn: "${aws_kms_key.waf_logs_key.arn}", compression_format: "UNCOMPRESSED", prefix: WAF_LOGS_PREFIX, role_arn: "${aws_iam_role.waf_logs_firehose_role.arn}" },
      depends_on: ["aws_iam_role_policy.waf_logs_firehose_policy", "aws_s3_bucket_policy.waf_logs_bucket_bucket_policy", "aws_kms_key.waf_logs_key"],
    });
    expect(single(stack, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.waf_logs_key.arn}" });
  });

  it("creates a destination of the same name in each region the log groups are in, all pointing at the stream through CloudWatch Logs' role", () => {
    const destinations = Object.values(resources(stack, "aws_cloudwatch_log_destination"));
    expect(destinations).toHaveLength(2);
    for (const d of destinations) {
      expect(d).toMatchObject({ name: "acme-waf-logs", role_arn: "${aws_iam_role.waf_logs_subscription_role.arn}", target_arn: "${aws_kinesis_firehose_delivery_stream.waf_logs_stream.arn}", depends_on: ["aws_iam_role_policy.waf_logs_subscription_policy"] });
    }
    const policies = Object.values(resources(stack, "aws_cloudwatch_log_destination_policy"));
    expect(policies.map((p) => p.access_policy).sort()).toEqual(["${data.aws_iam_policy_document.waf_logs_destination_access.json}", "${data.aws_iam_policy_document.waf_logs_destination_access_us_west_2.json}"]);
    expect(docs["waf_logs_destination_access_us_west_2"].statement).toEqual([
      { sid: "WorkloadAccountsSubscribe", principals: [{ type: "AWS", identifiers: ["444444444444", "555555555555"] }], actions: ["logs:PutSubscriptionFilter"], resources: ["arn:aws:logs:us-west-2:222222222222:destination:acme-waf-logs"] },
    ]);
  });

  it("trusts CloudWatch Logs only for the senders' and its own deliveries in those regions, and Firehose only for its account", () => {
    expect(docs["waf_logs_subscription_trust"].statement[0].condition).toEqual([
      {
        test: "StringLike",
        variable: "aws:SourceArn",
        values: ["us-east-1", "us-west-2"].flatMap((r) => ["444444444444", "555555555555", "222222222222"].map((a) => `arn:aws:logs:${r}:${a}:*`)),
      },
    ]);
    expect(docs["waf_logs_firehose_trust"].statement[0].condition).toEqual([{ test: "StringEquals", variable: "sts:ExternalId", values: ["222222222222"] }]);
    expect(docs["waf_logs_subscription_access"].statement).toEqual([{ sid: "PutIntoWafLogsStream", actions: ["firehose:PutRecord", "firehose:PutRecordBatch"], resources: ["arn:aws:firehose:us-east-1:222222222222:deliverystream/acme-waf-logs"] }]);
  });
});
