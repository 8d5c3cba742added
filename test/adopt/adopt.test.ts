/**
 * lz adopt against a fake Organizations API: the tree is read (OUs as paths, accounts with their parents),
 * the config written keeps every id, comments each block, infers types only from unambiguous names, and
 * marks what the user must choose, which validation then lists precisely. Existing files are protected.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { OrganizationApi, OrgAccount, readOrganization } from "../../src/adopt/read";
import { accountName, adoptConfig, PLACEHOLDER, placeholders } from "../../src/adopt/write";
import { adopt } from "../../src/cli/adopt";
import { parseConfig } from "../../src/config/load";
import { ConfigError } from "../../src/config/problem";
import { resources, synthConfig } from "../helpers/synth";

const MANAGEMENT = "111111111111";
const acct = (id: string, name: string, state = "ACTIVE"): OrgAccount => ({ id, name, email: `aws+${name.toLowerCase().replace(/ /g, "-")}@corp.example`, state });

/** root: management, Sandbox Box (at the root); Security: Log Archive, Audit; Infrastructure: Network; Workloads/Prod: payments, an old suspended one. */
function fakeApi(): OrganizationApi & { calls: string[] } {
  const children: Record<string, { ous: { id: string; name: string }[]; accounts: OrgAccount[] }> = {
    "r-ab12": { ous: [{ id: "ou-ab12-workload", name: "Workloads" }, { id: "ou-ab12-security", name: "Security" }, { id: "ou-ab12-infrastr", name: "Infrastructure" }], accounts: [acct(MANAGEMENT, "management"), acct("555555555555", "Sandbox Box")] },
    "ou-ab12-security": { ous: [], accounts: [acct("222222222222", "Log Archive"), acct("777777777777", "Audit")] },
    "ou-ab12-infrastr": { ous: [], accounts: [acct("333333333333", "Network")] },
    "ou-ab12-workload": { ous: [{ id: "ou-ab12-prodprod", name: "Prod" }], accounts: [] },
    "ou-ab12-prodprod": { ous: [], accounts: [acct("444444444444", "payments"), acct("666666666666", "old", "SUSPENDED")] },
  };
  const calls: string[] = [];
  return {
    calls,
    describeOrganization: async () => (calls.push("DescribeOrganization"), { id: "o-a1b2c3d4e5", managementAccountId: MANAGEMENT, managementAccountEmail: "aws+management@corp.example" }),
    listRoots: async () => (calls.push("ListRoots"), [{ id: "r-ab12" }]),
    listOrganizationalUnits: async (p) => (calls.push(`ListOrganizationalUnitsForParent ${p}`), children[p].ous),
    listAccounts: async (p) => (calls.push(`ListAccountsForParent ${p}`), children[p].accounts),
  };
}

describe("reading the organization", () => {
  it("walks the tree from the root: OU paths parents first, accounts with their OU, the management account left out", async () => {
    const org = await readOrganization(fakeApi());
    expect(org.units).toEqual([
      { path: "Infrastructure", id: "ou-ab12-infrastr" },
      { path: "Security", id: "ou-ab12-security" },
      { path: "Workloads", id: "ou-ab12-workload" },
      { path: "Workloads/Prod", id: "ou-ab12-prodprod" },
    ]);
    expect(org.accounts.map((a) => [a.name, a.ou])).toEqual([
      ["Sandbox Box", undefined],
      ["Network", "Infrastructure"],
      ["Log Archive", "Security"],
      ["Audit", "Security"],
      ["payments", "Workloads/Prod"],
      ["old", "Workloads/Prod"],
    ]);
  });
});

