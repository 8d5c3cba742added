import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StackPlan } from "../../src/plan/plan-stack";
import { anyFailed, readResults, summaryMarkdown, summaryTable } from "../../src/plan/summary";

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

  it("writes a PR comment: marker, one row per stack with the guard verdict, guard findings with the allow flag, waiting note, resource lists", () => {
    const withResources = RESULTS.map((r) => (r.stack === "organization" ? { ...r, resources: [{ address: "aws_organizations_account.b", action: "create" }, { address: "aws_organizations_account.c", action: "import" }] } : r));
    const md = summaryMarkdown(withResources);
    expect(md.startsWith("<!-- lz-plan-summary -->\n### Landing zone plan\n")).toBe(true);
    expect(md).toContain("4 stacks planned, 1 with changes: 2 to add, 0 to change, 1 to destroy, 4 to import.");
    expect(md).toContain("| 3 | `workload-b` | - | - | - | - | - | ⏳ waiting on organization: account b is not created yet |");
    expect(md).toContain("| 2 | `organization` | 1 | 0 | 0 | 4 | pass | 🟡 changes |");
    expect(md).toContain("| 2 | `logging` | 1 | 0 | 1 | 0 | ⛔ 1 blocked | ⛔ BLOCKED by the guard: replace aws_kms_key.logs |");
    expect(md).toContain("| 1 | `bootstrap` | 0 | 0 | 0 | 0 | - | ✅ no changes |");
    expect(md).toContain("- logging: replaces aws_kms_key.logs\n\nIf the change was reviewed and is intended, re-run with --allow logging:aws_kms_key.logs");
    expect(md).toContain("#### <code>organization</code>: 1 to add, 0 to change, 0 to destroy, 4 to import\n\n```diff\n+ aws_organizations_account.b\n<= aws_organizations_account.c\n```");
    // A stack without changes is its table row only.
    expect(md.match(/bootstrap/g)).toHaveLength(1);
  });

  it("folds long resource lists and lists changing stacks that the old comment cut (logging +67, network +116)", () => {
    const many = (stack: string, n: number): StackPlan => ({
      stack,
      wave: 2,
      status: "changes",
      counts: counts(n),
      guard: { blocked: [], allowed: [] },
      resources: Array.from({ length: n }, (_, i) => ({ address: `aws_cloudwatch_log_metric_filter.cis_${i}`, action: "create" })),
      files: { log: `${stack}.log`, text: `${stack}.txt` },
      seconds: 1,
    });
    const md = summaryMarkdown([many("logging", 67), many("network", 116), RESULTS[2]]);
    expect(md).toContain("<details><summary><code>logging</code>: 67 to add, 0 to change, 0 to destroy</summary>");
    expect(md).toContain("<details><summary><code>network</code>: 116 to add, 0 to change, 0 to destroy</summary>");
    expect(md).toContain("+ aws_cloudwatch_log_metric_filter.cis_115");
  });

  it("stays within GitHub's comment limit by counting the longest lists by type, and says so", () => {
    const big = (stack: string): StackPlan => ({
      stack,
      wave: 1,
      status: "changes",
      counts: counts(3000),
      resources: Array.from({ length: 3000 }, (_, i) => ({ address: `aws_route.spoke_${"x".repeat(20)}_${i}`, action: i % 2 ? "create" : "update" })),
      files: { log: `${stack}.log`, text: `${stack}.txt` },
      seconds: 1,
    });
    const md = summaryMarkdown([big("network"), big("logging"), RESULTS[1]]);
    expect(md.length).toBeLessThanOrEqual(65_000);
    expect(md).toContain("3000 resources counted by type to fit one comment; the full list is in the plan artifact (network.txt).");
    expect(md).toContain("+ aws_route × 1500");
    expect(md).toContain("~ aws_route × 1500");
    // Smaller lists keep every address.
    expect(summaryMarkdown([RESULTS[1]].map((r) => ({ ...r, resources: [{ address: "aws_s3_bucket.x", action: "create" }] })))).toContain("+ aws_s3_bucket.x");
  });

  it("leaves the lists out with a note when even counts do not fit, never cutting silently", () => {
    const stacks: StackPlan[] = Array.from({ length: 400 }, (_, i) => ({
      stack: `workload-${i}`,
      wave: 1,
      status: "changes",
      counts: counts(50),
      resources: Array.from({ length: 50 }, (_, j) => ({ address: `aws_type_${j}.x`, action: "create" })),
      files: { log: "l" },
      seconds: 1,
    }));
    const md = summaryMarkdown(stacks);
    expect(md.length).toBeLessThanOrEqual(65_000);
    expect(md).toContain("The resource lists of the 400 changing stacks do not fit one comment");
    expect(md).toContain("| 1 | `workload-399` |");
  });

  it("says when no stack changed", () => {
    expect(summaryMarkdown([])).toContain("No stack changed: nothing to plan.");
  });

  it("merges the results of several plan jobs", () => {
    const root = mkdtempSync(join(tmpdir(), "lz-summary-"));
    const job = (name: string, results: StackPlan[]) => {
      const dir = join(root, name);
      mkdirSync(dir);
      writeFileSync(join(dir, "results.json"), JSON.stringify(results));
      return dir;
    };
    const a = job("plan-organization", [RESULTS[1]]);
    const b = job("plan-bootstrap", [RESULTS[2]]);
    const results = readResults([a, b]);
    expect(results.map((r) => r.stack)).toEqual(["organization", "bootstrap"]);
    expect(() => readResults([join(root, "nope")])).toThrow(/nope not found; pass directories written by lz plan --out/);
  });
});
