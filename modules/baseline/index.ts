/**
 * # baseline
 * The settings every account gets, whatever it runs. Global, once per account:
 * - the S3 account-level public access block, all four flags;
 * - an IAM password policy at CIS strength (length 14, reuse 24, every
 *   character class, 90-day maximum age);
 * - the customer-managed IAM policy `<prefix>-session-user`, which lets a
 *   person open Session Manager shells on the account's instances and ECS
 *   Exec shells in its tasks (give it to people; nothing attaches it).
 *
 * Regional, in the home region and in every other region given in
 * `regions` (each through that region's provider):
 * - EBS encryption by default, with a customer-managed default key;
 * - IMDSv2 required as the account's instance metadata default, hop limit 2
 *   (containers on the instance still reach it);
 * - an IAM Access Analyzer for the account;
 * - Session Manager preferences (`SSM-SessionManagerRunShell`): session logs
 *   to a KMS-encrypted CloudWatch Logs group, sessions encrypted with a KMS
 *   key, a 20-minute idle timeout, and run-as disabled (sessions run as
 *   ssm-user).
 *
 * The home region's resources sit directly under the construct (their
 * addresses do not change when regions are added); another region's sit
 * under a child named after it (`baseline_us-west-2_…` → `baseline_us_west_2_…`).
 *
 * If the account already holds an `SSM-SessionManagerRunShell` document (the
 * console creates it when preferences are first saved), import it before the
 * first apply.
 */
