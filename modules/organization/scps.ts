/**
 * Service control policies: the landing zone's guardrails for every member
 * account. The documents are plain objects serialized at synth (no tokens), so
 * their minified size is known before anything is planned: each must stay
 * under AWS's 5,120-character SCP limit, and the construct refuses to
 * synthesize one that does not.
 *
 * Three policies, all attached at the organization root so every OU and
 * account inherits them (a target holds at most five SCPs, FullAWSAccess
 * included, so three leaves room for your own):
 * - `guardrails`: no leaving the organization, no root user, no EC2 instance
 *   launched without IMDSv2, no IAM users or access keys (people sign in
 *   through IAM Identity Center, workloads use roles; nobody is exempt, the
 *   landing zone's own roles included, as none of them needs a user);
 * - `protect-landing-zone`: CloudTrail cannot be stopped, deleted or changed,
 *   the trail's log groups cannot be deleted or changed, and neither the
 *   landing zone's access role nor the account baseline (EBS default
 *   encryption, IMDS defaults, S3 account public access block, password
 *   policy, Access Analyzer) can be changed, except by the access role, which
 *   is how the landing zone itself applies them;
 * - `region-guard`: nothing outside the allowed regions, global services
 *   excepted (the list follows AWS's example "Deny access to AWS based on the
 *   requested AWS Region" in the Organizations user guide).
 *
 * SCPs never apply to the management account.
 */
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import { Construct } from "constructs";

/** AWS's limit on an SCP document, in characters. */
export const SCP_MAX_CHARS = 5120;

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface ScpStatement {
  readonly Sid: string;
  readonly Effect: "Deny";
  readonly Action?: string | string[];
  readonly NotAction?: string[];
  readonly Resource: string | string[];
  readonly Condition?: ConditionBlock;
}

export interface ScpDocument {
  readonly Version: "2012-10-17";
  readonly Statement: ScpStatement[];
}

/** Global services and global-only actions the region guard lets through from any region. */
export const GLOBAL_SERVICE_ACTIONS = [
  "a4b:*",
  "acm:*",
  "aws-marketplace-management:*",
  "aws-marketplace:*",
  "aws-portal:*",
  "budgets:*",
  "ce:*",
  "chime:*",
  "cloudfront:*",
  "config:*",
  "cur:*",
  "directconnect:*",
  "ec2:DescribeRegions",
  "ec2:DescribeTransitGateways",
  "ec2:DescribeVpnGateways",
  "fms:*",
  "globalaccelerator:*",
  "health:*",
  "iam:*",
  "importexport:*",
  "kms:*",
  "mobileanalytics:*",
  "networkmanager:*",
  "organizations:*",
  "pricing:*",
  "route53-recovery-cluster:*",
  "route53-recovery-control-config:*",
  "route53-recovery-readiness:*",
  "route53:*",
  "route53domains:*",
  "s3:GetAccountPublic*",
  "s3:ListAllMyBuckets",
  "s3:ListMultiRegionAccessPoints",
  "s3:PutAccountPublic*",
  "shield:*",
  "sts:*",
  "support:*",
  "trustedadvisor:*",
  "waf-regional:*",
  "waf:*",
  "wafv2:*",
  "wellarchitected:*",
];

export interface GuardrailOptions {
  /** The role the landing zone assumes in member accounts; protected, and the only principal exempt from the protections. */
  readonly accessRoleName: string;
  /** Regions member accounts may use. */
  readonly allowedRegions: readonly string[];
  /** Names of the organization trail's CloudWatch Logs groups. */
  readonly trailLogGroupNames: readonly string[];
}

const doc = (...statements: ScpStatement[]): ScpDocument => ({ Version: "2012-10-17", Statement: statements });

