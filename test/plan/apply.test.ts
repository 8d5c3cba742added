/** lz apply: saved plans applied exactly, in waves, with the guard and the state-serial check. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runApplies } from "../../src/plan/apply";
import { StackPlan, TerraformRunner } from "../../src/plan/plan-stack";
import { StateVersion } from "../../src/plan/state";

const stack = (name: string, ...dependencies: string[]) => ({ name, dir: `/stacks/${name}`, dependencies });
const STACKS = [stack("organization"), stack("network", "organization"), stack("workload-a", "organization", "network")];
const LINEAGE = "2e8dc2b7-2d15-0be7-e3db-d06f6ac823c9";

function plansDir(plans: Array<Partial<StackPlan> & { stack: string }>, deletes: Record<string, string> = {}): { dir: string; plans: StackPlan[] } {
  const dir = mkdtempSync(join(tmpdir(), "lz-apply-"));
  const full = plans.map((p) => {
    const files = { log: `${p.stack}.log`, plan: `${p.stack}.tfplan`, json: `${p.stack}.plan.json` };
    writeFileSync(join(dir, files.plan), "binary plan");
    const type = deletes[p.stack];
    const resource_changes = type ? [{ address: `${type}.x`, type, mode: "managed", change: { actions: ["delete"] } }] : [];
    writeFileSync(join(dir, files.json), JSON.stringify({ resource_changes }));
    return { wave: 1, status: "changes", files, seconds: 1, state: { serial: 3, lineage: LINEAGE }, ...p } as StackPlan;
  });
  writeFileSync(join(dir, "results.json"), JSON.stringify(full));
  return { dir, plans: full };
}

function fakeTerraform(states: Record<string, StateVersion | null> = {}, applyResult: Record<string, { code: number; stderr: string }> = {}) {
  const calls: string[] = [];
  const runner: TerraformRunner = async (args, cwd) => {
    const name = cwd.replace("/stacks/", "");
    calls.push(`${name} ${args[0]}${args[0] === "apply" ? ` ${args[args.length - 1].replace(/.*\//, "")}` : ""}`);
    if (args[0] === "state") {
      const s = name in states ? states[name] : { serial: 3, lineage: LINEAGE };
      return { code: 0, stdout: s ? JSON.stringify({ version: 4, serial: s.serial, lineage: s.lineage }) : "", stderr: "" };
    }
    if (args[0] === "apply") return { code: applyResult[name]?.code ?? 0, stdout: "Apply complete!", stderr: applyResult[name]?.stderr ?? "" };
    return { code: 0, stdout: "", stderr: "" };
  };
  return { runner, calls };
}

const run = (dir: string, plans: StackPlan[], runner: TerraformRunner, extra: object = {}) =>
  runApplies({ stacks: STACKS, plans, plansDir: dir, parallelism: 2, runner, renderer: "silent", ...extra });

describe("lz apply", () => {
  it("applies each saved plan file in dependency waves after init and the state check, skipping stacks without changes", async () => {
    const { dir, plans } = plansDir([{ stack: "organization" }, { stack: "network", status: "no-changes" }, { stack: "workload-a" }]);
    const tf = fakeTerraform();
    const results = await run(dir, plans, tf.runner);
    expect(results.map((r) => `${r.wave} ${r.stack} ${r.status}`)).toEqual(["1 organization applied", "2 network nothing-to-apply", "3 workload-a applied"]);
    expect(tf.calls).toEqual(["organization init", "organization state", "organization apply organization.tfplan", "workload-a init", "workload-a state", "workload-a apply workload-a.tfplan"]);
  });

  it("refuses a plan whose stack's state moved since it was made, and says what to do", async () => {
    const { dir, plans } = plansDir([{ stack: "organization" }]);
    const tf = fakeTerraform({ organization: { serial: 5, lineage: LINEAGE } });
    const [r] = await run(dir, plans, tf.runner);
    expect(r.status).toBe("refused");
    expect(r.reason).toBe("its state moved from serial 3 at plan time to 5: the reviewed plan no longer matches what is deployed. lz plan --stacks organization, review the new plan, then apply it");
    expect(tf.calls).not.toContain("organization apply organization.tfplan");
  });

  it("refuses a plan made against an empty state once the state exists", async () => {
    const { dir, plans } = plansDir([{ stack: "organization", state: null }]);
    const [r] = await run(dir, plans, fakeTerraform().runner);
    expect(r.reason).toMatch(/^its state was created \(serial 3\) after the plan was made against an empty state/);
  });

  it("explains Terraform's own 'Saved plan is stale'", async () => {
    const { dir, plans } = plansDir([{ stack: "organization" }]);
    const tf = fakeTerraform({}, { organization: { code: 1, stderr: "\nError: Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by\nanother operation after the plan was created.\n" } });
    const [r] = await run(dir, plans, tf.runner);
    expect(r).toMatchObject({ status: "refused", reason: "Terraform refused the saved plan as stale: the state changed after the plan was made; lz plan --stacks organization, review, then apply" });
  });

  it("fails clearly when a stack has no saved plan, and applies nothing downstream of it", async () => {
    const { dir, plans } = plansDir([{ stack: "organization", status: "waiting", waitingOn: "bootstrap" }, { stack: "network" }]);
    const tf = fakeTerraform();
    const results = await run(dir, plans, tf.runner);
    expect(results[0]).toMatchObject({ status: "refused", reason: "no saved plan: the plan was waiting on bootstrap; apply the stacks it needs, then lz plan --stacks organization and review again" });
    expect(results[1]).toMatchObject({ status: "skipped", reason: "not applied: upstream organization did not apply" });
    expect(tf.calls).toEqual([]);
    await expect(run(dir, plans, tf.runner, { selected: ["workload-a"] })).rejects.toThrow(`no saved plan for workload-a in ${dir}: run lz plan --stacks workload-a --out ${dir} first`);
  });

  it("refuses a missing plan file", async () => {
    const { dir, plans } = plansDir([{ stack: "organization" }]);
    const [r] = await run(dir, plans.map((p) => ({ ...p, files: { ...p.files, plan: "gone.tfplan" } })), fakeTerraform().runner);
    expect(r).toMatchObject({ status: "refused", reason: `no saved plan file gone.tfplan in ${dir}; lz plan --stacks organization first` });
  });

  it("runs the guard again on the saved plan: a protected delete is refused unless allowed", async () => {
    const { dir, plans } = plansDir([{ stack: "organization" }], { organization: "aws_kms_key" });
    const [blocked] = await run(dir, plans, fakeTerraform().runner);
    expect(blocked).toMatchObject({ status: "refused", reason: "BLOCKED by the guard: delete aws_kms_key.x; if reviewed and intended, re-run with --allow organization:aws_kms_key.x" });
    const [allowed] = await run(dir, plans, fakeTerraform().runner, { guard: { allow: ["organization:aws_kms_key.x"] } });
    expect(allowed.status).toBe("applied");
  });

  it("shows the same line display as lz plan without a terminal", async () => {
    const { dir, plans } = plansDir([{ stack: "organization" }]);
    const lines: string[] = [];
    await run(dir, plans, fakeTerraform().runner, { renderer: "default", isTTY: false, log: (l: string) => lines.push(l) });
    expect(lines).toEqual([
      "wave 1: organization",
      "organization: guard",
      "organization: terraform init",
      "organization: terraform state pull",
      "organization: terraform apply",
      expect.stringMatching(/^organization: ✔ applied \(\d+(\.\d)?s\)$/),
      "✔ wave 1",
    ]);
  });
});
