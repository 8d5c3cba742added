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
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { isMainThread, MessageChannel, MessagePort, receiveMessageOnPort, Worker, workerData } from "node:worker_threads";
import { Manifest, StackManifest } from "cdktf";
import type { LandingZoneConfig } from "./config/types";
import type { PolicyEngine, PolicySnapshot } from "./policy/engine";

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
  /** Types the caller reads from the stack models besides what the app-wide rules read (SynthOptions.modelTypes). */
  readonly modelTypes?: readonly string[];
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

/** One chunk done: its stacks' manifest entries (its stacks are in the staging directory already) and verdicts. */
interface ChunkDone {
  readonly version: string;
  readonly entries: Record<string, StackManifest>;
  readonly verdicts: PolicyEngine | PolicySnapshot;
}

/** What a worker posts: each chunk as it finishes, then what it did, or why it failed. */
type WorkerMessage = { readonly chunk: ChunkDone } | { readonly done: ThreadTiming } | { readonly error: string };

/** What this thread sends a waiting worker thread: the plan, the shared control words and its index. */
interface WorkOrder {
  readonly plan: ChunkPlan;
  readonly control: SharedArrayBuffer;
  readonly index: number;
}

/** A started worker thread: it loads the synth code, then waits on `go` (1: read the work order from `port`, 2: exit). */
interface PooledWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly go: Int32Array;
}

const GO = 1;
const EXIT = 2;

/** Worker threads started ahead of a synth (prestartWorkers), waiting for work. */
const pool: PooledWorker[] = [];

/**
 * What a worker thread runs: this module's compiled file, dist/src/synth-parallel.js, for tsc's output
 * (ts-jest runs the sources, whose workers run dist/src); for the bundle `lz` runs (where __filename is
 * the bundle of the whole CLI, lz-main.js), the launcher beside it, which runs the bundle of this module
 * with a V8 code cache of its own (src/cli/launch.ts).
 */
function workerScript(): { file: string; workerData: Record<string, unknown> } {
  if (__filename.endsWith(".ts")) {
    const file = join(__dirname, "..", "dist", "src", "synth-parallel.js");
    if (!existsSync(file)) throw new Error(`parallel synth needs the compiled worker ${file}: run npm run build`);
    return { file, workerData: {} };
  }
  const launcher = join(__dirname, "lz.js");
  if (__filename.endsWith("lz-main.js") && existsSync(launcher) && existsSync(join(__dirname, "synth-parallel.js"))) return { file: launcher, workerData: { lzBundle: "synth-parallel.js" } };
  return { file: join(__dirname, "synth-parallel.js"), workerData: {} };
}

function startWorker(): PooledWorker {
  const { port1, port2 } = new MessageChannel();
  const go = new Int32Array(new SharedArrayBuffer(4));
  const script = workerScript();
  const worker = new Worker(script.file, { workerData: { ...script.workerData, lzSynthWorker: { port: port2, go: go.buffer } }, transferList: [port2] });
  worker.unref(); // never keeps the process alive
  return { worker, port: port1, go };
}

/**
 * Starts `count` worker threads now, to load the synth code while this thread reads the config: the next
 * parallel synth sends them its chunks instead of starting threads then (lz synth and lz report, when the
 * config looks large enough to synthesize in parallel).
 */
export function prestartWorkers(count: number): void {
  for (let i = 0; i < count; i++) pool.push(startWorker());
}

/** Below this many workload accounts a worker thread's start-up (loading the code: about 0.3 s of CPU) costs more than it saves. */
export const PARALLEL_MIN_WORKLOADS = 16;

