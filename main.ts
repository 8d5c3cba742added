/**
 * cdktf entry point (`npx cdktf synth`): synthesizes the config named by
 * LZ_CONFIG, or ./landing-zone.yaml, into cdktf's output directory through
 * the same code as `lz synth`: all or nothing, guardrails first, and only
 * into a directory that is empty or earlier synth output (never deleting
 * files synth did not write).
 */
import { dirname, join } from "node:path";
import { configFilePath, configWarnings } from "./src/config/load";
import { loadConfig } from "./src/load-config";
import { ConfigError, formatWarnings } from "./src/config/problem";
import { synthesize } from "./src/synth";
import { UserError } from "./src/user-error";

const file = configFilePath();
try {
  const config = loadConfig(file);
  for (const line of formatWarnings(file, configWarnings(config))) console.error(line);
  synthesize(config, {
    outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
    localStateDir: join(dirname(file), ".lz"),
    hcl: process.env.SYNTH_HCL_OUTPUT === "true",
  });
} catch (e) {
  if (e instanceof ConfigError) console.error(e.format());
  else if (e instanceof UserError) console.error(`error: ${e.message}`);
  else throw e;
  process.exit(1);
}
