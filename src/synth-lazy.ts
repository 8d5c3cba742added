/**
 * The synth entry points, loaded on first call: cdktf, the provider classes,
 * the stacks and the guardrail rules load only for a command that
 * synthesizes, so `lz validate`, `vend`, `guard`, `schema`, `--help` and the
 * plan summary start without them (measured in bench/results.md).
 */
import type * as Synth from "./synth";

const load = (): typeof Synth => require("./synth") as typeof Synth;

export const synthesize: typeof Synth.synthesize = (...args) => load().synthesize(...args);
export const evaluate: typeof Synth.evaluate = (...args) => load().evaluate(...args);
