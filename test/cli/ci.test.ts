/** lz ci writes the workflow, and --check tells when a config change made it stale. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { lz, workdir } from "../helpers/lz";

describe("lz ci", () => {
  it("writes .github/workflows/landing-zone.yml, which --check then accepts", () => {
    const dir = workdir();
    const r = lz(["ci"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Wrote \.github\/workflows\/landing-zone\.yml: 1 waves \(logging, network, organization, workload-analytics-dev, workload-payments-prod\)/);
    const wf = parse(readFileSync(join(dir, ".github", "workflows", "landing-zone.yml"), "utf8"));
    expect(Object.keys(wf.jobs)).toEqual(["synth", "plan-wave-1", "plan-summary", "apply-wave-1"]);
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
    expect(wf.jobs["plan-wave-2"].strategy.matrix.stack).toEqual(["workload-payments-dev"]);
  });

  it("keeps custom roles in the regenerate command CI runs", () => {
    const dir = workdir();
    lz(["ci", "--plan-role", "arn:aws:iam::111111111111:role/lz-plan"], dir);
    const text = readFileSync(join(dir, ".github", "workflows", "landing-zone.yml"), "utf8");
    expect(text).toContain("run: npx lz ci --plan-role 'arn:aws:iam::111111111111:role/lz-plan' --check");
    expect(text).toContain("role-to-assume: arn:aws:iam::111111111111:role/lz-plan");
  });
});
