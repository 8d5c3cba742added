/**
 * The organization trail, created from the logging account as CloudTrail
 * delegated administrator: multi-region, global service events, log file
 * validation, KMS. It delivers to the archive bucket and to a CloudWatch Logs
 * group (KMS, retention, `prevent_destroy`) through an IAM role that may only
 * write to that group.
 *
 * ## Which account's log group
 * The management account owns the trail even when the delegated
 * administrator creates it (its ARN carries the management account's id), so
 * one might expect CloudTrail to need a log group in the management account.
 * It does not. The CloudTrail user guide, "Organization delegated
 * administrator", footnote 1 of the capability table:
 * "The delegated administrator can only configure a CloudWatch Logs log group
 * using the AWS CLI or CloudTrail CreateTrail or UpdateTrail API operations.
 * Both the CloudWatch Logs log group and log role must exist in the calling
 * account."
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
 *
 * The calling account is the logging account (Terraform's CreateTrail runs
 * there), so the log group and its role live in the logging account, next to
 * the CIS metric filters and alarms that read it. No management-account
 * provider and no cross-account subscription are needed.
 *
 * The role's policy follows "Role policy document for CloudTrail to use
 * CloudWatch Logs for monitoring", which scopes organization trail streams by
 * the `<organization id>_` prefix; here it is scoped to the log group:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
 *
 * ## The role's trust has no condition
 * The trust is the one the CloudTrail user guide gives for this role ("Sending
 * events to CloudWatch Logs", Creating a role): `cloudtrail.amazonaws.com` may
 * `sts:AssumeRole`, with no condition.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
 * No AWS page says CloudTrail sends `aws:SourceArn` or `aws:SourceAccount`
 * when it assumes this role (the guide recommends `aws:SourceArn` for the
 * bucket and key policies only), and a condition on a key that is not sent
 * never matches: users who added one saw delivery stop
 * (https://github.com/prowler-cloud/prowler/issues/4714; prowler#7021 notes
 * that some service principals send neither key when assuming a role), and
 * CreateTrail refuses such a role with InvalidCloudWatchLogsRoleArnException.
 * What keeps others from using the role is that handing it to CloudTrail
 * (CreateTrail/UpdateTrail) needs `iam:PassRole` on it, which only principals
 * of this account can be given, and that the role must be in the account
 * calling CreateTrail (delegated administrator page above); and all the role
 * can do is write this one log group.
 *
 * The AWS provider addresses an organization trail by ARN
 * (hashicorp/terraform-provider-aws#30758, merged November 2023, well before
 * the 5.100.0 pinned here), so it can manage from the delegated administrator
 * account a trail the management account owns.
 */
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { SERVICE_PRINCIPALS } from "../../aws/service-principals";

/** The ARN an organization trail gets: in the home region, owned by the management account. */
export const organizationTrailArn = (region: string, managementAccountId: string, name: string): string =>
  `arn:aws:cloudtrail:${region}:${managementAccountId}:trail/${name}`;

export interface OrganizationTrailProps {
  /** Trail name. */
  readonly name: string;
  /** The management account, owner of the trail. */
  readonly managementAccountId: string;
  /** The account creating the trail (the delegated administrator); the log group and role live here. */
  readonly accountId: string;
  /** Home region of the trail. */
  readonly region: string;
  /** Archive bucket the trail delivers to. */
  readonly bucketName: string;
  /** KMS key encrypting log files and the log group. */
  readonly kmsKeyArn: string;
  /** Name of the CloudWatch Logs group. */
  readonly logGroupName: string;
  /** Days to keep events in CloudWatch Logs. */
  readonly retentionDays: number;
  /** Resources CloudTrail checks when the trail is created: bucket policy, key policy. */
  readonly dependsOn?: ITerraformDependable[];
}

export class OrganizationTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly logGroup: CloudwatchLogGroup;
  readonly role: IamRole;
  /** The trail's ARN, known at synth. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    this.arn = organizationTrailArn(props.region, props.managementAccountId, props.name);
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.logGroupName,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
      lifecycle: { preventDestroy: true },
    });

    // The user guide's trust, without a condition: see "The role's trust has no condition" above.
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
    const trust = new DataAwsIamPolicyDocument(this, "cloudwatch-trust", {
      statement: [
        {
          sid: "CloudTrailAssumesToDeliverToCloudWatchLogs",
          principals: [{ type: "Service", identifiers: [SERVICE_PRINCIPALS.cloudTrail] }],
          actions: ["sts:AssumeRole"],
        },
      ],
    });
    this.role = new IamRole(this, "cloudwatch-role", {
      name: `${props.name}-cloudwatch-logs`,
      description: "Lets CloudTrail deliver the organization trail to its CloudWatch Logs group",
      assumeRolePolicy: trust.json,
    });
    const write = new DataAwsIamPolicyDocument(this, "cloudwatch-write", {
      statement: [
        {
          sid: "WriteTrailLogStreams",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [`${this.logGroup.arn}:log-stream:*`],
        },
      ],
    });
    const rolePolicy = new IamRolePolicy(this, "cloudwatch-policy", { name: "deliver-to-log-group", role: this.role.id, policy: write.json });

    this.trail = new Cloudtrail(this, "this", {
      name: props.name,
      s3BucketName: props.bucketName,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: props.kmsKeyArn,
      // CloudTrail wants the log-stream wildcard on the group ARN.
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: this.role.arn,
      dependsOn: [rolePolicy, ...(props.dependsOn ?? [])],
      lifecycle: { preventDestroy: true },
    });
  }
}
