/** Config test helpers: edit the bundled example and collect the problems the loader reports. */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/load-config";
import { ConfigError, formatPath, Problem } from "../../src/config/problem";
import { exampleText } from "./synth";

export type Edit = (doc: ReturnType<typeof parseDocument>) => void;

/** Applies `edit` to the example through the yaml Document API and returns every problem; fails if the config is accepted. */
export function problemsOf(edit: Edit): Problem[] {
  const doc = parseDocument(exampleText());
  edit(doc);
  try {
    parseConfig(doc.toString(), "landing-zone.yaml");
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error("config was accepted");
}

/**
 * The problem reported at `path` (as `formatPath` writes it): its message matches `message`, its hint
 * `hint` (by default: says something), and it has a line and column. Fails listing every problem
 * found when none is at `path`.
 */
export function expectProblemAt(problems: Problem[], path: string, message: RegExp, hint: RegExp = /\S.{4}/): Problem {
  const match = problems.find((p) => formatPath(p.path) === path);
  expect({ path, found: problems.map((p) => `${formatPath(p.path)}: ${p.message}`), matched: match !== undefined }).toMatchObject({ matched: true });
  expect(match!.message).toMatch(message);
  expect(match!.hint).toMatch(hint);
  expect(match!.line).toBeGreaterThan(0);
  expect(match!.col).toBeGreaterThan(0);
  return match!;
}