/** The workload accounts a config's text lists, counted without parsing it (`type: workload` lines). */
export const workloadsIn = (configText: string): number => (configText.match(/^[ \t]*(?:-[ \t]+)?type:[ \t]*["']?workload["']?[ \t]*(?:#.*)?$/gm) ?? []).length;

/**
 * Starts the worker threads a full synth of this config will use (as jobsFor in src/synth.ts decides,
 * from the config's text), before the config is read: they load the code meanwhile.
 */
export function prestartFor(configText: string, jobs?: number): void {
  const workloads = workloadsIn(configText);
  const threads = jobs ?? (workloads >= PARALLEL_MIN_WORKLOADS ? availableParallelism() : 1);
  if (threads > 1 && workloads > 0) prestartWorkers(threads - 1);
}

/** Tells the worker threads no synth took to exit. */
export function releaseWorkers(): void {
  for (const w of pool.splice(0)) {
    Atomics.store(w.go, 0, EXIT);
    Atomics.notify(w.go, 0);
    w.port.close();
  }
}

/** Worker threads waiting for work (prestarted, not yet taken). */
export const pooledWorkers = (): number => pool.length;

/**
 * Cuts the stacks, largest first, into chunks of consecutive stacks, each about a third of the work
 * left per thread (guided self-scheduling, by `weight`: a stack's cost relative to the others): large
 * chunks first, so few apps, and small ones of small stacks last, so the threads finish within a small
 * chunk of each other. A chunk holds at least `minWeight` of work (an app per chunk costs a few
 * milliseconds).
 */
export function chunk(stacks: readonly string[], jobs: number, weight: (stack: string) => number = () => 1, minWeight = 2): string[][] {
  let left = stacks.reduce((sum, s) => sum + weight(s), 0);
  const out: string[][] = [];
  for (let i = 0; i < stacks.length; ) {
    const target = Math.max(minWeight, left / (jobs * 3));
    const start = i;
    let taken = 0;
    while (i < stacks.length && (i === start || taken + weight(stacks[i]) <= target)) taken += weight(stacks[i++]);
    out.push(stacks.slice(start, i));
    left -= taken;
  }
  return out;
}

const chunkDir = (plan: ChunkPlan, k: number) => join(plan.staging, `chunk-${k}`);

/**
 * Synthesizes chunks until none is left, each into its own directory, then moves the chunk's stacks into
 * the staging directory and hands `done` the chunk's manifest entries and verdicts; returns what this
 * thread did and its longest chunk's time.
 */
function drain(plan: ChunkPlan, control: Int32Array, thread: number, done: (chunk: ChunkDone) => void): { timing: ThreadTiming; longestMs: number } {
  // Loaded here: a worker thread needs them, the module's importers only for this.
  const { buildApp } = require("./app") as typeof import("./app");
  const { completeDependencies } = require("./synth-manifest") as typeof import("./synth-manifest");
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
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { version: string; stacks: Record<string, StackManifest> };
    const entries: Record<string, StackManifest> = {};
    for (const name of plan.chunks[k]) {
      entries[name] = manifest.stacks[name];
      renameSync(join(outdir, "stacks", name), join(plan.staging, "stacks", name));
    }
    rmSync(outdir, { recursive: true, force: true });
    done({ version: manifest.version, entries, verdicts: built.policy });
    longestMs = Math.max(longestMs, Date.now() - started);
    chunks++;
    stacks += plan.chunks[k].length;
  }
  return { longestMs, timing: { thread, startMs: began - plan.startedAt, busyMs: Date.now() - began, chunks, stacks } };
}

/** Blocks until worker `index` flags that it finished, or throws once `deadline` (epoch ms) passed. */
function waitFor(control: Int32Array, index: number, deadline: number): void {
  while (Atomics.load(control, index) === 0) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`synth worker thread ${index} did not finish in time (out of memory?): run lz synth --jobs 1`);
    Atomics.wait(control, index, 0, Math.min(left, 1000));
  }
}

interface WorkerHandle {
  readonly index: number;
  readonly port: MessagePort;
  readonly worker: Worker;
  timing?: ThreadTiming;
  error?: string;
}

/**
 * Synthesizes the plan's chunks on this thread and `jobs - 1` worker threads into `plan.staging` and
 * writes its manifest in synth order; returns every chunk's verdicts (this thread's engines, the
 * workers' snapshots). Between its own chunks this thread takes in what the workers finished, so
 * little is left to do once the last chunk is done.
 */