/** The three guardrail documents, keyed by the name suffix of their policy. */
export function guardrailDocuments(o: GuardrailOptions): Record<"guardrails" | "protect-landing-zone" | "region-guard", ScpDocument> {
  const accessRoleArn = `arn:aws:iam::*:role/${o.accessRoleName}`;
  const exceptAccessRole: ConditionBlock = { ArnNotLike: { "aws:PrincipalArn": accessRoleArn } };
  return {
    guardrails: doc(
      { Sid: "DenyLeavingOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" },
      { Sid: "DenyRootUser", Effect: "Deny", Action: "*", Resource: "*", Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } } },
      {
        Sid: "DenyRunInstancesWithoutImdsv2",
        Effect: "Deny",
        Action: "ec2:RunInstances",
        Resource: "arn:aws:ec2:*:*:instance/*",
        Condition: { StringNotEquals: { "ec2:MetadataHttpTokens": "required" } },
      },
      // Roles, not keys: no principal of a member account may create an IAM user or an access key.
      { Sid: "DenyIamUsersAndAccessKeys", Effect: "Deny", Action: ["iam:CreateUser", "iam:CreateAccessKey"], Resource: "*" },
    ),
    "protect-landing-zone": doc(
      {
        Sid: "DenyCloudTrailChanges",
        Effect: "Deny",
        Action: ["cloudtrail:DeleteTrail", "cloudtrail:PutEventSelectors", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail"],
        Resource: "*",
        Condition: exceptAccessRole,
      },
      {
        Sid: "DenyTrailLogGroupChanges",
        Effect: "Deny",
        Action: [
          "logs:AssociateKmsKey",
          "logs:DeleteDataProtectionPolicy",
          "logs:DeleteLogGroup",
          "logs:DeleteLogStream",
          "logs:DeleteMetricFilter",
          "logs:DeleteRetentionPolicy",
          "logs:DeleteSubscriptionFilter",
          "logs:DisassociateKmsKey",
          "logs:PutDataProtectionPolicy",
          "logs:PutMetricFilter",
          "logs:PutRetentionPolicy",
          "logs:PutSubscriptionFilter",
        ],
        Resource: o.trailLogGroupNames.flatMap((name) => [`arn:aws:logs:*:*:log-group:${name}`, `arn:aws:logs:*:*:log-group:${name}:*`]),
        Condition: exceptAccessRole,
      },
      {
        Sid: "DenyAccessRoleChanges",
        Effect: "Deny",
        Action: [
          "iam:AttachRolePolicy",
          "iam:DeleteRole",
          "iam:DeleteRolePermissionsBoundary",
          "iam:DeleteRolePolicy",
          "iam:DetachRolePolicy",
          "iam:PutRolePermissionsBoundary",
          "iam:PutRolePolicy",
          "iam:TagRole",
          "iam:UntagRole",
          "iam:UpdateAssumeRolePolicy",
          "iam:UpdateRole",
          "iam:UpdateRoleDescription",
        ],
        Resource: accessRoleArn,
        Condition: exceptAccessRole,
      },
      {
        Sid: "DenyBaselineChanges",
        Effect: "Deny",
        Action: [
          "access-analyzer:DeleteAnalyzer",
          "ec2:DisableEbsEncryptionByDefault",
          "ec2:ModifyEbsDefaultKmsKeyId",
          "ec2:ModifyInstanceMetadataDefaults",
          "ec2:ResetEbsDefaultKmsKeyId",
          "iam:DeleteAccountPasswordPolicy",
          "iam:UpdateAccountPasswordPolicy",
          "s3:PutAccountPublicAccessBlock",
        ],
        Resource: "*",
        Condition: exceptAccessRole,
      },
    ),
    "region-guard": doc({
      Sid: "DenyOutsideAllowedRegions",
      Effect: "Deny",
      NotAction: GLOBAL_SERVICE_ACTIONS,
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": [...o.allowedRegions] } },
    }),
  };
}

/** The document as AWS stores it: minified JSON. */
export const minify = (document: ScpDocument): string => JSON.stringify(document);

export interface ServiceControlPoliciesProps extends GuardrailOptions {
  /** Prefix of the policy names, e.g. the landing zone's name. */
  readonly namePrefix: string;
  /** Root or OU ids the policies are attached to, keyed by a stable name used in construct ids. */
  readonly targets: Readonly<Record<string, string>>;
}

export class ServiceControlPolicies extends Construct {
  /** Policies keyed by name suffix. */
  readonly policies: Record<string, OrganizationsPolicy> = {};

  constructor(scope: Construct, id: string, props: ServiceControlPoliciesProps) {
    super(scope, id);
    for (const [suffix, document] of Object.entries(guardrailDocuments(props))) {
      const content = minify(document);
      if (content.length > SCP_MAX_CHARS) {
        throw new Error(`SCP ${props.namePrefix}-${suffix} is ${content.length} characters; AWS allows ${SCP_MAX_CHARS}. Shorten its lists (regions, log groups).`);
      }
      const policy = new OrganizationsPolicy(this, suffix, {
        name: `${props.namePrefix}-${suffix}`,
        description: `Landing zone guardrail: ${suffix}`,
        type: "SERVICE_CONTROL_POLICY",
        content,
      });
      this.policies[suffix] = policy;
      for (const [target, targetId] of Object.entries(props.targets)) {
        new OrganizationsPolicyAttachment(this, `${suffix}-${target}`, { policyId: policy.id, targetId });
      }
    }
  }
}
