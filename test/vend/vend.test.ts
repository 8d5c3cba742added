import fc from "fast-check";
import { parseConfig } from "../../src/config/load";
import { ConfigError } from "../../src/config/problem";
import { appendAccount } from "../../src/vend/insert";
import { vend, VendRequest } from "../../src/vend/vend";
import { exampleText, lineOf } from "../helpers/synth";

const request = (over: Partial<VendRequest> = {}): VendRequest => ({ name: "payments-dev", email: "aws+payments-dev@acme.example", ou: "Workloads/NonProd", ...over });

/** The problems vend reports, as "path: message" lines. */
function problems(text: string, req: VendRequest): string[] {
  try {
    vend(text, "lz.yaml", req);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.path.join(".")}: ${p.message}`);
    throw e;
  }
  throw new Error("vend succeeded");
}

/** Splits `after` into what precedes and follows the lines added to `before`. */
function outsideInsert(before: string, after: string): { head: string; inserted: string; tail: string } {
  let head = 0;
  while (head < before.length && before[head] === after[head]) head++;
  head = before.lastIndexOf("\n", head - 1) + 1;
  const tailLength = before.length - head;
  return { head: after.slice(0, head), inserted: after.slice(head, after.length - tailLength), tail: after.slice(after.length - tailLength) };
}

describe("lz vend: the config edit", () => {
  it("keeps every byte outside the inserted entry, comments included", () => {
    const before = exampleText();
    const result = vend(before, "landing-zone.yaml", request());
    const { head, inserted, tail } = outsideInsert(before, result.text);
    expect(head + tail).toBe(before);
    expect(inserted).toBe(["  - name: payments-dev", "    type: workload", "    email: aws+payments-dev@acme.example", "    ou: Workloads/NonProd", "    cidr: 10.16.32.0/20", ""].join("\n"));
    // The new entry follows the last account (the security account).
    expect(head.endsWith("    ou: Security\n")).toBe(true);
    expect(tail.startsWith("network:\n")).toBe(true);
    expect(result.text).toContain("# yaml-language-server: $schema=./landing-zone.schema.json");
    expect(result.text).toContain("interfaceEndpoints: [ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, apprunner, logs, sts, kms]");
  });

  it("keeps the rest of the file byte-for-byte whatever comments and blank lines it holds", () => {
    const lines = exampleText().split("\n");
    const edits = fc.array(fc.record({ line: fc.nat({ max: lines.length - 2 }), kind: fc.constantFrom("trailing", "full", "indented", "blank"), text: fc.stringMatching(/^[a-z #:-]{0,12}$/) }), { maxLength: 12 });
    fc.assert(
      fc.property(edits, (changes) => {
        const edited = [...lines];
        for (const c of [...changes].sort((a, b) => b.line - a.line)) {
          if (c.kind === "trailing" && /^\s*[\w-]+:\s*[^\s|>[{]/.test(edited[c.line]) && !edited[c.line].includes("#")) edited[c.line] += ` # ${c.text}`;
          else if (c.kind === "full") edited.splice(c.line + 1, 0, `# ${c.text}`);
          else if (c.kind === "indented") edited.splice(c.line + 1, 0, `    # ${c.text}`);
          else if (c.kind === "blank") edited.splice(c.line + 1, 0, "");
        }
        const before = edited.join("\n");
        const was = before.split("\n");
        const now = vend(before, "lz.yaml", request()).text.split("\n");
        // Line level: the new text is the old text with one block of lines inserted at some line i.
        let i = 0;
        while (i < was.length && was[i] === now[i]) i++;
        const added = now.length - was.length;
        expect(now.slice(i + added)).toEqual(was.slice(i));
        // That block is the entry, plus one blank line when the list's entries are apart by blank lines.
        // (Where a blank line borders the block, either side of it may count as the inserted one.)
        const block = now.slice(i, i + added);
        const entry = block.filter((l) => l !== "");
        expect(block.length - entry.length).toBeLessThanOrEqual(1);
        expect(entry[0]).toBe("  - name: payments-dev");
        expect(entry.slice(1)).toHaveLength(4);
        for (const line of entry.slice(1)) expect(line).toMatch(/^ {4}\w+: .+$/);
      }),
      {
        numRuns: 200,
        // Once found by fast-check: a blank line right after the last account.
        examples: [[[{ line: 30, kind: "blank", text: "" }, { line: 36, kind: "blank", text: "" }]]],
      },
    );
  });

  it("adds a workload with no id, so the organization stack creates the account", () => {
    const result = vend(exampleText(), "landing-zone.yaml", request());
    const account = result.config.accounts[result.index];
    expect(account).toEqual({ name: "payments-dev", type: "workload", id: undefined, email: "aws+payments-dev@acme.example", ou: "Workloads/NonProd", retired: false });
    expect(result.stack).toBe("workload-payments-dev");
    expect(result.config.workloads.map((w) => w.stackName)).toContain("workload-payments-dev");
  });

  it("pins the next free block of the pool, past explicit blocks and blocks allocated to other workloads", () => {
    // payments-prod holds 10.16.0.0/20 explicitly, analytics-dev is allocated 10.16.16.0/20.
    const result = vend(exampleText(), "landing-zone.yaml", request());
    expect(result.cidr).toBe("10.16.32.0/20");
    expect(result.cidrSource).toBe("pool");
    expect(result.text).toContain("    cidr: 10.16.32.0/20\n");
    const workloads = Object.fromEntries(result.config.workloads.map((w) => [w.name, w.cidr]));
    expect(workloads).toEqual({ "payments-prod": "10.16.0.0/20", "analytics-dev": "10.16.16.0/20", "payments-dev": "10.16.32.0/20" });
  });

  it("fills a gap between explicit blocks before going past them", () => {
    const text = exampleText().replace("    # no cidr: allocated from network.workloadCidrPool\n", "    cidr: 10.16.32.0/20\n");
    const result = vend(text, "lz.yaml", request());
    expect(result.cidr).toBe("10.16.16.0/20");
  });

  it("never takes a block in use: the same file vended twice gets two different blocks", () => {
    const once = vend(exampleText(), "lz.yaml", request());
    const twice = vend(once.text, "lz.yaml", request({ name: "payments-qa", email: "aws+payments-qa@acme.example" }));
    expect([once.cidr, twice.cidr]).toEqual(["10.16.32.0/20", "10.16.48.0/20"]);
    expect(parseConfig(twice.text).workloads.map((w) => w.cidr)).toEqual(["10.16.0.0/20", "10.16.16.0/20", "10.16.32.0/20", "10.16.48.0/20"]);
  });

  it("uses --cidr when given, and validates it like any cidr", () => {
    expect(vend(exampleText(), "lz.yaml", request({ cidr: "10.17.0.0/20" })).cidrSource).toBe("explicit");
    expect(problems(exampleText(), request({ cidr: "10.0.0.0/20" }))).toEqual([": --cidr: 10.0.0.0/20 lies outside network.workloadCidrPool 10.16.0.0/12", ": --cidr: 10.0.0.0/20 overlaps the hub 10.0.0.0/16"]);
    expect(problems(exampleText(), request({ cidr: "10.16.0.0/20" }))).toEqual([": --cidr: 10.16.0.0/20 overlaps accounts[2].cidr (10.16.0.0/20)"]);
  });

  it("refuses a --cidr that overlaps a block allocated to a workload without an explicit cidr", () => {
    expect(problems(exampleText(), request({ cidr: "10.16.16.0/20" }))).toEqual(["accounts.3: --cidr 10.16.16.0/20 overlaps 10.16.16.0/20, allocated to analytics-dev"]);
  });

  it("refuses a duplicate name, a duplicate email (any case) and an unknown OU, all at once", () => {
    expect(problems(exampleText(), request({ name: "payments-prod", email: "AWS+Network@acme.example", ou: "Workloads/Staging" }))).toEqual([
      "accounts.1.email: --email AWS+Network@acme.example is already the address of network",
      "accounts.2.name: --name payments-prod is taken by this account",
      "organization.organizationalUnits: --ou Workloads/Staging: unknown OU",
    ]);
  });

  it("gives the position of the clashing entry and the known OUs", () => {
    try {
      vend(exampleText(), "lz.yaml", request({ name: "network", ou: "Nope" }));
      throw new Error("vend succeeded");
    } catch (e) {
      const text = (e as ConfigError).format();
      expect(text).toContain(`lz.yaml:${lineOf(exampleText(), "- name: network")}:11  accounts[1].name: --name network is taken`);
      expect(text).toMatch(/fix: use one of Security, Infrastructure, Workloads, Workloads\/Prod, Workloads\/NonProd/);
    }
  });

  it("refuses a malformed name or email before touching the file", () => {
    expect(problems(exampleText(), request({ name: "Payments_Dev", email: "nope" }))).toEqual(["accounts: --name \"Payments_Dev\" is not a valid account name", "accounts: --email \"nope\" is not an email address"]);
  });

  it("reports a full pool with a fix", () => {
    const text = exampleText().replace("workloadCidrPool: 10.16.0.0/12", "workloadCidrPool: 10.16.0.0/19");
    expect(problems(text, request())).toEqual(["network.workloadCidrPool: network.workloadCidrPool 10.16.0.0/19 has no free /20 left for payments-dev"]);
  });

  it("refuses to edit an invalid config, reporting its problems", () => {
    const text = exampleText().replace("retentionDays: 365", "retentionDays: 100");
    expect(problems(text, request())[0]).toMatch(/^logging.retentionDays/);
  });
});

