/**
 * # security/config
 * AWS Config from the delegated administrator: an organization aggregator
 * (every account, the allowed regions) through a role AWS Config assumes, and
 * organization managed rules backing the landing zone's own controls, in
 * every allowed region (rules about account-wide, global settings in the home
 * region only). The rules evaluate only in accounts and regions with a
 * configuration recorder; AWS Config reports an account without one as a
 * failed deployment of the rule.
 * - Aggregator: https://docs.aws.amazon.com/config/latest/developerguide/set-up-aggregator-cli.html
 * - Organization rules: https://docs.aws.amazon.com/config/latest/developerguide/config-rule-multi-account-deployment.html
 */
import { ConfigConfigurationAggregator } from "@cdktf/provider-aws/lib/config-configuration-aggregator";
import { ConfigOrganizationManagedRule } from "@cdktf/provider-aws/lib/config-organization-managed-rule";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { PASSWORD_POLICY } from "../baseline";
import { CONFIG_ORGANIZATIONS_POLICY_ARN, SECURITY_SERVICE_PRINCIPALS } from "../../aws/security-services";

/** An AWS Config managed rule deployed to the organization. */
export interface OrganizationRule {
  /** The managed rule's identifier (https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html). */
  readonly identifier: string;
  /** Evaluates an account-wide, global setting: deployed in the home region only. */
  readonly global?: boolean;
  /** A periodic rule: how often it runs. */
  readonly frequency?: "One_Hour" | "Three_Hours" | "Six_Hours" | "Twelve_Hours" | "TwentyFour_Hours";
  /** Resource types a change-triggered rule evaluates. */
  readonly resourceTypes?: readonly string[];
  readonly parameters?: Readonly<Record<string, string>>;
}

/** The rules behind the baseline's and the guardrails' controls. */
export const ORGANIZATION_RULES: readonly OrganizationRule[] = [
  { identifier: "ENCRYPTED_VOLUMES", resourceTypes: ["AWS::EC2::Volume"] },
  { identifier: "EC2_EBS_ENCRYPTION_BY_DEFAULT", frequency: "TwentyFour_Hours" },
  { identifier: "EC2_IMDSV2_CHECK", resourceTypes: ["AWS::EC2::Instance"] },
  { identifier: "CLOUD_TRAIL_ENABLED", frequency: "TwentyFour_Hours" },
  { identifier: "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC", global: true, frequency: "TwentyFour_Hours" },
  { identifier: "ROOT_ACCOUNT_MFA_ENABLED", global: true, frequency: "TwentyFour_Hours" },
  { identifier: "IAM_ROOT_ACCESS_KEY_CHECK", global: true, frequency: "TwentyFour_Hours" },
  {
    identifier: "IAM_PASSWORD_POLICY",
    global: true,
    frequency: "TwentyFour_Hours",
    // The policy the baseline applies: the rule fails an account that is weaker.
    parameters: {
      RequireUppercaseCharacters: String(PASSWORD_POLICY.requireUppercaseCharacters),
      RequireLowercaseCharacters: String(PASSWORD_POLICY.requireLowercaseCharacters),
      RequireSymbols: String(PASSWORD_POLICY.requireSymbols),
      RequireNumbers: String(PASSWORD_POLICY.requireNumbers),
      MinimumPasswordLength: String(PASSWORD_POLICY.minimumPasswordLength),
      PasswordReusePrevention: String(PASSWORD_POLICY.passwordReusePrevention),
      MaxPasswordAge: String(PASSWORD_POLICY.maxPasswordAge),
    },
  },
];

/** The rule's name: `<prefix>-encrypted-volumes`. */
export const organizationRuleName = (prefix: string, identifier: string): string => `${prefix}-${identifier.toLowerCase().replace(/_/g, "-")}`;

/**
 * The trust policy of the aggregator's role: AWS Config, acting for this account only
 * ("Add an aggregator for an organization", https://docs.aws.amazon.com/config/latest/developerguide/set-up-aggregator-cli.html;
 * confused-deputy condition from https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html).
 */
export function aggregatorTrustStatements(accountId: string) {
  return [
    {
      sid: "ConfigAggregatesTheOrganization",
      principals: [{ type: "Service", identifiers: [SECURITY_SERVICE_PRINCIPALS.config] }],
      actions: ["sts:AssumeRole"],
      condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
    },
  ];
}

export interface ConfigOrganizationProps {
  /** Prefix for the aggregator, role and rule names. */
  readonly namePrefix: string;
  /** The delegated administrator (this stack's account). */
  readonly accountId: string;
  /** Regions the aggregator collects from. */
  readonly regions: readonly string[];
  /** The other allowed regions, with their providers: the regional rules are deployed there too. @default none */
  readonly regionalProviders?: readonly { readonly region: string; readonly provider: TerraformProvider }[];
  /** @default ORGANIZATION_RULES */
  readonly rules?: readonly OrganizationRule[];
  /** Accounts the rules skip (e.g. the management account, which a member's rule cannot reach). @default none */
  readonly excludedAccounts?: readonly string[];
  /** What the aggregator and rules wait for: the delegations in the management account. */
  readonly dependsOn?: ITerraformDependable[];
}

export class ConfigOrganization extends Construct {
  readonly aggregator: ConfigConfigurationAggregator;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ConfigOrganizationProps) {
    super(scope, id);
    const { namePrefix, dependsOn } = props;
    const trust = new DataAwsIamPolicyDocument(this, "aggregator-trust", { statement: aggregatorTrustStatements(props.accountId) });
    this.role = new IamRole(this, "aggregator-role", {
      name: `${namePrefix}-config-aggregator`,
      description: "Lets AWS Config list the organization's accounts for the organization aggregator",
      assumeRolePolicy: trust.json,
    });
    const attachment = new IamRolePolicyAttachment(this, "aggregator-policy", { role: this.role.name, policyArn: CONFIG_ORGANIZATIONS_POLICY_ARN });
    this.aggregator = new ConfigConfigurationAggregator(this, "aggregator", {
      name: `${namePrefix}-organization`,
      organizationAggregationSource: { allRegions: false, regions: [...props.regions], roleArn: this.role.arn },
      dependsOn: [attachment, ...(dependsOn ?? [])],
    });
    const rules = props.rules ?? ORGANIZATION_RULES;
    const places: { suffix: string; provider?: TerraformProvider; home: boolean }[] = [
      { suffix: "", home: true },
      ...(props.regionalProviders ?? []).map((r) => ({ suffix: `-${r.region}`, provider: r.provider, home: false })),
    ];
    for (const { suffix, provider, home } of places) {
      for (const rule of rules.filter((r) => home || !r.global)) {
        const name = organizationRuleName(namePrefix, rule.identifier);
        new ConfigOrganizationManagedRule(this, `rule-${name.slice(namePrefix.length + 1)}${suffix}`, {
          name,
          ruleIdentifier: rule.identifier,
          maximumExecutionFrequency: rule.frequency,
          resourceTypesScope: rule.resourceTypes ? [...rule.resourceTypes] : undefined,
          inputParameters: rule.parameters ? JSON.stringify(rule.parameters) : undefined,
          excludedAccounts: props.excludedAccounts ? [...props.excludedAccounts] : undefined,
          provider,
          dependsOn,
        });
      }
    }
  }
}
