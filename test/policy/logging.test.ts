/** Logging and monitoring guardrails, each proven both ways on constructs synthesized alone. */
import { Cloudtrail, CloudtrailConfig } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { TerraformStack, TerraformVariable } from "cdktf";
import { SecureBucket } from "../../modules/secure-bucket";
import { CIS_MONITORING_CONTROLS, CisAlarms } from "../../modules/logging";
import { check, expectFailure, resultsOf, rule } from "./helpers";

const KEY = "arn:aws:kms:us-east-1:222222222222:key/k";
const trail = (s: TerraformStack, o: Partial<CloudtrailConfig> = {}) =>
  new Cloudtrail(s, "trail", {
    name: "org",
    s3BucketName: "acme-cloudtrail",
    isMultiRegionTrail: true,
    isOrganizationTrail: true,
    enableLogFileValidation: true,
    includeGlobalServiceEvents: true,
    kmsKeyId: KEY,
    cloudWatchLogsGroupArn: "arn:aws:logs:us-east-1:222222222222:log-group:cloudtrail:*",
    cloudWatchLogsRoleArn: "arn:aws:iam::222222222222:role/cloudtrail-logs",
    ...o,
  });

/** The CIS AWS Foundations v3.0 section 4 patterns, from the one place the module defines them. */
const CIS_PATTERNS: Record<string, string> = Object.fromEntries(CIS_MONITORING_CONTROLS.map((c) => [c.control, c.pattern]));
/** A 4.3 pattern weakened the way a hand edit might: it no longer excludes AWS service events. */
const WEAK_ROOT_USAGE = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }';

/** A metric filter with its alarm on the SNS topic. */
function monitored(s: TerraformStack, id: string, pattern: string, withAlarm = true, logGroupName = "cloudtrail") {
  const name = `cis-${id.replace(".", "-")}`;
  new CloudwatchLogMetricFilter(s, name, { name, logGroupName, pattern, metricTransformation: { name, namespace: "CISBenchmark", value: "1" } });
  if (withAlarm) alarmOn(s, name, name, "CISBenchmark");
}

/** An alarm on `metricName` that notifies the security topic. */
function alarmOn(s: TerraformStack, name: string, metricName: string, namespace: string) {
  new CloudwatchMetricAlarm(s, `${name}-alarm`, {
    alarmName: name,
    metricName,
    namespace,
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    alarmActions: ["arn:aws:sns:us-east-1:222222222222:security-alarms"],
  });
}

