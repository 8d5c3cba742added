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
 *   the trail's log groups cannot be deleted or changed, the account baseline
 *   (EBS default encryption, IMDS defaults, S3 account public access block,
 *   password policy, Access Analyzer) cannot be changed, and neither can the
 *   organization's access role nor any role on the landing zone's IAM path:
 *   all of it except by the deployer role, which is how the landing zone
 *   itself applies them. The access role may only create roles on that path
 *   (CreateRole, AttachRolePolicy, TagRole), which is how an account's
 *   `access-<account>` stack creates its deployer role; it cannot change one
 *   once it exists. An SCP Deny binds every principal of a member account,
 *   administrators included; `aws:PrincipalArn` is the role's ARN with its path
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html,
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn);
 * - `region-guard`: nothing outside the allowed regions, global services
 *   excepted (the list follows AWS's example "Deny access to AWS based on the
 *   requested AWS Region" in the Organizations user guide).
 *
 * SCPs never apply to the management account.
 */
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import { Construct } from "constructs";
import { SCP_MAX_CHARS } from "../../aws/organizations";
import { accountRootArn } from "../../aws/iam";
import { SECURITY_SERVICE_DISABLE_ACTIONS } from "../../aws/security-services";

export { SCP_MAX_CHARS };

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
  /** The organization's role in member accounts (OrganizationAccountAccessRole); protected, and only allowed to create roles on `rolePath`. */
  readonly accessRoleName: string;
  /** The role the landing zone applies through in member accounts; the only principal exempt from the protections. */
  readonly deployerRoleName: string;
  /** IAM path (`/lz/`) of the deployer and the landing zone's other roles; every role on it is protected. */
  readonly rolePath: string;
  /** Regions member accounts may use. */
  readonly allowedRegions: readonly string[];
  /** Names of the organization trail's CloudWatch Logs groups. */
  readonly trailLogGroupNames: readonly string[];
  /**
   * Security services that run in every account: turning them off (or detaching from their administrator)
   * is denied to everyone but the deployer role.
   * @default none
   */
  readonly securityServices?: readonly (keyof typeof SECURITY_SERVICE_DISABLE_ACTIONS)[];
}

/** What changes an existing role's trust, permissions or boundary, or deletes it: denied on every protected role. */
const ROLE_TAMPERING = [
  "iam:DeleteRole",
  "iam:DeleteRolePermissionsBoundary",
  "iam:DeleteRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePermissionsBoundary",
  "iam:PutRolePolicy",
  "iam:UpdateAssumeRolePolicy",
];

const doc = (...statements: ScpStatement[]): ScpDocument => ({ Version: "2012-10-17", Statement: statements });

