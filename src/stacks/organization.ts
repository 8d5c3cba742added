/**
 * organization: the organization, OUs, SCPs, member accounts and the
 * CloudTrail delegated administrator, in the management account. Other stacks
 * read a vended account's id and the organization id from this stack's outputs.
 */
import { CloudtrailOrganizationDelegatedAdminAccount } from "@cdktf/provider-aws/lib/cloudtrail-organization-delegated-admin-account";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { MemberAccounts, Organization, OrganizationalUnits, ServiceControlPolicies, SuspendedPolicy } from "../../modules/organization";
import { SUSPENDED_OU } from "../config/ous";
import { Account, LandingZoneConfig } from "../config/types";
import { ACCOUNT_TAG, AccountStack } from "./account-stack";
import { accountIdOutput, deployerRoleName, LZ_ROLE_PATH, ORGANIZATION, suspendedPolicyName, trailLogGroupName } from "./names";
import { accountBudgets } from "./budgets";

export class OrganizationStack extends AccountStack {
  private readonly members: MemberAccounts;
  /** The organization id (o-…), for aws:PrincipalOrgID conditions in other stacks. */
  readonly organizationId: string;
  /** The organization ARN, for RAM shares to the whole organization. */
  readonly organizationArn: string;

  constructor(scope: Construct, config: LandingZoneConfig) {
    const management = { name: "management", id: config.organization.managementAccountId, assumeRole: false };
    // The management account gets the account baseline too (CIS applies to every account). SCPs do not
    // bind it, so nothing here can conflict with them; bootstrap, the other management-account stack, holds no baseline.
    super(scope, ORGANIZATION, config, management);
    const org = new Organization(this, "organization", { existingId: config.organization.id });
    this.organizationId = org.id;
    this.organizationArn = org.arn;
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
    });
    if (retired) {
      new SuspendedPolicy(this, "scp-suspended", {
        name: suspendedPolicyName(config.name),
        targetId: ous.idOf(SUSPENDED_OU),
        accessRoleName: config.organization.accessRoleName,
        deployerRoleName: deployerRoleName(config.name),
        rolePath: LZ_ROLE_PATH,
      });
    }
    // Registered through the CloudTrail API: only that creates CloudTrail's service-linked role in the management account.
    new CloudtrailOrganizationDelegatedAdminAccount(this, "cloudtrail-delegated-admin", {
      accountId: this.accountIdOf(config.loggingAccount),
      dependsOn: [org.organization, this.members.resource],
    });
    // Money: each account's budget and the anomaly monitor, from the payer (src/stacks/budgets.ts).
    accountBudgets(this, config, (account) => this.accountIdOf(account));

    new TerraformOutput(this, "organization_id", { value: org.id, description: "The organization id" });
    new TerraformOutput(this, "organization_root_id", { value: org.rootId, description: "The organization root id" });
    for (const account of config.accounts) {
      new TerraformOutput(this, accountIdOutput(account.name), { value: this.members.idOf(account.name), description: `Account id of ${account.name}` });
    }
  }

  /** The id of a member account: its literal id, or this stack's output for a vended account. */
  accountIdOf(account: Account): string {
    return this.members.idOf(account.name);
  }
}
