/** lz ci writes the workflow, and --check tells when a config change made it stale. */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync } from "node:fs";
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
    expect(Object.keys(wf.jobs)).toEqual(["synth", "changes", ...n.map((i) => `plan-wave-${i}`), "plan-summary", "find-plan", ...n.map((i) => `apply-wave-${i}`), "drift"]);
    // The CI roles the ci-roles stack creates, on the landing zone's IAM path in the management account.
    expect(wf.jobs["plan-wave-1"].steps.find((s: { uses?: string }) => s.uses?.startsWith("aws-actions/")).with["role-to-assume"]).toBe("arn:aws:iam::111111111111:role/lz/acme-ci-plan");
    expect(wf.jobs["apply-wave-1"].steps.find((s: { uses?: string }) => s.uses?.startsWith("aws-actions/")).with["role-to-assume"]).toBe("arn:aws:iam::111111111111:role/lz/acme-ci-apply");
    expect(r.stdout).toContain('Apply jobs run in the GitHub environment "landing-zone-apply": create it with required reviewers.');
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
    const header = readFileSync(join(dir, ".github", "workflows", "landing-zone.yml"), "utf8").split("\n").find((l) => l.startsWith("# Waves: "))!;
    const waveOf = (stack: string) => Number(/(\d+)\) [^)]*$/.exec(header.slice(0, header.indexOf(stack)))![1]);
    expect(header).toContain("workload-payments-dev");
    // a vended account's stack waits for the organization stack that creates the account
    expect(waveOf("workload-payments-dev")).toBeGreaterThan(waveOf("organization"));
  });

  it("keeps custom roles in the regenerate command CI runs", () => {
    const dir = workdir();
    lz(["ci", "--plan-role", "arn:aws:iam::111111111111:role/lz-plan"], dir);
    const text = readFileSync(join(dir, ".github", "workflows", "landing-zone.yml"), "utf8");
    expect(text).toContain("run: npx lz ci --plan-role 'arn:aws:iam::111111111111:role/lz-plan' --check");
    expect(text).toContain("role-to-assume: arn:aws:iam::111111111111:role/lz-plan");
  });

  it("writes LZ_CONFIG relative to the repository root, wherever lz ci runs", () => {
    const dir = workdir();
    mkdirSync(join(dir, "infra"));
    renameSync(join(dir, "landing-zone.yaml"), join(dir, "infra", "landing-zone.yaml"));
    execFileSync("git", ["init", "-q"], { cwd: dir });
    expect(lz(["ci", "--out", "wf.yml"], join(dir, "infra")).code).toBe(0);
    const wf = parse(readFileSync(join(dir, "infra", "wf.yml"), "utf8"));
    expect(wf.env.LZ_CONFIG).toBe("infra/landing-zone.yaml");
  });
});
