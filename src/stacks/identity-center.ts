/**
 * identity-center: people's access, in the management account, where the
 * organization's IAM Identity Center instance lives, or in the member account
 * `access.administrator` names, registered by the organization stack as its
 * delegated administrator. The landing zone never assigns access to the
 * management account (it is no account of `accounts`), so nothing here needs
 * the management account, which alone may manage permission sets provisioned
 * to it (https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin-how-to-register.html). Permission sets and group
 * assignments (OU assignments were fanned out to the OU's accounts when the
 * config was resolved, so an account added to the config later gets them at its
 * next synth and apply).
 *
 * Why a stack of its own, applied after every account stack rather than inside
 * `organization`: a permission set that references a customer managed policy
 * (the built-in SessionUser, PlatformEngineer and Developer reference the
 * baseline's `<name>-session-user`) can only be provisioned to an account where
 * that policy already exists
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/howtocmp.html), and
 * the baseline creates it in the account's own stack, which itself needs the
 * organization stack first (for a vended account, its id). In `organization`
 * the first apply would fail on every such assignment and hold back the waves
 * that create the policy. Account ids of vended accounts come from the
 * organization stack's `account_ids` output (src/stacks/contracts.ts).
 */
import { Construct } from "constructs";
import { TerraformResource } from "cdktf";
import { DelegatedAdministrator, IdentityCenter } from "../../modules/identity-center";
import { Account, LandingZoneConfig } from "../config/types";
import { AccountStack } from "./account-stack";
import { readOrganization } from "./contracts";
import { IDENTITY_CENTER } from "./names";

export class IdentityCenterStack extends AccountStack {
  readonly identityCenter: IdentityCenter;

  constructor(scope: Construct, config: LandingZoneConfig) {
    // In the management account, or in the delegated administrator through its deployer role. Either
    // account's baseline lives in its own stack (organization, or the account's stack).
    const byName = new Map(config.accounts.map((a) => [a.name, a]));
    const administrator = identityCenterAdministrator(config);
    super(
      scope,
      IDENTITY_CENTER,
      config,
      administrator
        ? (self) => ({ name: administrator.name, id: readOrganization(self, config).accountIdOf(administrator), assumeRole: true })
        : { name: "management", id: config.organization.managementAccountId, assumeRole: false },
      { baseline: false },
    );
    const accountIdOf = (account: Account) => readOrganization(this, config).accountIdOf(account);
    this.identityCenter = new IdentityCenter(this, "identity-center", {
      permissionSets: config.access.permissionSets.map((s) => ({
        name: s.name,
        description: s.description,
        sessionDuration: s.sessionDuration,
        managedPolicyArns: s.awsManagedPolicies,
        customerManagedPolicies: s.customerManagedPolicies,
        inlinePolicy: s.inlinePolicy,
        permissionsBoundary: s.permissionsBoundary && { managedPolicyArn: s.permissionsBoundary.awsManagedPolicy, customerManagedPolicy: s.permissionsBoundary.customerManagedPolicy },
      })),
      assignments: config.access.assignments.map((a) => ({ group: a.group, permissionSet: a.permissionSet, accountName: a.account, accountId: accountIdOf(byName.get(a.account)!) })),
    });
  }
}

/** The delegated administrator of IAM Identity Center (access.administrator), or undefined for the management account. */
export function identityCenterAdministrator(config: LandingZoneConfig): Account | undefined {
  return config.access.administrator === undefined ? undefined : config.accounts.find((a) => a.name === config.access.administrator);
}

/**
 * In the organization stack: registers access.administrator as IAM Identity Center's delegated
 * administrator (nothing when Identity Center stays with the management account).
 */
export function identityCenterDelegation(scope: Construct, config: LandingZoneConfig, accountIdOf: (account: Account) => string, dependsOn: TerraformResource[]): DelegatedAdministrator | undefined {
  const administrator = identityCenterAdministrator(config);
  return administrator && new DelegatedAdministrator(scope, "identity-center-delegated-admin", { accountId: accountIdOf(administrator), dependsOn });
}
