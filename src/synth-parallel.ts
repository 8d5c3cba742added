/**
 * Parallel synth: the stacks of a config, in synth order, cut into chunks; this thread and `jobs - 1`
 * worker threads each claim the next chunk from a shared counter until none is left, so a thread that
 * drew cheap stacks takes more of them and none waits on another's share. Each chunk is an app of its
 * own, written into a directory of its own; this thread then moves the chunks' stacks into the staging
 * directory in synth order, writes one manifest with cdktf's own writer, and runs the cross-stack
 * guardrails and suppressions over every chunk's stack models. Stacks are independent (they share
 * values only through the contracts in src/stacks/contracts.ts), so the output is byte-identical to a
 * serial synth (test/stacks/parallel-synth.test.ts).
 *
 * Threads, not processes: this thread does a share itself with the code and config it already loaded,
 * a worker thread starts without a Node bootstrap, and the workers hand back their guardrail verdicts
 * by message instead of files. `synthesize` stays synchronous: this thread waits for the workers with
 * Atomics.wait and reads their results with receiveMessageOnPort.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isMainThread, MessageChannel, MessagePort, receiveMessageOnPort, Worker, workerData } from "node:worker_threads";
import { Manifest, StackManifest } from "cdktf";
import type { LandingZoneConfig } from "./config/types";
import type { PolicySnapshot } from "./policy/engine";

/** What every thread needs to synthesize any chunk. */
export interface ChunkPlan {
  /** The resolved config (plain data), so a worker neither reads nor validates the file again. */
  readonly config: LandingZoneConfig;
  /** Stack names in synth order: the order of the manifest, as a serial synth writes it. */
  readonly order: readonly string[];
  /** The same names cut into chunks, in the order threads take them. */
  readonly chunks: readonly (readonly string[])[];
  /** The staging directory: chunk k is written to <staging>/chunk-<k>. */
  readonly staging: string;
  readonly finalOutdir: string;
  readonly localStateDir: string;
  readonly hcl?: boolean;
  /** When the synth began (epoch ms), for the threads' timings. */
  readonly startedAt: number;
}

/** Control words in the shared buffer: the next chunk to claim, then one "finished" flag per worker. */
const NEXT = 0;

/** What one thread did: when it started on its first chunk (ms since the synth began), how long it worked, how much. */
export interface ThreadTiming {
  readonly thread: number;
  readonly startMs: number;
  readonly busyMs: number;
  readonly chunks: number;
  readonly stacks: number;
}

/** A worker's answer: the verdicts of the chunks it synthesized, or why it failed. */
type WorkerResult = { readonly snapshots: PolicySnapshot[]; readonly timing: ThreadTiming } | { readonly error: string };

interface WorkerInput {
  readonly plan: ChunkPlan;
  readonly control: SharedArrayBuffer;
  readonly index: number;
  readonly port: MessagePort;
}

/**
 * This module's compiled file, which a worker thread runs: dist/src/synth-parallel.js for tsc's output,
 * dist/bundle/synth-parallel.js for the bundle `lz` runs (where __filename is the bundle of the whole
 * CLI); ts-jest runs the sources, whose workers run dist/src.
 */
function scriptPath(): string {
  const here = __filename.endsWith(".ts") ? join(__dirname, "..", "dist", "src", "synth-parallel.js") : join(__dirname, "synth-parallel.js");
  if (!existsSync(here)) throw new Error(`parallel synth needs the compiled worker ${here}: run npm run build`);
  return here;
}

/** The smallest chunk: an app per chunk costs a few milliseconds. */
const MIN_CHUNK = 2;

/**
 * Cuts the stacks, largest first, into chunks of consecutive stacks, each a third of what is left per
 * thread (guided self-scheduling): large chunks first, so few apps, and small ones of small stacks
 * last, so the threads finish within a small chunk of each other.
 */
export function chunk(stacks: readonly string[], jobs: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < stacks.length; ) {
    const size = Math.max(MIN_CHUNK, Math.ceil((stacks.length - i) / (jobs * 3)));
    out.push(stacks.slice(i, i + size));
    i += size;
  }
  return out;
}

const chunkDir = (plan: ChunkPlan, k: number) => join(plan.staging, `chunk-${k}`);

