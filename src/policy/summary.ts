/** The few lines `lz synth` prints about the guardrails after a successful synth. */
import { PolicyReport } from "./engine";
import { formatFinding } from "./errors";

/** First line: the tally. Then each warning, and a note on checks only apply time can decide. */
export function policySummary(report: PolicyReport): string[] {
  const passed = report.results.filter((r) => r.status === "pass").length;
  const unknown = report.results.filter((r) => r.status === "unknown").length;
  const suppressed = report.results.filter((r) => r.suppressedBy !== undefined).length;
  const warnings = report.findings.filter((f) => f.severity === "warning");
  const lines = [
    `Guardrails: ${report.rules.length} rules, ${passed} checks passed, ${report.errors.length} errors, ${warnings.length} warnings, ${suppressed} suppressed${unknown ? `, ${unknown} decided only at apply time` : ""} (details: lz report)`,
  ];
  for (const w of warnings) lines.push(...formatFinding(w));
  return lines;
}
