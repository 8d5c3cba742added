/**
 * The landing zone deploys: every stack of the example, applied into the
 * emulator the way a user would, verified with the AWS SDK in each stack's
 * account, re-planned clean, and locked while another run holds its state.
 */
import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { stateKey } from "../../src/stacks/names";
import { ManifestStack } from "../../src/terraform/manifest";
import { EXAMPLE_FILE } from "../helpers/synth";
import { inParallel } from "../helpers/terraform";
import { assertRemoteState, STACK_ASSERTIONS, StackContext, stackKind } from "./assert";
import { progress, tfStep } from "./helpers/deploy";
import { classifyDrift } from "./helpers/known-drift";
import { deployConfigFile, E2eRun } from "./helpers/run";

jest.setTimeout(5 * 60_000);

let run: E2eRun;
const stacks = (): ManifestStack[] => run.waves.flat();

/** Runs `check` on every stack, then fails once, naming every stack that failed. */
async function everyStack(list: readonly ManifestStack[], check: (stack: ManifestStack) => Promise<void>): Promise<void> {
  const errors: string[] = [];
  await inParallel(list, 3, async (stack) => {
    try {
      await check(stack);
    } catch (e) {
      errors.push(`${stack.name}: ${(e as Error).message}`);
    }
  });
  if (errors.length > 0) throw new Error(errors.sort().join("\n\n"));
}

async function outputsOf(name: string): Promise<Record<string, unknown>> {
  const stack = stacks().find((s) => s.name === name);
  if (!stack) throw new Error(`no stack ${name} in this run`);
  const out = await tfStep(stack, ["output", "-json"], run.env);
  return Object.fromEntries(Object.entries(JSON.parse(out.stdout) as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value]));
}

function context(stack: ManifestStack): StackContext {
  return { config: run.config, aws: run.aws, stack: stack.name, outputs: () => outputsOf(stack.name), outputsOf };
}

beforeAll(async () => {
  run = await deployConfigFile(EXAMPLE_FILE);
}, 15 * 60_000);

afterAll(async () => {
  // LZ_E2E_KEEP=1 keeps the work directory (stacks, state, moto.log); a failed deploy always keeps it.
  await run?.close(process.env.LZ_E2E_KEEP === "1");
});

describe("the example landing zone in the emulator", () => {
  it("applies every stack of cdktf's manifest, bootstrap first", () => {
    const [first, ...rest] = run.waves;
    expect(first.map((s) => s.name)).toEqual(["bootstrap"]);
    expect(rest.flat().map((s) => s.name).sort()).toEqual(
      ["organization", "logging", "network", "security", ...run.config.workloads.map((w) => w.stackName)].sort(),
    );
  });

  it("keeps each stack's state under its own key in the state bucket, KMS-encrypted, with no lock left", async () => {
    await everyStack(stacks().filter((s) => s.name !== "bootstrap"), (stack) => assertRemoteState(context(stack)));
  });

  it("creates what each stack kind declares, in the stack's own account", async () => {
    const checked = stacks().filter((s) => STACK_ASSERTIONS[stackKind(s.name)]);
    expect(checked.map((s) => s.name)).toEqual(stacks().map((s) => s.name)); // every stack kind has assertions
    await everyStack(checked, (stack) => STACK_ASSERTIONS[stackKind(stack.name)](context(stack)));
  });

  it("re-plans clean: plan -detailed-exitcode exits 0 for every stack", async () => {
    await everyStack(stacks(), async (stack) => {
      const plan = await tfStep(stack, ["plan", "-input=false", "-detailed-exitcode", "-lock-timeout=60s", "-out=replan.tfplan"], run.env, [0, 2]);
      if (plan.code === 2) {
        const { tolerated, unexplained } = classifyDrift(JSON.parse((await tfStep(stack, ["show", "-json", "replan.tfplan"], run.env)).stdout));
        tolerated.forEach((t) => progress(`${stack.name}: known emulator drift, tolerated: ${t}`));
        if (unexplained.length > 0 || tolerated.length === 0) {
          const changes = plan.stdout.split("\n").filter((l) => /^\s+# |^\s+[~+-] /.test(l));
          throw new Error(`plan is not empty after apply:\n${unexplained.join("\n")}\n${changes.slice(0, 40).join("\n")}`);
        }
        return;
      }
      progress(`${stack.name}: re-plan clean`);
    });
  });

  it("refuses to plan a stack whose state lock another run holds, and plans again once it is released", async () => {
    const stack = stacks().find((s) => s.name === "organization")!;
    const s3 = new S3Client(await run.aws.in(run.config.organization.managementAccountId));
    const Key = `${stateKey(stack.name)}.tflock`;
    const lock = {
      ID: "e2e-held-lock-0000",
      Operation: "OperationTypeApply",
      Info: "",
      Who: "another-run@ci",
      Version: "1.11.4",
      Created: new Date().toISOString(),
      Path: `${run.config.state.bucket}/${stateKey(stack.name)}`,
    };
    await s3.send(new PutObjectCommand({ Bucket: run.config.state.bucket, Key, Body: JSON.stringify(lock), ServerSideEncryption: "aws:kms" }));
    try {
      const blocked = await tfStep(stack, ["plan", "-input=false", "-lock-timeout=0s"], run.env, [1]);
      expect(blocked.stderr).toContain("Error acquiring the state lock");
      expect(blocked.stderr).toContain(lock.ID);
      expect(blocked.stderr).toContain(lock.Who);
    } finally {
      await s3.send(new DeleteObjectCommand({ Bucket: run.config.state.bucket, Key }));
    }
    const free = await tfStep(stack, ["plan", "-input=false", "-detailed-exitcode", "-lock-timeout=0s"], run.env, [0]);
    expect(free.code).toBe(0);
  });
});
