/** `lz adopt`: write a config from an existing organization. */
import { Command, InvalidArgumentError } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseConfig } from "../config/load";
import { ConfigError } from "../config/problem";
import { ACCOUNT_TYPES } from "../config/schema";
import { writeFileAtomic } from "../fs/atomic-write";
import { UserError } from "../user-error";
import { OrganizationApi, readOrganization, sdkOrganizationApi } from "../adopt/read";
import { ADOPT_MARKER, adoptConfig, placeholders } from "../adopt/write";

interface AdoptOptions {
  out: string;
  region?: string;
  name: string;
  type: Record<string, string>;
  force?: boolean;
}

function typeOption(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const m = /^([^=]+)=(.+)$/.exec(value);
  if (!m || !(ACCOUNT_TYPES as readonly string[]).includes(m[2])) throw new InvalidArgumentError(`use NAME=TYPE with TYPE one of ${ACCOUNT_TYPES.join(", ")}`);
  return { ...previous, [m[1]]: m[2] };
}

/** Refuses a file adopt did not write, and one it wrote unless `force`. */
function checkTarget(file: string, force: boolean | undefined): void {
  if (!existsSync(file)) return;
  const mine = readFileSync(file, "utf8").split("\n", 1)[0].includes(ADOPT_MARKER);
  if (!mine) throw new UserError(`${file} exists and was not written by lz adopt; it is left alone. Choose another --out (or move the file away).`);
  if (!force) throw new UserError(`${file} exists (written by lz adopt earlier); pass --force to replace it.`);
}

/** Reads the organization through `api` and writes the config; returns the lines to print. */
export async function adopt(api: OrganizationApi, opts: AdoptOptions): Promise<string[]> {
  checkTarget(opts.out, opts.force);
  const org = await readOrganization(api);
  const result = adoptConfig(org, { name: opts.name, region: opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1", types: opts.type });
  writeFileAtomic(opts.out, result.text);
  const shown = relative(process.cwd(), opts.out) || opts.out;
  const lines = [`Wrote ${shown} from organization ${org.id}: ${org.units.length} OUs, ${org.accounts.length - result.skipped.length} accounts (ids and OU ids imported by the organization stack, never created).`];
  for (const s of result.skipped) lines.push(`  left out: ${s}`);
  const todo = placeholders(result.text);
  if (todo.length) lines.push(`Choose in ${shown} (marked CHOOSE, or pass --type NAME=TYPE):`, ...todo.map((t) => `  ${t}`));
  try {
    parseConfig(result.text, shown);
    lines.push(`It validates. Next: lz synth --config ${shown}, then lz plan --config ${shown}.`);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    lines.push(`Until then lz validate --config ${shown} reports:`, e.format());
  }
  return lines;
}

export function registerAdopt(program: Command): void {
  program
    .command("adopt")
    .description("write a config from an existing organization (read-only AWS calls): organization id, OUs and accounts with their ids, commented")
    .option("-o, --out <file>", "config file to write; refuses a file it did not write", "landing-zone.yaml")
    .option("--region <region>", "home region (default: $AWS_REGION, or us-east-1)")
    .option("--name <name>", "landing zone name, the prefix of resource names", "lz")
    .option("--type <name=type>", "an account's type (logging, network or workload), repeatable", typeOption, {})
    .option("--force", "replace a file lz adopt wrote before")
    .action(async (opts: AdoptOptions) => {
      const api = await sdkOrganizationApi(opts.region);
      for (const line of await adopt(api, opts)) console.log(line);
    });
}