describe("appending to the accounts list", () => {
  const entry = { name: "new", type: "workload", email: "a@b.example", ou: "X" };

  it("follows the list's own indentation", () => {
    const text = "accounts:\n- name: a\n  type: logging\nother: 1\n";
    expect(appendAccount(text, entry)).toBe("accounts:\n- name: a\n  type: logging\n- name: new\n  type: workload\n  email: a@b.example\n  ou: X\nother: 1\n");
  });

  it("keeps a blank line between entries when the list has them", () => {
    const text = "accounts:\n  - name: a\n\n  - name: b\n\n# next\nother: 1\n";
    expect(appendAccount(text, { name: "c" })).toBe("accounts:\n  - name: a\n\n  - name: b\n\n  - name: c\n\n# next\nother: 1\n");
  });

  it("leaves a comment that belongs to the next key where it is", () => {
    const text = "accounts:\n  - name: a\n    # about a\n# about other\nother: 1\n";
    expect(appendAccount(text, { name: "b" })).toBe("accounts:\n  - name: a\n    # about a\n  - name: b\n# about other\nother: 1\n");
  });

  it("appends at the end of a file that ends with the list and no newline", () => {
    expect(appendAccount("x: 1\naccounts:\n  - name: a", { name: "b" })).toBe("x: 1\naccounts:\n  - name: a\n  - name: b\n");
  });

  it("keeps Windows line endings", () => {
    expect(appendAccount("accounts:\r\n  - name: a\r\nother: 1\r\n", { name: "b", ou: "Y" })).toBe("accounts:\r\n  - name: a\r\n  - name: b\r\n    ou: Y\r\nother: 1\r\n");
  });

  it("quotes values YAML would otherwise misread", () => {
    const out = appendAccount("accounts:\n  - name: a\n", { name: "b", ou: "yes: no #x" });
    expect(out).toBe("accounts:\n  - name: a\n  - name: b\n    ou: \"yes: no #x\"\n");
  });

  it("refuses a flow-style list rather than reformatting the file", () => {
    expect(() => appendAccount("accounts: [{name: a}]\n", { name: "b" })).toThrow(/flow list/);
  });
});
