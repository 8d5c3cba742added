/**
 * `npm run bench`: the targets of issue 19, each a ratio to the floor (a one-resource cdktf app)
 * measured in the same run, on whatever machine runs it (a benchmark, not a test: nothing asserts).
 * Writes bench/results.md: the generated tables, then bench/analysis.md (written by hand).
 * Options: BENCH_RUNS (runs per small case, default 5), BENCH_BIG_RUNS (runs per 200-account case,
 * default 3), BENCH_SIZES (workload account counts, default 1,20,200), BENCH_SKIP_STOCK=1 (skip the stock cdktf synth + ts-node case). About 5 minutes on an
 * idle 2-core machine.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, tmpdir } from "node:os";
import { join } from "node:path";
import { benchConfig } from "./configs";
import { measure, Measurement, median } from "./measure";
import { summariseProfile, topPackages } from "./profile";
import type { ThreadTiming } from "../src/synth-parallel";
import { vend } from "../src/vend/vend";

const ROOT = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: { lz: string } };
/** What `npx lz` runs: the launcher of the esbuild bundle, with its V8 code cache (src/cli/launch.ts). */
const LZ = join(ROOT, pkg.bin.lz);
/** tsc's output, one file per module: what the bundle is built from, and what the profiles read (file names tell where time goes). */
const LZ_TSC = join(ROOT, "dist", "src", "cli", "index.js");
const FLOOR = join(ROOT, "dist", "bench", "floor", "main.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS ?? Math.min(RUNS, 3));
/** Workload account counts; the last is the scale target's (BENCH_SIZES=1,2,3 makes a quick smoke run). */
const SIZES: readonly number[] = (process.env.BENCH_SIZES ?? "1,20,200").split(",").map(Number);
const BIG = SIZES[SIZES.length - 1];
const started = Date.now();

interface Row {
  readonly key: string;
  readonly label: string;
  readonly accounts: number | "";
  readonly m: Measurement;
}

const work = mkdtempSync(join(tmpdir(), "lz-bench-configs-"));
const example = readFileSync(join(ROOT, "landing-zone.yaml"), "utf8");
const log = (s: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${s}\n`);
const loadBefore = loadavg();
const rows: Row[] = [];
const add = (key: string, label: string, accounts: number | "", runs: number, command: Parameters<typeof measure>[1]): Row => {
  log(`${label} (${runs} runs)…`);
  const row = { key, label, accounts, m: measure(runs, command) };
  rows.push(row);
  return row;
};
const node = (cli: string, args: string[], env: NodeJS.ProcessEnv = {}) => ({ cmd: process.execPath, args: [cli, ...args], cwd: work, env });

// Configs.
const exampleFile = join(work, "example.yaml");
writeFileSync(exampleFile, example);
const exampleWorkloads = (example.match(/type: workload/g) ?? []).length;
const sizedFile = (n: number) => join(work, `bench-${n}.yaml`);
for (const n of SIZES) writeFileSync(sizedFile(n), benchConfig(example, n));
const vendFile = join(work, "vend.yaml");
writeFileSync(vendFile, vend(example, "landing-zone.yaml", { name: "bench-new", email: "aws+bench-new@acme.example", ou: "Workloads/Prod" }).text);
const vendArgs = (out: string) => ["synth", "--config", vendFile, "--out", out, "--stacks", "organization", "workload-bench-new"];

// Warm the code cache of each measured command (saved by a command's first run), as any use after the first finds it.
// A synth with two threads warms the worker threads' cache.
for (const args of [["synth", "--config", exampleFile, "--out", join(work, "warm")], ["synth", "--config", exampleFile, "--out", join(work, "warm-threads"), "--jobs", "2"], ["validate", "--config", exampleFile], ["report", "--config", exampleFile, "--out", join(work, "warm-report")]]) {
  const r = spawnSync(process.execPath, [LZ, ...args], { cwd: work, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (r.status !== 0) throw new Error(`warm-up lz ${args[0]} failed:\n${r.stderr}`);
}

// The cases. Small ones first and interleaved with the floor's neighbours, so load changes hit all alike.
const floor = add("floor", "floor: 1 stack, 1 resource (cdktf, 2 provider classes)", "", RUNS, (out) => ({ ...node(FLOOR, []), env: { CDKTF_OUTDIR: out } }));
const exampleRow = add("example", "lz synth: bundled example", exampleWorkloads, RUNS, (out) => node(LZ, ["synth", "--config", exampleFile, "--out", out]));
const vendRow = add("vend", "vend path: lz synth --stacks organization workload-<new> (example + 1)", exampleWorkloads + 1, RUNS, (out) => node(LZ, vendArgs(out)));
add("validate", "lz validate: example", exampleWorkloads, RUNS, () => node(LZ, ["validate", "--config", exampleFile]));
add("example-nocache", "bundle without the code cache (LZ_COMPILE_CACHE=0): lz synth, example", exampleWorkloads, RUNS, (out) => node(LZ, ["synth", "--config", exampleFile, "--out", out], { LZ_COMPILE_CACHE: "0" }));
add("vend-nocache", "bundle without the code cache (LZ_COMPILE_CACHE=0): vend path", exampleWorkloads + 1, RUNS, (out) => node(LZ, vendArgs(out), { LZ_COMPILE_CACHE: "0" }));
add("example-tsc", "unbundled (dist/src/cli/index.js): lz synth, example", exampleWorkloads, RUNS, (out) => node(LZ_TSC, ["synth", "--config", exampleFile, "--out", out]));
add("vend-tsc", "unbundled (dist/src/cli/index.js): vend path", exampleWorkloads + 1, RUNS, (out) => node(LZ_TSC, vendArgs(out)));
const floorAgain = add("floor-again", "floor, again (load drift check)", "", RUNS, (out) => ({ ...node(FLOOR, []), env: { CDKTF_OUTDIR: out } }));
const sized = SIZES.map((n) =>
  add(`synth-${n}`, `lz synth: ${n} workload accounts`, n, n >= 100 ? BIG_RUNS : RUNS, (out) => node(LZ, ["synth", "--config", sizedFile(n), "--out", out], { LZ_TIMINGS: "1" })),
);
const serialBig = add(`synth-${BIG}-jobs1`, `lz synth --jobs 1: ${BIG} workload accounts (one process)`, BIG, 1, (out) => node(LZ, ["synth", "--config", sizedFile(BIG), "--out", out, "--jobs", "1"]));

// lz report against lz synth, same configs; report.md's size.
const reports: { n: number | "example"; synth: Row; report: Row; mdChars: number; fullMdChars?: number }[] = [];
for (const n of ["example", SIZES[Math.min(1, SIZES.length - 1)], BIG] as const) {
  const file = n === "example" ? exampleFile : sizedFile(n);
  const synth = n === "example" ? exampleRow : sized.find((r) => r.accounts === n)!;
  const report = add(`report-${n}`, `lz report: ${n === "example" ? "example" : `${n} workload accounts`}`, n === "example" ? exampleWorkloads : n, n === BIG ? BIG_RUNS : RUNS, (out) =>
    node(LZ, ["report", "--config", file, "--out", join(out, "stacks")]),
  );
  const mdOut = join(work, `report-${n}`);
  const r = spawnSync(process.execPath, [LZ, "report", "--config", file, "--out", mdOut], { cwd: work, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`lz report failed:\n${r.stderr}`);
  const md = readFileSync(join(mdOut, "report.md"), "utf8");
  reports.push({ n, synth, report, mdChars: md.length });
  rmSync(mdOut, { recursive: true, force: true });
}

let stock: Row | undefined;
let stockFailure: string | undefined;
if (!process.env.BENCH_SKIP_STOCK) {
  const cdktf = join(ROOT, "node_modules", ".bin", "cdktf");
  // A comparison, not a target: a failure is recorded in the results instead of ending the run.
  try {
  stock = add("stock", "stock: cdktf synth, ts-node app, example", exampleWorkloads, 1, (out) => ({
    cmd: cdktf,
    args: ["synth", "--app", "npx ts-node main.ts", "--output", out],
    cwd: ROOT,
    env: { LZ_CONFIG: exampleFile, CI: "1", FORCE_COLOR: "0" },
  }));
  } catch (e) {
    const message = (e as Error).message;
    stockFailure = message.match(/\b\w*Error: .*/g)?.find((l) => !l.includes("non-zero exit code")) ?? message.split("\n")[0];
    log(`stock workflow failed: ${stockFailure}`);
  }
}

// Where the time goes: phase timings (LZ_TIMINGS) and a CPU profile of one process, from tsc's output so
// that file names say which package the time is in.
interface Profiled {
  readonly label: string;
  readonly phases: Record<string, number>;
  readonly categories: ReturnType<typeof summariseProfile>;
  readonly packages: ReturnType<typeof topPackages>;
}
function profiled(label: string, args: (out: string) => string[]): Profiled {
  log(`profile: ${label}…`);
  const dir = mkdtempSync(join(tmpdir(), "lz-bench-prof-"));
  const r = spawnSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${join(dir, "prof")}`, LZ_TSC, ...args(join(dir, "out"))], {
    cwd: work,
    encoding: "utf8",
    env: { ...process.env, LZ_TIMINGS: "1", CHECKPOINT_DISABLE: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`profiling ${label} failed (${r.status}):\n${r.stderr}`);
  // Config warnings also go to stderr: the timings are the line that starts with {"startupMs".
  const line = r.stderr.split("\n").find((l) => l.startsWith('{"startupMs"'));
  if (!line) throw new Error(`profiling ${label}: no LZ_TIMINGS line on stderr:\n${r.stderr.slice(-2000)}`);
  const file = join(dir, "prof", readdirSync(join(dir, "prof"))[0]);
  const result = { label, phases: JSON.parse(line) as Record<string, number>, categories: summariseProfile(file), packages: topPackages(file, 8) };
  rmSync(dir, { recursive: true, force: true });
  return result;
}
const profiles = [
  profiled("example", (out) => ["synth", "--config", exampleFile, "--out", out]),
  profiled("vend path", (out) => vendArgs(out)),
  profiled(`${SIZES[Math.min(1, SIZES.length - 1)]} workload accounts, --jobs 1`, (out) => ["synth", "--config", sizedFile(SIZES[Math.min(1, SIZES.length - 1)]), "--out", out, "--jobs", "1"]),
];
const loadAfter = loadavg();

// Report.
const fmt = (n: number, d = 0) => n.toFixed(d);
const wall = (r: Row) => median(r.m.wallMs);
const cpu = (r: Row) => median(r.m.cpuMs);
const rss = (r: Row) => Math.max(...r.m.peakRssMiB);
const floorWall = wall(floor);
const floorCpu = cpu(floor);
const check = (ok: boolean) => (ok ? "met" : "**missed**");
/** A target judged on wall time (the issue's measure) and, for a machine shared with other work, on CPU time too. */
const check2 = (wallOk: boolean, cpuOk: boolean) => (wallOk === cpuOk ? check(wallOk) : `wall: ${check(wallOk)}; CPU: ${check(cpuOk)}`);
const table = [
  "| case | workload accounts | stacks | median wall (ms) | × floor (wall) | median CPU (ms) | × floor (CPU) | peak RSS (MiB) | output (MiB) | runs |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...rows.map(
    (r) =>
      `| ${r.label} | ${r.accounts} | ${r.key.startsWith("report") ? "" : r.m.stacks || ""} | ${fmt(wall(r))} | ${fmt(wall(r) / floorWall, 1)} | ${fmt(cpu(r))} | ${fmt(cpu(r) / floorCpu, 1)} | ${fmt(rss(r))} | ${fmt(r.m.outputBytes / 2 ** 20, 2)} | ${r.m.wallMs.length} |`,
  ),
];
const xs = sized.map((r) => r.accounts as number);
const ys = sized.map(wall);
const mx = xs.reduce((a, b) => a + b) / xs.length;
const my = ys.reduce((a, b) => a + b) / ys.length;
const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
const intercept = my - slope * mx;
const big = sized[sized.length - 1];
// Config warnings share stderr: the timings are the one JSON object that starts with {"startupMs" (found
// anywhere in a line: output a worker thread forwards late may precede it on the same line).
const timingsLine = big.m.stderr.split("\n").find((l) => l.includes('{"startupMs"'));
const bigPhases = JSON.parse(timingsLine ? timingsLine.slice(timingsLine.indexOf('{"startupMs"')) : "{}") as Record<string, number> & { threads?: ThreadTiming[] };
const reportRows = reports.map((r) => {
  const ratio = wall(r.report) / wall(r.synth);
  const label = r.n === "example" ? "report, example" : `report, ${r.n} accounts`;
  return `| ${label} | ${fmt(wall(r.report))} ms vs synth ${fmt(wall(r.synth))} ms: ${fmt(ratio, 2)}× synth (CPU ${fmt(cpu(r.report) / cpu(r.synth), 2)}×); report.md ${r.mdChars.toLocaleString("en-US")} chars | ≤ 1.2× synth; ≤ 65,536 chars | ${check2(ratio <= 1.2 && r.mdChars <= 65_536, cpu(r.report) <= 1.2 * cpu(r.synth) && r.mdChars <= 65_536)} |`;
});
const phaseText = (p: Record<string, number> & { threads?: ThreadTiming[] }) =>
  `start-up to the command ${fmt(p.startupMs)} ms, config ${fmt(p.loadMs)} ms, construct tree ${fmt(p.buildMs)} ms, cdktf synth and guardrails ${fmt(p.synthMs)} ms` +
  (p.threads ? ` (${p.threads.map((t) => `thread ${t.thread}: from ${fmt(t.startMs)} ms, busy ${fmt(t.busyMs)} ms, ${t.chunks} chunks, ${t.stacks} stacks`).join("; ")})` : "");
