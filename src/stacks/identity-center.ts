/**
 * identity-center: people's access, in the management account, where the
 * organization's IAM Identity Center instance lives. Permission sets and group
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
 * organization stack's own account resources, through its outputs.
 */
import { Construct } from "constructs";
import { IdentityCenter } from "../../modules/identity-center";
import { Account, LandingZoneConfig } from "../config/types";
import { AccountStack } from "./account-stack";
import { IDENTITY_CENTER } from "./names";

export class IdentityCenterStack extends AccountStack {
  readonly identityCenter: IdentityCenter;

  constructor(scope: Construct, config: LandingZoneConfig, accountIdOf: (account: Account) => string) {
    // The management account's baseline lives in the organization stack.
    super(scope, IDENTITY_CENTER, config, { name: "management", id: config.organization.managementAccountId, assumeRole: false }, { baseline: false });
    const byName = new Map(config.accounts.map((a) => [a.name, a]));
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
