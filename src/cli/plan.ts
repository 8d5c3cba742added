/** `lz plan` (synth, then terraform plan per stack in dependency waves) and `lz summary` (merge plan results). */
import { Command, Option } from "commander";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { configFilePath } from "../config/load";
import { loadConfig } from "../load-config";
import { DESTROY_GUARDED_TYPES, unusedAllows } from "../guard/guard";
import { shellQuote } from "../shell-quote";
import { StackPlan } from "../plan/plan-stack";
import { orphanedStacks, orphanReport, s3StateKeys, StateKeyLister } from "../plan/orphans";
import { PlanRenderer, runPlans } from "../plan/planner";
import { anyFailed, readResults, RESULTS_FILE, summaryMarkdown, summaryTable, SUMMARY_FILE } from "../plan/summary";
import { UserError } from "../user-error";
import { changedStacks } from "./changed";
import { BOOTSTRAP } from "../stacks/names";
import { synthesize } from "../synth-lazy";
import { terraformEnv } from "../terraform/cli-config";
import { readManifest } from "../terraform/manifest";
import { terraform } from "../terraform/run";
import { passLine, reportGuard, unusedAllowError } from "./guard";
import { collect, configOption, positiveInt, readOnlyOption, readOnlyRun } from "./options";

interface PlanOptions {
  stacks?: string[];
  parallelism: number;
  out: string;
  config?: string;
  synthOut: string;
  allow: string[];
  protect: string[];
  progress?: PlanRenderer;
  changed?: boolean;
  base?: string;
  readOnly?: boolean;
}

/**
 * Prints the table and guard findings; returns false when a stack failed or
 * was blocked, or an --allow entry let nothing through. An entry scoped to a
 * stack that made no plan (waiting, failed) could not be checked: a note only.
 */
export function reportPlans(
  results: readonly StackPlan[],
  outDir: string,
  allow: readonly string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): boolean {
  out(`\n${summaryTable(results)}\n`);
  const allowed = results.flatMap((r) => r.guard?.allowed ?? []);
  const passed = reportGuard(
    results.flatMap((r) => r.guard?.blocked ?? []),
    allowed,
    out,
  );
  const planned = new Set(results.filter((r) => r.guard).map((r) => r.stack));
  const unused = unusedAllows(allow, allowed);
  const unchecked = unused.filter((entry) => {
    const stack = /^([a-z0-9][a-z0-9-]*):/.exec(entry)?.[1];
    return stack !== undefined && results.some((r) => r.stack === stack) && !planned.has(stack);
  });
  for (const entry of unchecked) out(`guard: --allow ${shellQuote(entry)} not checked: its stack made no plan`);
  const wrong = unused.filter((entry) => !unchecked.includes(entry));
  if (wrong.length > 0) err(unusedAllowError(wrong));
  else if (passed && allowed.length > 0) out(passLine(planned.size, allowed));
  const shown = relative(process.cwd(), outDir) || ".";
  out(`Plans, plan JSON and logs in ${shown}/; pull-request summary: ${join(shown, SUMMARY_FILE)}`);
  return !anyFailed(results) && wrong.length === 0;
}

/** Prints orphaned stacks; false when there is one. A bucket that cannot be listed is said, not hidden. */
export async function reportOrphans(list: StateKeyLister, bucket: string, stacks: readonly string[], err: (line: string) => void = console.error): Promise<boolean> {
  let keys: string[] | undefined;
  try {
    keys = await list(bucket);
  } catch (e) {
    err(`warning: could not list s3://${bucket} to look for orphaned stacks: ${(e as Error).message}`);
    return true;
  }
  const lines = orphanReport(orphanedStacks(keys ?? [], stacks), bucket);
  lines.forEach((l) => err(l));
  return lines.length === 0;
}

