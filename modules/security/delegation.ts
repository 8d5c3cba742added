/**
 * # security/delegation
 * In the management account: registers one member account as the delegated
 * administrator of GuardDuty, Security Hub, Inspector (each per region, through
 * that region's provider), AWS Config (the aggregator and the organization
 * rules) and IAM Access Analyzer (Organizations-wide). Nothing else of the
 * security services runs in the management account.
 *
 * Each registration goes through the service's own API where it has one, as
 * the service documents, so the service creates its service-linked role:
 * - GuardDuty: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html
 * - Security Hub: https://docs.aws.amazon.com/securityhub/latest/userguide/designate-orgs-admin-account.html
 * - Inspector: https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html
 * - AWS Config (Organizations API, for config.amazonaws.com and config-multiaccountsetup.amazonaws.com):
 *   https://docs.aws.amazon.com/config/latest/developerguide/aggregated-register-delegated-administrator.html
 * - IAM Access Analyzer (Organizations API): https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-settings.html
 * Each needs the service's trusted access, which the organization module lists
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html).
 */
import { GuarddutyOrganizationAdminAccount } from "@cdktf/provider-aws/lib/guardduty-organization-admin-account";
import { Inspector2DelegatedAdminAccount } from "@cdktf/provider-aws/lib/inspector2-delegated-admin-account";
import { OrganizationsDelegatedAdministrator } from "@cdktf/provider-aws/lib/organizations-delegated-administrator";
import { SecurityhubOrganizationAdminAccount } from "@cdktf/provider-aws/lib/securityhub-organization-admin-account";
import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { SECURITY_SERVICE_PRINCIPALS } from "../../aws/security-services";

/** Which services run; each switch defaults to on. */
export interface SecurityServiceSwitches {
  /** @default true */
  readonly guardDuty?: boolean;
  /** @default true */
  readonly securityHub?: boolean;
  /** @default true */
  readonly config?: boolean;
  /** @default true */
  readonly inspector?: boolean;
  /** @default true */
  readonly accessAnalyzer?: boolean;
}

/** A region other than the home region, with the provider acting there. */
export interface ServiceRegion {
  readonly region: string;
  readonly provider: TerraformProvider;
}

export interface SecurityDelegationsProps {
  /** The security (audit) account that administers the services. */
  readonly adminAccountId: string;
  /** The services to delegate. @default all */
  readonly services?: SecurityServiceSwitches;
  /**
   * The allowed regions other than the home region, with their providers: the regional
   * registrations (GuardDuty, Security Hub, Inspector) are made there too.
   * @default the home region only
   */
  readonly regions?: readonly ServiceRegion[];
  /** What the registrations wait for: the organization with its trusted access, and the member accounts. */
  readonly dependsOn?: ITerraformDependable[];
}

export const on = (switches: SecurityServiceSwitches | undefined, key: keyof SecurityServiceSwitches): boolean => switches?.[key] ?? true;

export class SecurityDelegations extends Construct {
  /** The service principals registered through Organizations' own API (global). */
  readonly organizationsPrincipals: readonly string[];

  constructor(scope: Construct, id: string, props: SecurityDelegationsProps) {
    super(scope, id);
    const { adminAccountId: accountId, services, dependsOn } = props;
    const regions: { suffix: string; provider?: TerraformProvider }[] = [
      { suffix: "" },
      ...(props.regions ?? []).map((r) => ({ suffix: `-${r.region}`, provider: r.provider })),
    ];
    for (const { suffix, provider } of regions) {
      if (on(services, "guardDuty")) new GuarddutyOrganizationAdminAccount(this, `guardduty${suffix}`, { adminAccountId: accountId, provider, dependsOn });
      if (on(services, "securityHub")) new SecurityhubOrganizationAdminAccount(this, `securityhub${suffix}`, { adminAccountId: accountId, provider, dependsOn });
      if (on(services, "inspector")) new Inspector2DelegatedAdminAccount(this, `inspector${suffix}`, { accountId, provider, dependsOn });
    }
    const principals = [
      ...(on(services, "config") ? [SECURITY_SERVICE_PRINCIPALS.config, SECURITY_SERVICE_PRINCIPALS.configMultiAccountSetup] : []),
      ...(on(services, "accessAnalyzer") ? [SECURITY_SERVICE_PRINCIPALS.accessAnalyzer] : []),
    ];
    for (const servicePrincipal of principals) {
      new OrganizationsDelegatedAdministrator(this, servicePrincipal.split(".")[0], { accountId, servicePrincipal, dependsOn });
    }
    this.organizationsPrincipals = principals;
  }
}
