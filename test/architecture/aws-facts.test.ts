/**
 * Each AWS fact in aws/ is written once: no other source file of main.ts,
 * src/ or modules/ spells its value as a quoted string literal (they import
 * it; prose in comments may name it), no two exports of aws/ hold the same
 * value, and no service principal or regional service name
 * (`<name>.amazonaws.com`) is spelled outside aws/.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { ROOT } from "../helpers/synth";

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    return statSync(join(ROOT, rel)).isDirectory() ? files(rel) : name.endsWith(".ts") ? [rel] : [];
  });
}

/** Every string an export holds: itself, or inside its arrays and objects, named by its path. */
function strings(name: string, value: unknown): [string, string][] {
  if (typeof value === "string") return [[name, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(`${name}[${i}]`, v));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(`${name}.${k}`, v));
  return [];
}

const facts: [string, string][] = files("aws").flatMap((file) =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  Object.entries(require(join(ROOT, file)) as Record<string, unknown>).flatMap(([name, value]) => strings(`${file} ${name}`, value)),
);

/**
 * String and template literals of a file that are a whole `….amazonaws.com` name (no spaces: prose,
 * messages and CIS filter patterns that quote an eventSource are not names), with `${…}` kept as written.
 */
function amazonawsNames(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const literal = ts.isTemplateExpression(node) ? node.getText(source).slice(1, -1) : node.text;
      if (/^[^\s]*\.amazonaws\.com$/.test(literal)) found.push(literal);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}


describe("AWS facts", () => {
  it("are read from aws/", () => {
    expect(facts.map(([, v]) => v)).toEqual(expect.arrayContaining(["ELBSecurityPolicy-TLS13-1-2-2021-06", "SSM-SessionManagerRunShell", "AWSManagedRulesCommonRuleSet"]));
  });

  it.each(facts)("%s is spelled nowhere else in main.ts, src/ or modules/", (_fact, value) => {
    const sources = ["main.ts", ...files("src"), ...files("modules")];
    const spelled = sources.filter((file) => {
      const text = readFileSync(join(ROOT, file), "utf8");
      return [`"${value}"`, `'${value}'`].some((quoted) => text.includes(quoted));
    });
    expect(spelled).toEqual([]);
  });

  it("are each exported once within aws/", () => {
    const byValue = new Map<string, string[]>();
    for (const [name, value] of facts) byValue.set(value, [...(byValue.get(value) ?? []), name]);
    expect([...byValue].filter(([, names]) => names.length > 1)).toEqual([]);
  });

  it("include every service principal and regional service name: none is spelled in main.ts, src/ or modules/", () => {
    const spelled = ["main.ts", ...files("src"), ...files("modules")].flatMap((file) =>
      amazonawsNames(file)
        .map((name) => `${file}: ${name}`),
    );
    expect(spelled).toEqual([]);
  });

  it("find a principal spelled as a string or a template, and leave prose alone", () => {
    expect(amazonawsNames("aws/service-principals.ts")).toEqual(expect.arrayContaining(["cloudtrail.amazonaws.com", "${service}.${region}.amazonaws.com"]));
    expect(amazonawsNames("modules/logging/cis-alarms.ts")).toEqual([]);
  });
});
