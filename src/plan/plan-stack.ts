/**
 * Plans one stack: terraform init, plan (saved), show -json, then the
 * change counts and the destroy guard. Never throws for a Terraform error:
 * the result says whether the stack has changes, none, is waiting on
 * something upstream, failed, or is blocked by the guard.
 */
import { rmSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { GuardOptions, GuardResult, guardPlan, PlanJson } from "../guard/guard";
import { TerraformResult } from "../terraform/run";
import { ChangeCounts, countChanges, hasChanges, PlanChanges, ResourceChange, resourceChanges } from "./changes";
import { explainFailure } from "./failures";
import { declaresReadOnly, readOnlyArg } from "./read-only";
import { StateVersion, stateVersion } from "./state";
import { classifyWaiting, errorHeadlines, WaitingContext } from "./waiting";

/** Runs terraform with `args` in `cwd` (the environment is the runner's business). */
export type TerraformRunner = (args: string[], cwd: string) => Promise<TerraformResult>;

export type StackStatus = "changes" | "no-changes" | "waiting" | "failed" | "blocked";

export interface StackPlan {
  readonly stack: string;
  /** 1-based dependency wave. */
  readonly wave: number;
  readonly status: StackStatus;
  readonly counts?: ChangeCounts;
  /** The resources the plan changes, for the summary. */
  readonly resources?: readonly ResourceChange[];
  /** For waiting: what must exist first, and why. */
  readonly waitingOn?: string;
  readonly reason?: string;
  /** For failed: terraform's error headlines. */
  readonly errors?: string[];
  readonly guard?: GuardResult;
  /**
   * The state the plan was made against (`terraform state pull` just before
   * planning; null: no state yet). lz apply refuses the plan when it moved.
   */
  readonly state?: StateVersion | null;
  /**
   * The plan set the stack's ephemeral lz_read_only variable (a read-only plan through `<name>-ci-read`):
   * Terraform then requires it at apply, where lz apply passes false (src/plan/read-only.ts).
   */
  readonly readOnly?: boolean;
  /** Output files, relative to the out directory. */
  readonly files: { readonly log: string; readonly plan?: string; readonly json?: string; readonly text?: string };
  readonly seconds: number;
}

export interface StackToPlan {
  readonly name: string;
  /** Directory holding the stack's cdk.tf.json. */
  readonly dir: string;
}

export interface PlanStackContext {
  readonly runner: TerraformRunner;
  /** Absolute directory for <stack>.tfplan, .plan.json, .txt (the plan as terraform prints it) and .log. */
  readonly outDir: string;
  readonly guard: GuardOptions;
  readonly waiting: WaitingContext;
  /** Called with the current step, for progress display. */
  readonly progress?: (step: string) => void;
  /**
   * Plan member accounts through their read-only CI role (src/plan/read-only.ts).
   * @default false
   */
  readonly readOnly?: boolean;
}

/** A stack directory as the user types it: relative below the working directory, else absolute. */
function shownDir(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? dir : rel;
}

export async function planStack(stack: StackToPlan, wave: number, ctx: PlanStackContext): Promise<StackPlan> {
  const started = Date.now();
  const files = { log: `${stack.name}.log`, plan: `${stack.name}.tfplan`, json: `${stack.name}.plan.json`, text: `${stack.name}.txt` };
  for (const f of Object.values(files)) rmSync(join(ctx.outDir, f), { force: true }); // no stale plan survives a failure
  const log: string[] = [];
  const run = async (step: string, args: string[], logStdout = true): Promise<TerraformResult> => {
    ctx.progress?.(step);
    const r = await ctx.runner(args, stack.dir);
    log.push(`$ terraform ${args.join(" ")}  (exit ${r.code})`, logStdout ? r.stdout : "(stdout in its own file)", r.stderr);
    writeFileSync(join(ctx.outDir, files.log), log.join("\n"));
    return r;
  };
  const done = (result: Omit<StackPlan, "stack" | "wave" | "seconds" | "files">, kept: Partial<typeof files> = { log: files.log }): StackPlan => ({
    stack: stack.name,
    wave,
    ...result,
    files: { log: files.log, ...kept },
    seconds: Math.round((Date.now() - started) / 100) / 10,
  });
  const failure = (r: TerraformResult): StackPlan => {
    rmSync(join(ctx.outDir, files.plan), { force: true }); // terraform saves errored plans too; never leave one to apply
    const output = `${r.stderr}\n${r.stdout}`;
    const waiting = classifyWaiting(output, ctx.waiting);
    if (waiting) return done({ status: "waiting", waitingOn: waiting.on, reason: waiting.reason });
    const errors = explainFailure(output, errorHeadlines(output), shownDir(stack.dir));
    return done({ status: "failed", errors: errors.length > 0 ? errors : [`terraform exited with ${r.code}; see ${files.log}`] });
  };

  const init = await run("init", ["init", "-input=false", "-no-color"]);
  if (init.code !== 0) return failure(init);
  // Read before planning: a write in between makes the recorded serial older than the plan's, so apply refuses (the safe side).
  const pulled = await run("state pull", ["state", "pull"], false);
  if (pulled.code !== 0) return failure(pulled);
  const state = stateVersion(pulled.stdout);
  const planFile = join(ctx.outDir, files.plan);
  const readOnly = ctx.readOnly === true && declaresReadOnly(stack.dir);
  const plan = await run("plan", ["plan", "-input=false", "-no-color", "-lock-timeout=120s", "-detailed-exitcode", ...(readOnly ? [readOnlyArg(true)] : []), `-out=${planFile}`]);
  if (plan.code !== 0 && plan.code !== 2) return failure(plan);
  writeFileSync(join(ctx.outDir, files.text), plan.stdout);
  const show = await run("show", ["show", "-json", "-no-color", planFile], false);
  if (show.code !== 0) return failure(show);
  writeFileSync(join(ctx.outDir, files.json), show.stdout);
  const json = JSON.parse(show.stdout) as PlanJson & PlanChanges;
  ctx.progress?.("guard");
  const counts = countChanges(json);
  const guard = guardPlan(json, stack.name, ctx.guard);
  const status: StackStatus = guard.blocked.length > 0 ? "blocked" : hasChanges(counts) ? "changes" : "no-changes";
  return done({ status, counts, resources: resourceChanges(json), guard, state, ...(readOnly ? { readOnly } : {}) }, files);
}
