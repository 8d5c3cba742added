/**
 * cdktf entry point (`npx cdktf synth`): synthesizes the config named by
 * LZ_CONFIG, or ./landing-zone.yaml, into cdktf's output directory.
 * `lz synth` is the same job with atomic output and friendlier errors; here
 * a guardrail violation exits 1 after cdktf wrote the stacks (plan nothing then).
 */
import { dirname, join } from "node:path";
import { buildApp } from "./src/app";
import { configFilePath, configWarnings, loadConfig } from "./src/config/load";
import { ConfigError, formatWarnings } from "./src/config/problem";
import { policyError, suppressionError } from "./src/policy/errors";

const file = configFilePath();
try {
  const config = loadConfig(file);
  for (const line of formatWarnings(file, configWarnings(config))) console.error(line);
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  const { app, policy } = buildApp(config, { outdir, localStateDir: join(dirname(file), ".lz") });
  app.synth();
  // The same guardrails as lz synth; cdktf has already written its output, so the message says so.
  const report = policy.finish(config.suppressions);
  const refused = suppressionError(config, report) ?? policyError(config, report, true);
  if (refused) throw refused;
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.format());
  process.exit(1);
}
