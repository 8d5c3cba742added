/** `lz ci`: write (or check) the GitHub Actions workflow for the config's stacks. */
import { Command } from "commander";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { ciWaves, DEFAULT_WORKFLOW_OPTIONS, WORKFLOW_FILE, workflowYaml } from "../ci/workflow";
import { configFilePath } from "../config/load";
import { loadConfig } from "../load-config";
import { writeFileAtomic } from "../fs/atomic-write";
import { ciApplyRoleName, ciPlanRoleName, lzRoleArn } from "../stacks/names";
import { synthesize } from "../synth-lazy";
import { readManifest } from "../terraform/manifest";
import { configOption } from "./options";

interface CiOptions {
  config?: string;
  out: string;
  planRole?: string;
  applyRole?: string;
  terraformVersion: string;
  nodeVersion: string;
  branch?: string;
  environment?: string;
  driftSchedule: string;
  check?: boolean;
}

/** The lz ci command line that reproduces `opts` (defaults left out), for the header and the --check step. */
function regenerateCommand(opts: CiOptions): string {
  const flags: string[] = [];
  if (opts.out !== WORKFLOW_FILE) flags.push(`--out ${opts.out}`);
  const d = DEFAULT_WORKFLOW_OPTIONS;
  if (opts.planRole) flags.push(`--plan-role '${opts.planRole}'`);
  if (opts.applyRole) flags.push(`--apply-role '${opts.applyRole}'`);
  if (opts.terraformVersion !== d.terraformVersion) flags.push(`--terraform-version ${opts.terraformVersion}`);
  if (opts.nodeVersion !== d.nodeVersion) flags.push(`--node-version ${opts.nodeVersion}`);
  if (opts.branch !== undefined && opts.branch !== d.branch) flags.push(`--branch ${opts.branch}`);
  if (opts.environment !== undefined && opts.environment !== d.environment) flags.push(`--environment ${opts.environment}`);
  if (opts.driftSchedule !== d.driftSchedule) flags.push(`--drift-schedule '${opts.driftSchedule}'`);
  return ["npx lz ci", ...flags].join(" ");
}

/** The config file as LZ_CONFIG in CI: relative to the repository root (the job's working directory). */
export function repositoryPath(file: string): string {
  let root: string;
  try {
    root = execFileSync("git", ["rev-parse", "--show-toplevel"], { cwd: dirname(file), encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    root = process.cwd();
  }
  return (relative(root, file) || file).split(sep).join("/");
}

export function registerCi(program: Command): void {
  const d = DEFAULT_WORKFLOW_OPTIONS;
  program
    .command("ci")
    .description(
      "write a GitHub Actions workflow: on pull requests validate, synth, SARIF report and plan the changed stacks per dependency wave; on main apply the reviewed plans behind an environment; drift on a schedule. OIDC credentials only",
    )
    .addOption(configOption())
    .option("-o, --out <file>", "workflow file", WORKFLOW_FILE)
    .option("--plan-role <arn>", "read-only role pull requests and the drift check assume (default: arn:aws:iam::<management>:role/lz/<name>-ci-plan)")
    .option("--apply-role <arn>", "role the main branch assumes to apply (default: arn:aws:iam::<management>:role/lz/<name>-ci-apply)")
    .option("--environment <name>", `GitHub environment of the apply jobs (give it required reviewers; default: the config's ci.github.environment, else ${d.environment})`)
    .option("--drift-schedule <cron>", "when the drift check runs (cron, UTC)", d.driftSchedule)
    .option("--terraform-version <v>", "Terraform version for hashicorp/setup-terraform", d.terraformVersion)
    .option("--node-version <v>", "Node.js version", d.nodeVersion)
    .option("--branch <name>", `branch whose pushes apply (default: the config's ci.github.branch, else ${d.branch})`)
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
      const management = config.organization.managementAccountId;
      const text = workflowYaml(waves, {
        config: repositoryPath(file),
        region: config.homeRegion,
        planRole: opts.planRole ?? lzRoleArn(management, ciPlanRoleName(config.name)),
        applyRole: opts.applyRole ?? lzRoleArn(management, ciApplyRoleName(config.name)),
        // The access stacks create each member account's ci-read role only with ci set.
        readOnly: config.ci !== undefined,
        terraformVersion: opts.terraformVersion,
        nodeVersion: opts.nodeVersion,
        // The ci-roles stack's apply role trusts exactly this environment and branch: one source, the config.
        branch: opts.branch ?? config.ci?.github.branch ?? d.branch,
        environment: opts.environment ?? config.ci?.github.environment ?? d.environment,
        driftSchedule: opts.driftSchedule,
        regenerate: regenerateCommand(opts),
        file: opts.out,
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
      console.log(`Apply jobs run in the GitHub environment "${opts.environment ?? config.ci?.github.environment ?? d.environment}": create it with required reviewers. Verify the action SHAs (src/ci/actions.ts) before first use.`);
      if (!config.state.bootstrapMigrated) console.log(`bootstrap is left out until state.bootstrapMigrated is true (apply it from a workstation first; see README)`);
    });
}
