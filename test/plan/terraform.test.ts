/**
 * lz plan's pipeline with real Terraform, on two tiny local-backend stacks
 * (built-in terraform_data only, so no provider and no network): downstream
 * reads upstream's state the way cdktf cross-stack references do.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPlans } from "../../src/plan/planner";
import { terraform } from "../../src/terraform/run";
import { tf, TF_ENV } from "../helpers/terraform";

jest.setTimeout(120_000);

function tinyApp(trigger: string) {
  const root = mkdtempSync(join(tmpdir(), "lz-tiny-"));
  const state = join(root, "upstream.tfstate");
  const write = (name: string, body: object) => {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, "cdk.tf.json"), JSON.stringify(body, null, 2));
    return join(root, name);
  };
  const upstream = write("upstream", {
    terraform: { backend: { local: { path: state } } },
    resource: { terraform_data: { keeper: { triggers_replace: trigger } } },
    output: { value: { value: "hello" } },
  });
  const downstream = write("downstream", {
    terraform: { backend: { local: { path: join(root, "downstream.tfstate") } } },
    data: { terraform_remote_state: { cross_stack_reference_input_upstream: { backend: "local", config: { path: state } } } },
    resource: { terraform_data: { user: { input: "${data.terraform_remote_state.cross_stack_reference_input_upstream.outputs.value}" } } },
  });
  const stacks = [
    { name: "downstream", dir: downstream, dependencies: ["upstream"] },
    { name: "upstream", dir: upstream, dependencies: [] },
  ];
  return { root, upstream, stacks };
}

const runner = (args: string[], cwd: string) => terraform(args, cwd, TF_ENV);
const waiting = { stateBucketStack: "upstream", accounts: [] };

describe("lz plan with real terraform", () => {
  it("plans upstream, reports downstream as waiting on it until it is applied, then plans both", async () => {
    const app = tinyApp("1");
    const before = await runPlans({ stacks: app.stacks, parallelism: 2, outDir: join(app.root, "plans"), runner, waiting, renderer: "silent" });
    expect(before.map((r) => [r.stack, r.status, r.waitingOn])).toEqual([
      ["upstream", "changes", undefined],
      ["downstream", "waiting", "upstream"],
    ]);
    expect(before[1].reason).toBe("upstream is not applied yet (no state)");
    expect(before[0].counts).toMatchObject({ add: 1, change: 0, destroy: 0 });

    expect((await tf(["apply", "-input=false", "-auto-approve"], app.upstream)).code).toBe(0);
    const after = await runPlans({ stacks: app.stacks, parallelism: 2, outDir: join(app.root, "plans"), runner, waiting, renderer: "silent" });
    expect(after.map((r) => [r.stack, r.status])).toEqual([
      ["upstream", "no-changes"],
      ["downstream", "changes"],
    ]);
  });

  it("guards a real plan: a replace of a protected type is blocked unless allowed", async () => {
    const app = tinyApp("1");
    expect((await tf(["init", "-input=false"], app.upstream)).code).toBe(0);
    expect((await tf(["apply", "-input=false", "-auto-approve"], app.upstream)).code).toBe(0);
    writeFileSync(join(app.upstream, "cdk.tf.json"), JSON.stringify({
      terraform: { backend: { local: { path: join(app.root, "upstream.tfstate") } } },
      resource: { terraform_data: { keeper: { triggers_replace: "2" } } },
      output: { value: { value: "hello" } },
    }));
    const plan = (allow: string[]) => runPlans({ stacks: app.stacks, selected: ["upstream"], parallelism: 1, outDir: join(app.root, "plans"), runner, waiting, guard: { protect: ["terraform_data"], allow }, renderer: "silent" });
    const [blocked] = await plan([]);
    expect(blocked).toMatchObject({ status: "blocked", counts: { add: 1, destroy: 1, replace: 1 } });
    expect(blocked.guard!.blocked).toEqual([{ stack: "upstream", address: "terraform_data.keeper", type: "terraform_data", action: "replace" }]);
    const [allowed] = await plan(["upstream:terraform_data.keeper"]);
    expect(allowed.status).toBe("changes");
  });
});
