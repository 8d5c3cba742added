/** Runs the compiled lz command in a scratch directory, as a user would. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleText, ROOT } from "./synth";

export const LZ = join(ROOT, "dist", "src", "cli", "index.js");

export function lz(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [LZ, ...args], { cwd, env: { ...process.env, LZ_CONFIG: "", ...env }, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh directory holding landing-zone.yaml (the example unless given). */
export function workdir(config = exampleText()): string {
  const dir = mkdtempSync(join(tmpdir(), "lz-cli-"));
  writeFileSync(join(dir, "landing-zone.yaml"), config);
  return dir;
}
