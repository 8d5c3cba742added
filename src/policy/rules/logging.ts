/** Logging guardrails: CloudTrail, CloudWatch log groups, metric filters and alarms, the CIS 4.x monitoring set. */
import { AppModel, refersTo, TfElement } from "../model";
import { AppRule, fail, pass, ResourceRule, SubjectVerdict, unknown } from "../types";
import { blockOf, boolOf, isSet, lengthOf, numOf, strOf, UNKNOWN } from "../values";
import { bucketNames } from "./storage";

/**
 * CIS AWS Foundations v3.0 section 4: each item's metric filter is recognized
 * by event names its pattern must mention (every listed fragment).
 */
export const CIS_MONITORING: readonly { readonly id: string; readonly title: string; readonly fragments: readonly string[] }[] = [
  { id: "4.1", title: "unauthorized API calls", fragments: ["UnauthorizedOperation"] },
  { id: "4.2", title: "console sign-in without MFA", fragments: ["ConsoleLogin", "MFAUsed"] },
  { id: "4.3", title: "root account usage", fragments: ['"Root"'] },
  { id: "4.4", title: "IAM policy changes", fragments: ["DeleteGroupPolicy", "AttachRolePolicy"] },
  { id: "4.5", title: "CloudTrail configuration changes", fragments: ["StopLogging"] },
  { id: "4.6", title: "console authentication failures", fragments: ["ConsoleLogin", "Failed authentication"] },
  { id: "4.7", title: "disabling or scheduled deletion of customer-managed keys", fragments: ["ScheduleKeyDeletion"] },
  { id: "4.8", title: "S3 bucket policy changes", fragments: ["PutBucketPolicy"] },
  { id: "4.9", title: "AWS Config configuration changes", fragments: ["StopConfigurationRecorder"] },
  { id: "4.10", title: "security group changes", fragments: ["AuthorizeSecurityGroupIngress"] },
  { id: "4.11", title: "network ACL changes", fragments: ["CreateNetworkAclEntry"] },
  { id: "4.12", title: "network gateway changes", fragments: ["CreateCustomerGateway"] },
  { id: "4.13", title: "route table changes", fragments: ["CreateRoute"] },
  { id: "4.14", title: "VPC changes", fragments: ["CreateVpc"] },
  { id: "4.15", title: "AWS Organizations changes", fragments: ["organizations.amazonaws.com"] },
];

const TRAIL = ["aws_cloudtrail"];

function trailFlag(attr: string, defaultValue: boolean, ok: string, bad: string) {
  return (e: TfElement) => {
    const v = boolOf(e.attrs[attr]);
    if (v === UNKNOWN) return unknown(`${attr} is known only at apply time`);
    return (v ?? defaultValue) ? pass(ok) : fail(bad);
  };
}

