/**
 * Plans stacks in dependency waves with bounded parallelism and live
 * progress. Waves come from cdktf's manifest: a stack plans after every
 * stack it depends on, and the stacks of one wave run side by side, at most
 * `parallelism` at a time. Selecting stacks plans only those, in the same order.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { GuardOptions } from "../guard/guard";
import { dependencyWaves } from "../terraform/manifest";
import { planStack, StackPlan, StackToPlan, TerraformRunner } from "./plan-stack";
import { RESULTS_FILE, statusText } from "./summary";
import { WaitingContext } from "./waiting";
import { PlanRenderer, runWave } from "./waves";

export interface PlannableStack extends StackToPlan {
  readonly dependencies: readonly string[];
}

/** The dependency waves of `stacks`, restricted to `selected` (all when empty). */
export function planWaves<T extends PlannableStack>(stacks: readonly T[], selected: readonly string[] = []): T[][] {
  const known = new Set(stacks.map((s) => s.name));
  const unknown = selected.filter((s) => !known.has(s));
  if (unknown.length > 0) throw new Error(`unknown stack${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}; the stacks are ${[...known].sort().join(", ")}`);
  const keep = new Set(selected.length > 0 ? selected : known);
  return dependencyWaves(stacks)
    .map((wave) => wave.filter((s) => keep.has(s.name)))
    .filter((wave) => wave.length > 0);
}

export type { PlanRenderer } from "./waves";

export interface PlanRunOptions {
  readonly stacks: readonly PlannableStack[];
  /** Stack names to plan; empty or undefined plans every stack. */
  readonly selected?: readonly string[];
  /** At most this many terraform processes at once. */
  readonly parallelism: number;
  /** Where plans, logs, results.json go. Created when missing. */
  readonly outDir: string;
  readonly runner: TerraformRunner;
  readonly guard?: GuardOptions;
  readonly waiting: Omit<WaitingContext, "stacks">;
  /** listr2 renderer; "default" falls back to line output when not on a terminal. */
  readonly renderer?: PlanRenderer;
  /**
   * Where the wave lines go ("wave 2: …" before, "✔ wave 2" or "✖ wave 2: …" after).
   * @default console.log, nothing for the silent renderer
   */
  readonly log?: (line: string) => void;
  /** Whether standard output is a terminal (live display) or not (one line per message, each starting with its stack). @default process.stdout.isTTY */
  readonly isTTY?: boolean;
  /** Plan member accounts through their read-only CI role (PlanStackContext.readOnly). @default false */
  readonly readOnly?: boolean;
}

/**
 * Terraform's plugin cache is not safe for concurrent first installs of a
 * provider: the first `init` runs alone, and the others (which then only
 * link from the cache) start after it.
 */
export function firstInitAlone(runner: TerraformRunner): TerraformRunner {
  let first: Promise<unknown> | undefined;
  return async (args, cwd) => {
    if (args[0] !== "init") return runner(args, cwd);
    if (!first) {
      const running = runner(args, cwd);
      first = running.catch(() => undefined);
      return running;
    }
    await first;
    return runner(args, cwd);
  };
}

/** The line printed after a wave: ✔ only when none of its stacks failed or was blocked. */
export function waveVerdict(wave: number, results: readonly StackPlan[]): string {
  const bad = results.filter((r) => r.status === "failed" || r.status === "blocked");
  const waiting = results.filter((r) => r.status === "waiting").length;
  const note = waiting > 0 ? ` (${waiting} waiting)` : "";
  if (bad.length === 0) return `✔ wave ${wave}${note}`;
  return `✖ wave ${wave}: ${bad.map((r) => `${r.stack} ${r.status}`).join(", ")}${note}`;
}

/** Plans the selected stacks; never throws for a stack's failure, which is in its result. */
export async function runPlans(options: PlanRunOptions): Promise<StackPlan[]> {
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const waves = planWaves(options.stacks, options.selected);
  const waiting: WaitingContext = { ...options.waiting, stacks: options.stacks.map((s) => s.name) };
  const results: StackPlan[] = [];
  const runner = firstInitAlone(options.runner);
  const renderer = options.renderer ?? "default";
  const log = options.log ?? (renderer === "silent" ? () => undefined : (line: string) => console.log(line));
  // Wave by wave, so each wave's verdict line follows its stacks and says whether one failed.
  for (const [w, wave] of waves.entries()) {
    log(`wave ${w + 1}: ${wave.map((s) => s.name).join(", ")}`);
    const done = await runWave(
      wave.map((stack) => ({
        name: stack.name,
        item: stack,
        run: (progress: (step: string) => void) =>
          planStack(stack, w + 1, { runner, outDir, guard: options.guard ?? {}, waiting, readOnly: options.readOnly, progress: (step) => progress(step === "guard" ? "guard" : `terraform ${step}`) }),
      })),
      {
        parallelism: options.parallelism,
        renderer,
        log,
        isTTY: options.isTTY,
        title: (r) => `${statusText(r)} (${r.seconds}s)`,
        outcome: (r) => (r.status === "waiting" ? "skipped" : r.status === "failed" || r.status === "blocked" ? "failed" : "ok"),
        failureDetail: (r) => `details in ${join(outDir, r.files.log)}`,
      },
    );
    results.push(...done);
    log(waveVerdict(w + 1, done));
  }
  const ordered = results.sort((a, b) => a.wave - b.wave || a.stack.localeCompare(b.stack));
  writeFileSync(join(outDir, RESULTS_FILE), JSON.stringify(ordered, null, 2) + "\n");
  return ordered;
}
