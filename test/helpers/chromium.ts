/** Headless Chromium for rendering tests (installed by test/setup/chromium.js when missing). */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = process.env.LZ_CHROMIUM || "/usr/bin/chromium";

/** Runs Chromium headless, offline-minded, with a fresh profile; returns stdout. */
export function chromium(args: string[]): string {
  const profile = mkdtempSync(join(tmpdir(), "lz-chromium-"));
  try {
    const r = spawnSync(
      CHROMIUM,
      ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars", `--user-data-dir=${profile}`, ...args],
      { encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
    );
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr.slice(-2000)}`);
    return r.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
