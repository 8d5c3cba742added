import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planWaves, runPlans, waveVerdict } from "../../src/plan/planner";
import { TerraformRunner } from "../../src/plan/plan-stack";
import { TerraformResult } from "../../src/terraform/run";

const fixture = (name: string) => readFileSync(join(__dirname, "..", "fixtures", "terraform-errors", `${name}.txt`), "utf8");
const stack = (name: string, ...dependencies: string[]) => ({ name, dir: `/stacks/${name}`, dependencies });

/** The example's shape: bootstrap, then organization, logging, network, workloads; one workload vended. */
const STACKS = [
  stack("workload-b", "bootstrap", "organization"),
  stack("network", "bootstrap"),
  stack("organization", "bootstrap"),
  stack("bootstrap"),
  stack("logging", "bootstrap"),
  stack("workload-a", "bootstrap"),
];

type Behaviour = { plan?: Partial<TerraformResult>; changes?: Array<{ address: string; type: string; actions: string[] }> };

/** A fake terraform: records every call and how many stacks are in flight. */
function fakeTerraform(behaviour: Record<string, Behaviour> = {}, delayMs = 5) {
  const calls: Array<{ stack: string; command: string; at: number }> = [];
  const events: string[] = [];
  const active = new Set<string>();
  let maxActive = 0;
  let clock = 0;
  const runner: TerraformRunner = async (args, cwd) => {
    const name = cwd.replace("/stacks/", "");
    const command = args[0];
    if (command === "init") {
      active.add(name);
      maxActive = Math.max(maxActive, active.size);
    }
    calls.push({ stack: name, command, at: clock++ });
    events.push(`start ${command}`);
    await new Promise((r) => setTimeout(r, delayMs));
    events.push(`end ${command}`);
    const b = behaviour[name] ?? {};
    const done = (r: TerraformResult) => {
      if (r.code !== 0 && r.code !== 2) active.delete(name);
      return r;
    };
    if (command === "init") return done({ code: 0, stdout: "Terraform has been successfully initialized!", stderr: "" });
    if (command === "plan") {
      const out = args.find((a) => a.startsWith("-out="))!.slice(5);
      writeFileSync(out, "binary plan");
      return done({ code: 2, stdout: "Terraform will perform the following actions:\n  + thing\nPlan: 1 to add", stderr: "", ...b.plan });
    }
    active.delete(name);
    const resource_changes = (b.changes ?? [{ address: "aws_s3_bucket.x", type: "aws_s3_bucket", actions: ["create"] }]).map((c) => ({ ...c, mode: "managed", change: { actions: c.actions } }));
    return { code: 0, stdout: JSON.stringify({ format_version: "1.2", resource_changes }), stderr: "" };
  };
  return { runner, calls, events, maxActive: () => maxActive };
}

const outDir = () => mkdtempSync(join(tmpdir(), "lz-plan-"));
const waiting = { stateBucketStack: "bootstrap", accounts: [{ name: "a", id: "444444444444" }, { name: "analytics-dev" }] };

describe("plan waves", () => {
  it("orders stacks by manifest dependencies, parallel stacks together", () => {
    expect(planWaves(STACKS).map((w) => w.map((s) => s.name))).toEqual([["bootstrap"], ["logging", "network", "organization", "workload-a"], ["workload-b"]]);
  });

  it("plans only the selected stacks, still in dependency order", () => {
    expect(planWaves(STACKS, ["workload-b", "organization"]).map((w) => w.map((s) => s.name))).toEqual([["organization"], ["workload-b"]]);
  });

  it("names unknown stacks and lists the real ones", () => {
    expect(() => planWaves(STACKS, ["workload-c"])).toThrow("unknown stack workload-c; the stacks are bootstrap, logging, network, organization, workload-a, workload-b");
  });
});

