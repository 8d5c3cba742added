/**
 * logging: in the logging account, the rotating KMS key; the archive bucket
 * (SSE-KMS, lifecycle, Object Lock, access logging) and its access-log bucket
 * (SSE-S3), both versioned, owner-enforced, fully blocked and TLS-only; the
 * organization trail (multi-region, global events, log file validation, KMS,
 * logging) delivering to the archive and to its KMS-encrypted log group with
 * the configured retention; the CIS 4.1-4.15 metric filters with the
 * benchmark's patterns and one alarm each on the KMS-encrypted SNS topic; and
 * the account baseline.
 */
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeMetricFiltersCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  S3Client,
  ServerSideEncryptionByDefault,
} from "@aws-sdk/client-s3";
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { CIS_METRIC_NAMESPACE, CIS_MONITORING_CONTROLS, cisAlarmPrefix } from "../../../modules/logging";
import { trailLogGroupName, trailName } from "../../../src/stacks/names";
import { ClientOptions } from "../helpers/aws";
import { accountIdOf } from "./accounts";
import { assertAccountBaseline } from "./baseline";
import { StackContext } from "./context";
import { assertKey } from "./kms";

export async function assertLogging(ctx: StackContext): Promise<void> {
  const { config } = ctx;
  const outputs = await ctx.outputs();
  const client = await ctx.aws.in(await accountIdOf(ctx, config.loggingAccount));
  const key = await assertKey(client, `${config.name}/logging`);

  // The archive, and the bucket its access logs go to.
  const s3 = new S3Client(client);
  const archive = String(outputs.archive_bucket);
  await assertProtectedBucket(client, archive, { SSEAlgorithm: "aws:kms", KMSMasterKeyID: key.Arn });
  const accessLogs = (await s3.send(new GetBucketLoggingCommand({ Bucket: archive }))).LoggingEnabled;
  expect(accessLogs?.TargetBucket).toBeDefined();
  await assertProtectedBucket(client, accessLogs!.TargetBucket!, { SSEAlgorithm: "AES256" });
  const { transitionToGlacierDays, expireAfterDays, objectLockGovernanceDays } = config.logging.archive;
  const rules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: archive }))).Rules ?? [];
  const enabled = rules.filter((r) => r.Status === "Enabled");
  expect(enabled.flatMap((r) => r.Transitions ?? []).map((t) => ({ days: t.Days, storage: t.StorageClass }))).toContainEqual({ days: transitionToGlacierDays, storage: "GLACIER" });
  expect(enabled.map((r) => r.Expiration?.Days)).toContain(expireAfterDays);
  if (objectLockGovernanceDays) {
    const lock = (await s3.send(new GetObjectLockConfigurationCommand({ Bucket: archive }))).ObjectLockConfiguration;
    expect(lock).toMatchObject({ ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: objectLockGovernanceDays } } });
  }

  // The organization trail and its CloudWatch Logs group, both in this account.
  const logGroupName = trailLogGroupName(config.name);
  expect(outputs.trail_log_group).toBe(logGroupName);
  const logs = new CloudWatchLogsClient(client);
  const group = ((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }))).logGroups ?? []).find((g) => g.logGroupName === logGroupName);
  expect({ retention: group?.retentionInDays, kms: group?.kmsKeyId }).toEqual({ retention: config.logging.retentionDays, kms: key.Arn });
  const cloudtrail = new CloudTrailClient(client);
  const trails = (await cloudtrail.send(new DescribeTrailsCommand({ trailNameList: [trailName(config.name)] }))).trailList ?? [];
  expect(trails.map((t) => t.Name)).toEqual([trailName(config.name)]);
  const [trail] = trails;
  expect(trail).toMatchObject({
    IsOrganizationTrail: true,
    IsMultiRegionTrail: true,
    IncludeGlobalServiceEvents: true,
    LogFileValidationEnabled: true,
    KmsKeyId: key.Arn,
    S3BucketName: archive,
    CloudWatchLogsLogGroupArn: `${group!.arn!.replace(/:\*$/, "")}:*`,
  });
  expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: trail.TrailARN }))).IsLogging).toBe(true);

  // CIS 4.1-4.15: a filter with the benchmark's pattern and an alarm per control, notifying the encrypted topic.
  const filters = (await logs.send(new DescribeMetricFiltersCommand({ logGroupName }))).metricFilters ?? [];
  const byName = (name: string) => filters.find((f) => f.filterName === name);
  expect(filters).toHaveLength(CIS_MONITORING_CONTROLS.length);
  for (const c of CIS_MONITORING_CONTROLS) {
    const filter = byName(`cis-${c.control}-${c.slug}`);
    expect({ control: c.control, pattern: filter?.filterPattern, metric: filter?.metricTransformations?.map((m) => [m.metricNamespace, m.metricName, m.metricValue]) }).toEqual({
      control: c.control,
      pattern: c.pattern,
      metric: [[CIS_METRIC_NAMESPACE, c.metric, "1"]],
    });
  }
  const topicArn = `arn:aws:sns:${config.homeRegion}:${await accountIdOf(ctx, config.loggingAccount)}:${config.name}-security-alarms`;
  const alarms = (await new CloudWatchClient(client).send(new DescribeAlarmsCommand({ AlarmNamePrefix: cisAlarmPrefix(config.name), MaxRecords: 100 }))).MetricAlarms ?? [];
  expect(alarms.map((a) => a.AlarmName).sort()).toEqual(CIS_MONITORING_CONTROLS.map((c) => `${cisAlarmPrefix(config.name)}${c.control}-${c.slug}`).sort());
  for (const c of CIS_MONITORING_CONTROLS) {
    const alarm = alarms.find((a) => a.AlarmName === `${cisAlarmPrefix(config.name)}${c.control}-${c.slug}`)!;
    expect({ control: c.control, metric: [alarm.Namespace, alarm.MetricName], threshold: alarm.Threshold, operator: alarm.ComparisonOperator, actions: alarm.AlarmActions }).toEqual({
      control: c.control,
      metric: [CIS_METRIC_NAMESPACE, c.metric],
      threshold: 1,
      operator: "GreaterThanOrEqualToThreshold",
      actions: [topicArn],
    });
  }
  const sns = new SNSClient(client);
  expect((await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes?.KmsMasterKeyId).toBe(key.Arn);
  const subscriptions = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions ?? [];
  expect(subscriptions.map((s) => [s.Protocol, s.Endpoint])).toEqual([["email", config.logging.alarmEmail]]);

  await assertAccountBaseline(client, config.name, config.logging.retentionDays, config.allowedRegions);
}

/** Versioned, encrypted as given, all four public-access-block flags, owner-enforced, TLS-only. */
export async function assertProtectedBucket(client: ClientOptions, Bucket: string, encryption: ServerSideEncryptionByDefault): Promise<void> {
  const s3 = new S3Client(client);
  expect({ Bucket, versioning: (await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status }).toEqual({ Bucket, versioning: "Enabled" });
  const [rule] = (await s3.send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration?.Rules ?? [];
  expect({ Bucket, encryption: rule?.ApplyServerSideEncryptionByDefault }).toEqual({ Bucket, encryption });
  expect({ Bucket, block: (await s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration }).toEqual({
    Bucket,
    block: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  });
  const ownership = (await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership;
  expect({ Bucket, ownership }).toEqual({ Bucket, ownership: "BucketOwnerEnforced" });
  const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy!);
  const tlsOnly = policy.Statement.find((s: { Sid?: string }) => s.Sid === "DenyInsecureTransport");
  expect(tlsOnly).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
}
