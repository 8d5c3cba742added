/**
 * Runs a command several times and reports median wall time, CPU time (user + system, summed over its
 * node processes: the main one and any workers), peak RSS over its node processes, and output size.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RSS_PRELOAD = join(__dirname, "..", "..", "bench", "rss.js");

export interface Measurement {
  readonly wallMs: number[];
  readonly peakRssMiB: number[];
  /** CPU time of every node process of a run, summed (a child that is not node, such as terraform, is not counted). */
  readonly cpuMs: number[];
  readonly outputBytes: number;
  /** Stacks written (directories under stacks/) by the last run. */
  readonly stacks: number;
  readonly stderr: string;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function dirBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

/** `command` is given a fresh output directory per run through `outdir`. */
export function measure(runs: number, command: (outdir: string) => { cmd: string; args: string[]; cwd: string; env?: NodeJS.ProcessEnv }): Measurement {
  const wallMs: number[] = [];
  const peakRssMiB: number[] = [];
  const cpuMs: number[] = [];
  let outputBytes = 0;
  let stacks = 0;
  let stderr = "";
  for (let i = 0; i < runs; i++) {
    const scratch = mkdtempSync(join(tmpdir(), "lz-bench-"));
    const outdir = join(scratch, "out");
    const rssFile = join(scratch, "rss");
    const { cmd, args, cwd, env } = command(outdir);
    const started = process.hrtime.bigint();
    const r = spawnSync(cmd, args, {
      cwd,
      encoding: "utf8",
      env: { ...process.env, ...env, CHECKPOINT_DISABLE: "1", NODE_OPTIONS: `--require ${RSS_PRELOAD}`, LZ_BENCH_RSS_FILE: rssFile },
      maxBuffer: 64 * 1024 * 1024,
    });
    wallMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stderr}${r.stdout}`);
    const usage = existsSync(rssFile) ? readFileSync(rssFile, "utf8").trim().split("\n").map((l) => l.split(" ").map(Number)) : [[0, 0, 0]];
    peakRssMiB.push(Math.max(...usage.map(([kib]) => kib)) / 1024);
    cpuMs.push(usage.reduce((sum, [, user, system]) => sum + (user + system) / 1000, 0));
    outputBytes = dirBytes(join(outdir, "stacks"));
    stacks = existsSync(join(outdir, "stacks")) ? readdirSync(join(outdir, "stacks")).length : 0;
    stderr = r.stderr;
    rmSync(scratch, { recursive: true, force: true });
  }
  return { wallMs, peakRssMiB, cpuMs, outputBytes, stacks, stderr };
}
