/** lz ci writes the workflow, and --check tells when a config change made it stale. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { dependencyWaves, readManifest } from "../../src/terraform/manifest";
import { lz, workdir } from "../helpers/lz";
import { synthConfig } from "../helpers/synth";

/** The example's waves without bootstrap, which stays out of CI until its state is migrated. */
const exampleWaves = (): string[][] =>
  dependencyWaves(readManifest(synthConfig().outdir).filter((s) => s.name !== "bootstrap").map((s) => ({ ...s, dependencies: s.dependencies.filter((d) => d !== "bootstrap") }))).map((w) => w.map((s) => s.name));

describe("lz ci", () => {
  it("writes .github/workflows/landing-zone.yml, which --check then accepts", () => {
    const dir = workdir();
    const r = lz(["ci"], dir);
    expect(r.code).toBe(0);
    const waves = exampleWaves();
    expect(r.stdout).toContain(`Wrote .github/workflows/landing-zone.yml: ${waves.length} waves (${waves.map((w) => w.join(", ")).join(" → ")})`);
    const wf = parse(readFileSync(join(dir, ".github", "workflows", "landing-zone.yml"), "utf8"));
    const n = waves.map((_, i) => i + 1);
    expect(Object.keys(wf.jobs)).toEqual(["synth", ...n.map((i) => `plan-wave-${i}`), "plan-summary", ...n.map((i) => `apply-wave-${i}`)]);
    expect(lz(["ci", "--check"], dir)).toMatchObject({ code: 0, stdout: ".github/workflows/landing-zone.yml is up to date\n" });
  });

  it("fails --check after a vend adds a stack, until the workflow is regenerated", () => {
    const dir = workdir();
    lz(["ci"], dir);
    expect(lz(["vend", "--name", "payments-dev", "--email", "aws+payments-dev@acme.example", "--ou", "Workloads/Prod"], dir).code).toBe(0);
    const stale = lz(["ci", "--check"], dir);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/out of date with the config's stacks; run npx lz ci and commit the result/);
    lz(["ci"], dir);
    const wf = parse(readFileSync(join(dir, ".github", "workflows", "landing-zone.yml"), "utf8"));
    const waveOf = (stack: string) => Object.keys(wf.jobs).find((k) => k.startsWith("plan-wave-") && wf.jobs[k].strategy.matrix.stack.includes(stack));
    expect(waveOf("workload-payments-dev")).toBeDefined();
    // a vended account's stack waits for the organization stack that creates the account
    expect(Number(waveOf("workload-payments-dev")!.slice(10))).toBeGreaterThan(Number(waveOf("organization")!.slice(10)));
  });

  it("keeps custom roles in the regenerate command CI runs", () => {
    const dir = workdir();
    lz(["ci", "--plan-role", "arn:aws:iam::111111111111:role/lz-plan"], dir);
    const text = readFileSync(join(dir, ".github", "workflows", "landing-zone.yml"), "utf8");
    expect(text).toContain("run: npx lz ci --plan-role 'arn:aws:iam::111111111111:role/lz-plan' --check");
    expect(text).toContain("role-to-assume: arn:aws:iam::111111111111:role/lz-plan");
  });
});
