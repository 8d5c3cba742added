/**
 * Synthesizes a config into Terraform, all or nothing: the app is written
 * into a sibling temporary directory and swapped into place only when every
 * stack synthesized, so a failure never leaves a half-written output.
 */
import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { buildApp } from "./app";
import { LandingZoneConfig } from "./config/types";

export interface SynthOptions {
  /** Output directory; stacks land in <outdir>/stacks/<stack>/. */
  readonly outdir: string;
  /** Directory for bootstrap's local state. */
  readonly localStateDir: string;
  /** Write cdk.tf (HCL) instead of cdk.tf.json. */
  readonly hcl?: boolean;
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: string[];
  /** Milliseconds spent building the construct tree, and in cdktf's synth (aspects, validation, JSON writing). */
  readonly timings: { readonly buildMs: number; readonly synthMs: number };
}

const since = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;

export function synthesize(config: LandingZoneConfig, options: SynthOptions): SynthResult {
  const outdir = resolve(options.outdir);
  const staging = join(dirname(outdir), `.${basename(outdir)}.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  let buildMs: number;
  let synthMs: number;
  try {
    let t = process.hrtime.bigint();
    const { app } = buildApp(config, { outdir: staging, localStateDir: resolve(options.localStateDir), hcl: options.hcl });
    buildMs = since(t);
    t = process.hrtime.bigint();
    app.synth();
    synthMs = since(t);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const retired = `${staging}.old`;
  if (existsSync(outdir)) renameSync(outdir, retired);
  renameSync(staging, outdir);
  rmSync(retired, { recursive: true, force: true });
  return { outdir, stacks: readdirSync(join(outdir, "stacks")).sort(), timings: { buildMs, synthMs } };
}
