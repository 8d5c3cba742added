/** Logging and monitoring guardrails, each proven both ways on constructs synthesized alone. */
import { Cloudtrail, CloudtrailConfig } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { TerraformStack } from "cdktf";
import { SecureBucket } from "../../modules/secure-bucket";
import { CIS_MONITORING } from "../../src/policy/rules/logging";
import { check, resultsOf, rule } from "./helpers";

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

/** The CIS AWS Foundations v3.0 section 4 filter patterns, abridged to the events that identify each. */
const CIS_PATTERNS: Record<string, string> = {
  "4.1": '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
  "4.2": '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
  "4.3": '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  "4.4": "{($.eventName=DeleteGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)}",
  "4.5": "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
  "4.6": '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  "4.7": "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }",
  "4.8": "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketPolicy) || ($.eventName = DeleteBucketPolicy)) }",
  "4.9": "{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)) }",
  "4.10": "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = CreateSecurityGroup) }",
  "4.11": "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) }",
  "4.12": "{ ($.eventName = CreateCustomerGateway) || ($.eventName = AttachInternetGateway) }",
  "4.13": "{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = DeleteRouteTable)) }",
  "4.14": "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) }",
  "4.15": '{ ($.eventSource = "organizations.amazonaws.com") && ($.eventName = "CreateAccount") }',
};

/** A metric filter with its alarm on the SNS topic. */
function monitored(s: TerraformStack, id: string, pattern: string, withAlarm = true) {
  const name = `cis-${id.replace(".", "-")}`;
  new CloudwatchLogMetricFilter(s, name, { name, logGroupName: "cloudtrail", pattern, metricTransformation: { name, namespace: "CISBenchmark", value: "1" } });
  if (withAlarm) {
    new CloudwatchMetricAlarm(s, `${name}-alarm`, {
      alarmName: name,
      metricName: name,
      namespace: "CISBenchmark",
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      alarmActions: ["arn:aws:sns:us-east-1:222222222222:security-alarms"],
    });
  }
}

describe("logging rules", () => {
  rule("cloudtrail-multi-region", { good: (s) => trail(s), bad: (s) => trail(s, { isMultiRegionTrail: false }), path: "test/trail" });
  rule("cloudtrail-log-validation", { good: (s) => trail(s), bad: (s) => trail(s, { enableLogFileValidation: undefined }) });
  rule("cloudtrail-kms", { good: (s) => trail(s), bad: (s) => trail(s, { kmsKeyId: undefined }) });
  rule("cloudtrail-cloudwatch-logs", { good: (s) => trail(s), bad: (s) => trail(s, { cloudWatchLogsGroupArn: undefined, cloudWatchLogsRoleArn: undefined }) });
  rule("cloudtrail-global-events", { good: (s) => trail(s), bad: (s) => trail(s, { includeGlobalServiceEvents: false }) });
  rule("cloudtrail-bucket-access-logging", {
    good: (s) => {
      const archive = new SecureBucket(s, "archive", { bucketName: "acme-cloudtrail", kmsKeyArn: KEY, accessLogBucket: "acme-access-logs" });
      trail(s, { s3BucketName: archive.bucket.bucket });
    },
    bad: (s) => {
      new SecureBucket(s, "archive", { bucketName: "acme-cloudtrail", kmsKeyArn: KEY });
      trail(s);
    },
    detail: /aws_s3_bucket.archive has no aws_s3_bucket_logging/,
  });

  it("cannot judge a trail's bucket in another stack, and says so", () => {
    expect(resultsOf(check((s) => trail(s)), "cloudtrail-bucket-access-logging")[0]).toMatchObject({ status: "unknown", detail: "the trail's bucket acme-cloudtrail is not in this stack" });
  });

  rule("log-group-kms", {
    good: (s) => new CloudwatchLogGroup(s, "group", { name: "/x", kmsKeyId: KEY, retentionInDays: 365 }),
    bad: (s) => new CloudwatchLogGroup(s, "group", { name: "/x", retentionInDays: 365 }),
  });
  rule("log-group-retention", {
    good: (s) => new CloudwatchLogGroup(s, "group", { name: "/x", kmsKeyId: KEY, retentionInDays: 400 }),
    bad: (s) => new CloudwatchLogGroup(s, "group", { name: "/x", kmsKeyId: KEY, retentionInDays: 30 }),
    detail: /retention_in_days = 30/,
  });
  rule("metric-filter-alarm", {
    good: (s) => monitored(s, "4.3", CIS_PATTERNS["4.3"]),
    bad: (s) => monitored(s, "4.3", CIS_PATTERNS["4.3"], false),
    detail: /no alarm on CISBenchmark\/cis-4-3/,
  });
  it("matches an alarm that names the filter's metric by reference", () => {
    const report = check((s) => {
      const filter = new CloudwatchLogMetricFilter(s, "root-usage", { name: "root-usage", logGroupName: "cloudtrail", pattern: CIS_PATTERNS["4.3"], metricTransformation: { name: "RootUsage", namespace: "CISBenchmark", value: "1" } });
      new CloudwatchMetricAlarm(s, "root-usage-alarm", {
        alarmName: "root-usage",
        metricName: filter.metricTransformation.name,
        namespace: filter.metricTransformation.namespace,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        alarmActions: ["arn:aws:sns:us-east-1:222222222222:security-alarms"],
      });
    });
    expect(resultsOf(report, "metric-filter-alarm")[0]).toMatchObject({ status: "pass", detail: "alarm aws_cloudwatch_metric_alarm.root_usage_alarm" });
  });

  rule("alarm-has-actions", {
    good: (s) => monitored(s, "4.3", CIS_PATTERNS["4.3"]),
    bad: (s) => new CloudwatchMetricAlarm(s, "alarm", { alarmName: "x", comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1, metricName: "m", namespace: "n", period: 60, statistic: "Sum", threshold: 1 }),
  });
  rule("cis-monitoring-coverage", {
    good: (s) => {
      trail(s);
      for (const [id, pattern] of Object.entries(CIS_PATTERNS)) monitored(s, id, pattern);
    },
    bad: (s) => {
      trail(s);
      for (const [id, pattern] of Object.entries(CIS_PATTERNS)) if (id !== "4.15") monitored(s, id, pattern);
    },
    path: "test/trail",
    detail: /missing 4.15 AWS Organizations changes/,
  });

  it("recognizes each of the fifteen CIS 4.x items by its own pattern", () => {
    expect(CIS_MONITORING.map((m) => m.id)).toEqual(Object.keys(CIS_PATTERNS));
  });
});
