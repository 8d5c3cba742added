/** `lz drift`: refresh-only plans of every stack; report what changed outside Terraform. */
import { Command, Option } from "commander";
import { mkdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { configFilePath } from "../config/load";
import { loadConfig } from "../load-config";
import { driftExitCode, driftStack, StackDrift, writeDriftReports } from "../plan/drift";
import { firstInitAlone, PlanRenderer, planWaves } from "../plan/planner";
import { runWave } from "../plan/waves";
import { BOOTSTRAP } from "../stacks/names";
import { synthesize } from "../synth-lazy";
import { terraformEnv } from "../terraform/cli-config";
import { readManifest } from "../terraform/manifest";
import { terraform } from "../terraform/run";
import { lzVersion } from "../version";
import { collect, configOption, positiveInt, readOnlyOption, readOnlyRun } from "./options";

interface DriftOptions {
  stacks?: string[];
  out: string;
  parallelism: number;
  config?: string;
  synthOut: string;
  progress?: PlanRenderer;
  readOnly?: boolean;
}

export function registerDrift(program: Command): void {
  program
    .command("drift")
    .description("plan every stack with -refresh-only -detailed-exitcode and report each resource changed or deleted outside Terraform (Markdown, SARIF); exit 2 on drift, 1 when a stack could not be checked")
    .option("-s, --stacks <names...>", "check only these stacks (default: all; bootstrap once its state is migrated)", collect)
    .option("-o, --out <dir>", "directory for drift.md, drift.sarif and drift.json", "drift")
    .option("-p, --parallelism <n>", "terraform processes at once", positiveInt, 4)
    .addOption(configOption())
    .option("--synth-out <dir>", "where to synthesize the stacks", "cdktf.out")
    .addOption(readOnlyOption("read member accounts through their read-only role <name>-ci-read (the default when the config has ci)"))
    .option("--no-read-only", "read member accounts through the deployer or access role (default when the config has no ci)")
    .addOption(new Option("--progress <renderer>", "progress display: live on a terminal by default, else line by line").choices(["default", "simple", "verbose", "silent"]))
    .action(async (opts: DriftOptions) => {
      const file = configFilePath(opts.config);
      const config = loadConfig(file);
      // A refresh-only check never needs more than reading: read-only whenever the ci-read roles exist.
      const readOnly = readOnlyRun(config, opts.readOnly, true);
      const lzDir = join(dirname(file), ".lz");
      const synth = synthesize(config, { outdir: opts.synthOut, localStateDir: lzDir });
      const env = terraformEnv(join(lzDir, "terraform"));
      const stacks = readManifest(synth.outdir);
      const selected = opts.stacks ?? stacks.map((s) => s.name).filter((n) => n !== BOOTSTRAP || config.state.bootstrapMigrated);
      const order = planWaves(stacks, selected).flat();
      const runner = firstInitAlone((args, cwd) => terraform(args, cwd, env));
      const waiting = { stateBucketStack: BOOTSTRAP, accounts: config.accounts, stacks: stacks.map((s) => s.name) };
      console.log(`checking ${order.length} stacks for drift: ${order.map((s) => s.name).join(", ")}`);
      const results: StackDrift[] = await runWave(
        order.map((stack) => ({ name: stack.name, item: stack, run: (progress: (step: string) => void) => driftStack(stack, { runner, waiting, progress, readOnly }) })),
        {
          parallelism: opts.parallelism,
          renderer: opts.progress ?? "default",
          log: (line) => console.log(line),
          title: (r) => `${r.status === "drifted" ? `drifted: ${r.resources.map((d) => d.address).join(", ")}` : r.status === "clean" ? "no drift" : `${r.status}: ${r.reason}`} (${r.seconds}s)`,
          outcome: (r) => (r.status === "failed" || r.status === "drifted" ? "failed" : r.status === "waiting" ? "skipped" : "ok"),
          failureDetail: (r) => r.reason ?? r.status,
        },
      );
      const outDir = resolve(opts.out);
      mkdirSync(outDir, { recursive: true });
      const shown = relative(process.cwd(), outDir) || ".";
      writeDriftReports(outDir, results, relative(process.cwd(), file) || file, lzVersion());
      const drifted = results.flatMap((r) => r.resources);
      console.log(drifted.length === 0 ? "\nNo drift." : `\n${drifted.length} resources drifted:`);
      for (const d of drifted) console.log(`  ${d.stack}: ${d.address} ${d.kind}${d.attributes.length > 0 ? ` (${d.attributes.map((a) => a.path).join(", ")})` : ""}`);
      console.log(`Reports: ${join(shown, "drift.md")}, ${join(shown, "drift.sarif")}`);
      process.exitCode = driftExitCode(results);
    });
}