export const loggingRules: ResourceRule[] = [
  {
    id: "cloudtrail-multi-region",
    area: "logging",
    scope: "resource",
    severity: "error",
    title: "CloudTrail trails cover every region",
    description: "A single-region trail misses activity in the regions an attacker would choose.",
    message: "trail is single-region",
    fix: "set is_multi_region_trail = true",
    refs: { cis: "3.1", fsbp: "CloudTrail.1", checkov: "CKV_AWS_67" },
    coverage: "logging",
    types: TRAIL,
    check: trailFlag("is_multi_region_trail", false, "is_multi_region_trail = true", "is_multi_region_trail is not true"),
  },
  {
    id: "cloudtrail-log-validation",
    area: "logging",
    scope: "resource",
    severity: "error",
    title: "CloudTrail log file validation is on",
    description: "Digest files prove that delivered logs were not changed or deleted.",
    message: "trail log file validation is off",
    fix: "set enable_log_file_validation = true",
    refs: { cis: "3.2", fsbp: "CloudTrail.4", checkov: "CKV_AWS_36" },
    types: TRAIL,
    check: trailFlag("enable_log_file_validation", false, "enable_log_file_validation = true", "enable_log_file_validation is not true"),
  },
  {
    id: "cloudtrail-kms",
    area: "logging",
    scope: "resource",
    severity: "error",
    title: "CloudTrail logs are encrypted with a customer-managed KMS key",
    description: "SSE-KMS adds a key policy between the archive and anyone who can read the bucket.",
    message: "trail is not encrypted with a KMS key",
    fix: "set kms_key_id to the logging key (its policy must let cloudtrail.amazonaws.com encrypt, scoped with aws:SourceArn)",
    refs: { cis: "3.5", fsbp: "CloudTrail.2", checkov: "CKV_AWS_35" },
    coverage: "encryption",
    types: TRAIL,
    check: (e) => (isSet(e.attrs.kms_key_id) ? pass(`kms_key_id = ${String(e.attrs.kms_key_id)}`) : fail("no kms_key_id")),
  },
  {
    id: "cloudtrail-cloudwatch-logs",
    area: "logging",
    scope: "resource",
    severity: "error",
    title: "CloudTrail delivers to CloudWatch Logs",
    description: "CloudWatch Logs delivery is what the CIS metric filters and alarms run on.",
    message: "trail does not deliver to CloudWatch Logs",
    fix: "set cloud_watch_logs_group_arn (\"<group arn>:*\") and cloud_watch_logs_role_arn",
    refs: { fsbp: "CloudTrail.5", checkov: "CKV2_AWS_10" },
    types: TRAIL,
    check: (e) => (isSet(e.attrs.cloud_watch_logs_group_arn) && isSet(e.attrs.cloud_watch_logs_role_arn) ? pass("delivers to CloudWatch Logs") : fail("cloud_watch_logs_group_arn or cloud_watch_logs_role_arn missing")),
  },
  {
    id: "cloudtrail-global-events",
    area: "logging",
    scope: "resource",
    severity: "warning",
    title: "CloudTrail records global service events",
    description: "IAM, STS and Organizations events are global; without them the trail misses identity changes.",
    message: "trail excludes global service events",
    fix: "leave include_global_service_events at true",
    refs: {},
    types: TRAIL,
    check: trailFlag("include_global_service_events", true, "include_global_service_events = true", "include_global_service_events = false"),
  },
  {
    id: "cloudtrail-bucket-access-logging",
    area: "logging",
    scope: "resource",
    severity: "warning",
    title: "The CloudTrail bucket has server access logging",
    description: "Access logs show who read or tried to read the audit archive.",
    message: "the trail's bucket has no server access logging",
    fix: "add an aws_s3_bucket_logging for the trail bucket, targeting a separate access-log bucket",
    refs: { cis: "3.4", fsbp: "CloudTrail.7", checkov: "CKV_AWS_18" },
    coverage: "logging",
    types: TRAIL,
    check(trail, stack) {
      const name = trail.attrs.s3_bucket_name;
      const bucket = stack.referenced(name) ?? stack.ofType("aws_s3_bucket").find((b) => bucketNames(b).includes(String(name)));
      if (!bucket || bucket.type !== "aws_s3_bucket") return unknown(`the trail's bucket ${String(name)} is not in this stack`);
      const logging = stack.pointingAt("aws_s3_bucket_logging", "bucket", bucket, bucketNames(bucket));
      return logging.length ? pass(`${bucket.address} logs to ${String(logging[0].attrs.target_bucket)}`) : fail(`${bucket.address} has no aws_s3_bucket_logging`);
    },
  },
  {
    id: "log-group-kms",
    area: "logging",
    scope: "resource",
    severity: "error",
    title: "CloudWatch log groups are encrypted with a customer-managed KMS key",
    description: "Logs hold request details and identifiers; a key policy controls who can read them.",
    message: "log group is not encrypted with a KMS key",
    fix: "set kms_key_id to the account key (its policy must let logs.<region>.amazonaws.com use it)",
    refs: { checkov: "CKV_AWS_158" },
    coverage: "encryption",
    types: ["aws_cloudwatch_log_group"],
    check: (e) => (isSet(e.attrs.kms_key_id) ? pass(`kms_key_id = ${String(e.attrs.kms_key_id)}`) : fail("no kms_key_id")),
  },
  {
    id: "log-group-retention",
    area: "logging",
    scope: "resource",
    severity: "error",
    title: "CloudWatch log groups keep logs at least a year",
    description: "Investigations and audits look back up to a year; shorter retention silently deletes evidence.",
    message: "log group retention under 365 days",
    fix: "set retention_in_days to 365 or more (logging.retentionDays)",
    refs: { fsbp: "CloudWatch.16", checkov: "CKV_AWS_338" },
    coverage: "logging",
    types: ["aws_cloudwatch_log_group"],
    check(e) {
      const d = numOf(e.attrs.retention_in_days);
      if (d === UNKNOWN) return unknown("retention_in_days is known only at apply time");
      if (d === undefined || d === 0) return pass("kept forever");
      return d >= 365 ? pass(`${d} days`) : fail(`retention_in_days = ${d}`);
    },
  },
  {
    id: "metric-filter-alarm",
    area: "logging",
    scope: "resource",
    severity: "error",
    title: "Every metric filter has an alarm that notifies someone",
    description: "A metric nobody alarms on is not monitoring (CIS 4.x requires the filter, the alarm and a subscriber).",
    message: "metric filter has no alarm with an action",
    fix: "add an aws_cloudwatch_metric_alarm on the filter's metric (same name and namespace), threshold 1, alarm_actions = [the alarm topic]",
    refs: { cis: "4.1-4.15" },
    types: ["aws_cloudwatch_log_metric_filter"],
    check(f, stack) {
      const t = blockOf(f.attrs.metric_transformation);
      if (t === UNKNOWN || !t) return unknown("metric_transformation is known only at apply time");
      // The alarm names the metric literally, or by reference to the filter's metric_transformation.
      const same = (v: unknown, literal: unknown) => v === literal || refersTo(v, f);
      const alarms = stack.ofType("aws_cloudwatch_metric_alarm").filter((a) => same(a.attrs.metric_name, t.name) && same(a.attrs.namespace, t.namespace));
      const withAction = alarms.find((a) => {
        const actions = lengthOf(a.attrs.alarm_actions);
        return actions === UNKNOWN || actions > 0;
      });
      return withAction ? pass(`alarm ${withAction.address}`) : fail(alarms.length ? `alarm ${alarms[0].address} has no alarm_actions` : `no alarm on ${String(t.namespace)}/${String(t.name)}`);
    },
  },
  {
    id: "alarm-has-actions",
    area: "logging",
    scope: "resource",
    severity: "warning",
    title: "CloudWatch alarms have actions",
    description: "An alarm without actions changes state silently.",
    message: "alarm has no enabled actions",
    fix: "set alarm_actions (e.g. the security alarm SNS topic) and leave actions_enabled true",
    refs: { fsbp: "CloudWatch.15" },
    types: ["aws_cloudwatch_metric_alarm"],
    check(a) {
      const actions = lengthOf(a.attrs.alarm_actions);
      if (actions === UNKNOWN) return unknown("alarm_actions is known only at apply time");
      const enabled = boolOf(a.attrs.actions_enabled);
      if (enabled === UNKNOWN) return unknown("actions_enabled is known only at apply time");
      if (enabled === false) return fail("actions_enabled = false");
      return actions ? pass(`${actions} action(s)`) : fail("no alarm_actions");
    },
  },
];

