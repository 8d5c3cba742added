/**
 * organization: the organization, OUs, SCPs, member accounts and the
 * CloudTrail delegated administrator, in the management account. Other stacks
 * read the organization id and ARN and the account ids from this stack's
 * outputs, the contract in src/stacks/contracts.ts.
 */
import { CloudtrailOrganizationDelegatedAdminAccount } from "@cdktf/provider-aws/lib/cloudtrail-organization-delegated-admin-account";
import { Construct } from "constructs";
import { MemberAccounts, Organization, OrganizationalUnits, ServiceControlPolicies, SuspendedPolicy } from "../../modules/organization";
import { SUSPENDED_OU } from "../config/ous";
import { SecurityDelegations } from "../../modules/security/delegation";
import { SECURITY_SERVICE_SWITCHES } from "../config/schema";
import { Account, LandingZoneConfig } from "../config/types";
import { ACCOUNT_TAG, AccountStack } from "./account-stack";
import { publishOrganization } from "./contracts";
import { ciReadRoleName, deployerRoleName, LZ_ROLE_PATH, ORGANIZATION, suspendedPolicyName, trailLogGroupName } from "./names";
import { accountBudgets } from "./budgets";
import { identityCenterDelegation } from "./identity-center";

export class OrganizationStack extends AccountStack {
  private readonly members: MemberAccounts;
  /** The organization id (o-…), within this stack. */
  readonly organizationId: string;
  /** The organization ARN, within this stack. */
  readonly organizationArn: string;
  /** The organization root id (r-…), where the security stack associates Security Hub's configuration policy. */
  readonly organizationRootId: string;

  constructor(scope: Construct, config: LandingZoneConfig) {
    const management = { name: "management", id: config.organization.managementAccountId, assumeRole: false };
    // The management account gets the account baseline too (CIS applies to every account). SCPs do not
    // bind it, so nothing here can conflict with them; bootstrap, the other management-account stack, holds no baseline.
    super(scope, ORGANIZATION, config, management);
    const org = new Organization(this, "organization", { existingId: config.organization.id });
    this.organizationId = org.id;
    this.organizationArn = org.arn;
    this.organizationRootId = org.rootId;
    // Retired accounts (lz retire) move to the Suspended OU, created when the first one is retired.
    const retired = config.accounts.some((a) => a.retired);
    const paths = [...new Set([...config.organization.organizationalUnits, ...(retired ? [SUSPENDED_OU] : [])])];
    const ous = new OrganizationalUnits(this, "ous", { paths, rootId: org.rootId, existingIds: config.organization.organizationalUnitIds });
    this.members = new MemberAccounts(this, "account", {
      // Each account is tagged with its own name: the management provider's default tags would say "management".
      // A retired account stays in the keyed resource (close_on_deletion false, prevent_destroy): it only moves.
      accounts: config.accounts.map((a) => ({ name: a.name, displayName: a.displayName, email: a.email, existingId: a.id, parentId: ous.idOf(a.retired ? SUSPENDED_OU : a.ou), tags: { [ACCOUNT_TAG]: a.name } })),
      accessRoleName: config.organization.accessRoleName,
    });
    new ServiceControlPolicies(this, "scp", {
      namePrefix: config.name,
      targets: { root: org.rootId },
      accessRoleName: config.organization.accessRoleName,
      deployerRoleName: deployerRoleName(config.name),
      rolePath: LZ_ROLE_PATH,
      allowedRegions: config.allowedRegions,
      trailLogGroupNames: [trailLogGroupName(config.name)],
      securityServices: SECURITY_SERVICE_SWITCHES.filter((s) => config.securityServices[s]),
    });
    if (retired) {
      new SuspendedPolicy(this, "scp-suspended", {
        name: suspendedPolicyName(config.name),
        targetId: ous.idOf(SUSPENDED_OU),
        accessRoleName: config.organization.accessRoleName,
        deployerRoleName: deployerRoleName(config.name),
        rolePath: LZ_ROLE_PATH,
        readOnlyRoleName: config.ci ? ciReadRoleName(config.name) : undefined,
      });
    }
    // Registered through the CloudTrail API: only that creates CloudTrail's service-linked role in the management account.
    new CloudtrailOrganizationDelegatedAdminAccount(this, "cloudtrail-delegated-admin", {
      accountId: this.accountIdOf(config.loggingAccount),
      dependsOn: [org.organization, this.members.resource],
    });
    // IAM Identity Center's delegated administrator, when access.administrator names one (src/stacks/identity-center.ts).
    identityCenterDelegation(this, config, (account) => this.accountIdOf(account), [org.organization, this.members.resource]);
    // The security account administers GuardDuty, Security Hub, Inspector (in every allowed region),
    // AWS Config and Access Analyzer; nothing of them runs here but the registrations.
    new SecurityDelegations(this, "security-delegation", {
      adminAccountId: this.accountIdOf(config.securityAccount),
      services: config.securityServices,
      regions: [...this.regionalProviders].map(([region, provider]) => ({ region, provider })),
      dependsOn: [org.organization, this.members.resource],
    });
    // Money: each account's budget and the anomaly monitor, from the payer (src/stacks/budgets.ts).
    accountBudgets(this, config, (account) => this.accountIdOf(account));

    // The contract other stacks read through remote state (src/stacks/contracts.ts).
    publishOrganization(this, {
      organizationId: org.id,
      organizationArn: org.arn,
      rootId: org.rootId,
      accountIds: Object.fromEntries(config.accounts.map((a) => [a.name, this.members.idOf(a.name)])),
    });
  }

  /** The id of a member account within this stack: its literal id, or the account resource's id. Other stacks use readOrganization(). */
  accountIdOf(account: Account): string {
    return this.members.idOf(account.name);
  }
}
