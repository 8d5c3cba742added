/**
 * `npm run emulator`: the project's emulator, to try the landing zone without
 * an AWS account. It is the end-to-end tests' emulator (moto through
 * moto/launcher.py with the extensions, started by helpers/moto.ts), seeded
 * with the world the config describes, on a free loopback port; it prints the
 * environment to export and stays in the foreground until Ctrl-C.
 *
 *     npm run emulator [-- --config FILE] [--empty] [--port N]
 *
 * --config  the landing zone config (default: $LZ_CONFIG or ./landing-zone.yaml)
 * --empty   an empty management account: no organization, no member accounts
 *           (the default seeds the organization and the accounts the config names
 *           by id, the roles it names as Batch submitters and its certificates)
 * --port    listen on this port instead of a free one
 *
 * stdout carries only the `export NAME=value` lines and `#` comments, then the
 * line `# ready`; the request log goes to a file named on stderr.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configFilePath, loadConfig } from "../../src/config/load";
import { ConfigError } from "../../src/config/problem";
import { LandingZoneConfig } from "../../src/config/types";
import { findProviderMirror, terraformEnv } from "../../src/terraform/cli-config";
import { emulatorAwsEnv } from "./helpers/deploy";
import { ensureLoopbackNames, s3ControlHosts } from "./helpers/loopback";
import { startMoto } from "./helpers/moto";
import { accountIds, Seed, seedFor } from "./helpers/world";

interface Options {
  readonly config?: string;
  readonly empty: boolean;
  readonly port?: number;
}

const USAGE = "usage: npm run emulator [-- --config FILE] [--empty] [--port N]";

function parseArgs(argv: readonly string[]): Options {
  let config: string | undefined;
  let empty = false;
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--empty") empty = true;
    else if (arg === "--config" || arg === "-c") config = argv[++i];
    else if (arg === "--port") port = Number(argv[++i]);
    else if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`--port must be a port number\n${USAGE}`);
  return { config, empty, port };
}

/** The `#` lines that say what the emulator holds and what the config must say to match it. */
function describeWorld(config: LandingZoneConfig, seed: Seed | undefined, organizationId: string | undefined, extensions: number): string[] {
  const lines = [`# landing-zone emulator: moto with ${extensions} landing-zone extensions`];
  if (!seed) {
    lines.push(`# world: an empty management account ${config.organization.managementAccountId} (no organization yet)`);
    return lines;
  }
  lines.push(`# world: organization ${organizationId} in management account ${seed.managementAccountId}`);
  for (const account of seed.accounts) lines.push(`#   member ${account.id} ${account.name}`);
  if (!config.organization.id) lines.push(`# the config has no organization.id: set "organization.id: ${organizationId}" to adopt this organization`);
  return lines;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const file = configFilePath(options.config);
  const config = loadConfig(file);
  const seed = options.empty ? undefined : seedFor(config);

  // The provider addresses S3 Control at <account-id>.<endpoint host>: those names must reach loopback.
  const unresolved = await ensureLoopbackNames(s3ControlHosts(accountIds(config)));
  if (unresolved.length > 0) {
    process.stderr.write(
      `warning: ${unresolved.join(", ")} do not resolve to 127.0.0.1, so the S3 account public access block cannot be applied; ` +
        `add "127.0.0.1 ${unresolved.join(" ")}" to /etc/hosts\n`,
    );
  }

  const workDir = mkdtempSync(join(tmpdir(), "lz-emulator-"));
  const emulator = await startMoto(workDir, seed, { accountId: config.organization.managementAccountId, port: options.port });
  process.stderr.write(`emulator request log: ${emulator.logFile}\n`);

  const env: Record<string, string> = { ...emulatorAwsEnv(emulator, config.homeRegion) };
  // lz finds the provider mirror itself; plain `terraform` in a stack directory gets the same CLI config
  // (offline mirror, plugin cache) through TF_CLI_CONFIG_FILE, kept across runs next to the e2e tests' one.
  const mirror = findProviderMirror();
  if (mirror) env.LZ_PROVIDER_MIRROR = mirror;
  env.TF_CLI_CONFIG_FILE = terraformEnv(join(tmpdir(), "lz-emulator-terraform")).TF_CLI_CONFIG_FILE!;
  env.CHECKPOINT_DISABLE = "1";
  const out = [
    ...describeWorld(config, seed, emulator.organizationId, emulator.extensions.length),
    "# export this in the shell where you run lz and terraform:",
    ...Object.entries(env).map(([name, value]) => `export ${name}=${value}`),
    "# not emulated: App Runner, and what the README lists; Ctrl-C stops the emulator and forgets everything",
    "# ready",
  ];
  process.stdout.write(`${out.join("\n")}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await emulator.stop();
    rmSync(workDir, { recursive: true, force: true });
    process.stderr.write("emulator stopped\n");
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`error: ${e instanceof ConfigError ? e.format() : (e as Error).message}\n`);
  process.exit(1);
});
