/** The synthesized manifest's dependencies, completed from the app's stack graph (src/app.ts stackGraph). */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A partial app knows only the dependencies among the stacks it built; the manifest must list every
 * stack each one applies after (the waves of lz plan), so they come from the config's stack graph.
 */
export function completeDependencies(staging: string, graph: ReadonlyMap<string, readonly string[]>): void {
  const file = join(staging, "manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { stacks: Record<string, { dependencies: string[] }> };
  for (const [name, entry] of Object.entries(manifest.stacks)) entry.dependencies = [...new Set([...(graph.get(name) ?? []), ...entry.dependencies])];
  writeFileSync(file, JSON.stringify(manifest, null, 2));
}
