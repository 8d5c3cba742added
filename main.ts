/**
 * cdktf entry point (`npx cdktf synth`): synthesizes the config named by
 * LZ_CONFIG, or ./landing-zone.yaml, into cdktf's output directory.
 * `lz synth` is the same job with atomic output and friendlier errors.
 */
import { dirname, join } from "node:path";
import { buildApp } from "./src/app";
import { configFilePath, loadConfig } from "./src/config/load";
import { ConfigError } from "./src/config/problem";

const file = configFilePath();
try {
  const config = loadConfig(file);
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  buildApp(config, { outdir, localStateDir: join(dirname(file), ".lz") }).app.synth();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.format());
  process.exit(1);
}