import { jsonencode } from "../shared/jsonencode";
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EbsDefaultKmsKey } from "@cdktf/provider-aws/lib/ebs-default-kms-key";
import { EbsEncryptionByDefault } from "@cdktf/provider-aws/lib/ebs-encryption-by-default";
import { Ec2InstanceMetadataDefaults } from "@cdktf/provider-aws/lib/ec2-instance-metadata-defaults";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamAccountPasswordPolicy } from "@cdktf/provider-aws/lib/iam-account-password-policy";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { S3AccountPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-account-public-access-block";
import { SsmDocument } from "@cdktf/provider-aws/lib/ssm-document";
import { TerraformProvider } from "cdktf";
import { SESSION_PREFERENCES_DOCUMENT } from "../../aws/session-manager";
import { Construct } from "constructs";
import { KmsKeyConstruct } from "../kms";

/** Settings shared by the regional parts of the baseline. */
export interface SessionSettings {
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

export interface RegionalBaselineProps extends SessionSettings {
  /** Prefix for names and KMS aliases, e.g. the landing zone's name. */
  readonly namePrefix: string;
  /** The account being baselined. */
  readonly accountId: string;
  /** The region these settings apply to. */
  readonly region: string;
  /**
   * The provider acting in `region` of the account.
   * @default the stack's default AWS provider (which must then be in `region`)
   */
  readonly provider?: TerraformProvider;
}

/** Another region of the account, with the provider acting there. */
export interface BaselineRegion {
  readonly region: string;
  readonly provider: TerraformProvider;
}

export interface AccountBaselineProps extends SessionSettings {
  /** Prefix for names and KMS aliases, e.g. the landing zone's name. */
  readonly namePrefix: string;
  /** The account being baselined. */
  readonly accountId: string;
  /** The home region: the stack's default provider acts there. */
  readonly region: string;
  /**
   * Every other region the account may use, each with its aliased provider: the regional settings
   * (EBS default encryption and key, IMDS defaults, Access Analyzer, Session Manager) apply there too.
   * @default none (the home region only)
   */
  readonly regions?: readonly BaselineRegion[];
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

export { SESSION_PREFERENCES_DOCUMENT };

/** Name of the customer-managed policy that lets a person open shells in the account. */
export const sessionUserPolicyName = (namePrefix: string): string => `${namePrefix}-session-user`;

/** What one region of the account holds for Session Manager and EBS. */
export interface RegionalParts {
  readonly region: string;
  /** Customer-managed key EBS encrypts new volumes with by default. */
  readonly ebsKey: KmsKeyConstruct;
  /** Key encrypting Session Manager sessions (and ECS Exec sessions) and the session log group. */
  readonly sessionKey: KmsKeyConstruct;
  /** Log group receiving Session Manager session logs. */
  readonly sessionLogGroup: CloudwatchLogGroup;
}

/** Creates the regional parts of the baseline in `scope`, through `props.provider`. */
function regionalParts(scope: Construct, props: RegionalBaselineProps): RegionalParts {
  const { accountId, region, namePrefix, provider } = props;
  const idle = props.idleSessionTimeoutMinutes ?? 20;
  if (!Number.isInteger(idle) || idle < 1 || idle > 60) throw new Error(`idleSessionTimeoutMinutes must be 1-60, got ${idle}`);
  const ebsKey = new KmsKeyConstruct(scope, "ebs-key", {
    alias: `${namePrefix}/ebs`,
    description: "EBS default encryption key",
    accountId,
    provider,
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
  new EbsEncryptionByDefault(scope, "ebs-encryption", { enabled: true, provider });
  new EbsDefaultKmsKey(scope, "ebs-default-key", { keyArn: ebsKey.arn, provider });

  new Ec2InstanceMetadataDefaults(scope, "imds-defaults", { httpTokens: "required", httpPutResponseHopLimit: 2, provider });

  new AccessanalyzerAnalyzer(scope, "access-analyzer", { analyzerName: `${namePrefix}-account`, type: "ACCOUNT", provider });

  const logGroupName = `/${namePrefix}/ssm/sessions`;
  // The key policy's first statement (KmsKeyConstruct) lets the account's IAM policies grant the key:
  // instance and task roles get kms:Decrypt, people kms:GenerateDataKey, through their own policies
  // (https://docs.aws.amazon.com/systems-manager/latest/userguide/session-preferences-enable-encryption.html).
  const sessionKey = new KmsKeyConstruct(scope, "session-key", {
    alias: `${namePrefix}/ssm-sessions`,
    description: "Session Manager session and session-log encryption key",
    accountId,
    provider,
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
  const sessionLogGroup = new CloudwatchLogGroup(scope, "session-logs", {
    name: logGroupName,
    retentionInDays: props.sessionLogRetentionDays ?? 365,
    kmsKeyId: sessionKey.arn,
    lifecycle: { preventDestroy: props.preventDestroy ?? true },
    provider,
  });
  new SsmDocument(scope, "session-preferences", {
    name: SESSION_PREFERENCES_DOCUMENT,
    documentType: "Session",
    documentFormat: "JSON",
    provider,
    // jsonencode keeps the key reference an expression, valid in both JSON and HCL output.
    content: jsonencode({
      schemaVersion: "1.0",
      description: "Session Manager preferences set by the landing zone",
      sessionType: "Standard_Stream",
      inputs: {
        s3BucketName: "",
        s3KeyPrefix: "",
        s3EncryptionEnabled: true,
        cloudWatchLogGroupName: sessionLogGroup.name,
        cloudWatchEncryptionEnabled: true,
        cloudWatchStreamingEnabled: true,
        kmsKeyId: sessionKey.keyId,
        runAsEnabled: false,
        runAsDefaultUser: "",
        idleSessionTimeout: String(idle),
        maxSessionDuration: "",
        shellProfile: { windows: "", linux: "" },
      },
    }),
  });
  return { region, ebsKey, sessionKey, sessionLogGroup };
}

/** The regional parts of the baseline in one region other than the home region. */
export class RegionalBaseline extends Construct implements RegionalParts {
  readonly region: string;
  readonly ebsKey: KmsKeyConstruct;
  readonly sessionKey: KmsKeyConstruct;
  readonly sessionLogGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: RegionalBaselineProps) {
    super(scope, id);
    ({ region: this.region, ebsKey: this.ebsKey, sessionKey: this.sessionKey, sessionLogGroup: this.sessionLogGroup } = regionalParts(this, props));
  }
}

export class AccountBaseline extends Construct {
  /** Customer-managed key EBS encrypts new volumes with by default (home region). */
  readonly ebsKey: KmsKeyConstruct;
  /** Key encrypting Session Manager sessions and their log group (home region). */
  readonly sessionKey: KmsKeyConstruct;
  /** Log group receiving Session Manager session logs (home region). */
  readonly sessionLogGroup: CloudwatchLogGroup;
  /** The regional parts by region, home region first. */
  readonly regions: ReadonlyMap<string, RegionalParts>;
  /** The customer-managed policy to give people who open shells in this account. */
  readonly sessionUserPolicy: IamPolicy;

  constructor(scope: Construct, id: string, props: AccountBaselineProps) {
    super(scope, id);
    const { accountId, namePrefix } = props;
    const settings = { namePrefix, accountId, sessionLogRetentionDays: props.sessionLogRetentionDays, idleSessionTimeoutMinutes: props.idleSessionTimeoutMinutes, preventDestroy: props.preventDestroy };
    const others = (props.regions ?? []).filter((r) => r.region !== props.region);
    const seen = new Set<string>();
    for (const r of others) {
      if (seen.has(r.region)) throw new Error(`region ${r.region} is listed twice in the account baseline's regions`);
      seen.add(r.region);
    }

    new S3AccountPublicAccessBlock(this, "s3-public-access", {
      accountId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new IamAccountPasswordPolicy(this, "password-policy", { ...PASSWORD_POLICY, hardExpiry: false });

    // The home region's parts sit directly in this construct, so their addresses never change.
    const home = regionalParts(this, { ...settings, region: props.region });
    const regions = new Map<string, RegionalParts>([[props.region, home]]);
    for (const r of others) regions.set(r.region, new RegionalBaseline(this, r.region, { ...settings, region: r.region, provider: r.provider }));
    this.regions = regions;
    ({ ebsKey: this.ebsKey, sessionKey: this.sessionKey, sessionLogGroup: this.sessionLogGroup } = home);

    this.sessionUserPolicy = sessionUserPolicy(this, namePrefix, accountId, [...regions.values()]);
  }

  /** The regional parts of `region`; throws for a region the baseline does not cover. */
  partsIn(region: string): RegionalParts {
    const parts = this.regions.get(region);
    if (!parts) throw new Error(`the account baseline does not cover ${region}; it covers ${[...this.regions.keys()].join(", ")}`);
    return parts;
  }
}

/**
 * The end-user policy of the Session Manager guide, for the whole account and every covered region:
 * start a session on the account's instances with the preferences document, end and resume only
 * one's own sessions, and create the data key that encrypts the session
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-restrict-access-quickstart.html,
 * "Session Manager and CLI"). ECS Exec: `ecs:ExecuteCommand` on the account's clusters and tasks,
 * and kms:GenerateDataKey on the cluster's key, which is the session key
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html, "IAM permissions required for ECS Exec").
 */
function sessionUserPolicy(scope: Construct, namePrefix: string, accountId: string, regions: RegionalParts[]): IamPolicy {
  const names = regions.map((r) => r.region);
  const document = new DataAwsIamPolicyDocument(scope, "session-user-policy-document", {
    statement: [
      {
        sid: "StartSessionsOnTheAccountsInstances",
        actions: ["ssm:StartSession"],
        resources: [
          ...names.map((r) => `arn:aws:ec2:${r}:${accountId}:instance/*`),
          ...names.map((r) => `arn:aws:ssm:${r}:${accountId}:document/${SESSION_PREFERENCES_DOCUMENT}`),
        ],
        condition: [{ test: "BoolIfExists", variable: "ssm:SessionDocumentAccessCheck", values: ["true"] }],
      },
      {
        sid: "SeeSessionsAndInstances",
        actions: ["ssm:DescribeSessions", "ssm:GetConnectionStatus", "ssm:DescribeInstanceProperties", "ec2:DescribeInstances"],
        resources: ["*"],
      },
      {
        // &{…} is the provider's escape for an IAM policy variable: the policy reads ${aws:userid}.
        sid: "EndAndResumeOwnSessions",
        actions: ["ssm:TerminateSession", "ssm:ResumeSession"],
        resources: names.map((r) => `arn:aws:ssm:${r}:${accountId}:session/&{aws:userid}-*`),
      },
      {
        sid: "ExecIntoTheAccountsTasks",
        actions: ["ecs:ExecuteCommand"],
        resources: names.flatMap((r) => [`arn:aws:ecs:${r}:${accountId}:cluster/*`, `arn:aws:ecs:${r}:${accountId}:task/*`]),
      },
      {
        sid: "EncryptSessionData",
        actions: ["kms:GenerateDataKey"],
        resources: regions.map((r) => r.sessionKey.arn),
      },
    ],
  });
  return new IamPolicy(scope, "session-user-policy", {
    name: sessionUserPolicyName(namePrefix),
    description: "Open Session Manager shells on this account's instances and ECS Exec shells in its tasks (sessions encrypted with the session key)",
    policy: document.json,
  });
}
