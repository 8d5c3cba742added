/** Resolves `access:` (built-in and own permission sets, assignments fanned out over OUs) and `budgets:`. */
import { awsManagedPolicyArn, builtInPermissionSets, PermissionSet } from "./permission-sets";
import { ParsedConfig } from "./schema";

export type { PermissionSet, PolicyReference } from "./permission-sets";

/** One group given one permission set in one account. */
export interface AccountAssignment {
  readonly group: string;
  readonly permissionSet: string;
  readonly account: string;
  /** Where it comes from: the account named, or the OU it sits in. */
  readonly via: string;
}

export interface Access {
  /**
   * The member account (by name) that administers IAM Identity Center as its delegated administrator,
   * where the identity-center stack runs; undefined: the management account.
   */
  readonly administrator?: string;
  /** Built-in sets first, then the config's own, in config order. */
  readonly permissionSets: readonly PermissionSet[];
  /** Every (group, set, account), once, in config order. */
  readonly assignments: readonly AccountAssignment[];
}

export interface Budget {
  readonly account: string;
  readonly monthlyUsd: number;
  /** The account's own email, then the notify list, without repeats. */
  readonly notify: readonly string[];
}

/** Whether account `ou` lies in OU `target` or below it. */
export const inOu = (ou: string, target: string): boolean => ou === target || ou.startsWith(`${target}/`);

export function resolveAccess(config: ParsedConfig): Access {
  const own: PermissionSet[] = config.access.permissionSets.map((s) => ({
    name: s.name,
    description: s.description ?? `${s.name} (landing zone permission set)`,
    sessionDuration: s.sessionDuration,
    awsManagedPolicies: s.awsManagedPolicies.map(awsManagedPolicyArn),
    customerManagedPolicies: s.customerManagedPolicies,
    inlinePolicy: s.inlinePolicy,
    permissionsBoundary: s.permissionsBoundary
      ? "awsManagedPolicy" in s.permissionsBoundary
        ? { awsManagedPolicy: awsManagedPolicyArn(s.permissionsBoundary.awsManagedPolicy) }
        : { customerManagedPolicy: s.permissionsBoundary.customerManagedPolicy }
      : undefined,
    builtIn: false,
  }));
  const seen = new Set<string>();
  const assignments: AccountAssignment[] = [];
  // A retired account sits under the Suspended OU's deny-all SCP: nobody signs in to it any more.
  const retired = new Set(config.accounts.filter((a) => a.retired).map((a) => a.name));
  const add = (group: string, permissionSet: string, account: string, via: string) => {
    if (retired.has(account)) return;
    const key = JSON.stringify([group, permissionSet, account]);
    if (seen.has(key)) return;
    seen.add(key);
    assignments.push({ group, permissionSet, account, via });
  };
  for (const a of config.access.assignments) {
    for (const account of a.accounts) add(a.group, a.permissionSet, account, `account ${account}`);
    for (const ou of a.ous) for (const account of config.accounts.filter((x) => inOu(x.ou, ou))) add(a.group, a.permissionSet, account.name, `OU ${ou}`);
  }
  return { administrator: config.access.administrator, permissionSets: [...builtInPermissionSets(config.name), ...own], assignments };
}

/** Budgets: every workload account gets the default unless it has its own entry; other accounts only with an entry. */
export function resolveBudgets(config: ParsedConfig): Budget[] {
  const { default: fallback, accounts } = config.budgets;
  return config.accounts.flatMap((a) => {
    const own = accounts[a.name];
    if (!own && (a.type !== "workload" || !fallback)) return [];
    const monthlyUsd = own?.monthlyUsd ?? fallback?.monthlyUsd;
    if (monthlyUsd === undefined) return []; // rules refuse this before resolve runs
    const notify = [...new Set([a.email, ...(own?.notify ?? fallback?.notify ?? [])])];
    return [{ account: a.name, monthlyUsd, notify }];
  });
}
