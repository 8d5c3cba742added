/** Config test helpers: edit the bundled example and collect the problems the loader reports. */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/load-config";
import { ConfigError, Problem } from "../../src/config/problem";
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
