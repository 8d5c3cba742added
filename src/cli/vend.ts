/** `lz vend`: add a workload account to the config in place. */
import { Command } from "commander";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { configFilePath } from "../config/load";
import { loadConfig } from "../load-config";
import { writeFileAtomic } from "../fs/atomic-write";
import { unifiedDiff } from "../vend/diff";
import { vend, vendedStacks, VendResult } from "../vend/vend";
import { accessStackName, ORGANIZATION } from "../stacks/names";
import { configOption, shellQuote } from "./options";

interface VendOptions {
  name: string;
  email: string;
  ou: string;
  cidr?: string;
  config?: string;
  dryRun?: boolean;
}

/** What the vend creates, as printed after the edit. */
export function describeVend(result: VendResult, file: string): string {
  const pool = result.config.network;
  const cidrNote = result.cidrSource === "pool" ? `next free /${pool.workloadCidrPrefix} of network.workloadCidrPool ${pool.workloadCidrPool}` : "explicit, from --cidr";
  return [
    `  account  ${result.name} <${result.email}> in OU ${result.ou}: created by the ${ORGANIZATION} stack (accounts[${result.index}] in ${file}, no id)`,
    `  stacks   ${accessStackName(result.name)} (its deployer role), then ${result.stack}`,
    `  cidr     ${result.cidr} (${cidrNote}), pinned in the entry`,
  ].join("\n");
}

export function registerVend(program: Command): void {
  program
    .command("vend")
    .description("add a workload account to the config in place: comments kept, CIDR allocated and pinned, validated; refuses duplicates")
    .requiredOption("--name <name>", "account name (the stack is workload-<name>)")
    .requiredOption("--email <email>", "root email of the new account, unique across the organization")
    .requiredOption("--ou <ou>", "organizational unit path, e.g. Workloads/Prod")
    .option("--cidr <cidr>", "spoke VPC CIDR (default: next free block of network.workloadCidrPool)")
    .addOption(configOption())
    .option("--dry-run", "print the change as a unified diff and write nothing")
    .action((opts: VendOptions) => {
      const file = configFilePath(opts.config);
      loadConfig(file); // reports a missing or invalid file before anything else
      const shown = relative(process.cwd(), file) || file;
      const text = readFileSync(file, "utf8");
      const result = vend(text, shown, { name: opts.name, email: opts.email, ou: opts.ou, cidr: opts.cidr });
      if (opts.dryRun) {
        process.stdout.write(unifiedDiff(text, result.text, `a/${shown}`, `b/${shown}`));
        console.log(`\nWould vend ${result.name}:\n${describeVend(result, shown)}\n(dry run: ${shown} not written)`);
        return;
      }
      writeFileAtomic(file, result.text);
      console.log(`Vended ${result.name} into ${shown}:\n${describeVend(result, shown)}`);
      const config = opts.config ? ` --config ${shellQuote(opts.config)}` : "";
      const stacks = vendedStacks(loadConfig(file), result.name).join(" ");
      console.log(`Next: lz plan${config} --stacks ${stacks}, review, and merge (re-run lz ci${config} if you use the generated workflow).`);
    });
}
