/**
 * `lz synth --jobs N`: stacks synthesized in worker processes (the compiled
 * dist/src/synth-parallel.js; run `npm run build` first) give the same bytes
 * as a serial synth (every stack file, manifest.json and the marker) and the
 * same guardrail verdicts, in the same order.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { partition } from "../../src/synth-parallel";
import { jobsFor, synthesize } from "../../src/synth";
import { parseConfig } from "../../src/config/load";
import { benchConfig } from "../../bench/configs";
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
  });

  it("deals workload and access stacks round-robin and keeps the shared stacks together", () => {
    const shared = new Set(["bootstrap", "organization", "network"]);
    expect(partition(["bootstrap", "organization", "network", "workload-a", "workload-b", "workload-c", "access-a"], 2, (n) => shared.has(n))).toEqual([
      ["bootstrap", "organization", "network", "workload-a", "workload-c"],
      ["workload-b", "access-a"],
    ]);
  });

  it("runs serially for small configs and --stacks, one worker per core from 16 workload accounts", () => {
    expect(jobsFor(exampleConfig(), {})).toBe(1);
    expect(jobsFor(exampleConfig(), { jobs: 4 })).toBe(4);
    expect(jobsFor(exampleConfig(), { jobs: 4, stacks: ["organization"] })).toBe(1);
    expect(jobsFor(parseConfig(benchConfig(exampleText(), 16), "b.yaml"), {})).toBeGreaterThanOrEqual(1);
  });
});
