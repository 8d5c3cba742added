/**
 * The cycle every world runs: apply stacks in the dependency waves of cdktf's
 * manifest (a wave's stacks side by side), then check every stack of the
 * world (its state object, and the assertions of its stack kind with the AWS
 * SDK in its own account), then re-plan every stack: `plan -detailed-exitcode`
 * must exit 0. Progress goes to stderr, prefixed with the world's name.
 */
import { inParallel } from "../../helpers/terraform";
import { ManifestStack } from "../../../src/terraform/manifest";
import { assertRemoteState, STACK_ASSERTIONS, stackKind } from "../assert";
import { deployWave, tfStep } from "./deploy";
import { classifyDrift } from "./known-drift";
import { World } from "./run";

export interface CycleOptions {
  /** The stacks to apply, by name, in wave order (default: every stack of the manifest). The checks always cover every stack. */
  readonly apply?: readonly string[];
  /**
   * Runs after each applied wave, before the next: what the user does between
   * applies (greenfield: create what the config names inside the accounts the
   * organization stack just created, fill in their ARNs, synthesize again).
   */
  readonly afterWave?: (wave: readonly ManifestStack[]) => Promise<void>;
}

/** Runs `check` on every stack, then fails once, naming every stack that failed. */
export async function everyStack(list: readonly ManifestStack[], check: (stack: ManifestStack) => Promise<void>): Promise<void> {
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

/** plan -detailed-exitcode exits 0, or 2 with only the emulator drift test/e2e/helpers/known-drift.ts explains. */
export async function replanClean(world: World, stack: ManifestStack): Promise<void> {
  const plan = await tfStep(stack, ["plan", "-input=false", "-detailed-exitcode", "-lock-timeout=60s", "-out=replan.tfplan"], world.env, [0, 2]);
  if (plan.code === 0) return world.progress(`${stack.name}: re-plan clean`);
  const { tolerated, unexplained } = classifyDrift(JSON.parse((await tfStep(stack, ["show", "-json", "replan.tfplan"], world.env)).stdout));
  tolerated.forEach((t) => world.progress(`${stack.name}: known emulator drift, tolerated: ${t}`));
  if (unexplained.length > 0 || tolerated.length === 0) {
    const changes = plan.stdout.split("\n").filter((l) => /^\s+# |^\s+[~+-] /.test(l));
    throw new Error(`plan is not empty after apply:\n${unexplained.join("\n")}\n${changes.slice(0, 40).join("\n")}`);
  }
}

const since = (start: number): string => `${((Date.now() - start) / 1000).toFixed(0)}s`;

/** Apply → assert → re-plan clean, in one world. Throws naming the phase and every stack that failed it. */
export async function applyAssertReplan(world: World, options: CycleOptions = {}): Promise<void> {
  const known = new Set(world.stacks().map((s) => s.name));
  const unknown = (options.apply ?? []).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`cannot apply ${unknown.join(", ")}: not stacks of ${world.name}'s manifest`);
  const selected = (wave: readonly ManifestStack[]) => wave.filter((s) => !options.apply || options.apply.includes(s.name));
  world.progress(`applying ${world.waves.map(selected).filter((w) => w.length > 0).map((w) => w.map((s) => s.name).join(" + ")).join(" → ")}`);

  let start = Date.now();
  // world.waves is read again on every wave: afterWave may synthesize again (same stacks, new content).
  for (let i = 0; i < world.waves.length; i++) {
    const wave = selected(world.waves[i]);
    if (wave.length === 0) continue;
    await world.exclude(wave); // the accounts the organization stack created are known now
    await deployWave(wave, world.env, `[${world.name}] `);
    wave.forEach((s) => world.applied.add(s.name));
    await options.afterWave?.(wave);
  }
  world.progress(`applied in ${since(start)}`);

  start = Date.now();
  const stacks = world.stacks();
  const unchecked = stacks.filter((s) => !STACK_ASSERTIONS[stackKind(s.name)]);
  if (unchecked.length > 0) throw new Error(`no assertions for ${unchecked.map((s) => s.name).join(", ")}: add test/e2e/assert/<kind>.ts`);
  await phase(world, "state", () => everyStack(stacks.filter((s) => s.name !== "bootstrap"), (stack) => assertRemoteState(world.context(stack))));
  await phase(world, "assertions", () => everyStack(stacks, (stack) => STACK_ASSERTIONS[stackKind(stack.name)](world.context(stack))));
  world.progress(`asserted ${stacks.length} stacks in ${since(start)}`);

  start = Date.now();
  await phase(world, "re-plan", () => everyStack(stacks, (stack) => replanClean(world, stack)));
  world.progress(`${stacks.length} stacks re-planned clean in ${since(start)}`);
}

async function phase(world: World, name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    throw new Error(`${world.name}, ${name}:\n${(e as Error).message}`);
  }
}
