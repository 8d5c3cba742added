/** Reads cdktf's manifest.json and orders stacks into dependency waves. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ManifestStack {
  readonly name: string;
  /** Stack directory, absolute. */
  readonly dir: string;
  readonly dependencies: readonly string[];
}

export function readManifest(outdir: string): ManifestStack[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { name: string; workingDirectory: string; dependencies: string[] }>;
  };
  return Object.values(manifest.stacks).map((s) => ({ name: s.name, dir: join(outdir, s.workingDirectory), dependencies: s.dependencies }));
}

/**
 * Groups stacks into waves: every stack's dependencies sit in earlier waves,
 * and the stacks of one wave can run in parallel. Names within a wave are
 * sorted, so the order is deterministic. Throws on a cycle or an unknown dependency.
 */
export function dependencyWaves<T extends { name: string; dependencies: readonly string[] }>(stacks: readonly T[]): T[][] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  for (const s of stacks) {
    for (const d of s.dependencies) if (!byName.has(d)) throw new Error(`stack ${s.name} depends on unknown stack ${d}`);
  }
  const done = new Set<string>();
  const waves: T[][] = [];
  while (done.size < stacks.length) {
    const wave = stacks.filter((s) => !done.has(s.name) && s.dependencies.every((d) => done.has(d))).sort((a, b) => a.name.localeCompare(b.name));
    if (wave.length === 0) {
      const left = stacks.filter((s) => !done.has(s.name)).map((s) => s.name);
      throw new Error(`stacks form a dependency cycle: ${left.join(", ")}`);
    }
    wave.forEach((s) => done.add(s.name));
    waves.push(wave);
  }
  return waves;
}
