/** The rule catalog itself: enough rules, well-formed data, each specified both ways. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_RULES, RULE_PACKS } from "../../src/policy";

describe("the rule catalog", () => {
  it("holds at least 40 rules across the issue's areas", () => {
    expect(ALL_RULES.length).toBeGreaterThanOrEqual(40);
    expect(RULE_PACKS.map((p) => p.area)).toEqual(["network", "compute", "containers", "edge", "storage", "logging", "identity", "organization", "baseline", "state"]);
  });

  it("gives every rule a unique kebab-case id", () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("gives every rule a title, description, message and fix, and well-formed control ids", () => {
    for (const r of ALL_RULES) {
      for (const text of [r.title, r.description, r.message, r.fix]) expect(text.length).toBeGreaterThan(10);
      if (r.refs.cis) expect(r.refs.cis).toMatch(/^\d+\.\d+(\.\d+)?(-\d+\.\d+)?(, \d+\.\d+(\.\d+)?)*$/);
      if (r.refs.fsbp) expect(r.refs.fsbp).toMatch(/^[A-Za-z0-9]+\.\d+(, [A-Za-z0-9]+\.\d+)*$/);
      if (r.refs.checkov) expect(r.refs.checkov).toMatch(/^CKV2?_AWS_\d+(, CKV2?_AWS_\d+)*$/);
    }
  });

  it("maps the CIS AWS Foundations v3.0 controls the landing zone implements", () => {
    const cis = ALL_RULES.flatMap((r) => (r.refs.cis ?? "").split(", ")).filter(Boolean);
    expect(cis).toEqual(expect.arrayContaining(["1.8", "1.9", "1.16", "1.20", "2.1.1", "2.1.4", "2.2.1", "3.1", "3.2", "3.5", "3.6", "3.7", "4.1-4.15", "5.1", "5.2", "5.3", "5.4", "5.6"]));
  });

  const specs = readdirSync(__dirname)
    .filter((f) => f.endsWith(".test.ts") && f !== "catalog.test.ts")
    .map((f) => readFileSync(join(__dirname, f), "utf8"))
    .join("\n");

  it("specifies every rule both ways in test/policy (a rule(...) or appRule(...) case)", () => {
    const specified = new Set([...specs.matchAll(/\b(?:rule|appRule)\("([a-z0-9-]+)"/g)].map((m) => m[1]));
    expect(ALL_RULES.map((r) => r.id).filter((id) => !specified.has(id))).toEqual([]);
  });

  it("asserts every rule's failing case by the subject's address and the reason, not just 'some failure'", () => {
    // Each rule(...) / appRule(...) case, up to the next one: it must name the address and the reason its failure has
    // (helpers.ts asserts both through expectFailure); a test of its own may do the same with expectFailure(report, id, address, reason).
    const cases = specs.split(/(?=\b(?:rule|appRule)\(")/).map((text) => ({ id: /^(?:rule|appRule)\("([a-z0-9-]+)"/.exec(text)?.[1], text }));
    const asserted = new Set([
      ...cases.filter((c) => c.id && /\baddress: "[^"]+"/.test(c.text) && /\breason: \/.+\//.test(c.text)).map((c) => c.id!),
      ...[...specs.matchAll(/expectFailure\(\s*[\w.()]+,\s*"([a-z0-9-]+)",\s*"[^"]+",/g)].map((m) => m[1]),
    ]);
    expect(ALL_RULES.map((r) => r.id).filter((id) => !asserted.has(id))).toEqual([]);
  });

  it("has no failing case that checks only the status", () => {
    expect(specs).not.toMatch(/status: "fail"(?![^}]*address)/);
    expect(specs).not.toMatch(/\.status\)\.toBe\("fail"\)/);
  });
});
