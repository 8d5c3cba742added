/** lz report and the guardrail lines of lz synth, as a user runs them: compiled JS, real files, exit codes. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { lz, workdir } from "../helpers/lz";
import { sarifProblems } from "../helpers/sarif";
import { exampleText, ROOT } from "../helpers/synth";


describe("lz report", () => {
  it("writes index.html, report.md and findings.sarif to report/ by default", () => {
    const dir = workdir();
    const r = lz(["report"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Wrote report\/index.html, report\/report.md and report\/findings.sarif/);
    expect(r.stdout).toMatch(/\d+ rules, \d+ checks passed, 0 errors, 0 warnings, 0 suppressed/);
    expect(readdirSync(join(dir, "report")).sort()).toEqual(["findings.sarif", "index.html", "report.md"]);
    expect(sarifProblems(JSON.parse(readFileSync(join(dir, "report", "findings.sarif"), "utf8")))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(["landing-zone.yaml", "report"]);
  });

  it("writes to --out and reads --config", () => {
    const dir = workdir();
    writeFileSync(join(dir, "other.yaml"), exampleText().replace("name: acme", "name: globex"));
    expect(lz(["report", "--config", "other.yaml", "--out", "audit"], dir).code).toBe(0);
    expect(readFileSync(join(dir, "audit", "index.html"), "utf8")).toContain("Landing zone globex: guardrail report");
  });

  it("refuses a suppression naming no construct, with its key path and line", () => {
    const doc = parseDocument(exampleText());
    doc.set("suppressions", [{ rule: "kms-rotation", resource: "bootstrap/nothing-here", reason: "there is no such construct (test)" }]);
    const dir = workdir(doc.toString());
    const r = lz(["report"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/landing-zone.yaml:\d+:\d+ {2}suppressions\[0\]\.resource: no construct "bootstrap\/nothing-here"/);
    expect(existsSync(join(dir, "report"))).toBe(false);
  });
});

describe("lz synth guardrails", () => {
  it("prints the guardrail tally after a clean synth", () => {
    const r = lz(["synth"], workdir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Guardrails: \d+ rules, \d+ checks passed, 0 errors, 0 warnings, 0 suppressed \(details: lz report\)/);
  });
});
