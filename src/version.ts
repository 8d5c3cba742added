/** The landing zone's version, from its package.json (the same in src/ under ts-node and in dist/). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

let cached: string | undefined;

export function lzVersion(): string {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "landing-zone" && pkg.version) return (cached = pkg.version);
    }
    if (dirname(dir) === dir) return (cached = "unknown");
  }
}
