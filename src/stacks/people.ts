/**
 * People and money in the management account, wired from the config: IAM
 * Identity Center permission sets and group assignments (OU assignments were
 * fanned out to the OU's accounts when the config was resolved, so an account
 * added to the config later gets them at its next synth), the accounts'
 * budgets and the organization's cost anomaly monitor. Part of the
 * organization stack, which owns the member accounts whose ids both need.
 */
import { Construct } from "constructs";
import { Budgets } from "../../modules/budgets";
import { IdentityCenter } from "../../modules/identity-center";
import { Account, LandingZoneConfig } from "../config/types";

/** Construct ids, for the report and tests. */
export const IDENTITY_CENTER_ID = "identity-center";
export const BUDGETS_ID = "budgets";

export function peopleAndMoney(scope: Construct, config: LandingZoneConfig, accountIdOf: (account: Account) => string): { identityCenter: IdentityCenter; budgets: Budgets } {
  const byName = new Map(config.accounts.map((a) => [a.name, a]));
  const identityCenter = new IdentityCenter(scope, IDENTITY_CENTER_ID, {
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
  const budgets = new Budgets(scope, BUDGETS_ID, {
    namePrefix: config.name,
    budgets: config.budgets.map((b) => ({ name: b.account, accountId: accountIdOf(byName.get(b.account)!), monthlyUsd: b.monthlyUsd, notify: b.notify })),
    anomalyNotify: config.budgets.flatMap((b) => b.notify),
  });
  return { identityCenter, budgets };
}
