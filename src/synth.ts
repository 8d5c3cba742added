/**
 * Synthesizes a config into Terraform, all or nothing: the app is written
 * into a staging directory inside the output directory and moved into place
 * only when every stack synthesized and passed the guardrails, so a failure
 * never leaves a half-written output. Only what synth wrote before is
 * replaced (see src/fs/synth-output.ts): a directory that is not earlier
 * synth output is refused, and each stack's `.terraform/` and
 * `.terraform.lock.hcl` survive a re-synth.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildApp } from "./app";
import { LandingZoneConfig } from "./config/types";
import { claimOutput, installOutput, stagingPrefix } from "./fs/synth-output";
import { PolicyReport } from "./policy/engine";
import { policyError, suppressionError } from "./policy/errors";

export interface SynthOptions {
  /** Output directory (parents are created); stacks land in <outdir>/stacks/<stack>/. */
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
  /** Stacks of an earlier synth into the same directory that the config no longer has: their files were removed. */
  readonly removedStacks: string[];
  /** Guardrail verdicts, findings and suppressions. */
  readonly policy: PolicyReport;
  /** Milliseconds spent building the construct tree, and in cdktf's synth (aspects and guardrails, validation, JSON writing). */
  readonly timings: { readonly buildMs: number; readonly synthMs: number };
}

const since = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;

export function synthesize(config: LandingZoneConfig, options: SynthOptions): SynthResult {
  const outdir = resolve(options.outdir);
  const owned = claimOutput(outdir); // refuses a directory synth did not write, before any work
  const created = mkdirSync(outdir, { recursive: true });
  for (const e of readdirSync(outdir)) if (e.startsWith(stagingPrefix)) rmSync(join(outdir, e), { recursive: true, force: true }); // a killed synth's
  const staging = join(outdir, `${stagingPrefix}${process.pid}`);
  let policy: PolicyReport;
  let buildMs: number;
  let synthMs: number;
  try {
    let t = process.hrtime.bigint();
    const built = buildApp(config, { outdir: staging, finalOutdir: outdir, localStateDir: resolve(options.localStateDir), hcl: options.hcl });
    buildMs = since(t);
    t = process.hrtime.bigint();
    built.app.synth();
    policy = built.policy.finish(config.suppressions);
    synthMs = since(t);
    const refused = suppressionError(config, policy) ?? (options.enforce === false ? undefined : policyError(config, policy));
    if (refused) throw refused;
  } catch (e) {
    rmSync(created ?? staging, { recursive: true, force: true }); // the directories this run made, or its staging
    throw e;
  }
  try {
    const { stacks, removed } = installOutput(staging, outdir, owned);
    return { outdir, stacks, removedStacks: removed, policy, timings: { buildMs, synthMs } };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
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