/** True when a metric filter pattern implements a CIS 4.x item. */
export function implementsItem(pattern: string, item: (typeof CIS_MONITORING)[number]): boolean {
  return item.fragments.every((f) => pattern.includes(f));
}

export const loggingAppRules: AppRule[] = [
  {
    id: "cis-monitoring-coverage",
    area: "logging",
    scope: "app",
    severity: "error",
    title: "Trails feeding CloudWatch Logs have the CIS 4.1-4.15 metric filters",
    description: "CIS section 4 asks for a metric filter and alarm per security-relevant event class on the trail's logs.",
    message: "CIS 4.x metric filters missing",
    fix: "add aws_cloudwatch_log_metric_filter resources with the CIS patterns (and alarms) on the trail's log group, or on the group it is forwarded to",
    refs: { cis: "4.1-4.15" },
    coverage: "logging",
    check(app: AppModel): SubjectVerdict[] {
      const patterns = app.ofType("aws_cloudwatch_log_metric_filter").map((f) => f.attrs.pattern);
      const opaque = patterns.some((p) => strOf(p) === UNKNOWN);
      const texts = patterns.filter((p): p is string => typeof p === "string");
      return app
        .ofType("aws_cloudtrail")
        .filter((t) => isSet(t.attrs.cloud_watch_logs_group_arn))
        .map((t) => {
          const missing = CIS_MONITORING.filter((item) => !texts.some((p) => implementsItem(p, item)));
          const verdict =
            missing.length === 0 ? pass(`${CIS_MONITORING.length} CIS 4.x metric filters`)
            : opaque ? unknown("some metric filter patterns are known only at apply time")
            : fail(`missing ${missing.map((m) => `${m.id} ${m.title}`).join(", ")}`);
          return { stack: t.stack, path: t.path, address: t.address, verdict };
        });
    },
  },
];
