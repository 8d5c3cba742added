/**
 * # security/security-hub
 * Security Hub with central configuration, from the delegated administrator's
 * home region: Security Hub on in the administrator account, a finding
 * aggregator linking every other allowed region into the home region, the
 * organization configuration set to CENTRAL (no local auto-enable), and one
 * configuration policy enabling Security Hub with the AWS Foundational
 * Security Best Practices and CIS AWS Foundations Benchmark v3.0.0 standards,
 * associated with the organization root so every account, current and new,
 * in every linked region gets it
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-intro.html).
 * Designating the administrator enables Security Hub in that account
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html), so with
 * `adoptExisting` the account's hub is adopted with an `import` block (its id is the account id).
 * Central configuration needs the aggregator first
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/start-central-configuration.html).
 */
import { SecurityhubAccount } from "@cdktf/provider-aws/lib/securityhub-account";
import { SecurityhubConfigurationPolicy } from "@cdktf/provider-aws/lib/securityhub-configuration-policy";
import { SecurityhubConfigurationPolicyAssociation } from "@cdktf/provider-aws/lib/securityhub-configuration-policy-association";
import { SecurityhubFindingAggregator } from "@cdktf/provider-aws/lib/securityhub-finding-aggregator";
import { SecurityhubOrganizationConfiguration } from "@cdktf/provider-aws/lib/securityhub-organization-configuration";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { securityHubStandardArn } from "../../aws/security-services";

export interface SecurityHubOrganizationProps {
  /** Prefix for the configuration policy's name. */
  readonly namePrefix: string;
  /** The home region: the aggregator and the configuration policy live here (the stack's default provider). */
  readonly homeRegion: string;
  /** The other regions whose findings are aggregated and which the policy covers. @default none */
  readonly linkedRegions?: readonly string[];
  /** Where the configuration policy is associated: the organization root id (r-…), an OU id or an account id. */
  readonly targetId: string;
  /**
   * Standards the policy enables, as home-region ARNs.
   * @default FSBP v1.0.0 and CIS AWS Foundations v3.0.0
   */
  readonly standardArns?: readonly string[];
  /** The administrator account (the import id of its hub). Required with `adoptExisting`. */
  readonly accountId?: string;
  /**
   * Adopt the hub the delegation enabled (import) instead of enabling it.
   * @default false
   */
  readonly adoptExisting?: boolean;
  /** What Security Hub waits for: the delegation in the management account. */
  readonly dependsOn?: ITerraformDependable[];
}

export class SecurityHubOrganization extends Construct {
  readonly account: SecurityhubAccount;
  readonly aggregator: SecurityhubFindingAggregator;
  readonly policy: SecurityhubConfigurationPolicy;

  constructor(scope: Construct, id: string, props: SecurityHubOrganizationProps) {
    super(scope, id);
    const region = props.homeRegion;
    const linked = props.linkedRegions ?? [];
    this.account = new SecurityhubAccount(this, "account", {
      enableDefaultStandards: false,
      controlFindingGenerator: "SECURITY_CONTROL",
      autoEnableControls: true,
      dependsOn: props.dependsOn,
      // Only EnableSecurityHub takes it, and an import cannot read it back; the configuration policy
      // decides the standards under central configuration, so it must never force a replacement.
      lifecycle: props.adoptExisting ? { ignoreChanges: ["enable_default_standards"] } : undefined,
    });
    if (props.adoptExisting) {
      if (!props.accountId) throw new Error("SecurityHubOrganization: adoptExisting needs accountId (the hub's import id)");
      this.account.importFrom(props.accountId);
    }
    this.aggregator = new SecurityhubFindingAggregator(this, "aggregator", {
      linkingMode: linked.length > 0 ? "SPECIFIED_REGIONS" : "NO_REGIONS",
      specifiedRegions: linked.length > 0 ? [...linked] : undefined,
      dependsOn: [this.account],
    });
    const organization = new SecurityhubOrganizationConfiguration(this, "organization", {
      autoEnable: false,
      autoEnableStandards: "NONE",
      organizationConfiguration: { configurationType: "CENTRAL" },
      dependsOn: [this.aggregator],
    });
    this.policy = new SecurityhubConfigurationPolicy(this, "policy", {
      name: `${props.namePrefix}-security-hub`,
      description: "Security Hub on in every account and linked region, with FSBP and CIS AWS Foundations v3.0.0",
      configurationPolicy: {
        serviceEnabled: true,
        enabledStandardArns: [...(props.standardArns ?? [securityHubStandardArn.foundationalBestPractices(region), securityHubStandardArn.cisV3(region)])],
        // Every control of the enabled standards, including the ones AWS adds later.
        securityControlsConfiguration: { disabledControlIdentifiers: [] },
      },
      dependsOn: [organization],
    });
    new SecurityhubConfigurationPolicyAssociation(this, "policy-association", { targetId: props.targetId, policyId: this.policy.id });
  }
}