describe("the config adopt writes", () => {
  const write = async (types: Record<string, string> = {}) => adoptConfig(await readOrganization(fakeApi()), { name: "corp", region: "eu-west-1", types });

  it("names accounts as the config wants", () => {
    expect(accountName("Log Archive", new Set())).toBe("log-archive");
    expect(accountName("123 prod", new Set())).toBe("account-123-prod");
    expect(accountName("network", new Set(["network"]))).toBe("network-2");
  });

  it("keeps the organization id, every OU with its id and every active account with id, email and OU", async () => {
    const { text, skipped } = await write();
    const doc = parseDocument(text).toJS();
    expect(doc.organization).toEqual({
      id: "o-a1b2c3d4e5",
      managementAccountId: MANAGEMENT,
      accessRoleName: "OrganizationAccountAccessRole",
      organizationalUnits: ["Infrastructure", "Security", "Workloads", "Workloads/Prod"],
      organizationalUnitIds: { Infrastructure: "ou-ab12-infrastr", Security: "ou-ab12-security", Workloads: "ou-ab12-workload", "Workloads/Prod": "ou-ab12-prodprod" },
    });
    expect(doc.accounts).toEqual([
      { name: "sandbox-box", displayName: "Sandbox Box", type: PLACEHOLDER, id: "555555555555", email: "aws+sandbox-box@corp.example", ou: PLACEHOLDER },
      { name: "network", displayName: "Network", type: "network", id: "333333333333", email: "aws+network@corp.example", ou: "Infrastructure" },
      { name: "log-archive", displayName: "Log Archive", type: "logging", id: "222222222222", email: "aws+log-archive@corp.example", ou: "Security" },
      { name: "audit", displayName: "Audit", type: "security", id: "777777777777", email: "aws+audit@corp.example", ou: "Security" },
      { name: "payments", type: PLACEHOLDER, id: "444444444444", email: "aws+payments@corp.example", ou: "Workloads/Prod" },
    ]);
    expect(skipped).toEqual(["old (666666666666): SUSPENDED, left out"]);
    expect(text).toContain('id: "444444444444"'); // quoted: an id is a string
  });

  it("comments every block and every guess", async () => {
    const { text } = await write();
    expect(text.split("\n")[0]).toBe("# Written by lz adopt from organization o-a1b2c3d4e5 (management account 111111111111).");
    for (const key of ["name:", "homeRegion:", "organization:", "state:", "accounts:", "network:", "logging:"]) {
      const lines = text.split("\n");
      const at = lines.findIndex((l) => l.startsWith(key));
      expect([key, lines[at - 1].startsWith("#")]).toEqual([key, true]);
    }
    expect(text).toContain("type: logging # type inferred from the name");
    expect(text).toContain("type: security # type inferred from the name");
    expect(text).toContain("type: CHOOSE # choose: logging | network | security | workload");
    expect(text).toContain("ou: CHOOSE # at the root: choose an OU");
    expect(text).toContain("#   old (666666666666): SUSPENDED, left out");
  });

  it("lists precisely what the user must choose, with key paths and lines", async () => {
    const { text } = await write();
    const lineOf = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    expect(placeholders(text)).toEqual([
      `accounts[0].type (sandbox-box) line ${lineOf("type: CHOOSE")}:11`,
      `accounts[0].ou (sandbox-box) line ${lineOf("ou: CHOOSE")}:9`,
      `accounts[4].type (payments) line ${text.split("\n").findIndex((l, i) => i > lineOf("name: payments") - 1 && l.includes("type: CHOOSE")) + 1}:11`,
    ]);
    let problems: string[] = [];
    try {
      parseConfig(text, "adopted.yaml");
    } catch (e) {
      problems = (e as ConfigError).problems.map((p) => `${p.path.join(".")}`);
    }
    // Validation refuses both placeholder types (the OU of an account whose entry does not parse is checked once it does).
    expect(problems.sort()).toEqual(["accounts.0.type", "accounts.4.type"]);
  });

  it("validates once the types are chosen with --type, and the organization stack imports every OU and account", async () => {
    const org = await readOrganization(fakeApi());
    const { text } = adoptConfig({ ...org, accounts: org.accounts.filter((a) => a.ou) }, { name: "corp", region: "eu-west-1", types: { payments: "workload" } });
    const config = parseConfig(text, "adopted.yaml");
    expect(config.workloads.map((w) => w.name)).toEqual(["payments"]);
    const stack = synthConfig(config).stack("organization");
    expect(stack.import.map((i: { to: string; id: string }) => [i.to, i.id]).sort()).toEqual(
      [
        ["aws_organizations_organization.organization", "o-a1b2c3d4e5"],
        ["aws_organizations_organizational_unit.ous_infrastructure", "ou-ab12-infrastr"],
        ["aws_organizations_organizational_unit.ous_security", "ou-ab12-security"],
        ["aws_organizations_organizational_unit.ous_workloads", "ou-ab12-workload"],
        ["aws_organizations_organizational_unit.ous_workloads_prod", "ou-ab12-prodprod"],
        ['aws_organizations_account.account["log-archive"]', "222222222222"],
        ['aws_organizations_account.account["audit"]', "777777777777"],
        ['aws_organizations_account.account["network"]', "333333333333"],
        ['aws_organizations_account.account["payments"]', "444444444444"],
      ].sort(),
    );
    expect(Object.keys(resources(stack, "aws_organizations_organizational_unit")).length).toBe(4);
    // Adopted accounts keep their names in Organizations: nothing is renamed.
    const names = Object.fromEntries(Object.entries(resources(stack, "aws_organizations_account").account.for_each as Record<string, { name: string }>).map(([k, v]) => [k, v.name]));
    expect(names).toEqual({ "log-archive": "Log Archive", audit: "Audit", network: "Network", payments: "payments" });
  });
});

