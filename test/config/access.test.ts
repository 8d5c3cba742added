/** access: and budgets: resolved from the example, and every bad input refused with its key path and line:col. */
import { formatPath } from "../../src/config/problem";
import { MAX_INLINE_POLICY_CHARS } from "../../src/config/permission-sets";
import { Edit, problemsOf } from "../helpers/config";
import { exampleConfig } from "../helpers/synth";
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
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
  ["a budget notify that is not an email", (d) => d.setIn(["budgets", "default", "notify", 0], "finops"), "budgets.default.notify[0]", /must be an email/],
];

describe("access and budgets validation", () => {
  it.each(cases)("refuses %s, naming the key path and line:col", (_name, edit, path, message) => {
    const problems = problemsOf(edit);
    const match = problems.find((p) => formatPath(p.path) === path);
    expect(match).toBeDefined();
    expect(match!.message).toMatch(message);
    expect(match!.hint.length).toBeGreaterThan(5);
    expect(match!.line).toBeGreaterThan(0);
    expect(match!.col).toBeGreaterThan(0);
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
