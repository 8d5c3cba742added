/**
 * What synth says when guardrails stop it: each error finding with its
 * stack, construct path, rule id, controls and fix, plus how to accept one
 * in the config. Also the config problems only synth can find: suppressions
 * naming constructs that do not exist.
 */
import { configErrorFor, configSource } from "../config/load";
import { ConfigError, Problem } from "../config/problem";
import type { LandingZoneConfig } from "../config/types";
import { PolicyReport } from "./engine";
import { ruleById } from "./index";
import { ControlRefs, RuleResult } from "./types";

/** "CIS 3.7, FSBP EC2.6, checkov CKV2_AWS_11" */
export function formatRefs(refs: ControlRefs): string {
  return [refs.cis && `CIS ${refs.cis}`, refs.fsbp && `FSBP ${refs.fsbp}`, refs.checkov && `checkov ${refs.checkov}`].filter(Boolean).join(", ");
}

/** One finding as text lines: where, what, which controls, how to fix. */
export function formatFinding(f: RuleResult, indent = "  "): string[] {
  const rule = ruleById(f.rule)!;
  const refs = formatRefs(rule.refs);
  return [
    `${indent}${f.severity.toUpperCase()} [${f.rule}] stack ${f.stack}: ${f.path}${f.address ? ` (${f.address})` : ""}`,
    `${indent}    ${rule.message}: ${f.detail}`,
    ...(refs ? [`${indent}    controls: ${refs}`] : []),
    `${indent}    fix: ${rule.fix}`,
  ];
}

/** Thrown by synth when error-severity findings remain; nothing has been written. */
export class PolicyError extends ConfigError {
  constructor(
    file: string,
    readonly report: PolicyReport,
    /** True when cdktf already wrote the stacks (npx cdktf synth); lz synth writes nothing. */
    readonly written = false,
  ) {
    super(file, []);
    this.name = "PolicyError";
    this.message = `${report.errors.length} guardrail violation${report.errors.length === 1 ? "" : "s"}`;
  }

  format(): string {
    const errors = this.report.errors;
    const lines = [`${this.file}: synth refused, ${this.message} (${this.written ? "the stacks were written: do not plan them" : "nothing was written"})`];
    for (const f of errors) lines.push(...formatFinding(f));
    const first = errors[0];
    lines.push(
      "  To accept a finding instead, add it to the config with a reason, e.g.:",
      "    suppressions:",
      `      - { rule: ${first.rule}, resource: ${first.path}, reason: "<why this is acceptable, and who accepted it>" }`,
    );
    return lines.join("\n");
  }
}

/** Construct paths that resemble `wanted`, for a did-you-mean hint. */
function nearestPaths(wanted: string, paths: readonly string[]): string[] {
  const parts = wanted.split("/");
  const score = (p: string) => {
    const q = p.split("/");
    let same = 0;
    while (same < parts.length && parts[same] === q[same]) same++;
    return same * 10 + parts.filter((x) => q.includes(x)).length - Math.abs(q.length - parts.length);
  };
  return [...paths].sort((a, b) => score(b) - score(a)).slice(0, 3);
}

/** Problems for suppressions whose resource is not a construct of the app. */
export function unknownSuppressionProblems(report: PolicyReport): Problem[] {
  const paths = report.stacks.flatMap((s) => s.constructPaths.filter((p) => s.hasElementAt(p) || p.split("/").length <= 3));
  return report.suppressions
    .filter((u) => !u.resourceExists)
    .map((u) => ({
      path: ["suppressions", u.index, "resource"],
      message: `no construct "${u.suppression.resource}" in the synthesized stacks`,
      hint: `use the construct path printed with the finding, e.g. ${nearestPaths(u.suppression.resource, paths).join(", ")}`,
    }));
}

/** The ConfigError for unknown suppression resources, or undefined when all exist. */
export function suppressionError(config: LandingZoneConfig, report: PolicyReport): ConfigError | undefined {
  const problems = unknownSuppressionProblems(report);
  return problems.length ? configErrorFor(config, problems) : undefined;
}

/** The PolicyError for a report with error findings, or undefined. */
export function policyError(config: LandingZoneConfig, report: PolicyReport, written = false): PolicyError | undefined {
  return report.errors.length ? new PolicyError(configSource(config)?.file ?? "landing-zone.yaml", report, written) : undefined;
}
