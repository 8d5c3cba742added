/** `lz retire`: mark a workload account retired in the config, in place. */
import { Command } from "commander";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { configFilePath } from "../config/load";
import { SUSPENDED_OU } from "../config/ous";
import { writeFileAtomic } from "../fs/atomic-write";
import { loadConfig } from "../load-config";
import { retire } from "../retire/retire";
import { IDENTITY_CENTER, ORGANIZATION, suspendedPolicyName, workloadStackName } from "../stacks/names";
import { unifiedDiff } from "../vend/diff";
import { configOption, shellQuote } from "./options";

interface RetireOptions {
  name: string;
  config?: string;
  dryRun?: boolean;
}

/** What retiring `name` does, as printed after the edit. */
export function describeRetire(lz: string, name: string): string {
  return [
    `  ${workloadStackName(name)}  destroys the account's compute and spoke (both sides of its Transit Gateway attachment: the spoke leaves the hub);`,
    `      keeps the baseline and the workload key, and lets go of the log archives (log groups, ALB log bucket) without deleting them`,
    `  ${ORGANIZATION}  moves the account to the ${SUSPENDED_OU} OU under the deny-all SCP ${suspendedPolicyName(lz)} (the deployer and access roles excepted);`,
    `      the account is never closed: it stays in the organization, and in Terraform's state`,
    `  ${IDENTITY_CENTER}  removes the account's access assignments`,
  ].join("\n");
}

export function registerRetire(program: Command): void {
  program
    .command("retire")
    .description("retire a workload account in place (retired: true, comments kept): contents destroyed but the log archives, account moved to the Suspended OU, never closed")
    .requiredOption("--name <name>", "the workload account to retire")
    .addOption(configOption())
    .option("--dry-run", "print the change as a unified diff and write nothing")
    .action((opts: RetireOptions) => {
      const file = configFilePath(opts.config);
      const config = loadConfig(file); // reports a missing or invalid file before anything else
      const shown = relative(process.cwd(), file) || file;
      const text = readFileSync(file, "utf8");
      const result = retire(text, shown, opts.name);
      if (opts.dryRun) {
        process.stdout.write(unifiedDiff(text, result.text, `a/${shown}`, `b/${shown}`));
        console.log(`\nWould retire ${result.name}:\n${describeRetire(config.name, result.name)}\n(dry run: ${shown} not written)`);
        return;
      }
      writeFileAtomic(file, result.text);
      console.log(`Retired ${result.name} in ${shown} (accounts[${result.index}].retired: true):\n${describeRetire(config.name, result.name)}`);
      const flag = opts.config ? ` --config ${shellQuote(opts.config)}` : "";
      console.log(
        `Next: lz plan${flag} --stacks ${workloadStackName(result.name)} ${ORGANIZATION} ${IDENTITY_CENTER}; the guard stops on the protected resources the ` +
          `workload stack destroys (its spoke VPC) and prints the --allow flags to pass once you have reviewed them. Apply ${workloadStackName(result.name)} first, then ${ORGANIZATION}.`,
      );
    });
}
