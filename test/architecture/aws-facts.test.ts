/**
 * Each AWS fact in aws/ is written once: no other source file of main.ts,
 * src/ or modules/ spells its value as a quoted string literal (they import
 * it; prose in comments may name it).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/synth";

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    return statSync(join(ROOT, rel)).isDirectory() ? files(rel) : name.endsWith(".ts") ? [rel] : [];
  });
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const facts: [string, string][] = files("aws").flatMap((file) =>
  Object.entries(require(join(ROOT, file)) as Record<string, unknown>).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string").map((v): [string, string] => [`${file} ${name}`, v]),
  ),
);

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
});
