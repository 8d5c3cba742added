/**
 * Key policy statements for the logging key: what CloudTrail, CloudWatch Logs
 * and CloudWatch alarms (publishing to the encrypted SNS topic) may do with
 * it, each scoped to this landing zone's trail, log group or alarms.
 * The owning account's administration statement comes from modules/kms.
 *
 * CloudTrail's statements are those of "Configure AWS KMS key policies for
 * CloudTrail" (encrypt, describe), each scoped by `aws:SourceArn` as that page
 * recommends, and GenerateDataKey also by the encryption context S3 sends on
 * CloudTrail's behalf ("How AWS CloudTrail uses AWS KMS"). CloudTrail gets no
 * kms:Decrypt: the guide asks for it only when the bucket has an S3 Bucket
 * Key, and the archive has none (see archive.ts).
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-kms-works-with-cloudtrail.html
 */
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { CLOUDTRAIL_ENCRYPTION_CONTEXT } from "./cloudtrail-delivery";
import { logsPrincipal, SERVICE_PRINCIPALS } from "../../aws/service-principals";
import { configKeyStatements } from "./config-delivery";

export interface LogKeyPolicyProps {
  /** The logging account, which owns the key. */
  readonly accountId: string;
  /** The management account: it owns the organization trail, wherever the trail was created from. */
  readonly managementAccountId: string;
  readonly region: string;
  /** ARN of the organization trail (in the management account). */
  readonly trailArn: string;
  /** Log groups encrypted with the key. */
  readonly logGroupNames: readonly string[];
  /** Alarm name prefix; alarms matching `<prefix>*` may publish to the encrypted topic. */
  readonly alarmNamePrefix: string;
  /** Accounts whose AWS Config delivery channels encrypt with the key (config-delivery.ts). @default none */
  readonly configSourceAccounts?: readonly string[];
}

export function logKeyStatements(p: LogKeyPolicyProps): DataAwsIamPolicyDocumentStatement[] {
  const cloudtrail = [{ type: "Service", identifiers: [SERVICE_PRINCIPALS.cloudTrail] }];
  const fromTrail = { test: "StringEquals", variable: "aws:SourceArn", values: [p.trailArn] };
  return [
    {
      sid: "CloudTrailEncryptsLogs",
      principals: cloudtrail,
      actions: ["kms:GenerateDataKey*"],
      resources: ["*"],
      condition: [
        fromTrail,
        { test: "StringLike", variable: CLOUDTRAIL_ENCRYPTION_CONTEXT, values: [`arn:aws:cloudtrail:*:${p.managementAccountId}:trail/*`] },
      ],
    },
    { sid: "CloudTrailDescribesKey", principals: cloudtrail, actions: ["kms:DescribeKey"], resources: ["*"], condition: [fromTrail] },
    {
      sid: "CloudWatchLogsEncryptsTrailLogGroups",
      principals: [{ type: "Service", identifiers: [logsPrincipal(p.region)] }],
      actions: ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
      resources: ["*"],
      condition: [
        {
          test: "ArnEquals",
          variable: "kms:EncryptionContext:aws:logs:arn",
          values: p.logGroupNames.map((name) => `arn:aws:logs:${p.region}:${p.accountId}:log-group:${name}`),
        },
      ],
    },
    {
      // CloudWatch publishes alarm notifications to the KMS-encrypted topic; it needs the key for that.
      sid: "CloudWatchAlarmsPublishToEncryptedTopic",
      principals: [{ type: "Service", identifiers: [SERVICE_PRINCIPALS.cloudWatch] }],
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
      resources: ["*"],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: [p.accountId] },
        { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:aws:cloudwatch:${p.region}:${p.accountId}:alarm:${p.alarmNamePrefix}*`] },
      ],
    },
    ...(p.configSourceAccounts?.length ? configKeyStatements(p.configSourceAccounts) : []),
  ];
}
