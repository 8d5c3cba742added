/**
 * Read-only plans on the emulator (the example with `ci`, so every access stack creates its account's
 * `acme-ci-read`): Terraform 1.11 with the landing zone's ephemeral `lz_read_only` variable
 * (src/stacks/account-stack.ts readOnlyVariable), as `lz plan --read-only` and `lz apply` pass it
 * (src/plan/read-only.ts; test/plan/read-only.test.ts proves they do):
 * - a plan made read-only is saved without the value; applying it without the variable is refused
 *   ("must also be set during the apply phase"), applying it with false works: the reviewed plan applies as
 *   the deployer;
 * - once applied, read-only plans of member stacks assume ci-read and plan no changes;
 * - where ci-read does not exist yet (an access stack not applied), the read-only plan cannot assume it (the
 *   emulator refuses a role that does not exist, as AWS does: test/e2e/moto/extensions/sts.py) and waits on
 *   that access stack, while the default plan goes through the access role: the variable really picks the role.
 */
import { parseConfig } from "../../src/config/load";
import { classifyWaiting } from "../../src/plan/waiting";
import { accessStackName, LOGGING, ORGANIZATION, BOOTSTRAP } from "../../src/stacks/names";
import { EXAMPLE_FILE, exampleText } from "../helpers/synth";
import { deployWave, tfStep } from "./helpers/deploy";
import { classifyDrift } from "./helpers/known-drift";
import { startWorld, World } from "./helpers/run";
import { e2eConfigText, seedFor } from "./helpers/world";

jest.setTimeout(15 * 60_000);

const CI = "\nci:\n  github: { repository: acme/landing-zone, environment: production }\n";
const text = `${exampleText()}${CI}`;
const READ_ONLY = "-var=lz_read_only=true";
let world: World;
let failed = false;

beforeAll(async () => {
  const userConfig = parseConfig(text, EXAMPLE_FILE);
  world = await startWorld("read-only", userConfig, seedFor(userConfig), ({ emulator }) => e2eConfigText(text, EXAMPLE_FILE, { organizationId: emulator.organizationId, certificates: emulator.certificates }));
}, 2 * 60_000);

afterAll(async () => {
  await world?.close(process.env.LZ_E2E_KEEP === "1" || failed);
});

const recording = (fn: () => Promise<void>) => async () => {
  try {
    await fn();
  } catch (e) {
    failed = true;
    throw e;
  }
};

/** A read-only plan that must be clean: exit 0, or 2 with only the emulator drift known-drift.ts explains. */
async function readOnlyPlanClean(name: string): Promise<void> {
  const stack = world.stack(name);
  const plan = await tfStep(stack, ["plan", "-input=false", "-detailed-exitcode", "-lock-timeout=60s", READ_ONLY, "-out=readonly.tfplan"], world.env, [0, 2]);
  if (plan.code === 0) return;
  const { tolerated, unexplained } = classifyDrift(JSON.parse((await tfStep(stack, ["show", "-json", "readonly.tfplan"], world.env)).stdout));
  expect({ name, unexplained, tolerated: tolerated.length > 0 }).toEqual({ name, unexplained: [], tolerated: true });
}

describe("read-only plans through ci-read (ephemeral lz_read_only)", () => {
  const logArchive = () => accessStackName(world.config.loggingAccount.name);

  it(
    "applies bootstrap, organization and the log archive's access stack as usual",
    recording(async () => {
      for (const wave of world.waves) {
        const selected = wave.filter((s) => [BOOTSTRAP, ORGANIZATION, logArchive()].includes(s.name));
        if (selected.length === 0) continue;
        await world.exclude(selected);
        await deployWave(selected, world.env, "[read-only] ");
        selected.forEach((s) => world.applied.add(s.name));
      }
    }),
    10 * 60_000,
  );

  it(
    "a plan made read-only applies only with the variable given again, and then as the deployer",
    recording(async () => {
      const logging = world.stack(LOGGING);
      await world.exclude([logging]);
      await tfStep(logging, ["init", "-input=false"], world.env);
      const plan = await tfStep(logging, ["plan", "-input=false", "-detailed-exitcode", "-lock-timeout=60s", READ_ONLY, "-out=reviewed.tfplan"], world.env, [2]);
      expect(plan.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
      // The saved plan does not hold the value: Terraform reports the declared default.
      const saved = JSON.parse((await tfStep(logging, ["show", "-json", "reviewed.tfplan"], world.env)).stdout) as { variables?: Record<string, { value: unknown }> };
      expect(saved.variables?.lz_read_only?.value).toBe(false);
      const without = await tfStep(logging, ["apply", "-input=false", "reviewed.tfplan"], world.env, [1]);
      expect(without.stderr.replace(/\s+/g, " ")).toContain('The ephemeral input variable "lz_read_only" was set during the plan phase, and so must also be set during the apply phase.');
      await tfStep(logging, ["apply", "-input=false", "-lock-timeout=60s", "-var=lz_read_only=false", "reviewed.tfplan"], world.env);
      world.applied.add(LOGGING);
    }),
    10 * 60_000,
  );

  it(
    "after the apply, read-only plans of the member stacks assume ci-read and plan no changes",
    recording(async () => {
      await readOnlyPlanClean(LOGGING);
      await readOnlyPlanClean(logArchive());
    }),
    5 * 60_000,
  );

  it(
    "where ci-read does not exist yet, the read-only plan waits on the access stack; the default plan uses the access role",
    recording(async () => {
      const name = accessStackName(world.config.networkAccount.name);
      const stack = world.stack(name);
      await world.exclude([stack]);
      await tfStep(stack, ["init", "-input=false"], world.env);
      const denied = await tfStep(stack, ["plan", "-input=false", "-lock-timeout=60s", READ_ONLY], world.env, [1]);
      const output = `${denied.stderr}\n${denied.stdout}`;
      expect(output).toMatch(/role\/lz\/acme-ci-read\) cannot be assumed/);
      const waiting = classifyWaiting(output, { stacks: world.stacks().map((s) => s.name), stateBucketStack: BOOTSTRAP, accounts: world.config.accounts });
      expect(waiting?.on).toBe(name);
      const plan = await tfStep(stack, ["plan", "-input=false", "-detailed-exitcode", "-lock-timeout=60s"], world.env, [2]);
      expect(plan.stdout).toContain("aws_iam_role.ci_read will be created");
    }),
    5 * 60_000,
  );
});
