/** `lz apply`: apply the plans lz plan saved, in dependency waves, with the guard. */
import { Command, Option } from "commander";
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { configFilePath } from "../config/load";
import { DESTROY_GUARDED_TYPES } from "../guard/guard";
import { loadConfig } from "../load-config";
import { allApplied, APPLY_RESULTS_FILE, applyStatusText, runApplies } from "../plan/apply";
import { PlanRenderer } from "../plan/planner";
import { readResults, RESULTS_FILE } from "../plan/summary";
import { synthesize } from "../synth-lazy";
import { terraformEnv } from "../terraform/cli-config";
import { readManifest } from "../terraform/manifest";
import { terraform } from "../terraform/run";
import { UserError } from "../user-error";
import { collect, configOption, positiveInt } from "./options";

interface ApplyOptions {
  stacks?: string[];
  plans: string;
  parallelism: number;
  config?: string;
  synthOut: string;
  allow: string[];
  protect: string[];
  progress?: PlanRenderer;
}

export function registerApply(program: Command): void {
  program
    .command("apply")
    .description("apply the plans lz plan saved (--plans), exactly those, in dependency waves; runs the guard again and refuses a plan whose stack's state moved since it was made")
    .option("-s, --stacks <names...>", "apply only these stacks' saved plans (space- or comma-separated)", collect)
    .option("--plans <dir>", "directory written by lz plan --out (results.json, <stack>.tfplan, <stack>.plan.json)", "plans")
    .option("-p, --parallelism <n>", "terraform processes at once", positiveInt, 4)
    .addOption(configOption())
    .option("--synth-out <dir>", "where to synthesize the stacks (for terraform init)", "cdktf.out")
    .option("--allow <address>", "let a reviewed protected delete/replace through: ADDRESS or STACK:ADDRESS (repeatable)", collect, [])
    .option("--protect <type>", `protect another resource type (repeatable); always protected: ${DESTROY_GUARDED_TYPES.join(", ")}`, collect, [])
    .addOption(new Option("--progress <renderer>", "progress display: live on a terminal by default, else line by line").choices(["default", "simple", "verbose", "silent"]))
    .action(async (opts: ApplyOptions) => {
      const plansDir = resolve(opts.plans);
      const shown = relative(process.cwd(), plansDir) || ".";
      if (!existsSync(join(plansDir, RESULTS_FILE))) {
        throw new UserError(`no saved plans: ${join(shown, RESULTS_FILE)} does not exist. Run lz plan --out ${shown} (or, in CI, download the reviewed plan artifacts into ${shown}) first`);
      }
      const plans = readResults([plansDir]);
      if (plans.length === 0) return void console.log(`No saved plan in ${shown}: the reviewed change planned no stack. Nothing to apply.`);
      const file = configFilePath(opts.config);
      const config = loadConfig(file);
      const lzDir = join(dirname(file), ".lz");
      const synth = synthesize(config, { outdir: opts.synthOut, localStateDir: lzDir });
      const env = terraformEnv(join(lzDir, "terraform"));
      const results = await runApplies({
        stacks: readManifest(synth.outdir),
        plans,
        plansDir,
        selected: opts.stacks,
        parallelism: opts.parallelism,
        runner: (args, cwd) => terraform(args, cwd, env),
        guard: { allow: opts.allow, protect: opts.protect },
        renderer: opts.progress,
      });
      console.log("");
      for (const r of results) console.log(`${r.stack.padEnd(Math.max(...results.map((x) => x.stack.length)))}  ${applyStatusText(r)}`);
      console.log(`\nApply logs and ${APPLY_RESULTS_FILE} in ${shown}/`);
      if (!allApplied(results)) process.exitCode = 1;
    });
}