describe("lz plan", () => {
  it("starts a stack only after every stack it depends on has finished", async () => {
    const tf = fakeTerraform();
    await runPlans({ stacks: STACKS, parallelism: 4, outDir: outDir(), runner: tf.runner, waiting, renderer: "silent" });
    const first = (s: string) => Math.min(...tf.calls.filter((c) => c.stack === s).map((c) => c.at));
    const last = (s: string) => Math.max(...tf.calls.filter((c) => c.stack === s).map((c) => c.at));
    for (const s of STACKS) for (const d of s.dependencies) expect(first(s.name)).toBeGreaterThan(last(d));
    expect(tf.calls.filter((c) => c.command === "init").map((c) => c.stack)).toHaveLength(6);
  });

  it("runs at most --parallelism stacks at once, and does run them side by side", async () => {
    const wide = ["a", "b", "c", "d", "e"].map((n) => stack(n));
    const two = fakeTerraform();
    await runPlans({ stacks: wide, parallelism: 2, outDir: outDir(), runner: two.runner, waiting, renderer: "silent" });
    expect(two.maxActive()).toBe(2);
    const one = fakeTerraform();
    await runPlans({ stacks: wide, parallelism: 1, outDir: outDir(), runner: one.runner, waiting, renderer: "silent" });
    expect(one.maxActive()).toBe(1);
  });

  it("runs the first terraform init alone, so the plugin cache is filled once", async () => {
    const tf = fakeTerraform();
    await runPlans({ stacks: ["a", "b", "c"].map((n) => stack(n)), parallelism: 3, outDir: outDir(), runner: tf.runner, waiting, renderer: "silent" });
    expect(tf.events.slice(0, 3)).toEqual(["start init", "end init", "start init"]);
    expect(tf.maxActive()).toBeGreaterThan(1);
  });

  it("runs init, a saved plan and show -json per stack, and keeps the files", async () => {
    const tf = fakeTerraform();
    const dir = outDir();
    const [result] = await runPlans({ stacks: STACKS, selected: ["bootstrap"], parallelism: 1, outDir: dir, runner: tf.runner, waiting, renderer: "silent" });
    expect(tf.calls.map((c) => c.command)).toEqual(["init", "plan", "show"]);
    expect(result).toMatchObject({ stack: "bootstrap", wave: 1, status: "changes", counts: { add: 1, change: 0, destroy: 0, replace: 0, import: 0 } });
    expect(readFileSync(join(dir, "bootstrap.tfplan"), "utf8")).toBe("binary plan");
    expect(JSON.parse(readFileSync(join(dir, "bootstrap.plan.json"), "utf8")).format_version).toBe("1.2");
    expect(readFileSync(join(dir, "bootstrap.txt"), "utf8")).toMatch(/^Terraform will perform/);
    expect(JSON.parse(readFileSync(join(dir, "results.json"), "utf8"))).toEqual([result]);
  });

  it("reports waiting on X instead of failing, and keeps planning the rest", async () => {
    const tf = fakeTerraform({ "workload-b": { plan: { code: 1, stdout: "", stderr: fixture("remote-state-output-missing") } } });
    const dir = outDir();
    const results = await runPlans({ stacks: STACKS, parallelism: 3, outDir: dir, runner: tf.runner, waiting, renderer: "silent" });
    expect(results.find((r) => r.stack === "workload-b")).toMatchObject({ status: "waiting", waitingOn: "organization", reason: "account analytics-dev is not created yet" });
    expect(results.filter((r) => r.status === "changes")).toHaveLength(5);
    expect(existsSync(join(dir, "workload-b.tfplan"))).toBe(false);
  });

  it("marks a failed stack with terraform's error, removes its errored plan, and still plans later waves", async () => {
    const tf = fakeTerraform({ organization: { plan: { code: 1, stdout: "", stderr: "\nError: Invalid provider configuration\n\nsome detail\n" } } });
    const dir = outDir();
    const results = await runPlans({ stacks: STACKS, parallelism: 2, outDir: dir, runner: tf.runner, waiting, renderer: "silent" });
    expect(results.map((r) => `${r.wave} ${r.stack} ${r.status}`)).toEqual([
      "1 bootstrap changes",
      "2 logging changes",
      "2 network changes",
      "2 organization failed",
      "2 workload-a changes",
      "3 workload-b changes",
    ]);
    expect(results[3].errors).toEqual(["Invalid provider configuration"]);
    expect(existsSync(join(dir, "organization.tfplan"))).toBe(false);
    expect(readFileSync(join(dir, "organization.log"), "utf8")).toContain("some detail");
  });

  it("runs the guard on every plan: a protected delete blocks, an allowed one passes", async () => {
    const changes = [{ address: "aws_kms_key.logs", type: "aws_kms_key", actions: ["delete"] }];
    const tf = fakeTerraform({ logging: { changes }, network: { changes: [{ address: "aws_vpc.hub", type: "aws_vpc", actions: ["delete", "create"] }] } });
    const results = await runPlans({ stacks: STACKS, selected: ["logging", "network"], parallelism: 2, outDir: outDir(), runner: tf.runner, waiting, guard: { allow: ["network:aws_vpc.hub"] }, renderer: "silent" });
    expect(results.map((r) => [r.stack, r.status, r.guard?.blocked.map((f) => f.address), r.guard?.allowed.map((f) => f.address)])).toEqual([
      ["logging", "blocked", ["aws_kms_key.logs"], []],
      ["network", "changes", [], ["aws_vpc.hub"]],
    ]);
  });

  it("tells a plan without changes from one with changes", async () => {
    const tf = fakeTerraform({ logging: { plan: { code: 0 }, changes: [] } });
    const [result] = await runPlans({ stacks: STACKS, selected: ["logging"], parallelism: 1, outDir: outDir(), runner: tf.runner, waiting, renderer: "silent" });
    expect(result.status).toBe("no-changes");
  });

  it("never follows a failed or blocked stack with ✔ for its wave", async () => {
    const tf = fakeTerraform({ organization: { plan: { code: 1, stdout: "", stderr: "\nError: Invalid provider configuration\n" } } });
    const lines: string[] = [];
    await runPlans({ stacks: STACKS, parallelism: 2, outDir: outDir(), runner: tf.runner, waiting, renderer: "silent", log: (l) => lines.push(l) });
    expect(lines).toEqual([
      "wave 1: bootstrap",
      "✔ wave 1",
      "wave 2: logging, network, organization, workload-a",
      "✖ wave 2: organization failed",
      "wave 3: workload-b",
      "✔ wave 3",
    ]);
  });

  it("names blocked and waiting stacks in the wave verdict", () => {
    const r = (stack: string, status: string) => ({ stack, status }) as never;
    expect(waveVerdict(2, [r("logging", "blocked"), r("network", "waiting"), r("organization", "changes")])).toBe("✖ wave 2: logging blocked (1 waiting)");
    expect(waveVerdict(3, [r("workload-a", "waiting")])).toBe("✔ wave 3 (1 waiting)");
  });

  it("shows who holds a state lock and since when instead of Terraform's headline", async () => {
    const tf = fakeTerraform({ network: { plan: { code: 1, stdout: "", stderr: fixture("state-lock-held") } } });
    const [result] = await runPlans({ stacks: STACKS, selected: ["network"], parallelism: 1, outDir: outDir(), runner: tf.runner, waiting, renderer: "silent" });
    expect(result.status).toBe("failed");
    expect(result.errors).toEqual([
      "state lock held by root@vm since 2026-11-29 22:03:34 UTC (apply, lock f0c45b85-4a00-54ed-d0f0-1bf92b524871 on acme-tfstate-111111111111/network/terraform.tfstate); " +
        "wait for that run, or if it is gone: cd /stacks/network && terraform force-unlock f0c45b85-4a00-54ed-d0f0-1bf92b524871",
    ]);
  });

  it("names the address prevent_destroy protects and the state rm way out, not Terraform's advice to disable it", async () => {
    const tf = fakeTerraform({ organization: { plan: { code: 1, stdout: "", stderr: fixture("prevent-destroy") } } });
    const [result] = await runPlans({ stacks: STACKS, selected: ["organization"], parallelism: 1, outDir: outDir(), runner: tf.runner, waiting, renderer: "silent" });
    expect(result.errors).toEqual([
      `terraform_data.account["payments-prod"] cannot be destroyed: it is protected by prevent_destroy. If it is really to go (README: Accounts are never lost), ` +
        `remove it from the state first so Terraform forgets it and AWS keeps it: cd /stacks/organization && terraform state rm 'terraform_data.account["payments-prod"]'`,
    ]);
    expect(result.errors!.join(" ")).not.toMatch(/disable/);
  });
});
