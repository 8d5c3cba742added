/**
 * `lz synth --jobs N`: stacks synthesized on this thread and worker threads (the compiled
 * dist/src/synth-parallel.js; run `npm run build` first) give the same bytes
 * as a serial synth (every stack file, manifest.json and the marker) and the
 * same guardrail verdicts, in the same order.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { chunk, pooledWorkers, prestartFor, ThreadTiming, workloadsIn } from "../../src/synth-parallel";
import { jobsFor, synthesize } from "../../src/synth";
import { parseConfig } from "../../src/config/load";
import { benchConfig } from "../../bench/configs";
import { NotShippedError } from "../../src/policy/model";
import { buildReport } from "../../src/report/data";
import { REPORT_READS } from "../../src/report/reads";
import { exampleConfig, exampleText } from "../helpers/synth";

jest.setTimeout(300_000);

function files(dir: string, root = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) Object.assign(out, files(p, root));
    else out[relative(root, p)] = readFileSync(p, "utf8");
  }
  return out;
}

/** How many stacks the worker threads (not this one) synthesized. */
const workerStacks = (threads: readonly ThreadTiming[] | undefined): number => (threads ?? []).filter((t) => t.thread > 0).reduce((n, t) => n + t.stacks, 0);

describe("parallel synth", () => {
  it("writes byte-identical output and the same verdicts as a serial synth", () => {
    const base = mkdtempSync(join(tmpdir(), "lz-parallel-"));
    const config = parseConfig(benchConfig(exampleText(), 6), "bench-6.yaml");
    const serial = synthesize(config, { outdir: join(base, "serial"), localStateDir: join(base, ".lz"), jobs: 1 });
    const parallel = synthesize(config, { outdir: join(base, "parallel"), localStateDir: join(base, ".lz"), jobs: 3 });
    const [a, b] = [files(join(base, "serial")), files(join(base, "parallel"))];
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const f of Object.keys(a)) expect({ f, bytes: b[f] }).toEqual({ f, bytes: a[f] });
    expect(parallel.stacks).toEqual(serial.stacks);
    expect(parallel.policy.results).toEqual(serial.policy.results);
    expect(parallel.policy.stacks.map((s) => s.name)).toEqual(serial.policy.stacks.map((s) => s.name));
    expect(parallel.policy.findings).toEqual(serial.policy.findings);
    // The worker threads' stacks reach this thread partial (what the app rules read).
    expect(parallel.policy.stacks.filter((s) => s.partial).length).toBe(workerStacks(parallel.timings.threads));
  });

  it("cuts the stacks into chunks of shrinking cost, each about a third of what is left per thread, covering every stack once in order", () => {
    const stacks = [...Array.from({ length: 200 }, (_, i) => `workload-${i}`), ...Array.from({ length: 200 }, (_, i) => `access-${i}`)];
    const weight = (s: string) => (s.startsWith("access-") ? 1 : 12);
    const chunks = chunk(stacks, 2, weight, 24);
    expect(chunks.flat()).toEqual(stacks);
    const cost = (c: string[]) => c.reduce((n, s) => n + weight(s), 0);
    expect(cost(chunks[0])).toBeLessThanOrEqual((200 * 12 + 200) / 6);
    expect(cost(chunks[0])).toBeGreaterThan((200 * 12 + 200) / 6 - 12);
    const workloadChunks = chunks.filter((c) => c.every((s) => s.startsWith("workload-")));
    expect(workloadChunks.map(cost).every((n, i, all) => i === 0 || n <= all[i - 1])).toBe(true);
    const lastWithWorkloads = chunks.filter((c) => c.some((s) => s.startsWith("workload-"))).pop()!;
    expect(lastWithWorkloads.filter((s) => s.startsWith("workload-")).length).toBeLessThanOrEqual(3); // the large stacks end in small chunks
    expect(chunks.slice(0, -1).every((c) => cost(c) >= 24)).toBe(true); // no app for less than the minimum but the last
    expect(chunk(["a"], 4)).toEqual([["a"]]);
  });

  it("starts worker threads ahead from the config's text, hands them the next parallel synth, and lets a serial one release them", () => {
    expect(workloadsIn(exampleText())).toBe(exampleConfig().workloads.length);
    expect(workloadsIn(benchConfig(exampleText(), 16))).toBe(16);
    prestartFor(exampleText()); // two workload accounts: serial, nothing to start
    expect(pooledWorkers()).toBe(0);
    prestartFor(exampleText(), 2);
    expect(pooledWorkers()).toBe(1);
    const base = mkdtempSync(join(tmpdir(), "lz-parallel-"));
    const parallel = synthesize(exampleConfig(), { outdir: join(base, "parallel"), localStateDir: join(base, ".lz"), jobs: 2 });
    expect(pooledWorkers()).toBe(0);
    expect(parallel.timings.threads?.map((t) => t.thread)).toEqual([0, 1]);
    prestartFor(exampleText(), 3);
    expect(pooledWorkers()).toBe(2);
    const serial = synthesize(exampleConfig(), { outdir: join(base, "serial"), localStateDir: join(base, ".lz"), jobs: 1 });
    expect(pooledWorkers()).toBe(0);
    expect(files(join(base, "parallel"))).toEqual(files(join(base, "serial")));
  });

  it("reports what each thread did, and the worker threads share the work", () => {
    const base = mkdtempSync(join(tmpdir(), "lz-parallel-"));
    const config = parseConfig(benchConfig(exampleText(), 16), "bench-16.yaml");
    const { timings, stacks } = synthesize(config, { outdir: join(base, "out"), localStateDir: join(base, ".lz"), jobs: 2 });
    expect(timings.threads).toHaveLength(2);
    expect(timings.threads!.map((t) => t.thread)).toEqual([0, 1]);
    expect(timings.threads!.reduce((n, t) => n + t.stacks, 0)).toBe(stacks.length);
    for (const t of timings.threads!) expect(t.chunks).toBeGreaterThan(0);
    expect(readdirSync(join(base, "out"))).not.toContainEqual(expect.stringMatching(/^chunk-|staging/));
  });

  it("hands the worker threads' stack models over partial, with what the app rules and the report read: the same verdicts and the same report", () => {
    const base = mkdtempSync(join(tmpdir(), "lz-parallel-"));
    const config = parseConfig(benchConfig(exampleText(), 16), "bench-16.yaml");
    const serial = synthesize(config, { outdir: join(base, "serial"), localStateDir: join(base, ".lz"), jobs: 1 });
    const rules = synthesize(config, { outdir: join(base, "rules"), localStateDir: join(base, ".lz"), jobs: 2 });
    const report = synthesize(config, { outdir: join(base, "report"), localStateDir: join(base, ".lz"), jobs: 2, modelTypes: REPORT_READS });
    for (const run of [rules, report]) {
      const shipped = run.policy.stacks.filter((s) => s.partial);
      expect(shipped.length).toBe(workerStacks(run.timings.threads));
      expect(shipped.length).toBeGreaterThan(0);
      expect(run.policy.results).toEqual(serial.policy.results);
      expect(run.policy.findings).toEqual(serial.policy.findings);
    }
    // The report (its data: inventory, topology, security services, cost, controls) reads only what REPORT_READS ships.
    const now = new Date(0);
    const data = (policy: typeof serial.policy) => JSON.stringify(buildReport(config, policy, now), (_k, v: unknown) => (typeof v === "function" ? undefined : v));
    expect(data(report.policy)).toBe(data(serial.policy));
    // Without the report's types, a partial model refuses instead of answering wrongly.
    expect(() => buildReport(config, rules.policy, now)).toThrow(NotShippedError);
  });

  it("runs serially for small configs and --stacks, one worker per core from 16 workload accounts", () => {
    expect(jobsFor(exampleConfig(), {})).toBe(1);
    expect(jobsFor(exampleConfig(), { jobs: 4 })).toBe(4);
    expect(jobsFor(exampleConfig(), { jobs: 4, stacks: ["organization"] })).toBe(1);
    expect(jobsFor(parseConfig(benchConfig(exampleText(), 16), "b.yaml"), {})).toBeGreaterThanOrEqual(1);
  });
});
