/**
 * One world of the end-to-end tests: an emulator started with what the user
 * already has (the seed), a work directory holding the user's config file,
 * `cdktf.out` and bootstrap's local state, and the harness's view of it: the
 * resolved config, the stacks in dependency waves, SDK access in any account.
 * The worlds (brownfield, greenfield, day two) differ only in their seed, their
 * config and what they apply when; test/e2e/helpers/cycle.ts runs the same
 * apply → assert → re-plan cycle in each.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../../src/config/load";
import { LandingZoneConfig } from "../../../src/config/types";
import { accountIdOutput, ORGANIZATION } from "../../../src/stacks/names";
import { synthesize } from "../../../src/synth";
import { dependencyWaves, ManifestStack, readManifest } from "../../../src/terraform/manifest";
import { ROOT } from "../../helpers/synth";
import { StackContext } from "../assert";
import { Declared } from "../assert/declared";
import { AwsWorld } from "./aws";
import { emulatorEnv, progress, tfStep } from "./deploy";
import { excludeResources, exclusionsFor } from "./exclusions";
import { ensureLoopbackNames, s3ControlHosts } from "./loopback";
import { Emulator, startMoto } from "./moto";
import { accountIds, Seed } from "./world";

const TF_HOME = join(tmpdir(), "lz-test-terraform"); // shared with test/helpers/terraform.ts: one plugin cache
const CLI = join(ROOT, "dist", "src", "cli", "index.js");

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class World {
  /** The user's config file: `lz vend` and `lz synth --config` read and edit it. */
  readonly configFile: string;
  /** `lz synth --out`: the stacks Terraform runs in. */
  readonly outdir: string;
  readonly aws: AwsWorld;
  /** Terraform's environment against the emulator. */
  readonly env: NodeJS.ProcessEnv;
  config!: LandingZoneConfig;
  /** Stacks in deployment order, wave by wave, of the latest synth. */
  waves: ManifestStack[][] = [];
  /** `<stack>: <address>` of every resource left out of the apply. */
  readonly excluded = new Set<string>();
  /** Stacks applied so far. */
  readonly applied = new Set<string>();
  private readonly started = Date.now();

  private constructor(
    readonly name: string,
    readonly workDir: string,
    readonly emulator: Emulator,
    seed: Seed,
    homeRegion: string,
  ) {
    this.configFile = join(workDir, "landing-zone.yaml");
    this.outdir = join(workDir, "cdktf.out");
    this.env = emulatorEnv(emulator, TF_HOME, homeRegion);
    this.aws = new AwsWorld(emulator, homeRegion, seed.managementAccountId, seed.accessRoleName);
  }

  /** Starts the emulator seeded with `seed`; nothing is synthesized yet. */
  static async start(name: string, seed: Seed, homeRegion: string): Promise<World> {
    const workDir = mkdtempSync(join(tmpdir(), `lz-e2e-${name}-`));
    const emulator = await startMoto(workDir, seed);
    const world = new World(name, workDir, emulator, seed, homeRegion);
    world.progress(`moto on ${emulator.endpoint} (log: ${emulator.logFile}), ${emulator.organizationId ? `organization ${emulator.organizationId}` : "no organization"}`);
    emulator.extensions.forEach((e) => world.progress(`  emulator extension: ${e}`));
    return world;
  }

  progress(message: string): void {
    progress(`[${this.name} +${((Date.now() - this.started) / 1000).toFixed(0)}s] ${message}`);
  }

  /** Writes `text` as the user's config file and synthesizes it into `outdir`, as `lz synth --config <file> --out <outdir>` does. */
  async synth(text: string): Promise<void> {
    writeFileSync(this.configFile, text);
    const config = parseConfig(text, this.configFile);
    const { stacks } = synthesize(config, { outdir: this.outdir, localStateDir: join(this.workDir, ".lz") });
    this.progress(`synthesized ${stacks.length} stacks`);
    await this.adoptOutput();
  }

  /** Runs the real `lz` CLI (dist/, built by `npm test`) in the work directory. */
  lz(args: readonly string[]): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: this.workDir, env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) => {
        this.progress(`$ lz ${args.join(" ")}  (exit ${code})\n${stdout}${stderr}`.trimEnd());
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
  }

  /** After a synth into `outdir` (in-process or by the CLI): re-reads the config file and the manifest, and excludes what the emulator cannot hold. */
  async adoptOutput(): Promise<void> {
    this.config = parseConfig(readFileSync(this.configFile, "utf8"), this.configFile);
    this.waves = dependencyWaves(readManifest(this.outdir));
    await this.exclude(this.stacks());
  }

  /**
   * Leaves out of `stacks` what the emulator cannot hold. S3 Control needs
   * `<account-id>.localhost` for every account: the config's ids, and once the
   * organization stack is applied, the ids it gave the accounts it created.
   */
  async exclude(stacks: readonly ManifestStack[]): Promise<void> {
    const created = this.applied.has(ORGANIZATION) ? Object.values(await this.createdAccountIds()) : [];
    const unresolvedHosts = await ensureLoopbackNames(s3ControlHosts([...new Set([...accountIds(this.config), ...created])]));
    const exclusions = exclusionsFor({ unresolvedHosts });
    for (const address of stacks.flatMap((stack) => excludeResources(stack, exclusions))) {
      if (this.excluded.has(address)) continue;
      this.excluded.add(address);
      this.progress(`  excluded from the emulator apply: ${address}  (${exclusions.find((e) => address.includes(` ${e.type}.`))?.reason ?? "reads an excluded resource"})`);
    }
  }

  /** The id of every account the config leaves to the organization stack, by name, from its outputs. */
  async createdAccountIds(): Promise<Record<string, string>> {
    const outputs = await this.outputsOf(ORGANIZATION);
    return Object.fromEntries(this.config.accounts.filter((a) => !a.id).map((a) => [a.name, String(outputs[accountIdOutput(a.name)])]));
  }

  stacks(): ManifestStack[] {
    return this.waves.flat();
  }

  stack(name: string): ManifestStack {
    const found = this.stacks().find((s) => s.name === name);
    if (!found) throw new Error(`no stack ${name} in ${this.name}'s manifest (${this.stacks().map((s) => s.name).join(", ")})`);
    return found;
  }

  /** `terraform output -json` of a stack, values only. */
  async outputsOf(name: string): Promise<Record<string, unknown>> {
    const out = await tfStep(this.stack(name), ["output", "-json"], this.env);
    return Object.fromEntries(Object.entries(JSON.parse(out.stdout) as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value]));
  }

  /** What the assertions of test/e2e/assert get for a stack. */
  context(stack: ManifestStack): StackContext {
    const declared = () => (JSON.parse(readFileSync(join(stack.dir, "cdk.tf.json"), "utf8")) as { resource?: Declared }).resource ?? {};
    return { config: this.config, aws: this.aws, stack: stack.name, outputs: () => this.outputsOf(stack.name), outputsOf: (name) => this.outputsOf(name), declared };
  }

  /** Stops the emulator; removes the work directory unless `keep` (LZ_E2E_KEEP=1 keeps it). */
  async close(keep: boolean): Promise<void> {
    await this.emulator.stop();
    if (keep) this.progress(`kept ${this.workDir} for inspection`);
    else rmSync(this.workDir, { recursive: true, force: true });
  }
}

/** Starts a world and synthesizes the config `text` makes from it; on failure stops the emulator and keeps the work directory. */
export async function startWorld(name: string, userConfig: LandingZoneConfig, seed: Seed, text: (world: World) => string): Promise<World> {
  const world = await World.start(name, seed, userConfig.homeRegion);
  try {
    await world.synth(text(world));
    return world;
  } catch (e) {
    await world.close(true);
    throw e;
  }
}