describe("logging rules", () => {
  rule("cloudtrail-multi-region", { address: "aws_cloudtrail.trail", reason: /^is_multi_region_trail is not true$/, good: (s) => trail(s), bad: (s) => trail(s, { isMultiRegionTrail: false }), path: "test/trail" });
  rule("cloudtrail-log-validation", { address: "aws_cloudtrail.trail", reason: /^enable_log_file_validation is not true$/, good: (s) => trail(s), bad: (s) => trail(s, { enableLogFileValidation: undefined }) });
  rule("cloudtrail-kms", { address: "aws_cloudtrail.trail", reason: /^no kms_key_id$/, good: (s) => trail(s), bad: (s) => trail(s, { kmsKeyId: undefined }) });
  rule("cloudtrail-cloudwatch-logs", { address: "aws_cloudtrail.trail", reason: /^cloud_watch_logs_group_arn or cloud_watch_logs_role_arn missing$/, good: (s) => trail(s), bad: (s) => trail(s, { cloudWatchLogsGroupArn: undefined, cloudWatchLogsRoleArn: undefined }) });
  rule("cloudtrail-global-events", { address: "aws_cloudtrail.trail", reason: /^include_global_service_events = false$/, good: (s) => trail(s), bad: (s) => trail(s, { includeGlobalServiceEvents: false }) });
  rule("cloudtrail-bucket-access-logging", {
    address: "aws_cloudtrail.trail",
    reason: /^aws_s3_bucket\.archive has no aws_s3_bucket_logging$/,
    good: (s) => {
      const archive = new SecureBucket(s, "archive", { bucketName: "acme-cloudtrail", kmsKeyArn: KEY, accessLogBucket: "acme-access-logs" });
      trail(s, { s3BucketName: archive.bucket.bucket });
    },
    bad: (s) => {
      new SecureBucket(s, "archive", { bucketName: "acme-cloudtrail", kmsKeyArn: KEY });
      trail(s);
    },
  });

  it("cannot judge a trail's bucket in another stack, and says so", () => {
    expect(resultsOf(check((s) => trail(s)), "cloudtrail-bucket-access-logging")[0]).toMatchObject({ status: "unknown", detail: "the trail's bucket acme-cloudtrail is not in this stack" });
  });

  rule("log-group-kms", {
    address: "aws_cloudwatch_log_group.group",
    reason: /^no kms_key_id$/,
    good: (s) => new CloudwatchLogGroup(s, "group", { name: "/x", kmsKeyId: KEY, retentionInDays: 365 }),
    bad: (s) => new CloudwatchLogGroup(s, "group", { name: "/x", retentionInDays: 365 }),
  });
  rule("log-group-retention", {
    address: "aws_cloudwatch_log_group.group",
    reason: /^retention_in_days = 30$/,
    good: (s) => new CloudwatchLogGroup(s, "group", { name: "/x", kmsKeyId: KEY, retentionInDays: 400 }),
    bad: (s) => new CloudwatchLogGroup(s, "group", { name: "/x", kmsKeyId: KEY, retentionInDays: 30 }),
  });
  rule("metric-filter-alarm", {
    address: "aws_cloudwatch_log_metric_filter.cis_4_3",
    reason: /^no alarm on CISBenchmark\/cis-4-3$/,
    good: (s) => monitored(s, "4.3", CIS_PATTERNS["4.3"]),
    bad: (s) => monitored(s, "4.3", CIS_PATTERNS["4.3"], false),
  });
  it("matches an alarm that names the filter's metric by reference", () => {
    const report = check((s) => {
      const filter = new CloudwatchLogMetricFilter(s, "root-usage", { name: "root-usage", logGroupName: "cloudtrail", pattern: CIS_PATTERNS["4.3"], metricTransformation: { name: "RootUsage", namespace: "CISBenchmark", value: "1" } });
      alarmOn(s, "root-usage", filter.metricTransformation.name, filter.metricTransformation.namespace);
    });
    expect(resultsOf(report, "metric-filter-alarm")[0]).toMatchObject({ status: "pass", detail: "alarm aws_cloudwatch_metric_alarm.root_usage_alarm" });
  });

  rule("alarm-has-actions", {
    address: "aws_cloudwatch_metric_alarm.alarm",
    reason: /^no alarm_actions$/,
    good: (s) => monitored(s, "4.3", CIS_PATTERNS["4.3"]),
    bad: (s) => new CloudwatchMetricAlarm(s, "alarm", { alarmName: "x", comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1, metricName: "m", namespace: "n", period: 60, statistic: "Sum", threshold: 1 }),
  });
  rule("cis-monitoring-coverage", {
    address: "aws_cloudtrail.trail",
    reason: /^4\.15 AWS Organizations changes: no metric filter with the benchmark's pattern on cloudtrail$/,
    good: (s) => {
      trail(s);
      for (const [id, pattern] of Object.entries(CIS_PATTERNS)) monitored(s, id, pattern);
    },
    bad: (s) => {
      trail(s);
      for (const [id, pattern] of Object.entries(CIS_PATTERNS)) if (id !== "4.15") monitored(s, id, pattern);
    },
    path: "test/trail",
  });

  it("fails filters with the benchmark's patterns that are on another log group than the trail's, naming each", () => {
    const report = check((s) => {
      trail(s);
      for (const [id, pattern] of Object.entries(CIS_PATTERNS)) monitored(s, id, pattern, true, id === "4.1" || id === "4.2" ? "/app/other" : "cloudtrail");
    });
    expectFailure(
      report,
      "cis-monitoring-coverage",
      "aws_cloudtrail.trail",
      "4.1 Unauthorized API calls: aws_cloudwatch_log_metric_filter.cis_4_1 is on log group /app/other, not the trail's (cloudtrail); 4.2 Management Console sign-in without MFA: aws_cloudwatch_log_metric_filter.cis_4_2 is on log group /app/other, not the trail's (cloudtrail)",
    );
  });

  it("fails a weakened pattern, though it still names the same events", () => {
    const report = check((s) => {
      trail(s);
      for (const [id, pattern] of Object.entries(CIS_PATTERNS)) monitored(s, id, id === "4.3" ? WEAK_ROOT_USAGE : pattern);
    });
    expectFailure(report, "cis-monitoring-coverage", "aws_cloudtrail.trail", "4.3 Usage of the root account: aws_cloudwatch_log_metric_filter.cis_4_3's pattern is not the benchmark's");
  });

  it("fails a filter whose alarm notifies no one", () => {
    const report = check((s) => {
      trail(s);
      for (const [id, pattern] of Object.entries(CIS_PATTERNS)) monitored(s, id, pattern, id !== "4.7");
    });
    expectFailure(report, "cis-monitoring-coverage", "aws_cloudtrail.trail", "4.7 Disabling or scheduled deletion of customer-managed keys: aws_cloudwatch_log_metric_filter.cis_4_7 has no alarm on CISBenchmark/cis-4-7");
  });

  it("accepts a pattern reformatted across lines: whitespace outside quoted strings is not a change", () => {
    const report = check((s) => {
      trail(s);
      for (const [id, pattern] of Object.entries(CIS_PATTERNS)) monitored(s, id, id === "4.5" ? pattern.replace(/\|\| /g, "||\n  ") : pattern);
    });
    expect(resultsOf(report, "cis-monitoring-coverage")).toEqual([expect.objectContaining({ status: "pass" })]);
  });

  describe("on the landing zone's own module, with the trail's log group by reference", () => {
    function trailWithGroup(s: TerraformStack) {
      const group = new CloudwatchLogGroup(s, "trail-logs", { name: "/acme/cloudtrail/organization", kmsKeyId: KEY, retentionInDays: 365 });
      trail(s, { cloudWatchLogsGroupArn: `${group.arn}:*` });
      return group;
    }
    const alarms = (s: TerraformStack, logGroupName: string) =>
      new CisAlarms(s, "cis", { namePrefix: "acme", logGroupName, kmsKeyArn: KEY, alarmEmail: "secops@acme.example", accountId: "222222222222", region: "us-east-1" });

    it("passes CisAlarms on the trail's group", () => {
      const report = check((s) => alarms(s, trailWithGroup(s).name));
      expect(resultsOf(report, "cis-monitoring-coverage")).toEqual([
        expect.objectContaining({ status: "pass", address: "aws_cloudtrail.trail", detail: "15 CIS 4.x metric filters with the benchmark's patterns on aws_cloudwatch_log_group.trail_logs, each with an alarm that notifies" }),
      ]);
    });

    it("fails CisAlarms on another group, with the address and the reason", () => {
      const report = check((s) => {
        trailWithGroup(s);
        const other = new CloudwatchLogGroup(s, "app-logs", { name: "/app", kmsKeyId: KEY, retentionInDays: 365 });
        alarms(s, other.name);
      });
      const failure = expectFailure(report, "cis-monitoring-coverage", "aws_cloudtrail.trail", /^4\.1 Unauthorized API calls: aws_cloudwatch_log_metric_filter\.cis_unauthorized_api_calls is on log group aws_cloudwatch_log_group\.app_logs\.name, not the trail's \(aws_cloudwatch_log_group\.trail_logs\);/);
      expect(failure.detail.split("; ")).toHaveLength(15);
    });

    it("cannot judge filters whose log group is known only at apply time, and says so", () => {
      const report = check((s) => {
        trailWithGroup(s);
        alarms(s, new TerraformVariable(s, "group", { type: "string" }).stringValue);
      });
      expect(resultsOf(report, "cis-monitoring-coverage")).toEqual([expect.objectContaining({ status: "unknown", detail: expect.stringMatching(/^4\.1 Unauthorized API calls, .*: a metric filter's pattern or log group is known only at apply time$/) })]);
      expect(report.findings.filter((f) => f.rule === "cis-monitoring-coverage")).toEqual([]);
    });
  });
});
