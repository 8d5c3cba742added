/**
 * # baseline
 * The settings every member account gets, whatever it runs:
 * - EBS encryption by default, with a customer-managed default key;
 * - IMDSv2 required as the account's instance metadata default, hop limit 2
 *   (containers on the instance still reach it);
 * - the S3 account-level public access block, all four flags;
 * - an IAM password policy at CIS strength (length 14, reuse 24, every
 *   character class, 90-day maximum age);
 * - an IAM Access Analyzer for the account;
 * - Session Manager preferences (`SSM-SessionManagerRunShell`): session logs
 *   to a KMS-encrypted CloudWatch Logs group, sessions encrypted with a KMS
 *   key, a 20-minute idle timeout, and run-as disabled (sessions run as
 *   ssm-user).
 *
 * If the account already holds an `SSM-SessionManagerRunShell` document (the
 * console creates it when preferences are first saved), import it before the
 * first apply.
 */
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EbsDefaultKmsKey } from "@cdktf/provider-aws/lib/ebs-default-kms-key";
import { EbsEncryptionByDefault } from "@cdktf/provider-aws/lib/ebs-encryption-by-default";
import { Ec2InstanceMetadataDefaults } from "@cdktf/provider-aws/lib/ec2-instance-metadata-defaults";
import { IamAccountPasswordPolicy } from "@cdktf/provider-aws/lib/iam-account-password-policy";
import { S3AccountPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-account-public-access-block";
import { SsmDocument } from "@cdktf/provider-aws/lib/ssm-document";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { KmsKeyConstruct } from "../kms";

export interface AccountBaselineProps {
  /** Prefix for names and KMS aliases, e.g. the landing zone's name. */
  readonly namePrefix: string;
  /** The account being baselined. */
  readonly accountId: string;
  /** The region the stack deploys to; the account defaults are regional. */
  readonly region: string;
  /**
   * Days to keep Session Manager session logs.
   * @default 365
   */
  readonly sessionLogRetentionDays?: number;
  /**
   * Minutes before an idle Session Manager session ends (1-60; CIS asks for at most 20).
   * @default 20
   */
  readonly idleSessionTimeoutMinutes?: number;
  /**
   * Protect the session log group (audit evidence of every shell session) from `terraform destroy`.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** The password policy the baseline applies (CIS AWS Foundations 1.8 and 1.9, with the character classes). */
export const PASSWORD_POLICY = {
  minimumPasswordLength: 14,
  passwordReusePrevention: 24,
  maxPasswordAge: 90,
  requireLowercaseCharacters: true,
  requireUppercaseCharacters: true,
  requireNumbers: true,
  requireSymbols: true,
  allowUsersToChangePassword: true,
} as const;

/** The name Session Manager reads its account preferences from. */
export const SESSION_PREFERENCES_DOCUMENT = "SSM-SessionManagerRunShell";

export class AccountBaseline extends Construct {
  /** Customer-managed key EBS encrypts new volumes with by default. */
  readonly ebsKey: KmsKeyConstruct;
  /** Key encrypting Session Manager sessions and their log group. */
  readonly sessionKey: KmsKeyConstruct;
  /** Log group receiving Session Manager session logs. */
  readonly sessionLogGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: AccountBaselineProps) {
    super(scope, id);
    const { accountId, region, namePrefix } = props;
    this.ebsKey = new KmsKeyConstruct(this, "ebs-key", {
      alias: `${namePrefix}/ebs`,
      description: "EBS default encryption key",
      accountId,
      statements: [
        {
          // The same shape as the AWS-managed aws/ebs key: any principal of this account, through EC2 only.
          sid: "AccountPrincipalsUseKeyThroughEc2",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
          resources: ["*"],
          condition: [
            { test: "StringEquals", variable: "kms:CallerAccount", values: [accountId] },
            { test: "StringEquals", variable: "kms:ViaService", values: [`ec2.${region}.amazonaws.com`] },
          ],
        },
      ],
    });
    new EbsEncryptionByDefault(this, "ebs-encryption", { enabled: true });
    new EbsDefaultKmsKey(this, "ebs-default-key", { keyArn: this.ebsKey.arn });

    new Ec2InstanceMetadataDefaults(this, "imds-defaults", { httpTokens: "required", httpPutResponseHopLimit: 2 });

    new S3AccountPublicAccessBlock(this, "s3-public-access", {
      accountId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    new IamAccountPasswordPolicy(this, "password-policy", { ...PASSWORD_POLICY, hardExpiry: false });

    new AccessanalyzerAnalyzer(this, "access-analyzer", { analyzerName: `${namePrefix}-account`, type: "ACCOUNT" });

    const logGroupName = `/${namePrefix}/ssm/sessions`;
    this.sessionKey = new KmsKeyConstruct(this, "session-key", {
      alias: `${namePrefix}/ssm-sessions`,
      description: "Session Manager session and session-log encryption key",
      accountId,
      statements: [
        {
          sid: "CloudWatchLogsEncryptsSessionLogs",
          principals: [{ type: "Service", identifiers: [`logs.${region}.amazonaws.com`] }],
          actions: ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
          resources: ["*"],
          condition: [{ test: "ArnEquals", variable: "kms:EncryptionContext:aws:logs:arn", values: [`arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}`] }],
        },
      ],
    });
    this.sessionLogGroup = new CloudwatchLogGroup(this, "session-logs", {
      name: logGroupName,
      retentionInDays: props.sessionLogRetentionDays ?? 365,
      kmsKeyId: this.sessionKey.arn,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const idle = props.idleSessionTimeoutMinutes ?? 20;
    if (!Number.isInteger(idle) || idle < 1 || idle > 60) throw new Error(`idleSessionTimeoutMinutes must be 1-60, got ${idle}`);
    new SsmDocument(this, "session-preferences", {
      name: SESSION_PREFERENCES_DOCUMENT,
      documentType: "Session",
      documentFormat: "JSON",
      // jsonencode keeps the key reference an expression, valid in both JSON and HCL output.
      content: Fn.jsonencode({
        schemaVersion: "1.0",
        description: "Session Manager preferences set by the landing zone",
        sessionType: "Standard_Stream",
        inputs: {
          s3BucketName: "",
          s3KeyPrefix: "",
          s3EncryptionEnabled: true,
          cloudWatchLogGroupName: this.sessionLogGroup.name,
          cloudWatchEncryptionEnabled: true,
          cloudWatchStreamingEnabled: true,
          kmsKeyId: this.sessionKey.keyId,
          runAsEnabled: false,
          runAsDefaultUser: "",
          idleSessionTimeout: String(idle),
          maxSessionDuration: "",
          shellProfile: { windows: "", linux: "" },
        },
      }),
    });
  }
}
