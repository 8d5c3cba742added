/**
 * Parallel synth: the stacks of a config split into groups, each synthesized
 * by a worker process (this file run as a script) into a staging directory
 * of its own; the parent moves the stacks into its staging directory, writes
 * the manifest with cdktf's own writer, and runs the cross-stack guardrails
 * and suppressions over every worker's stack models. Stacks are independent
 * (they share values only through the contracts in src/stacks/contracts.ts),
 * so the output is byte-identical to a serial synth (test/stacks/parallel-synth.test.ts).
 *
 * `synthesize` stays synchronous: the parent blocks in one spawnSync of a
 * coordinator (this script with --coordinate) that starts the workers and
 * waits for them all.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Manifest, StackManifest } from "cdktf";
import type { LandingZoneConfig } from "./config/types";
import type { PolicySnapshot } from "./policy/engine";

/** One worker's share. */
export interface SynthJob {
  /** The resolved config (plain data), so a worker neither reads nor validates the file again. */
  readonly config: LandingZoneConfig;
  readonly stacks: readonly string[];
  /** The worker's own staging directory. */
  readonly staging: string;
  readonly finalOutdir: string;
  readonly localStateDir: string;
  readonly hcl?: boolean;
}

const SNAPSHOT = "policy-snapshot.json";

/**
 * This module as a script: the compiled file beside the running code, dist/src/synth-parallel.js for
 * tsc's output and dist/bundle/synth-parallel.js for the bundle `lz` runs (where __filename is the
 * bundle of the whole CLI); ts-jest runs the sources, whose workers run dist/src.
 */
function scriptPath(): string {
  const here = __filename.endsWith(".ts") ? join(__dirname, "..", "dist", "src", "synth-parallel.js") : join(__dirname, "synth-parallel.js");
  if (!existsSync(here)) throw new Error(`parallel synth needs the compiled worker ${here}: run npm run build`);
  return here;
}

/**
 * Splits the stacks into `jobs` groups: the shared stacks (everything but workload and access stacks)
 * in the first, the workload and access stacks dealt round-robin.
 */
export function partition(stacks: readonly string[], jobs: number, isShared: (name: string) => boolean): string[][] {
  const groups: string[][] = Array.from({ length: jobs }, () => []);
  let next = 0;
  for (const name of stacks) {
    if (isShared(name)) groups[0].push(name);
    else groups[next++ % jobs].push(name);
  }
  return groups.filter((g) => g.length > 0);
}

/** Runs the jobs in worker processes, then merges their stacks and manifests into `staging`; returns their policy snapshots. */
export function runJobs(jobs: readonly SynthJob[], staging: string, hcl: boolean | undefined): PolicySnapshot[] {
  const jobsFile = join(staging, "jobs.json");
  mkdirSync(staging, { recursive: true });
  writeFileSync(jobsFile, JSON.stringify(jobs));
  const r = spawnSync(process.execPath, [scriptPath(), "--coordinate", jobsFile], { stdio: ["ignore", "inherit", "pipe"], encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`parallel synth failed:\n${(r.stderr ?? "").trim()}`);
  const snapshots: PolicySnapshot[] = [];
  let manifest: Manifest | undefined;
  for (const job of jobs) {
    const own = JSON.parse(readFileSync(join(job.staging, "manifest.json"), "utf8")) as { version: string; stacks: Record<string, StackManifest> };
    manifest ??= new Manifest(own.version, staging, hcl ?? false);
    for (const [name, entry] of Object.entries(own.stacks)) manifest.stacks[name] = entry;
    for (const name of readdirSync(join(job.staging, "stacks"))) renameSync(join(job.staging, "stacks", name), join(staging, "stacks", name));
    snapshots.push(JSON.parse(readFileSync(join(job.staging, SNAPSHOT), "utf8")) as PolicySnapshot);
  }
  manifest?.writeToFile();
  return snapshots;
}

/** A worker: synthesizes its stacks into its staging directory and leaves its policy snapshot there. */
function work(job: SynthJob): void {
  // Loaded here: the coordinator needs none of it.
  const { buildApp } = require("./app") as typeof import("./app");
  const { completeDependencies } = require("./synth-manifest") as typeof import("./synth-manifest");
  const built = buildApp(job.config, { outdir: job.staging, finalOutdir: job.finalOutdir, localStateDir: job.localStateDir, hcl: job.hcl, stacks: job.stacks });
  built.app.synth();
  completeDependencies(job.staging, built.graph);
  writeFileSync(join(job.staging, SNAPSHOT), JSON.stringify(built.policy.snapshot()));
}

/** The coordinator: one worker per job, all at once; fails when any fails. */
async function coordinate(jobs: readonly SynthJob[]): Promise<number> {
  const codes = await Promise.all(
    jobs.map(
      (job, i) =>
        new Promise<number>((done) => {
          const jobFile = `${job.staging}.job.json`;
          writeFileSync(jobFile, JSON.stringify(job));
          const child = spawn(process.execPath, [__filename, "--work", jobFile], { stdio: ["ignore", "inherit", "pipe"] });
          let err = "";
          child.stderr.on("data", (d: Buffer) => (err += d.toString()));
          child.on("close", (code) => {
            if (code !== 0) process.stderr.write(`worker ${i + 1} (${job.stacks.length} stacks) exited ${code}:\n${err}`);
            done(code ?? 1);
          });
        }),
    ),
  );
  return codes.every((c) => c === 0) ? 0 : 1;
}

if (require.main === module) {
  const [mode, file] = process.argv.slice(2);
  if (mode === "--work") work(JSON.parse(readFileSync(file, "utf8")) as SynthJob);
  else if (mode === "--coordinate") coordinate(JSON.parse(readFileSync(file, "utf8")) as SynthJob[]).then((code) => process.exit(code));
}
