/**
 * Semantic rules for `access:` and `budgets:`. Groups live in Identity Center
 * and cannot be checked offline (the plan fails on an unknown group); every
 * other name is checked here.
 */
import { MAX_BUDGET_EMAIL_SUBSCRIBERS } from "../../aws/budgets";
import { ConfigPath, Problem } from "./problem";
import { BUILT_IN_PERMISSION_SET_NAMES, MAX_INLINE_POLICY_CHARS, MAX_SESSION_MINUTES, MIN_SESSION_MINUTES, sessionMinutes } from "./permission-sets";
import { reading, Rule, RuleSpec } from "./rule-spec";
import { ouPaths } from "./ous";

const problem = (path: ConfigPath, message: string, hint: string): Problem => ({ path, message, hint });

export const permissionSetNames: Rule = (c) => {
  const seen = new Map<string, number>();
  return c.access.permissionSets.flatMap((s, i) => {
    const path: ConfigPath = ["access", "permissionSets", i, "name"];
    if (BUILT_IN_PERMISSION_SET_NAMES.includes(s.name)) {
      return [problem(path, `"${s.name}" is a built-in permission set`, `give your set another name (e.g. Custom${s.name}); built-ins are ${BUILT_IN_PERMISSION_SET_NAMES.join(", ")}`)];
    }
    const first = seen.get(s.name.toLowerCase());
    if (first !== undefined) return [problem(path, `permission set "${s.name}" is already defined at access.permissionSets[${first}]`, "give each permission set its own name")];
    seen.set(s.name.toLowerCase(), i);
    return [];
  });
};

export const sessionDurations: Rule = (c) =>
  c.access.permissionSets.flatMap((s, i) => {
    const path: ConfigPath = ["access", "permissionSets", i, "sessionDuration"];
    const minutes = sessionMinutes(s.sessionDuration);
    if (minutes === undefined) return [problem(path, `"${s.sessionDuration}" is not an ISO-8601 duration of hours and minutes`, "write it like PT4H or PT1H30M")];
    if (minutes < MIN_SESSION_MINUTES || minutes > MAX_SESSION_MINUTES) {
      return [problem(path, `a session of ${s.sessionDuration} is outside the 1 to 12 hours IAM Identity Center allows`, "use PT1H to PT12H")];
    }
    return [];
  });

export const inlinePolicySize: Rule = (c) =>
  c.access.permissionSets.flatMap((s, i) => {
    if (!s.inlinePolicy) return [];
    const size = JSON.stringify(s.inlinePolicy).length;
    return size <= MAX_INLINE_POLICY_CHARS
      ? []
      : [problem(["access", "permissionSets", i, "inlinePolicy"], `the inline policy is ${size} characters; IAM Identity Center allows ${MAX_INLINE_POLICY_CHARS}`, "move statements into customer managed policies, or shorten it")];
  });

export const assignmentTargets: Rule = (c) => {
  const sets = new Set([...BUILT_IN_PERMISSION_SET_NAMES, ...c.access.permissionSets.map((s) => s.name)]);
  const accounts = new Set(c.accounts.map((a) => a.name));
  const ous = ouPaths(c);
  return c.access.assignments.flatMap((a, i) => {
    const at = (...rest: (string | number)[]): ConfigPath => ["access", "assignments", i, ...rest];
    const out: Problem[] = [];
    if (!sets.has(a.permissionSet)) out.push(problem(at("permissionSet"), `unknown permission set "${a.permissionSet}"`, `use one of ${[...sets].join(", ")}, or define it in access.permissionSets`));
    a.accounts.forEach((name, j) => {
      if (!accounts.has(name)) out.push(problem(at("accounts", j), `unknown account "${name}"`, `use an account name from accounts: ${[...accounts].join(", ")}`));
    });
    a.ous.forEach((ou, j) => {
      if (!ous.has(ou)) out.push(problem(at("ous", j), `unknown OU "${ou}"`, `use one of ${[...ous].join(", ") || "(none)"}`));
    });
    if (a.accounts.length === 0 && a.ous.length === 0) out.push(problem(at(), "assigns to no account", "list accounts, ous, or both"));
    return out;
  });
};

export const budgetAccounts: Rule = (c) => {
  const accounts = new Map(c.accounts.filter(Boolean).map((a) => [a.name, a] as const));
  return Object.entries(c.budgets.accounts).flatMap(([name, b]) => {
    const path: ConfigPath = ["budgets", "accounts", name];
    const account = accounts.get(name);
    if (!account) return [problem(path, `unknown account "${name}"`, `use an account name from accounts: ${[...accounts.keys()].join(", ")}`)];
    if (b.monthlyUsd === undefined && c.budgets.default === undefined) {
      return [problem(path, `no monthlyUsd for ${name}, and no budgets.default to take it from`, "give this account a monthlyUsd, or set budgets.default")];
    }
    return [];
  });
};

/** Each budget alerts the account's own email plus its notify list: at most 10 addresses per notification (AWS Budgets). */
export const budgetRecipients: Rule = (c) => {
  const max = MAX_BUDGET_EMAIL_SUBSCRIBERS - 1;
  const check = (path: ConfigPath, notify: readonly string[] | undefined): Problem[] =>
    notify && notify.length > max
      ? [problem(path, `${notify.length} addresses, with the account's own email, exceed the ${MAX_BUDGET_EMAIL_SUBSCRIBERS} email subscribers AWS Budgets allows per notification`, `list at most ${max}, or a distribution list`)]
      : [];
  return [
    ...check(["budgets", "default", "notify"], c.budgets.default?.notify),
    ...Object.entries(c.budgets.accounts).flatMap(([name, b]) => check(["budgets", "accounts", name, "notify"], b.notify)),
  ];
};

export const ACCESS_RULES: readonly RuleSpec[] = [
  reading(permissionSetNames, "access"),
  reading(sessionDurations, "access"),
  reading(inlinePolicySize, "access"),
  // Both name accounts, so they need every entry parsed (a broken entry is no unknown account).
  { check: assignmentTargets, reads: ["access", "accounts", "organization"], everyAccount: true },
  { check: budgetAccounts, reads: ["budgets", "accounts"], everyAccount: true },
  reading(budgetRecipients, "budgets"),
];