/** Synthesizes chunks until none is left; returns their verdicts, what this thread did and its longest chunk's time. */
function drain(plan: ChunkPlan, control: Int32Array, thread: number): { snapshots: PolicySnapshot[]; timing: ThreadTiming; longestMs: number } {
  // Loaded here: a worker thread needs them, the module's importers only for this.
  const { buildApp } = require("./app") as typeof import("./app");
  const { completeDependencies } = require("./synth-manifest") as typeof import("./synth-manifest");
  const snapshots: PolicySnapshot[] = [];
  const began = Date.now();
  let longestMs = 0;
  let chunks = 0;
  let stacks = 0;
  for (let k = Atomics.add(control, NEXT, 1); k < plan.chunks.length; k = Atomics.add(control, NEXT, 1)) {
    const started = Date.now();
    const outdir = chunkDir(plan, k);
    const built = buildApp(plan.config, { outdir, finalOutdir: plan.finalOutdir, localStateDir: plan.localStateDir, hcl: plan.hcl, stacks: plan.chunks[k] });
    built.app.synth();
    completeDependencies(outdir, built.graph);
    snapshots.push(built.policy.snapshot());
    longestMs = Math.max(longestMs, Date.now() - started);
    chunks++;
    stacks += plan.chunks[k].length;
  }
  return { snapshots, longestMs, timing: { thread, startMs: began - plan.startedAt, busyMs: Date.now() - began, chunks, stacks } };
}

/** Blocks until worker `index` flags that it finished, or throws once `deadline` (epoch ms) passed. */
function waitFor(control: Int32Array, index: number, deadline: number): void {
  while (Atomics.load(control, index) === 0) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`synth worker thread ${index} did not finish in time (out of memory?): run lz synth --jobs 1`);
    Atomics.wait(control, index, 0, Math.min(left, 1000));
  }
}

/** The message a finished worker posted (it is queued before the worker flags that it finished). */
function resultOf(port: MessagePort): WorkerResult {
  for (let tries = 0; tries < 100; tries++) {
    const received = receiveMessageOnPort(port);
    if (received) return JSON.parse(received.message as string) as WorkerResult;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
  return { error: "finished without a result" };
}

/**
 * Synthesizes the plan's chunks on this thread and `jobs - 1` worker threads, then moves every chunk's
 * stacks into `plan.staging` in synth order and writes its manifest; returns every chunk's verdicts.
 */
export function synthesizeChunks(plan: ChunkPlan, jobs: number): { snapshots: PolicySnapshot[]; threads: ThreadTiming[] } {
  mkdirSync(plan.staging, { recursive: true });
  const control = new Int32Array(new SharedArrayBuffer(4 * jobs));
  const workers: { index: number; port: MessagePort; worker: Worker }[] = [];
  for (let index = 1; index < Math.min(jobs, plan.chunks.length); index++) {
    const { port1, port2 } = new MessageChannel();
    const input: WorkerInput = { plan, control: control.buffer as SharedArrayBuffer, index, port: port2 };
    const worker = new Worker(scriptPath(), { workerData: { lzSynthChunks: input }, transferList: [port2] });
    worker.unref();
    workers.push({ index, port: port1, worker });
  }
  let own: ReturnType<typeof drain>;
  try {
    own = drain(plan, control, 0);
  } catch (e) {
    Atomics.store(control, NEXT, plan.chunks.length); // no worker claims another chunk
    for (const w of workers) void w.worker.terminate();
    throw e;
  }
  // A worker has at most the chunk it is on left: allow it far more than the longest chunk here took.
  const deadline = Date.now() + Math.max(120_000, 20 * own.longestMs);
  const snapshots = [...own.snapshots];
  const threads = [own.timing];
  const errors: string[] = [];
  for (const w of workers) {
    waitFor(control, w.index, deadline);
    const result = resultOf(w.port);
    w.port.close();
    if ("error" in result) errors.push(`worker ${w.index}: ${result.error}`);
    else snapshots.push(...result.snapshots), threads.push(result.timing);
  }
  if (errors.length > 0) throw new Error(`parallel synth failed:\n${errors.join("\n")}`);
  mkdirSync(join(plan.staging, "stacks"), { recursive: true });
  const entries = new Map<string, StackManifest>();
  let version = "";
  plan.chunks.forEach((stacks, k) => {
    const dir = chunkDir(plan, k);
    const own = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { version: string; stacks: Record<string, StackManifest> };
    version = own.version;
    for (const name of stacks) {
      entries.set(name, own.stacks[name]);
      renameSync(join(dir, "stacks", name), join(plan.staging, "stacks", name));
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const manifest = new Manifest(version, plan.staging, plan.hcl ?? false);
  for (const name of plan.order) manifest.stacks[name] = entries.get(name)!;
  manifest.writeToFile();
  return { snapshots, threads };
}

if (!isMainThread && (workerData as { lzSynthChunks?: WorkerInput } | null)?.lzSynthChunks) {
  const { plan, control, index, port } = (workerData as { lzSynthChunks: WorkerInput }).lzSynthChunks;
  const flags = new Int32Array(control);
  let result: WorkerResult;
  try {
    const { snapshots, timing } = drain(plan, flags, index);
    result = { snapshots, timing };
  } catch (e) {
    result = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  // As one JSON string: cloning it and JSON.parse cost the receiving thread a fraction of cloning the objects.
  port.postMessage(JSON.stringify(result));
  port.close();
  Atomics.store(flags, index, 1);
  Atomics.notify(flags, index);
}
