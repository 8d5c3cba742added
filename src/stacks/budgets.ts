/**
 * Money in the management account (the payer), wired from the config: each
 * account's monthly budget, filtered by its LinkedAccount so a vended account
 * is covered from the start, and the organization's cost anomaly monitor. Part
 * of the organization stack, which owns the member accounts whose ids budgets
 * need. People (IAM Identity Center) have their own stack: identity-center.ts.
 */
import { Construct } from "constructs";
import { Budgets } from "../../modules/budgets";
import { Account, LandingZoneConfig } from "../config/types";

/** Construct id, for the report and tests. */
export const BUDGETS_ID = "budgets";

export function accountBudgets(scope: Construct, config: LandingZoneConfig, accountIdOf: (account: Account) => string): Budgets {
  const byName = new Map(config.accounts.map((a) => [a.name, a]));
  return new Budgets(scope, BUDGETS_ID, {
    namePrefix: config.name,
    budgets: config.budgets.map((b) => ({ name: b.account, accountId: accountIdOf(byName.get(b.account)!), monthlyUsd: b.monthlyUsd, notify: b.notify })),
    anomalyNotify: config.budgets.flatMap((b) => b.notify),
  });
}
