/**
 * `lz apply`: applies the plans `lz plan` saved, exactly those, in dependency
 * waves with the same display and guard as `lz plan`. Per stack:
 *   - the plan's result in results.json says what was planned: no changes
 *     means nothing to apply; a waiting or failed stack has no plan to apply;
 *   - the saved plan file must exist (CI downloads it from the reviewed run);
 *   - the destroy guard runs again on the saved plan JSON, with this run's
 *     --allow and --protect;
 *   - the state must be the one the plan was made against (serial and
 *     lineage recorded at plan time): otherwise the plan is refused with
 *     what to do, before Terraform's own "Saved plan is stale";
 *   - terraform init, then terraform apply of the saved plan file.
 * A stack whose upstream did not apply is not applied either.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { GuardOptions, guardPlan, PlanJson } from "../guard/guard";
import { TerraformResult } from "../terraform/run";
import { errorHeadlines } from "./waiting";
import { readOnlyArg } from "./read-only";
import { TerraformRunner, StackPlan } from "./plan-stack";
import { firstInitAlone, PlannableStack, planWaves } from "./planner";
import { isStalePlan, stateMoved, stateVersion } from "./state";
import { PlanRenderer, runWave } from "./waves";

export type ApplyStatus = "applied" | "nothing-to-apply" | "refused" | "failed" | "skipped";

export interface StackApply {
  readonly stack: string;
  readonly wave: number;
  readonly status: ApplyStatus;
  /** Why, for anything but applied. */
  readonly reason?: string;
  readonly seconds: number;
}

export interface ApplyRunOptions {
  /** The synthesized stacks (for directories and waves). */
  readonly stacks: readonly PlannableStack[];
  /** The results of lz plan, read from `plansDir`. */
  readonly plans: readonly StackPlan[];
  /** The directory lz plan wrote (<stack>.tfplan, <stack>.plan.json). */
  readonly plansDir: string;
  /** Only these stacks (default: every stack with a plan result). */
  readonly selected?: readonly string[];
  readonly parallelism: number;
  readonly runner: TerraformRunner;
  readonly guard?: GuardOptions;
  readonly renderer?: PlanRenderer;
  readonly log?: (line: string) => void;
  readonly isTTY?: boolean;
  /** How the user re-plans a stack, for messages. @default "lz plan --stacks" */
  readonly replanCommand?: string;
}

export const APPLY_RESULTS_FILE = "apply-results.json";

const fatal: ReadonlySet<ApplyStatus> = new Set(["refused", "failed", "skipped"]);