const profileTable = (p: Profiled) =>
  [
    `**${p.label}** (one process, tsc output; ${phaseText(p.phases)}):`,
    "",
    "| category (self time) | ms | share |",
    "|---|---:|---:|",
    ...p.categories.map((c) => `| ${c.category} | ${fmt(c.ms)} | ${fmt(c.share * 100, 1)} % |`),
    "",
    `Largest packages by self time: ${p.packages.map((k) => `${k.name} ${fmt(k.ms)} ms`).join(", ")}.`,
  ].join("\n");

const md = `# Synth benchmark (issue 19)

Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC in ${fmt((Date.now() - started) / 60_000, 1)} minutes.
Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${fmt(totalmem() / 2 ** 30, 0)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch};
load average ${fmt(loadBefore[0], 1)} before, ${fmt(loadAfter[0], 1)} after (a machine shared with other work: wall times include waiting for a core,
CPU times do not). Every case is a fresh process measured end to end: median wall time and median CPU time (user +
system of every node process of the run, every thread included; \`terraform version\`, which cdktf runs once per synth,
is not node and counts in wall time only), peak RSS as the largest \`maxRSS\` of any node process of the run
(preloaded \`bench/rss.js\`), and the size of the written \`stacks/\`. \`lz\` is \`npx lz\`: \`${pkg.bin.lz}\`, which runs the
esbuild bundle of the CLI with a V8 code cache (warmed by one run of each command before measuring; the worker
threads of a parallel synth have a cache of their own); the "without the code cache" and "unbundled" rows run the same
code without the cache and as tsc's output, one file per module. Configs: the bundled example; the example with its workloads
replaced by N vended accounts (no id, pool-allocated CIDRs), each a copy of the example's first workload (its
App Runner warning is printed once per account); the vend path adds one account to the example with \`lz vend\`.

${table.join("\n")}

## Targets (issue 19)
Ratios are to the floor measured in this run (wall ${fmt(floorWall)} ms, CPU ${fmt(floorCpu)} ms; measured again after the small cases:
wall ${fmt(wall(floorAgain))} ms).

| case | measured | target | |
|---|---|---|---|
| example | ${fmt(wall(exampleRow) / floorWall, 1)}× floor (CPU ${fmt(cpu(exampleRow) / floorCpu, 1)}×) | ≤ 3× | ${check2(wall(exampleRow) <= 3 * floorWall, cpu(exampleRow) <= 3 * floorCpu)} |
| ${BIG} workload accounts | ${fmt(wall(big) / floorWall, 1)}× floor, ${fmt(rss(big))} MiB | ≤ 25×, ≤ 1.5 GB | ${check(wall(big) <= 25 * floorWall && rss(big) <= 1536)} |
| vend path (\`lz synth --stacks organization workload-<new>\`: validates, then builds the two stacks) | ${fmt(wall(vendRow) / floorWall, 1)}× floor (CPU ${fmt(cpu(vendRow) / floorCpu, 1)}×) | ≤ 3× | ${check2(wall(vendRow) <= 3 * floorWall, cpu(vendRow) <= 3 * floorCpu)} |
${reportRows.join("\n")}

- Growth: least squares over ${xs.join(", ")} accounts gives ${fmt(intercept)} ms + ${fmt(slope, 1)} ms per account (wall, default jobs).
- ${BIG} accounts on one thread (\`--jobs 1\`): ${fmt(wall(serialBig))} ms, against ${fmt(wall(big))} ms with the default threads (one per core); peak RSS ${fmt(rss(serialBig))} MiB.
- Phases of the ${BIG}-account synth (LZ_TIMINGS, last run; with threads, the construct tree is built chunk by chunk and counts in the synth phase): ${bigPhases.startupMs === undefined ? "not reported" : phaseText(bigPhases)}.
${stockFailure ? `- The stock workflow (\`cdktf synth\` with the template's ts-node app) failed: \`${stockFailure}\`.` : stock ? `- The stock workflow (\`cdktf synth\` with the template's ts-node app) takes ${fmt(wall(stock))} ms for the example, ${fmt(wall(stock) / wall(exampleRow), 1)}× \`lz synth\`.` : "- The stock workflow was skipped (BENCH_SKIP_STOCK)."}

## Where the time goes
CPU profiles (\`node --cpu-prof\`, sampling) of single processes, self time by category; profiling adds overhead,
so read the shares, not the totals.

${profiles.map(profileTable).join("\n\n")}

${readFileSync(join(ROOT, "bench", "analysis.md"), "utf8").trim()}
`;
writeFileSync(join(ROOT, "bench", "results.md"), md);
rmSync(work, { recursive: true, force: true });
process.stdout.write(md);