export function registerPlan(program: Command): void {
  program
    .command("plan")
    .description("synthesize, then terraform init + plan every stack (or --stacks) in dependency waves; saves plans, runs the guard")
    .option("-s, --stacks <names...>", "plan only these stacks (space- or comma-separated), in dependency order", collect)
    .option("--changed", "plan only the stacks whose synthesized JSON, or whose upstream's outputs, changed since --base (prints why each stack is in or out)")
    .option("--base <ref>", "with --changed: git revision to compare with (default: the merge-base with origin/main, else HEAD)")
    .option("-p, --parallelism <n>", "terraform processes at once", positiveInt, 4)
    .option("-o, --out <dir>", "directory for <stack>.tfplan, <stack>.plan.json, <stack>.txt, logs and summary.md", "plans")
    .addOption(configOption())
    .option("--synth-out <dir>", "where to synthesize the stacks", "cdktf.out")
    .option("--allow <address>", "let a reviewed protected delete/replace through: ADDRESS or STACK:ADDRESS (repeatable; one that matches nothing is an error)", collect, [])
    .option("--protect <type>", `protect another resource type (repeatable); always protected: ${DESTROY_GUARDED_TYPES.join(", ")}`, collect, [])
    .addOption(readOnlyOption("plan member accounts through their read-only role <name>-ci-read (all CI's plan role may assume) instead of the deployer or access role; lz apply still applies the saved plan as the deployer"))
    .addOption(new Option("--progress <renderer>", "progress display: live on a terminal by default, else line by line").choices(["default", "simple", "verbose", "silent"]))
    .action(async (opts: PlanOptions) => {
      const file = configFilePath(opts.config);
      const config = loadConfig(file);
      const readOnly = readOnlyRun(config, opts.readOnly);
      const lzDir = join(dirname(file), ".lz");
      if (opts.changed && opts.stacks) throw new UserError("use --changed or --stacks, not both");
      if (opts.base && !opts.changed) throw new UserError("--base only applies with --changed");
      const synth = synthesize(config, { outdir: opts.synthOut, localStateDir: lzDir });
      const selected = opts.changed ? changedStacks(file, synth.outdir, opts.base).selected : opts.stacks;
      if (opts.changed && selected!.length === 0) {
        const outDir = resolve(opts.out);
        mkdirSync(outDir, { recursive: true });
        writeFileSync(join(outDir, RESULTS_FILE), "[]\n");
        writeFileSync(join(outDir, SUMMARY_FILE), summaryMarkdown([]));
        return;
      }
      const env = terraformEnv(join(lzDir, "terraform"));
      const outDir = resolve(opts.out);
      const results = await runPlans({
        stacks: readManifest(synth.outdir),
        selected,
        parallelism: opts.parallelism,
        outDir,
        runner: (args, cwd) => terraform(args, cwd, env),
        guard: { allow: opts.allow, protect: opts.protect },
        waiting: { stateBucketStack: BOOTSTRAP, accounts: config.accounts },
        renderer: opts.progress,
        readOnly,
      });
      writeFileSync(join(outDir, SUMMARY_FILE), summaryMarkdown(results));
      if (!reportPlans(results, outDir, opts.allow)) process.exitCode = 1;
      // Stacks whose state is in the bucket but which the config no longer has (an account deleted, not retired).
      if (!(await reportOrphans(s3StateKeys(config.state.region), config.state.bucket, synth.stacks))) process.exitCode = 1;
    });
}

export function registerSummary(program: Command): void {
  program
    .command("summary")
    .description("merge the results of several lz plan runs (e.g. CI plan jobs) into one summary.md")
    .argument("[dirs...]", "directories written by lz plan --out (none: a summary saying nothing changed)")
    .option("-o, --out <file>", "markdown file to write", SUMMARY_FILE)
    .action((dirs: string[], opts: { out: string }) => {
      const results = readResults(dirs);
      writeFileSync(opts.out, summaryMarkdown(results));
      console.log(`${summaryTable(results)}\n\nWrote ${opts.out}`);
    });
}