/** Applies the saved plans; never throws for a stack's failure, which is in its result. */
export async function runApplies(options: ApplyRunOptions): Promise<StackApply[]> {
  const dir = resolve(options.plansDir);
  const replan = options.replanCommand ?? "lz plan --stacks";
  const byStack = new Map(options.plans.map((p) => [p.stack, p]));
  const known = new Set(options.stacks.map((s) => s.name));
  const selected = options.selected && options.selected.length > 0 ? options.selected : options.plans.map((p) => p.stack).filter((s) => known.has(s));
  const missing = selected.filter((s) => !byStack.has(s));
  if (missing.length > 0) throw new Error(`no saved plan for ${missing.join(", ")} in ${options.plansDir}: run lz plan --stacks ${missing.join(",")} --out ${options.plansDir} first`);
  const waves = planWaves(options.stacks, selected);
  const deps = new Map(options.stacks.map((s) => [s.name, s.dependencies]));
  const runner = firstInitAlone(options.runner);
  const renderer = options.renderer ?? "default";
  const log = options.log ?? (renderer === "silent" ? () => undefined : (line: string) => console.log(line));
  const results: StackApply[] = [];
  const notApplied = new Set<string>();
  for (const [w, wave] of waves.entries()) {
    log(`wave ${w + 1}: ${wave.map((s) => s.name).join(", ")}`);
    const done = await runWave(
      wave.map((stack) => ({
        name: stack.name,
        item: stack,
        run: async (progress: (step: string) => void): Promise<StackApply> => {
          const started = Date.now();
          const end = (status: ApplyStatus, reason?: string): StackApply => ({ stack: stack.name, wave: w + 1, status, reason, seconds: Math.round((Date.now() - started) / 100) / 10 });
          const upstream = (deps.get(stack.name) ?? []).filter((d) => notApplied.has(d));
          if (upstream.length > 0) return end("skipped", `not applied: upstream ${upstream.join(", ")} did not apply`);
          const plan = byStack.get(stack.name)!;
          if (plan.status === "no-changes") return end("nothing-to-apply", "the reviewed plan has no changes");
          if (plan.status === "waiting" || plan.status === "failed") {
            return end("refused", `no saved plan: the plan was ${plan.status === "waiting" ? `waiting on ${plan.waitingOn}` : "a failure"}; apply the stacks it needs, then ${replan} ${stack.name} and review again`);
          }
          const planFile = plan.files.plan && join(dir, plan.files.plan);
          if (!planFile || !existsSync(planFile)) return end("refused", `no saved plan file ${plan.files.plan ?? `${stack.name}.tfplan`} in ${options.plansDir}; ${replan} ${stack.name} first`);
          const jsonFile = plan.files.json && join(dir, plan.files.json);
          if (!jsonFile || !existsSync(jsonFile)) return end("refused", `no plan JSON ${plan.files.json ?? `${stack.name}.plan.json`} in ${options.plansDir} to guard; ${replan} ${stack.name} first`);
          progress("guard");
          const guard = guardPlan(JSON.parse(readFileSync(jsonFile, "utf8")) as PlanJson, stack.name, options.guard ?? {});
          if (guard.blocked.length > 0) {
            return end("refused", `BLOCKED by the guard: ${guard.blocked.map((f) => `${f.action} ${f.address}`).join(", ")}; if reviewed and intended, re-run with ${guard.blocked.map((f) => `--allow ${stack.name}:${f.address}`).join(" ")}`);
          }
          const tf = async (step: string, args: string[]): Promise<TerraformResult> => {
            progress(`terraform ${step}`);
            return runner(args, stack.dir);
          };
          const failed = (r: TerraformResult): StackApply => {
            const output = `${r.stderr}\n${r.stdout}`;
            if (isStalePlan(output)) return end("refused", `Terraform refused the saved plan as stale: the state changed after the plan was made; ${replan} ${stack.name}, review, then apply`);
            const headlines = errorHeadlines(output);
            return end("failed", headlines.length > 0 ? headlines.join("; ") : `terraform exited with ${r.code}`);
          };
          const init = await tf("init", ["init", "-input=false", "-no-color"]);
          if (init.code !== 0) return failed(init);
          if (plan.state !== undefined) {
            const pulled = await tf("state pull", ["state", "pull"]);
            if (pulled.code !== 0) return failed(pulled);
            const moved = stateMoved(plan.state, stateVersion(pulled.stdout));
            if (moved) return end("refused", `${moved}: the reviewed plan no longer matches what is deployed. ${replan} ${stack.name}, review the new plan, then apply it`);
          }
          // A read-only plan set the ephemeral lz_read_only; Terraform requires it again: false applies as the deployer.
          const applied = await tf("apply", ["apply", "-input=false", "-no-color", "-lock-timeout=120s", ...(plan.readOnly ? [readOnlyArg(false)] : []), planFile]);
          writeFileSync(join(dir, `${stack.name}.apply.log`), `${applied.stdout}\n${applied.stderr}`);
          if (applied.code !== 0) return failed(applied);
          return end("applied");
        },
      })),
      {
        parallelism: options.parallelism,
        renderer,
        log,
        isTTY: options.isTTY,
        title: (r) => `${applyStatusText(r)} (${r.seconds}s)`,
        outcome: (r) => (fatal.has(r.status) ? "failed" : r.status === "nothing-to-apply" ? "skipped" : "ok"),
        failureDetail: (r) => r.reason ?? r.status,
      },
    );
    for (const r of done) if (r.status !== "applied" && r.status !== "nothing-to-apply") notApplied.add(r.stack);
    results.push(...done);
    const bad = done.filter((r) => fatal.has(r.status));
    log(bad.length === 0 ? `✔ wave ${w + 1}` : `✖ wave ${w + 1}: ${bad.map((r) => `${r.stack} ${r.status}`).join(", ")}`);
  }
  writeFileSync(join(dir, APPLY_RESULTS_FILE), JSON.stringify(results, null, 2) + "\n");
  return results;
}

export function applyStatusText(r: StackApply): string {
  switch (r.status) {
    case "applied":
      return "applied";
    case "nothing-to-apply":
      return "nothing to apply";
    default:
      return `${r.status.toUpperCase()}: ${r.reason}`;
  }
}

/** True when every selected stack applied or had nothing to apply. */
export const allApplied = (results: readonly StackApply[]): boolean => results.every((r) => !fatal.has(r.status));
