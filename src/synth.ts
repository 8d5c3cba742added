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
import { availableParallelism } from "node:os";
import { buildApp, stackGraph } from "./app";
import { PolicyEngine } from "./policy/engine";
import { chunk, PARALLEL_MIN_WORKLOADS, releaseWorkers, synthesizeChunks, ThreadTiming } from "./synth-parallel";
import { completeDependencies } from "./synth-manifest";
import { didYouMean } from "./config/did-you-mean";
import { accessStackName } from "./stacks/names";
import { UserError } from "./user-error";
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
  /**
   * Synthesize only these stacks (`lz synth --stacks`), replacing only their files and their entries in
   * manifest.json; everything else in the output directory is left as it is.
   * @default every stack
   */
  readonly stacks?: readonly string[];
  /**
   * Threads for a full synth (`lz synth --jobs N`: this one and N - 1 workers); output byte-identical to a serial synth.
   * @default one per core, once the config has at least PARALLEL_MIN_WORKLOADS workload accounts; else 1
   */
  readonly jobs?: number;
  /**
   * The resource and data source types the caller reads from the result's stack models, besides what
   * the app-wide rules read: a parallel synth hands the worker threads' stacks to this one with only
   * those (PolicyEngine.snapshot), and a model refuses any other type (NotShippedError). `lz report`
   * passes REPORT_READS (src/report/reads.ts).
   * @default none
   */
  readonly modelTypes?: readonly string[];
}

export { PARALLEL_MIN_WORKLOADS };

/** How many worker processes a synth uses. */
export function jobsFor(config: LandingZoneConfig, options: Pick<SynthOptions, "jobs" | "stacks">): number {
  if (options.stacks) return 1;
  if (options.jobs !== undefined) return Math.max(1, Math.min(options.jobs, config.workloads.length + config.accounts.length));
  return config.workloads.length >= PARALLEL_MIN_WORKLOADS ? Math.max(1, availableParallelism()) : 1;
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: string[];
  /** Stacks of an earlier synth into the same directory that the config no longer has: their files were removed. */
  readonly removedStacks: string[];
  /** Guardrail verdicts, findings and suppressions. */
  readonly policy: PolicyReport;
  /** Milliseconds spent building the construct tree, and in cdktf's synth (aspects, guardrails, validation, JSON writing). */
  readonly timings: {
    readonly buildMs: number;
    readonly synthMs: number;
    /** With worker threads: what each thread (0: this one) did, from the start of the synth phase. */
    readonly threads?: readonly ThreadTiming[];
  };
}

/** Refuses stack names the config does not have, with the closest one. */
function checkStackNames(config: LandingZoneConfig, names: readonly string[]): void {
  const known = [...stackGraph(config).keys()];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length === 0) return;
  const hints = unknown.map((n) => {
    const close = didYouMean(n, known);
    return `${n}${close ? ` (did you mean ${close}?)` : ""}`;
  });
  throw new UserError(`no stack ${hints.join(", ")} in this config\nfix: name stacks of the config: ${known.join(", ")}`);
}


/**
 * The stacks in the order threads should take them, largest first, with their relative cost: the shared
 * stacks (the organization and Identity Center grow with the accounts), then the workload stacks (about
 * 180 resources each: 25 ms), then the access stacks (a few roles each: 2 ms).
 */
function largestFirst(config: LandingZoneConfig, order: readonly string[]): { stacks: string[]; weight: (stack: string) => number } {
  const workloads = new Set(config.workloads.map((w) => w.stackName));
  const access = new Set(config.accounts.map((a) => accessStackName(a.name)));
  const rank = (name: string) => (access.has(name) ? 2 : workloads.has(name) ? 1 : 0);
  const weight = (name: string) => (access.has(name) ? 1 : 12);
  return { stacks: [...order].sort((a, b) => rank(a) - rank(b)), weight };
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
  let threads: ThreadTiming[] | undefined;
  try {
    let t = process.hrtime.bigint();
    if (options.stacks) checkStackNames(config, options.stacks);
    const jobs = jobsFor(config, options);
    if (jobs > 1) {
      // This thread and worker threads take chunks of stacks in turn; this one merges their stacks, manifests and verdicts.
      const order = [...stackGraph(config).keys()];
      const engine = new PolicyEngine();
      buildMs = since(t);
      t = process.hrtime.bigint();
      const { stacks: largest, weight } = largestFirst(config, order);
      const plan = { config, order, chunks: chunk(largest, jobs, weight, 24), staging, finalOutdir: outdir, localStateDir: resolve(options.localStateDir), hcl: options.hcl, modelTypes: options.modelTypes, startedAt: Date.now() };
      const done = synthesizeChunks(plan, jobs);
      for (const v of done.verdicts) engine.absorb(v);
      threads = done.threads;
      policy = engine.finish(config.suppressions, order);
    } else {
      releaseWorkers(); // started ahead for a parallel synth this one is not
      const built = buildApp(config, { outdir: staging, finalOutdir: outdir, localStateDir: resolve(options.localStateDir), hcl: options.hcl, stacks: options.stacks });
      buildMs = since(t);
      t = process.hrtime.bigint();
      built.app.synth();
      if (options.stacks) completeDependencies(staging, built.graph);
      policy = built.policy.finish(config.suppressions);
    }
    synthMs = since(t);
    const refused = suppressionError(config, policy) ?? (options.enforce === false ? undefined : policyError(config, policy));
    if (refused) throw refused;
  } catch (e) {
    rmSync(created ?? staging, { recursive: true, force: true }); // the directories this run made, or its staging
    throw e;
  }
  try {
    const { stacks, removed } = installOutput(staging, outdir, owned, { partial: options.stacks !== undefined });
    return { outdir, stacks, removedStacks: removed, policy, timings: { buildMs, synthMs, ...(threads ? { threads } : {}) } };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Runs the guardrails without keeping any output: synthesizes into a
 * temporary directory, returns the report (findings included, never thrown)
 * and the synthesized stack names; the stack models carry what the app rules and `modelTypes` read.
 */
export function evaluate(config: LandingZoneConfig, localStateDir: string, modelTypes?: readonly string[]): SynthResult {
  const base = mkdtempSync(join(tmpdir(), "lz-evaluate-"));
  try {
    return synthesize(config, { outdir: join(base, "out"), localStateDir, enforce: false, modelTypes });
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