/** The three guardrail documents, keyed by the name suffix of their policy. */
export function guardrailDocuments(o: GuardrailOptions): Record<"guardrails" | "protect-landing-zone" | "region-guard", ScpDocument> {
  const accessRoleArn = `arn:aws:iam::*:role/${o.accessRoleName}`;
  const deployerRoleArn = `arn:aws:iam::*:role${o.rolePath}${o.deployerRoleName}`;
  const landingZoneRoles = `arn:aws:iam::*:role${o.rolePath}*`;
  const exceptDeployer: ConditionBlock = { ArnNotLike: { "aws:PrincipalArn": deployerRoleArn } };
  const exceptDeployerAndAccessRole: ConditionBlock = { ArnNotLike: { "aws:PrincipalArn": [deployerRoleArn, accessRoleArn] } };
  return {
    guardrails: doc(
      { Sid: "DenyLeavingOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" },
      { Sid: "DenyRootUser", Effect: "Deny", Action: "*", Resource: "*", Condition: { StringLike: { "aws:PrincipalArn": accountRootArn("*") } } },
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
        Condition: exceptDeployer,
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
        Condition: exceptDeployer,
      },
      {
        Sid: "DenyAccessRoleChanges",
        Effect: "Deny",
        Action: [...ROLE_TAMPERING, "iam:AttachRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:UpdateRole", "iam:UpdateRoleDescription"].sort(),
        Resource: accessRoleArn,
        Condition: exceptDeployer,
      },
      {
        // Nobody but the deployer changes a landing zone role once it exists: not its trust, policies,
        // boundary or settings, and nobody deletes it. The access role included.
        Sid: "DenyLandingZoneRoleChanges",
        Effect: "Deny",
        Action: [...ROLE_TAMPERING, "iam:UpdateRole*"].sort(),
        Resource: landingZoneRoles,
        Condition: exceptDeployer,
      },
      {
        // Creating one (CreateRole with its tags, then attaching its managed policy) is left to the
        // access role too, for the access-<account> stacks: CreateRole fails on a name that exists.
        Sid: "DenyLandingZoneRoleCreation",
        Effect: "Deny",
        Action: ["iam:AttachRolePolicy", "iam:CreateRole", "iam:TagRole", "iam:UntagRole"],
        Resource: landingZoneRoles,
        Condition: exceptDeployerAndAccessRole,
      },
      {
        Sid: "DenyBaselineChanges",
        Effect: "Deny",
        Action: [
          ...SECURITY_SERVICE_DISABLE_ACTIONS.accessAnalyzer,
          "ec2:DisableEbsEncryptionByDefault",
          "ec2:ModifyEbsDefaultKmsKeyId",
          "ec2:ModifyInstanceMetadataDefaults",
          "ec2:ResetEbsDefaultKmsKeyId",
          "iam:DeleteAccountPasswordPolicy",
          "iam:UpdateAccountPasswordPolicy",
          "s3:PutAccountPublicAccessBlock",
        ],
        Resource: "*",
        Condition: exceptDeployer,
      },
      ...securityServicesStatement(o.securityServices ?? [], exceptDeployer),
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

/** GuardDuty, Security Hub, AWS Config, Inspector and Access Analyzer stay on: only the deployer role may turn them off. */
function securityServicesStatement(services: readonly (keyof typeof SECURITY_SERVICE_DISABLE_ACTIONS)[], exceptDeployer: ConditionBlock): ScpStatement[] {
  // Access Analyzer's DeleteAnalyzer is in DenyBaselineChanges already (the baseline's analyzers).
  const actions = services.filter((s) => s !== "accessAnalyzer").flatMap((s) => SECURITY_SERVICE_DISABLE_ACTIONS[s]);
  return actions.length ? [{ Sid: "DenySecurityServicesOff", Effect: "Deny", Action: actions, Resource: "*", Condition: exceptDeployer }] : [];
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

export interface SuspendedOptions {
  /** The organization's role in member accounts; exempt so the organization can still reach the account. */
  readonly accessRoleName: string;
  /** The landing zone's deployer role; exempt so the workload stack can destroy the account's contents. */
  readonly deployerRoleName: string;
  /** IAM path of the deployer role (`/lz/`). */
  readonly rolePath: string;
  /**
   * CI's read-only role in member accounts (on `rolePath`), exempt so read-only plans and the drift check
   * still read a retired account's stacks; it holds ReadOnlyAccess only, so the exemption lets it read, never write.
   * @default none: no read-only role exists
   */
  readonly readOnlyRoleName?: string;
}

/**
 * The deny-all SCP of the Suspended OU, where retired accounts go: every action of every principal
 * of the account is denied, except the deployer role (which destroys the account's contents and the
 * hub side of its spoke), the organization's access role (the way back in, and the role the
 * access stack reads the deployer through) and, with CI, the read-only ci-read role (read-only plans
 * and the drift check of the account's stacks; it holds ReadOnlyAccess only). The exception is an `ArnNotLike` on `aws:PrincipalArn`,
 * AWS's recommended form for "deny all but these roles"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html: use
 * aws:PrincipalArn with ARN condition operators instead of NotPrincipal). SCPs never restrict
 * service-linked roles nor the management account
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
 */
export function suspendedDocument(o: SuspendedOptions): ScpDocument {
  return doc({
    Sid: "DenyAllButLandingZoneRoles",
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: {
      ArnNotLike: {
        "aws:PrincipalArn": [
          `arn:aws:iam::*:role${o.rolePath}${o.deployerRoleName}`,
          `arn:aws:iam::*:role/${o.accessRoleName}`,
          ...(o.readOnlyRoleName ? [`arn:aws:iam::*:role${o.rolePath}${o.readOnlyRoleName}`] : []),
        ],
      },
    },
  });
}

export interface SuspendedPolicyProps extends SuspendedOptions {
  /** Policy name. */
  readonly name: string;
  /** The Suspended OU's id. */
  readonly targetId: string;
}

/** The Suspended OU's deny-all SCP and its attachment (see `suspendedDocument`). */
export class SuspendedPolicy extends Construct {
  readonly policy: OrganizationsPolicy;

  constructor(scope: Construct, id: string, props: SuspendedPolicyProps) {
    super(scope, id);
    this.policy = new OrganizationsPolicy(this, "policy", {
      name: props.name,
      description: "Landing zone: retired accounts, nothing but the landing zone's roles may act",
      type: "SERVICE_CONTROL_POLICY",
      content: minify(suspendedDocument(props)),
    });
    new OrganizationsPolicyAttachment(this, "attachment", { policyId: this.policy.id, targetId: props.targetId });
  }
}
