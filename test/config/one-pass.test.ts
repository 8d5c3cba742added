/**
 * `lz validate` reports the schema's problems and the semantic rules' in one
 * pass: when part of the file does not parse, every rule whose inputs did
 * parse still runs, and nothing but a ConfigError ever comes out.
 */
import fc from "fast-check";
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { ConfigError, formatPath, Problem } from "../../src/config/problem";
import { exampleText, lineOf } from "../helpers/synth";

function problemsOfText(text: string): Problem[] {
  try {
    parseConfig(text, "landing-zone.yaml");
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error("config was accepted");
}

const where = (text: string, lineNeedle: string, token: string) => {
  const line = lineOf(text, lineNeedle);
  return { line, col: text.split("\n")[line - 1].indexOf(token) + 1 };
};
const summary = (ps: Problem[]) => ps.map((p) => ({ path: formatPath(p.path), line: p.line, col: p.col }));

describe("one pass over schema and rules", () => {
  it("reports an unknown key, a duplicate email and an overlapping CIDR together, each with path and line:col", () => {
    const text = exampleText().replace(
      "    email: aws+analytics-dev@acme.example\n",
      "    email: aws+payments-prod@acme.example\n    cidr: 10.16.8.0/21\n    owner: data-team\n",
    );
    const problems = problemsOfText(text);
    const cidrLine = lineOf(text, "cidr: 10.16.8.0/21");
    expect(summary(problems)).toEqual([
      { path: "accounts[3].email", line: cidrLine - 1, col: 12 },
      { path: "accounts[3].cidr", ...where(text, "cidr: 10.16.8.0/21", "10.16.8.0/21") },
      { path: "accounts[3].owner", ...where(text, "owner: data-team", "data-team") },
    ]);
    expect(text.split("\n")[cidrLine - 2]).toBe("    email: aws+payments-prod@acme.example");
    expect(problems.map((p) => p.message)).toEqual([
      'email "aws+payments-prod@acme.example" is already used by accounts[2] (payments-prod)',
      "10.16.8.0/21 overlaps accounts[2].cidr (10.16.0.0/20)",
      'unknown key "owner"',
    ]);
  });

  it("still checks the other accounts when one account's own keys do not parse, without miscounting account types", () => {
    const text = exampleText()
      .replace('id: "222222222222"', 'id: "2222"')
      .replace("email: aws+analytics-dev@acme.example", "email: aws+network@acme.example");
    const problems = problemsOfText(text);
    expect(summary(problems).map((p) => p.path)).toEqual(["accounts[0].id", "accounts[3].email"]);
    expect(problems[1].message).toMatch(/already used by accounts\[1\] \(network\)/);
  });

  it("still checks an account's own keys when its compute does not parse, and skips the compute rules it would mislead", () => {
    const text = exampleText()
      .replace("        port: 8080\n        desiredCount: 2", "        port: http\n        desiredCount: 2")
      .replace("email: aws+analytics-dev@acme.example", "email: aws+payments-prod@acme.example");
    const problems = problemsOfText(text);
    // No "web is not an ec2, ecs, batch or appRunner entry" for the ec2 ingress from the unparsed service.
    expect(summary(problems).map((p) => p.path)).toEqual(["accounts[2].ecs[0].port", "accounts[3].email"]);
  });

  it("still runs the rules of other sections when one section does not parse", () => {
    const text = exampleText().replace("cidr: 10.0.0.0/16", "cidr: 10.0.0/16").replace("ou: Workloads/NonProd", "ou: Workloads/Staging");
    const problems = problemsOfText(text);
    expect(summary(problems).map((p) => p.path)).toEqual(["accounts[3].ou", "network.hub.cidr"]);
  });

  it("still checks the other entries of a mapping with one bad entry", () => {
    const text = exampleText().replace("name: acme\n", 'name: acme\ntags: { CostCenter: 1234, "aws:team": x }\n');
    const problems = problemsOfText(text);
    expect(summary(problems).map((p) => p.path)).toEqual(["tags.CostCenter", "tags.aws:team"]);
    expect(problems[1].message).toMatch(/starts with aws:/);
  });

  it("reports every rule problem when only unknown keys break the schema", () => {
    const text = exampleText().replace("name: acme\n", "name: acme\nnmae: acme\n").replace("retentionDays: 365", "retentionDays: 100");
    expect(summary(problemsOfText(text)).map((p) => p.path)).toEqual(["nmae", "logging.retentionDays"]);
  });
});

describe("any combination of broken pieces", () => {
  const example = parseDocument(exampleText()).toJS() as unknown;

  /** Every key path of the example, containers included. */
  const paths: (string | number)[][] = [];
  (function walk(node: unknown, path: (string | number)[]) {
    paths.push(path);
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i]));
    else if (node !== null && typeof node === "object") for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  })(example, []);
  const nonRoot = paths.filter((p) => p.length > 0);

  const values = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(null, "", "<<", 22, 3389, 0, -1, 1.5, "t3.gigantic", "aws:x", "A/B/C/D/E/F", "10.16.0.0/20", "10.0.0.0/8", "aws+payments-prod@acme.example", "444444444444", "web", "payments-prod", true, [], {}),
  );
  const edit = fc.oneof(
    fc.record({ kind: fc.constant("set" as const), path: fc.constantFrom(...nonRoot), value: values }),
    fc.record({ kind: fc.constant("delete" as const), path: fc.constantFrom(...nonRoot) }),
    fc.record({ kind: fc.constant("unknown" as const), path: fc.constantFrom(...paths), key: fc.constantFrom("nmae", "cdir", "<<", "owner", "x") }),
  );

  it("throws nothing but a ConfigError, and every problem says what and how", () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.option(fc.nat(4000), { freq: 2 }), fc.option(fc.nat(120), { freq: 2 }), fc.boolean(), (edits, cut, aliasLine, secondDoc) => {
        const doc = parseDocument(exampleText());
        for (const e of edits) {
          try {
            if (e.kind === "set") doc.setIn(e.path, e.value);
            else if (e.kind === "delete") doc.deleteIn(e.path);
            else doc.setIn([...e.path, e.key], { type: "workload" });
          } catch {
            // The yaml API refuses some edits (e.g. a key under a scalar): that piece stays unbroken.
          }
        }
        let text = doc.toString();
        // An alias with no anchor, or one naming a value above it, in place of some value.
        if (aliasLine !== null) {
          const lines = text.split("\n");
          const n = aliasLine % lines.length;
          lines[n] = lines[n].replace(/^(\s*(- )?[\w.-]+: ).+$/, aliasLine % 2 ? "$1*nowhere" : "$1*top");
          text = lines.join("\n").replace(/^name: /m, "name: &top ");
        }
        if (cut !== null) text = text.slice(0, cut);
        if (secondDoc) text += "\n---\nname: other\n";
        try {
          parseConfig(text, "landing-zone.yaml");
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          expect(err.problems.length).toBeGreaterThan(0);
          for (const p of err.problems) {
            expect(p.message.length).toBeGreaterThan(0);
            expect(p.hint.length).toBeGreaterThan(0);
          }
          err.format();
        }
      }),
      { numRuns: 200 },
    );
  });
});
