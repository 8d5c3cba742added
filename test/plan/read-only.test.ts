/**
 * Read-only runs: `lz plan --read-only` and `lz drift` set the ephemeral lz_read_only variable on the stacks that
 * declare it (member-account providers then assume <name>-ci-read), the plan records it, and `lz apply` re-supplies
 * it as false, which Terraform requires for an ephemeral variable set at plan time (and refuses for one that was
 * not): the reviewed read-only plan applies as the deployer. Terraform's side of this is proven against the
 * emulator in test/e2e/read-only-plan.test.ts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runApplies } from "../../src/plan/apply";
import { driftStack } from "../../src/plan/drift";
import { planStack, StackPlan, TerraformRunner } from "../../src/plan/plan-stack";
import { declaresReadOnly, readOnlyArg } from "../../src/plan/read-only";
import { READ_ONLY_VARIABLE } from "../../src/stacks/names";
import { readOnlyRun } from "../../src/cli/options";
import { parseConfig } from "../../src/config/load";
import { exampleText } from "../helpers/synth";

const root = mkdtempSync(join(tmpdir(), "lz-read-only-"));
/** A stack directory whose cdk.tf.json declares the variable (a member-account stack with ci) or not. */
function stackDir(name: string, declares: boolean): string {
  const dir = join(root, "stacks", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(declares ? { variable: { [READ_ONLY_VARIABLE]: { type: "bool", default: false, ephemeral: true } } } : { resource: {} }));
  return dir;
}
const member = stackDir("workload-a", true);
const management = stackDir("organization", false);

/** A fake terraform recording each command line per stack. */
function fakeTerraform() {
  const calls: string[] = [];
  const runner: TerraformRunner = async (args, cwd) => {
    calls.push(`${cwd.split("/").pop()} ${args.join(" ")}`);
    if (args[0] === "plan") {
      const out = args.find((a) => a.startsWith("-out="))!.slice(5);
      writeFileSync(out, "binary plan");
      return { code: 2, stdout: "Plan: 1 to add", stderr: "" };
    }
    if (args[0] === "show") return { code: 0, stdout: JSON.stringify({ resource_changes: [{ address: "aws_s3_bucket.x", type: "aws_s3_bucket", mode: "managed", change: { actions: ["create"] } }] }), stderr: "" };
    if (args[0] === "state") return { code: 0, stdout: "", stderr: "" };
    return { code: 0, stdout: "", stderr: "" };
  };
  return { runner, calls };
}
const waiting = { stateBucketStack: "bootstrap", accounts: [], stacks: ["organization", "workload-a"] };
const planOf = (calls: string[], stack: string) => calls.find((c) => c.startsWith(`${stack} plan `))!;

describe("read-only runs", () => {
  it("knows which stacks declare the variable", () => {
    expect(declaresReadOnly(member)).toBe(true);
    expect(declaresReadOnly(management)).toBe(false);
    expect(declaresReadOnly(join(root, "missing"))).toBe(false);
    expect(readOnlyArg(true)).toBe("-var=lz_read_only=true");
  });

  it("lz plan --read-only sets the variable on a stack that declares it and records that in the result", async () => {
    const out = mkdtempSync(join(tmpdir(), "lz-plans-"));
    const tf = fakeTerraform();
    const ctx = { runner: tf.runner, outDir: out, guard: {}, waiting, readOnly: true };
    const r = await planStack({ name: "workload-a", dir: member }, 1, ctx);
    expect(planOf(tf.calls, "workload-a")).toContain("-var=lz_read_only=true");
    expect(r.readOnly).toBe(true);
    // A stack without member-account providers declares no variable: -var for it would be an error.
    const m = await planStack({ name: "organization", dir: management }, 1, ctx);
    expect(planOf(tf.calls, "organization")).not.toContain("lz_read_only");
    expect(m.readOnly).toBeUndefined();
  });

  it("lz plan without --read-only leaves the variable unset (the deployer, as before)", async () => {
    const tf = fakeTerraform();
    const r = await planStack({ name: "workload-a", dir: member }, 1, { runner: tf.runner, outDir: mkdtempSync(join(tmpdir(), "lz-plans-")), guard: {}, waiting });
    expect(planOf(tf.calls, "workload-a")).not.toContain("lz_read_only");
    expect(r.readOnly).toBeUndefined();
  });

  it("lz apply re-supplies the variable as false exactly for plans that set it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lz-apply-"));
    const plans = ["workload-a", "organization"].map((stack) => {
      writeFileSync(join(dir, `${stack}.tfplan`), "binary plan");
      writeFileSync(join(dir, `${stack}.plan.json`), JSON.stringify({ resource_changes: [] }));
      return { stack, wave: 1, status: "changes", files: { log: `${stack}.log`, plan: `${stack}.tfplan`, json: `${stack}.plan.json` }, seconds: 1, ...(stack === "workload-a" ? { readOnly: true } : {}) } as StackPlan;
    });
    const tf = fakeTerraform();
    const stacks = [{ name: "organization", dir: management, dependencies: [] }, { name: "workload-a", dir: member, dependencies: ["organization"] }];
    const results = await runApplies({ stacks, plans, plansDir: dir, parallelism: 1, runner: tf.runner, renderer: "silent" });
    expect(results.map((r) => r.status)).toEqual(["applied", "applied"]);
    const apply = (stack: string) => tf.calls.find((c) => c.startsWith(`${stack} apply `))!;
    expect(apply("workload-a")).toMatch(/ -var=lz_read_only=false \S+workload-a\.tfplan$/);
    expect(apply("organization")).not.toContain("lz_read_only");
  });

  it("lz drift reads through ci-read when asked, only where the variable is declared", async () => {
    const tf = fakeTerraform();
    await driftStack({ name: "workload-a", dir: member }, { runner: tf.runner, waiting, readOnly: true });
    await driftStack({ name: "organization", dir: management }, { runner: tf.runner, waiting, readOnly: true });
    expect(planOf(tf.calls, "workload-a")).toMatch(/-refresh-only .*-var=lz_read_only=true/);
    expect(planOf(tf.calls, "organization")).not.toContain("lz_read_only");
  });

  it("--read-only needs ci in the config (only then do the ci-read roles exist); lz drift is read-only by default with it", () => {
    const plain = parseConfig(exampleText(), "landing-zone.yaml");
    const ci = parseConfig(`${exampleText()}\nci:\n  github: { repository: acme/landing-zone, environment: production }\n`, "landing-zone.yaml");
    expect(() => readOnlyRun(plain, true)).toThrow("--read-only plans each member account through role/lz/acme-ci-read, which the access stacks create only when the config sets ci.github");
    expect(readOnlyRun(ci, true)).toBe(true);
    expect(readOnlyRun(ci, undefined)).toBe(false); // lz plan
    expect(readOnlyRun(ci, undefined, true)).toBe(true); // lz drift
    expect(readOnlyRun(ci, false, true)).toBe(false); // lz drift --no-read-only
    expect(readOnlyRun(plain, undefined, true)).toBe(false);
  });
});
