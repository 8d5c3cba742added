import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StackPlan } from "../../src/plan/plan-stack";
import { actionsOnly, anyFailed, readResults, summaryMarkdown, summaryTable } from "../../src/plan/summary";

const counts = (add: number, change = 0, destroy = 0, replace = 0, imported = 0) => ({ add, change, destroy, replace, import: imported });
const RESULTS: StackPlan[] = [
  { stack: "workload-b", wave: 3, status: "waiting", waitingOn: "organization", reason: "account b is not created yet", files: { log: "workload-b.log" }, seconds: 2 },
  { stack: "organization", wave: 2, status: "changes", counts: counts(1, 0, 0, 0, 4), guard: { blocked: [], allowed: [] }, files: { log: "o.log", text: "organization.txt" }, seconds: 5 },
  { stack: "bootstrap", wave: 1, status: "no-changes", counts: counts(0), files: { log: "b.log" }, seconds: 3 },
  {
    stack: "logging",
    wave: 2,
    status: "blocked",
    counts: counts(1, 0, 1, 1),
    guard: { blocked: [{ stack: "logging", address: "aws_kms_key.logs", type: "aws_kms_key", action: "replace" }], allowed: [] },
    files: { log: "l.log" },
    seconds: 4,
  },
];

describe("plan summary", () => {
  it("prints one row per stack, in wave order: add, change, destroy, import, status", () => {
    expect(summaryTable(RESULTS).split("\n")).toEqual([
      "stack         add  change  destroy  import  status",
      "bootstrap       0       0        0       0  no changes",
      "logging         1       0        1       0  BLOCKED by the guard: replace aws_kms_key.logs",
      "organization    1       0        0       4  changes",
      "workload-b      -       -        -       -  waiting on organization: account b is not created yet",
    ]);
  });

  it("fails the run on a blocked or failed stack, not on a waiting one", () => {
    expect(anyFailed(RESULTS)).toBe(true);
    expect(anyFailed(RESULTS.filter((r) => r.status !== "blocked"))).toBe(false);
  });

  it("writes a PR comment: marker, table, guard findings with the allow flag, waiting note, folded plans", () => {
    const md = summaryMarkdown(RESULTS, (r) => (r.stack === "organization" ? "refresh noise\nTerraform will perform the following actions:\n  + aws_organizations_account.b\n" : undefined));
    expect(md.startsWith("<!-- lz-plan-summary -->\n### Landing zone plan\n")).toBe(true);
    expect(md).toContain("| 3 | `workload-b` | - | - | - | - | ⏳ waiting on organization: account b is not created yet |");
    expect(md).toContain("| 2 | `organization` | 1 | 0 | 0 | 4 | 🟡 changes |");
    expect(md).toContain("- logging: replaces aws_kms_key.logs\n\nIf the change was reviewed and is intended, re-run with --allow logging:aws_kms_key.logs");
    expect(md).toContain("<details><summary><code>organization</code> plan</summary>\n\n```terraform\nTerraform will perform the following actions:\n  + aws_organizations_account.b\n```");
    expect(md).not.toContain("refresh noise");
  });

  it("stays under GitHub's comment limit however long the plans are", () => {
    const md = summaryMarkdown(RESULTS, () => "Terraform will perform the following actions:\n" + "x".repeat(40_000));
    expect(md.length).toBeLessThan(65_536);
    expect(md).toContain("Plan details trimmed to fit a comment");
  });

  it("merges the results of several plan jobs, with their plan texts", () => {
    const root = mkdtempSync(join(tmpdir(), "lz-summary-"));
    const job = (name: string, results: StackPlan[]) => {
      const dir = join(root, name);
      mkdirSync(dir);
      writeFileSync(join(dir, "results.json"), JSON.stringify(results));
      return dir;
    };
    const a = job("plan-organization", [RESULTS[1]]);
    writeFileSync(join(a, "organization.txt"), "Terraform will perform the following actions:\n  + x\n");
    const b = job("plan-bootstrap", [RESULTS[2]]);
    const { results, texts } = readResults([a, b]);
    expect(results.map((r) => r.stack)).toEqual(["organization", "bootstrap"]);
    expect(actionsOnly(texts.get("organization")!)).toBe("Terraform will perform the following actions:\n  + x");
    expect(() => readResults([join(root, "nope")])).toThrow(/nope not found; pass directories written by lz plan --out/);
  });
});
