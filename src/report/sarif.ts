/**
 * Findings as SARIF 2.1.0 for code scanning: one rule descriptor per
 * guardrail, one result per finding (suppressed ones carry their
 * justification), located at the config key that produced the resource.
 */
import { createHash } from "node:crypto";
import { ruleById } from "../policy";
import { formatRefs } from "../policy/errors";
import type { Rule } from "../policy/types";
import { ReportData } from "./data";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** Tags for a rule: its area and every control id. */
function tags(rule: Rule): string[] {
  const refs = rule.refs;
  return [
    "security",
    rule.area,
    ...(refs.cis ? refs.cis.split(", ").map((c) => `CIS-${c}`) : []),
    ...(refs.fsbp ? refs.fsbp.split(", ").map((c) => `FSBP-${c}`) : []),
    ...(refs.checkov ? refs.checkov.split(", ") : []),
  ];
}

export function renderSarif(d: ReportData, toolVersion: string): object {
  const rules = d.controls.map((c) => c.rule);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const configUri = d.configFile.split("\\").join("/");
  const suppressed = d.suppressions.flatMap((u) => u.matched.map((m) => ({ result: m, reason: u.reason, location: u.location })));
  const results = [
    ...d.findings.map((f) => ({ result: f, location: f.location, reason: undefined as string | undefined })),
    ...suppressed,
  ].map(({ result, location, reason }) => {
    const rule = ruleById(result.rule)!;
    return {
      ruleId: rule.id,
      ruleIndex: index.get(rule.id)!,
      level: rule.severity === "error" ? "error" : "warning",
      message: { text: `${rule.message}: ${result.detail}. Stack ${result.stack}, ${result.path}${result.address ? ` (${result.address})` : ""}. Fix: ${rule.fix}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: configUri, index: 0 },
            ...(location.line ? { region: { startLine: location.line, startColumn: location.col ?? 1 } } : {}),
          },
          logicalLocations: [{ fullyQualifiedName: result.path, kind: "resource" }],
        },
      ],
      partialFingerprints: { "lzGuardrail/v1": createHash("sha256").update(`${rule.id}|${result.path}`).digest("hex").slice(0, 32) },
      properties: { stack: result.stack, ...(result.address ? { address: result.address } : {}) },
      ...(reason !== undefined ? { suppressions: [{ kind: "external", status: "accepted", justification: reason }] } : {}),
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "lz-guardrails",
            version: toolVersion,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id
                .split("-")
                .map((w) => w[0].toUpperCase() + w.slice(1))
                .join(""),
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              help: { text: `Fix: ${r.fix}${formatRefs(r.refs) ? ` (${formatRefs(r.refs)})` : ""}` },
              defaultConfiguration: { level: r.severity === "error" ? "error" : "warning" },
              properties: { tags: tags(r), "security-severity": r.severity === "error" ? "7.5" : "4.0" },
            })),
          },
        },
        artifacts: [{ location: { uri: configUri }, roles: ["analysisTarget"] }],
        results,
        columnKind: "unicodeCodePoints",
      },
    ],
  };
}
