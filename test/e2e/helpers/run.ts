/**
 * One end-to-end run: start the emulator with the pre-existing world, prepare
 * the config, synthesize, exclude what the emulator cannot hold, deploy every
 * stack, and stop the emulator afterwards even on failure.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LandingZoneConfig } from "../../../src/config/types";
import { synthesize } from "../../../src/synth";
import { ManifestStack, readManifest } from "../../../src/terraform/manifest";
import { parseConfig } from "../../../src/config/load";
import { AwsWorld } from "./aws";
import { deployAll, emulatorEnv, progress } from "./deploy";
import { excludeResources, exclusionsFor } from "./exclusions";
import { ensureLoopbackNames, s3ControlHosts } from "./loopback";
import { Emulator, startMoto } from "./moto";
import { accountIds, e2eConfig, seedFor } from "./world";

export interface E2eRun {
  readonly workDir: string;
  readonly emulator: Emulator;
  readonly config: LandingZoneConfig;
  readonly aws: AwsWorld;
  /** Terraform's environment against the emulator. */
  readonly env: NodeJS.ProcessEnv;
  /** Stacks in deployment order, wave by wave. */
  readonly waves: ManifestStack[][];
  /** `<stack>: <address>` of every resource left out of the apply. */
  readonly excluded: readonly string[];
  /** Stops the emulator; removes the work directory unless `keep`. */
  close(keep: boolean): Promise<void>;
}

const TF_HOME = join(tmpdir(), "lz-test-terraform"); // shared with test/helpers/terraform.ts: one plugin cache

export async function deployConfigFile(file: string): Promise<E2eRun> {
  const started = Date.now();
  const text = readFileSync(file, "utf8");
  const userConfig = parseConfig(text, file);
  const workDir = mkdtempSync(join(tmpdir(), "lz-e2e-"));
  const emulator = await startMoto(workDir, seedFor(userConfig));
  progress(`moto on ${emulator.endpoint} (log: ${emulator.logFile}), organization ${emulator.organizationId}`);
  emulator.extensions.forEach((e) => progress(`  emulator extension: ${e}`));
  const close = async (keep: boolean) => {
    await emulator.stop();
    if (keep) progress(`kept ${workDir} for inspection`);
    else rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const config = e2eConfig(text, file, { organizationId: emulator.organizationId, certificates: emulator.certificates });
    const unresolvedHosts = await ensureLoopbackNames(s3ControlHosts(accountIds(config)));
    const exclusions = exclusionsFor({ unresolvedHosts });
    const { outdir, stacks } = synthesize(config, { outdir: join(workDir, "cdktf.out"), localStateDir: join(workDir, ".lz") });
    progress(`synthesized ${stacks.length} stacks`);
    const excluded = readManifest(outdir).flatMap((stack) => excludeResources(stack, exclusions));
    progress(`excluded from the emulator apply: ${excluded.length ? "" : "none"}`);
    excluded.forEach((address) => progress(`  ${address}  (${exclusions.find((e) => address.includes(` ${e.data ? "data." : ""}${e.type}.`))?.reason ?? "reads an excluded resource"})`));
    const env = emulatorEnv(emulator, TF_HOME, config.homeRegion);
    const waves = await deployAll(outdir, env);
    progress(`deployed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
    const aws = new AwsWorld(emulator, config.homeRegion, config.organization.managementAccountId, config.organization.accessRoleName);
    return { workDir, emulator, config, aws, env, waves, excluded, close };
  } catch (e) {
    await close(true);
    throw e;
  }
}
