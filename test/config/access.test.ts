/** access: and budgets: resolved from the example, and every bad input refused with its key path and line:col. */
import { formatPath } from "../../src/config/problem";
import { MAX_INLINE_POLICY_CHARS, MAX_INLINE_POLICY_NON_WHITESPACE } from "../../src/config/permission-sets";
import { Edit, expectProblemAt, problemsOf } from "../helpers/config";
import { exampleConfig } from "../helpers/synth";
import { parseDocument } from "yaml";
import { configWarnings, parseConfig } from "../../src/config/load";
import { exampleText } from "../helpers/synth";

const ASSIGN = ["access", "assignments"];
const SETS = ["access", "permissionSets"];
const ownSet = (extra: Record<string, unknown> = {}) => ({ name: "DataScientist", awsManagedPolicies: ["job-function/DataScientist"], ...extra });

const cases: [string, Edit, string, RegExp][] = [
  ["an unknown permission set", (d) => d.setIn([...ASSIGN, 2, "permissionSet"], "Developers"), "access.assignments[2].permissionSet", /unknown permission set "Developers"/],
  ["an unknown account in an assignment", (d) => d.setIn([...ASSIGN, 4, "accounts"], ["payments-prod", "payments"]), "access.assignments[4].accounts[1]", /unknown account "payments"/],
  ["an unknown OU in an assignment", (d) => d.setIn([...ASSIGN, 2, "ous", 0], "Workloads/Dev"), "access.assignments[2].ous[0]", /unknown OU "Workloads\/Dev"/],
  ["an assignment to nothing", (d) => d.deleteIn([...ASSIGN, 4, "ous"]), "access.assignments[4]", /assigns to no account/],
  ["a session longer than 12 hours", (d) => d.setIn(SETS, [ownSet({ sessionDuration: "PT13H" })]), "access.permissionSets[0].sessionDuration", /PT13H is outside the 1 to 12 hours/],
  ["a session shorter than an hour", (d) => d.setIn(SETS, [ownSet({ sessionDuration: "PT30M" })]), "access.permissionSets[0].sessionDuration", /PT30M is outside the 1 to 12 hours/],
  ["a session that is not ISO-8601", (d) => d.setIn(SETS, [ownSet({ sessionDuration: "4h" })]), "access.permissionSets[0].sessionDuration", /not an ISO-8601 duration/],
  [
    "an inline policy over the size limit",
    (d) => d.setIn(SETS, [ownSet({ inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: Array.from({ length: 1000 }, (_, i) => `arn:aws:s3:::bucket-${i}/objects/*`) }] } })]),
    "access.permissionSets[0].inlinePolicy",
    new RegExp(`inline policy is \\d+ characters; IAM Identity Center allows ${MAX_INLINE_POLICY_CHARS}`),
  ],
  [
    // About 12,000 characters as compact JSON: under 32,768, over the 10,240 non-whitespace characters AWS allows.
    "an inline policy over the non-whitespace limit",
    (d) => d.setIn(SETS, [ownSet({ inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::bucket-${i}/objects/*`) }] } })]),
    "access.permissionSets[0].inlinePolicy",
    new RegExp(`inline policy has \\d+ non-whitespace characters; IAM Identity Center allows ${MAX_INLINE_POLICY_NON_WHITESPACE}`),
  ],
  [
    "more managed policies than a permission set holds",
    (d) => d.setIn(SETS, [ownSet({ awsManagedPolicies: ["ReadOnlyAccess"], customerManagedPolicies: Array.from({ length: 20 }, (_, i) => ({ name: `team-${i}` })) })]),
    "access.permissionSets[0].awsManagedPolicies",
    /21 AWS managed and customer managed policies; IAM Identity Center attaches at most 20/,
  ],
  ["two sets with one name", (d) => d.setIn(SETS, [ownSet(), ownSet()]), "access.permissionSets[1].name", /already defined at access.permissionSets\[0\]/],
  ["a set named like a built-in", (d) => d.setIn(SETS, [ownSet({ name: "Admin" })]), "access.permissionSets[0].name", /"Admin" is a built-in permission set/],
  ["a permission set name with spaces", (d) => d.setIn(SETS, [ownSet({ name: "Data Scientist" })]), "access.permissionSets[0].name", /1-32 characters/],
  ["a budget for an unknown account", (d) => d.setIn(["budgets", "accounts", "payments"], { monthlyUsd: 10 }), "budgets.accounts.payments", /unknown account "payments"/],
  ["a budget without an amount and no default", (d) => { d.deleteIn(["budgets", "default"]); d.setIn(["budgets", "accounts", "network"], { notify: ["a@acme.example"] }); }, "budgets.accounts.network", /no monthlyUsd for network/],
  ["a negative budget", (d) => d.setIn(["budgets", "default", "monthlyUsd"], -5), "budgets.default.monthlyUsd", /must be more than 0/],
  [
    "a budget alerting more addresses than AWS Budgets allows",
    (d) => d.setIn(["budgets", "default", "notify"], Array.from({ length: 10 }, (_, i) => `p${i}@acme.example`)),
    "budgets.default.notify",
    /10 addresses, with the account's own email, exceed the 10 email subscribers/,
  ],
  ["a managed policy that is neither a name nor an ARN", (d) => d.setIn(SETS, [ownSet({ awsManagedPolicies: ["Read Only Access"] })]), "access.permissionSets[0].awsManagedPolicies[0]", /must be an AWS managed policy name .* or its ARN/],
  ["a managed policy ARN of another account", (d) => d.setIn(SETS, [ownSet({ awsManagedPolicies: ["arn:aws:iam::123456789012:policy/Mine"] })]), "access.permissionSets[0].awsManagedPolicies[0]", /must be an AWS managed policy name/],
  ["an unknown Identity Center administrator", (d) => d.setIn(["access", "administrator"], "audit-tools"), "access.administrator", /unknown account "audit-tools"/],
  ["the management account as Identity Center administrator", (d) => d.setIn(["access", "administrator"], "management"), "access.administrator", /the management account cannot be IAM Identity Center's delegated administrator/],
  ["the management account's id as Identity Center administrator", (d) => d.setIn(["access", "administrator"], "111111111111"), "access.administrator", /the management account cannot be/],
  ["a budget notify that is not an email", (d) => d.setIn(["budgets", "default", "notify", 0], "finops"), "budgets.default.notify[0]", /must be an email/],
];

describe("access and budgets validation", () => {
  it.each(cases)("refuses %s, naming the key path and line:col", (_name, edit, path, message) => {
    expectProblemAt(problemsOf(edit), path, message);
  });
});

describe("AWS managed policy names (cannot be checked against AWS offline)", () => {
  const warningsOf = (edit: Edit) => {
    const doc = parseDocument(exampleText());
    edit(doc);
    const text = doc.toString();
    return { text, warnings: configWarnings(parseConfig(text)) };
  };

  it("accepts a name, a name with its path and an ARN from the common list without a warning", () => {
    const { warnings } = warningsOf((d) => d.setIn(SETS, [ownSet({ awsManagedPolicies: ["ReadOnlyAccess", "job-function/ViewOnlyAccess", "arn:aws:iam::aws:policy/SecurityAudit"] })]));
    expect(warnings).toEqual([]);
  });

  it("warns, at the entry's line:col and with a did-you-mean, about a name outside the common list, and still synthesizes", () => {
    const { text, warnings } = warningsOf((d) => d.setIn(SETS, [ownSet({ awsManagedPolicies: ["ReadOnlyAcess"], permissionsBoundary: { awsManagedPolicy: "MyRareBoundary" } })]));
    expect(warnings.map((w) => formatPath(w.path))).toEqual(["access.permissionSets[0].awsManagedPolicies[0]", "access.permissionSets[0].permissionsBoundary.awsManagedPolicy"]);
    expect(warnings[0].message).toMatch(/"ReadOnlyAcess" is not one of the commonly used AWS managed policies/);
    expect(warnings[0].hint).toMatch(/did you mean ReadOnlyAccess\?/);
    expect(warnings[0].line).toBe(text.split("\n").findIndex((l) => l.includes("ReadOnlyAcess")) + 1);
    expect(warnings[0].col).toBeGreaterThan(0);
  });
});

describe("access resolution", () => {
  const config = exampleConfig();

  it("offers the six built-in sets, secure by default", () => {
    const sets = Object.fromEntries(config.access.permissionSets.map((s) => [s.name, s]));
    expect(Object.keys(sets)).toEqual(["Admin", "PlatformEngineer", "Developer", "ReadOnly", "SecurityAudit", "SessionUser"]);
    expect(sets.Admin).toMatchObject({ sessionDuration: "PT1H", awsManagedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"] });
    expect(sets.ReadOnly.awsManagedPolicies).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    expect(sets.SecurityAudit.awsManagedPolicies).toEqual(["arn:aws:iam::aws:policy/SecurityAudit", "arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    expect(sets.SessionUser).toMatchObject({ awsManagedPolicies: [], customerManagedPolicies: [{ name: "acme-session-user", path: "/" }] });
  });

  it("fans an OU assignment out to every account in the OU and below it", () => {
    const of = (group: string, set: string) => config.access.assignments.filter((a) => a.group === group && a.permissionSet === set).map((a) => a.account);
    expect(of("developers", "Developer")).toEqual(["analytics-dev"]);
    expect(of("developers", "ReadOnly")).toEqual(["payments-prod"]);
    expect(of("auditors", "SecurityAudit")).toEqual(["log-archive", "security", "network", "payments-prod", "analytics-dev"]);
  });

  it("gives an account added to an OU later the OU's assignments", () => {
    const doc = parseDocument(exampleText());
    (doc.get("accounts") as { add(v: unknown): void }).add({ name: "batch-dev", type: "workload", email: "aws+batch-dev@acme.example", ou: "Workloads/NonProd" });
    const later = parseConfig(doc.toString());
    expect(later.access.assignments.filter((a) => a.account === "batch-dev").map((a) => `${a.group}:${a.permissionSet}`)).toEqual([
      "platform-admins:Admin",
      "platform-engineers:PlatformEngineer",
      "developers:Developer",
      "auditors:SecurityAudit",
    ]);
  });

  it("resolves an own set's managed policy names to ARNs and its boundary", () => {
    const doc = parseDocument(exampleText());
    doc.setIn(SETS, [ownSet({ sessionDuration: "PT2H", permissionsBoundary: { awsManagedPolicy: "PowerUserAccess" }, customerManagedPolicies: [{ name: "data-lake-read" }] })]);
    const set = parseConfig(doc.toString()).access.permissionSets.find((s) => s.name === "DataScientist")!;
    expect(set).toMatchObject({
      builtIn: false,
      sessionDuration: "PT2H",
      awsManagedPolicies: ["arn:aws:iam::aws:policy/job-function/DataScientist"],
      customerManagedPolicies: [{ name: "data-lake-read", path: "/" }],
      permissionsBoundary: { awsManagedPolicy: "arn:aws:iam::aws:policy/PowerUserAccess" },
    });
  });

  it("budgets every workload by default, other accounts by entry, always telling the account's own email", () => {
    expect(config.budgets).toEqual([
      { account: "log-archive", monthlyUsd: 300, notify: ["aws+log-archive@acme.example", "finops@acme.example"] },
      { account: "network", monthlyUsd: 1500, notify: ["aws+network@acme.example", "finops@acme.example"] },
      { account: "payments-prod", monthlyUsd: 500, notify: ["aws+payments-prod@acme.example", "finops@acme.example"] },
      { account: "analytics-dev", monthlyUsd: 500, notify: ["aws+analytics-dev@acme.example", "finops@acme.example"] },
    ]);
  });
});
