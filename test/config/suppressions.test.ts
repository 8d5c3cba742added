/** The `suppressions` key: accepted guardrail findings, each with a known rule and a reason. */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/load-config";
import { ConfigError, formatPath, Problem } from "../../src/config/problem";
import { exampleText } from "../helpers/synth";

const SUPPRESSION = { rule: "alb-deletion-protection", resource: "workload-analytics-dev/web/alb", reason: "dev ALB is torn down nightly; accepted by J. Doe" };

function withSuppressions(list: unknown[]): string {
  const doc = parseDocument(exampleText());
  doc.set("suppressions", list);
  return doc.toString();
}

function problemsOf(list: unknown[]): Problem[] {
  try {
    parseConfig(withSuppressions(list), "landing-zone.yaml");
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error("config was accepted");
}

describe("config suppressions", () => {
  it("accepts a suppression with a known rule, a resource and a reason", () => {
    expect(parseConfig(withSuppressions([SUPPRESSION])).suppressions).toEqual([SUPPRESSION]);
  });

  it("defaults to none", () => {
    const doc = parseDocument(exampleText());
    doc.delete("suppressions");
    expect(parseConfig(doc.toString()).suppressions).toEqual([]);
  });

  it.each([
    ["an unknown rule id", [{ ...SUPPRESSION, rule: "alb-deletion-protect" }], "suppressions[0].rule", /unknown guardrail rule "alb-deletion-protect"/, /alb-deletion-protection/],
    ["a missing reason", [{ rule: SUPPRESSION.rule, resource: SUPPRESSION.resource }], "suppressions[0].reason", /missing required key "reason"/, /say why/],
    ["a reason that says nothing", [{ ...SUPPRESSION, reason: "ok" }], "suppressions[0].reason", /at least 10 characters/, /./],
    ["an empty resource", [{ ...SUPPRESSION, resource: "" }], "suppressions[0].resource", /construct path/, /./],
    ["an unknown key", [{ ...SUPPRESSION, until: "2026-01-01" }], "suppressions[0].until", /unknown key "until"/, /allowed keys here: rule, resource, reason/],
    ["the same suppression twice", [SUPPRESSION, SUPPRESSION], "suppressions[1]", /again \(already suppressions\[0\]\)/, /remove the duplicate/],
  ])("refuses %s, naming the key path", (_name, list, path, message, hint) => {
    const match = problemsOf(list).find((p) => formatPath(p.path) === path);
    expect(match).toBeDefined();
    expect(match!.message).toMatch(message);
    expect(match!.hint).toMatch(hint);
    expect(match!.line).toBeGreaterThan(0);
  });
});
