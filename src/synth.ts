/**
 * Synthesizes a config into Terraform, all or nothing: the app is written
 * into a sibling temporary directory and swapped into place only when every
 * stack synthesized and passed the guardrails, so a failure never leaves a
 * half-written output.
 */
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { buildApp } from "./app";
import { LandingZoneConfig } from "./config/types";
import { PolicyReport } from "./policy/engine";
import { policyError, suppressionError } from "./policy/errors";

export interface SynthOptions {
  /** Output directory; stacks land in <outdir>/stacks/<stack>/. */
  readonly outdir: string;
  /** Directory for bootstrap's local state. */
  readonly localStateDir: string;
  /** Write cdk.tf (HCL) instead of cdk.tf.json. */
  readonly hcl?: boolean;
  /**
   * Refuse to write anything when an error-severity guardrail finding remains.
   * @default true
   */
  readonly enforce?: boolean;
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: string[];
  /** Guardrail verdicts, findings and suppressions. */
  readonly policy: PolicyReport;
  /** Milliseconds spent building the construct tree, and in cdktf's synth (aspects and guardrails, validation, JSON writing). */
  readonly timings: { readonly buildMs: number; readonly synthMs: number };
}

const since = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;

export function synthesize(config: LandingZoneConfig, options: SynthOptions): SynthResult {
  const outdir = resolve(options.outdir);
  const staging = join(dirname(outdir), `.${basename(outdir)}.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  let policy: PolicyReport;
  let buildMs: number;
  let synthMs: number;
  try {
    let t = process.hrtime.bigint();
    const built = buildApp(config, { outdir: staging, localStateDir: resolve(options.localStateDir), hcl: options.hcl });
    buildMs = since(t);
    t = process.hrtime.bigint();
    built.app.synth();
    policy = built.policy.finish(config.suppressions);
    synthMs = since(t);
    const refused = suppressionError(config, policy) ?? (options.enforce === false ? undefined : policyError(config, policy));
    if (refused) throw refused;
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const retired = `${staging}.old`;
  if (existsSync(outdir)) renameSync(outdir, retired);
  renameSync(staging, outdir);
  rmSync(retired, { recursive: true, force: true });
  return { outdir, stacks: readdirSync(join(outdir, "stacks")).sort(), policy, timings: { buildMs, synthMs } };
}

/**
 * Runs the guardrails without keeping any output: synthesizes into a
 * temporary directory, returns the report (findings included, never thrown)
 * and the synthesized stack names.
 */
export function evaluate(config: LandingZoneConfig, localStateDir: string): SynthResult {
  const base = mkdtempSync(join(tmpdir(), "lz-evaluate-"));
  try {
    return synthesize(config, { outdir: join(base, "out"), localStateDir, enforce: false });
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