export function synthesizeChunks(plan: ChunkPlan, jobs: number): { verdicts: (PolicyEngine | PolicySnapshot)[]; threads: ThreadTiming[] } {
  mkdirSync(join(plan.staging, "stacks"), { recursive: true });
  const control = new Int32Array(new SharedArrayBuffer(4 * jobs));
  const workers: WorkerHandle[] = [];
  for (let index = 1; index < Math.min(jobs, plan.chunks.length); index++) {
    const { worker, port, go } = pool.shift() ?? startWorker();
    const order: WorkOrder = { plan, control: control.buffer as SharedArrayBuffer, index };
    port.postMessage(order); // queued before the worker wakes up to read it
    Atomics.store(go, 0, GO);
    Atomics.notify(go, 0);
    workers.push({ index, port, worker });
  }
  releaseWorkers();
  const chunks: ChunkDone[] = [];
  // Messages are queued before a worker flags that it finished: read them all.
  const takeIn = (w: WorkerHandle) => {
    for (let m = receiveMessageOnPort(w.port); m; m = receiveMessageOnPort(w.port)) {
      const message = JSON.parse(m.message as string) as WorkerMessage;
      if ("chunk" in message) chunks.push(message.chunk);
      else if ("done" in message) w.timing = message.done;
      else (w.error = message.error), Atomics.store(control, NEXT, plan.chunks.length); // the synth fails: stop taking chunks
    }
  };
  let own: ReturnType<typeof drain>;
  try {
    own = drain(plan, control, 0, (chunk) => {
      chunks.push(chunk);
      workers.forEach(takeIn);
    });
  } catch (e) {
    // No worker claims another chunk; each finishes the one it is on before this throws, so nothing is
    // written into the staging directory after the caller removed it.
    Atomics.store(control, NEXT, plan.chunks.length);
    for (const w of workers) {
      try {
        waitFor(control, w.index, Date.now() + 120_000);
      } catch {
        void w.worker.terminate();
      }
    }
    throw e;
  }
  // A worker has at most the chunk it is on left: allow it far more than the longest chunk here took.
  const deadline = Date.now() + Math.max(120_000, 20 * own.longestMs);
  for (const w of workers) {
    waitFor(control, w.index, deadline);
    takeIn(w);
    w.port.close();
  }
  const errors = workers.map((w) => (w.error ? `worker ${w.index}: ${w.error}` : w.timing ? undefined : `worker ${w.index}: finished without a result`)).filter((e) => e !== undefined);
  if (errors.length > 0) throw new Error(`parallel synth failed:\n${errors.join("\n")}`);
  const entries = new Map(chunks.flatMap((c) => Object.entries(c.entries)));
  const manifest = new Manifest(chunks[0]?.version ?? "", plan.staging, plan.hcl ?? false);
  for (const name of plan.order) manifest.stacks[name] = entries.get(name)!;
  manifest.writeToFile();
  return { verdicts: chunks.map((c) => c.verdicts), threads: [own.timing, ...workers.map((w) => w.timing!)] };
}

if (!isMainThread && (workerData as { lzSynthWorker?: unknown } | null)?.lzSynthWorker) {
  const { port, go: goBuffer } = (workerData as { lzSynthWorker: { port: MessagePort; go: SharedArrayBuffer } }).lzSynthWorker;
  const go = new Int32Array(goBuffer);
  // Load the synth code while the work order is on its way.
  require("./app");
  require("./synth-manifest");
  Atomics.wait(go, 0, 0);
  if (Atomics.load(go, 0) === GO) {
    let received = receiveMessageOnPort(port);
    for (let tries = 0; !received && tries < 100; tries++) Atomics.wait(go, 0, GO, 10), (received = receiveMessageOnPort(port));
    const { plan, control, index } = received!.message as WorkOrder;
    const flags = new Int32Array(control);
    // Each message one JSON string: cloning a string and JSON.parse cost the receiving thread less than cloning the objects.
    const post = (message: WorkerMessage) => port.postMessage(JSON.stringify(message));
    try {
      const { timing } = drain(plan, flags, index, (chunk) => post({ chunk: { ...chunk, verdicts: (chunk.verdicts as PolicyEngine).snapshot(plan.modelTypes) } }));
      post({ done: timing });
    } catch (e) {
      post({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
    // Started by the launcher: save the code cache now, before this process may exit (src/cli/launch.ts).
    ((globalThis as Record<symbol, unknown>)[Symbol.for("lz.saveCodeCache")] as (() => void) | undefined)?.();
    Atomics.store(flags, index, 1);
    Atomics.notify(flags, index);
  }
  port.close();
}