describe("lz adopt: files", () => {
  const dir = () => mkdtempSync(join(tmpdir(), "lz-adopt-"));
  const opts = (out: string, force = false) => ({ out, name: "corp", region: "eu-west-1", type: {}, force });

  it("writes a new file and says what to choose", async () => {
    const out = join(dir(), "landing-zone.yaml");
    const lines = await adopt(fakeApi(), opts(out));
    expect(readFileSync(out, "utf8")).toContain("o-a1b2c3d4e5");
    expect(lines.join("\n")).toContain("Choose in ");
    expect(lines.join("\n")).toContain("  accounts[4].type (payments) line");
  });

  it("never touches a file it did not write, even with --force, and reads nothing from AWS first", async () => {
    const out = join(dir(), "landing-zone.yaml");
    writeFileSync(out, "name: mine\n");
    const api = fakeApi();
    await expect(adopt(api, opts(out, true))).rejects.toThrow(`${out} exists and was not written by lz adopt; it is left alone`);
    expect(readFileSync(out, "utf8")).toBe("name: mine\n");
    expect(api.calls).toEqual([]);
  });

  it("replaces its own file only with --force", async () => {
    const out = join(dir(), "landing-zone.yaml");
    await adopt(fakeApi(), opts(out));
    await expect(adopt(fakeApi(), opts(out))).rejects.toThrow("pass --force to replace it");
    await adopt(fakeApi(), { ...opts(out, true), type: { payments: "workload" } });
    expect(readFileSync(out, "utf8")).toContain("type: workload");
  });
});

describe("the AWS SDK", () => {
  it("is loaded by lz adopt only: loading the CLI does not load @aws-sdk/client-organizations", () => {
    const { execFileSync } = jest.requireActual<typeof import("node:child_process")>("node:child_process");
    const script = `require(${JSON.stringify(join(__dirname, "..", "..", "dist", "src", "cli", "index.js"))}); console.log(Object.keys(require.cache).filter((k) => k.includes("client-organizations")).length)`;
    expect(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim()).toBe("0");
  });
});

describe("displayName in the config", () => {
  it("refuses a name Organizations would not take, at its key and line", () => {
    const text = readFileSync(join(__dirname, "..", "..", "landing-zone.yaml"), "utf8").replace("  - name: network\n", `  - name: network\n    displayName: "${"x".repeat(51)}"\n`);
    try {
      parseConfig(text, "x.yaml");
      throw new Error("accepted");
    } catch (e) {
      const p = (e as ConfigError).problems.map((x) => `${x.path.join(".")}@${x.line}: ${x.message}`);
      expect(p).toEqual([`accounts.1.displayName@${text.split("\n").findIndex((l) => l.includes("displayName")) + 1}: must be at most 50 characters (AWS Organizations' limit)`]);
    }
  });
});
