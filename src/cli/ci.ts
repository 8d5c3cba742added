/** `lz ci`: write (or check) the GitHub Actions workflow for the config's stacks. */
import { Command } from "commander";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { ciWaves, DEFAULT_WORKFLOW_OPTIONS, WORKFLOW_FILE, workflowYaml } from "../ci/workflow";
import { configFilePath } from "../config/load";
import { loadConfig } from "../load-config";
import { writeFileAtomic } from "../fs/atomic-write";
import { synthesize } from "../synth";
import { readManifest } from "../terraform/manifest";
import { configOption } from "./options";

interface CiOptions {
  config?: string;
  out: string;
  planRole: string;
  applyRole: string;
  terraformVersion: string;
  nodeVersion: string;
  branch: string;
  check?: boolean;
}

/** The lz ci command line that reproduces `opts` (defaults left out), for the header and the --check step. */
function regenerateCommand(opts: CiOptions): string {
  const flags: string[] = [];
  if (opts.out !== WORKFLOW_FILE) flags.push(`--out ${opts.out}`);
  const defaults = DEFAULT_WORKFLOW_OPTIONS;
  if (opts.planRole !== defaults.planRole) flags.push(`--plan-role '${opts.planRole}'`);
  if (opts.applyRole !== defaults.applyRole) flags.push(`--apply-role '${opts.applyRole}'`);
  if (opts.terraformVersion !== defaults.terraformVersion) flags.push(`--terraform-version ${opts.terraformVersion}`);
  if (opts.nodeVersion !== defaults.nodeVersion) flags.push(`--node-version ${opts.nodeVersion}`);
  if (opts.branch !== defaults.branch) flags.push(`--branch ${opts.branch}`);
  return ["npx lz ci", ...flags].join(" ");
}

export function registerCi(program: Command): void {
  const d = DEFAULT_WORKFLOW_OPTIONS;
  program
    .command("ci")
    .description("write a GitHub Actions workflow: validate, synth and SARIF report, then plan (pull requests) or apply (main) per stack in dependency waves, with OIDC credentials")
    .addOption(configOption())
    .option("-o, --out <file>", "workflow file", WORKFLOW_FILE)
    .option("--plan-role <arn>", "IAM role CI assumes to plan", d.planRole)
    .option("--apply-role <arn>", "IAM role CI assumes to apply on the main branch", d.applyRole)
    .option("--terraform-version <v>", "Terraform version for hashicorp/setup-terraform", d.terraformVersion)
    .option("--node-version <v>", "Node.js version", d.nodeVersion)
    .option("--branch <name>", "branch whose pushes apply", d.branch)
    .option("--check", "write nothing; exit 1 when the workflow file is missing or out of date")
    .action((opts: CiOptions) => {
      const file = configFilePath(opts.config);
      const config = loadConfig(file);
      const scratch = mkdtempSync(join(tmpdir(), "lz-ci-"));
      let waves: string[][];
      try {
        const synth = synthesize(config, { outdir: join(scratch, "out"), localStateDir: join(dirname(file), ".lz") });
        waves = ciWaves(readManifest(synth.outdir), config.state.bootstrapMigrated);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
      const text = workflowYaml(waves, {
        config: relative(process.cwd(), file) || file,
        region: config.homeRegion,
        planRole: opts.planRole,
        applyRole: opts.applyRole,
        terraformVersion: opts.terraformVersion,
        nodeVersion: opts.nodeVersion,
        branch: opts.branch,
        regenerate: regenerateCommand(opts),
      });
      if (opts.check) {
        const current = existsSync(opts.out) ? readFileSync(opts.out, "utf8") : undefined;
        if (current === text) return void console.log(`${opts.out} is up to date`);
        console.error(`${opts.out} is ${current === undefined ? "missing" : "out of date with the config's stacks"}; run ${regenerateCommand(opts)} and commit the result`);
        process.exitCode = 1;
        return;
      }
      mkdirSync(dirname(opts.out), { recursive: true });
      writeFileAtomic(opts.out, text);
      console.log(`Wrote ${opts.out}: ${waves.length} waves (${waves.map((w) => w.join(", ")).join(" → ")})`);
      if (!config.state.bootstrapMigrated) console.log(`bootstrap is left out until state.bootstrapMigrated is true (apply it from a workstation first; see README)`);
    });
}
