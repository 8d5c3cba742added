/**
 * The synth entry points, loaded on first call: cdktf, the provider classes,
 * the stacks and the guardrail rules load only for a command that
 * synthesizes, so `lz validate`, `vend`, `guard`, `schema`, `--help` and the
 * plan summary start without them (measured in bench/results.md).
 */
import { readFileSync } from "node:fs";
import type * as Synth from "./synth";

const load = (): typeof Synth => require("./synth") as typeof Synth;

export const synthesize: typeof Synth.synthesize = (...args) => load().synthesize(...args);
export const evaluate: typeof Synth.evaluate = (...args) => load().evaluate(...args);

/**
 * For a config large enough to synthesize in parallel, starts the worker threads now, so they load the
 * code while the config is read (src/synth-parallel.ts prestartFor). Reads the file's text only; a file
 * that cannot be read is left to the config loader to report.
 */
export function prestartSynthWorkers(file: string, jobs?: number): void {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return;
  }
  (require("./synth-parallel") as typeof import("./synth-parallel")).prestartFor(text, jobs);
}
