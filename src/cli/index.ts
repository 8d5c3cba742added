#!/usr/bin/env node
/** The `lz` command line. See `help` for the reference. */
import { Command } from "commander";
import { writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { configFilePath, configWarnings } from "../config/load";
import { loadConfig } from "../load-config";
import { ConfigError, formatWarnings } from "../config/problem";
import { jsonSchema } from "../config/json-schema";
import { prestartSynthWorkers, synthesize } from "../synth-lazy";
import { policySummary } from "../policy/summary";
import { registerApply } from "./apply";
import { registerChanged } from "./changed";
import { registerDrift } from "./drift";
import { registerCi } from "./ci";
import { configOption } from "./options";
import { registerGuard } from "./guard";
import { registerPlan, registerSummary } from "./plan";
import { reportCommand } from "./report";
import { registerVend } from "./vend";
import { registerRetire } from "./retire";
import { registerAdopt } from "./adopt";
import { UserError } from "../user-error";
import { lzVersion } from "../version";

const program = new Command("lz").description("Multi-account AWS landing zone from one YAML file")
  .version(lzVersion(), "-V, --version", "print the lz version")
  .showHelpAfterError();

program
  .command("validate")
  .description("validate the config; exit 0 when valid, 1 with every problem listed otherwise")
  .addOption(configOption())
  .action((opts: { config?: string }) => {
    const file = configFilePath(opts.config);
    const config = loadConfig(file);
    console.log(`${relative(process.cwd(), file) || file}: valid (${config.accounts.length} accounts, ${config.workloads.length} workload stacks)`);
    for (const line of formatWarnings(relative(process.cwd(), file) || file, configWarnings(config))) console.error(line);
  });

program
  .command("synth")
  .description(
    "synthesize every stack to <out>/stacks/<stack>/cdk.tf.json after the guardrails pass; nothing is written on error. " +
      "Replaces only its own earlier output (marked by <out>/.lz-synth) and refuses any other non-empty directory",
  )
  .addOption(configOption())
  .option("-o, --out <dir>", "output directory, created with its parents", "cdktf.out")
  .option("--hcl", "write HCL (cdk.tf) instead of JSON")
  .option("--stacks <stack...>", "synthesize only these stacks (names or comma-separated lists), replacing only their files and manifest entries in <out>")
  .option("-j, --jobs <n>", "threads for the stacks (default: one per core from 16 workload accounts; 1 = serial); output is byte-identical", (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`--jobs takes a whole number of at least 1, not "${v}"`);
    return n;
  })
  .addHelpText(
    "after",
    "\nAt scale: the stacks are synthesized on worker threads beside this one, one thread per core from 16 workload\n" +
      "accounts (--jobs N sets how many, --jobs 1 is serial; the output is byte-identical). After vending an account,\n" +
      "synthesize only the stacks it changes: lz synth --stacks organization workload-<name>.",
  )
  .action((opts: { config?: string; out: string; hcl?: boolean; stacks?: string[]; jobs?: number }) => {
    const startupMs = process.uptime() * 1000;
    const started = process.hrtime.bigint();
    const file = configFilePath(opts.config);
    if (!opts.stacks && opts.jobs !== 1) prestartSynthWorkers(file, opts.jobs);
    const config = loadConfig(file);
    const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
    for (const line of formatWarnings(relative(process.cwd(), file) || file, configWarnings(config))) console.error(line);
    const stacks = opts.stacks?.flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean);
    const result = synthesize(config, { outdir: opts.out, localStateDir: join(dirname(file), ".lz"), hcl: opts.hcl, stacks, jobs: opts.jobs });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`Synthesized ${result.stacks.length} stacks to ${relative(process.cwd(), result.outdir) || "."}/stacks in ${ms.toFixed(0)} ms: ${result.stacks.join(", ")}`);
    if (result.removedStacks.length > 0) console.log(`Removed the output of stacks no longer in the config: ${result.removedStacks.join(", ")}`);
    policySummary(result.policy).forEach((line, i) => (i === 0 ? console.log(line) : console.error(line)));
    // Phase timings for `npm run bench`: process start to command, config, construct tree, cdktf synth.
    if (process.env.LZ_TIMINGS) console.error(JSON.stringify({ startupMs, loadMs, ...result.timings }));
  });

program.addCommand(reportCommand());

program
  .command("schema")
  .description("write the JSON Schema of landing-zone.yaml (for editor completion and validation)")
  .option("-o, --out <file>", "output file, or - for standard output", "landing-zone.schema.json")
  .action((opts: { out: string }) => {
    const text = JSON.stringify(jsonSchema(), null, 2) + "\n";
    if (opts.out === "-") return void process.stdout.write(text);
    writeFileSync(opts.out, text);
    console.log(`Wrote ${opts.out}`);
  });

registerVend(program);
registerRetire(program);
registerAdopt(program);
registerPlan(program);
registerSummary(program);
registerGuard(program);
registerCi(program);
registerChanged(program);
registerApply(program);
registerDrift(program);

/** Runs the CLI; user mistakes print a message and exit 1, without a stack trace. */
export async function main(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof ConfigError) console.error(e.format());
    else if (e instanceof UserError) console.error(`error: ${e.message}`);
    else if (process.env.LZ_DEBUG) console.error(e);
    else console.error(`error: ${(e as Error).message}\n(set LZ_DEBUG=1 for details)`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv).then((code) => process.exit(code));
}
