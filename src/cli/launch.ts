#!/usr/bin/env node
/**
 * `npx lz` (package.json bin, bundled to dist/bundle/lz.js): runs the CLI bundle beside it
 * (dist/bundle/lz-main.js) with a V8 code cache, what Node >= 22.1 does with module.enableCompileCache
 * and Node 20 does not have. The first run of a command compiles the bundle's functions as usual and,
 * on exit, saves everything V8 compiled to node_modules/.cache/lz/; later runs of that command load it
 * instead of compiling again, about a quarter less CPU for a synth (bench/results.md). The same code
 * runs either way, so output is identical; V8 refuses a cache of another V8 version or flags, and the
 * file name carries the bundle's size, modification time and inode, so a rebuilt bundle never reads an
 * old cache. Nothing is
 * cached when that directory cannot be written or LZ_COMPILE_CACHE=0.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { isMainThread, workerData } from "node:worker_threads";

/** A worker thread of a parallel synth runs the bundle its workerData names (src/synth-parallel.ts), with a cache of its own. */
const workerBundle = isMainThread ? undefined : (workerData as { lzBundle?: string } | null)?.lzBundle;
const bundle = join(__dirname, workerBundle ?? "lz-main.js");
const source = readFileSync(bundle, "utf8").replace(/^#!.*/, "");

/** The cache file for this bundle and command, or undefined when caching is off. */
function cacheFile(): string | undefined {
  if (process.env.LZ_COMPILE_CACHE === "0") return undefined;
  // dist/bundle/ → the package root, where npm ci made node_modules/.
  const dir = join(__dirname, "..", "..", "node_modules", ".cache", "lz");
  // The bundle's identity without reading it through a hash (23 ms for 6.7 MB, 3 % of a synth): npm run
  // build writes a new file, so a new mtime and usually a new inode; V8 itself refuses a cache made for
  // a source of another length.
  const { size, mtimeMs, ino } = statSync(bundle);
  const key = createHash("sha256").update(`${process.version} ${size} ${mtimeMs} ${ino}`).digest("hex").slice(0, 16);
  // Per command: a cache saved by `lz --help` would hold few of the functions a synth compiles.
  const command = workerBundle ? "worker" : /^[a-z-]+$/.test(process.argv[2] ?? "") ? process.argv[2] : "other";
  return join(dir, `lz-${key}-${command}.cache`);
}

function readCache(file: string | undefined): Buffer | undefined {
  try {
    return file ? readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

const file = cacheFile();
const cachedData = readCache(file);
const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
if (file && (!cachedData || script.cachedDataRejected)) {
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    try {
      mkdirSync(dirname(file), { recursive: true });
      // Written aside and renamed, so a concurrent run never reads half a file.
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, script.createCachedData());
      renameSync(partial, file);
    } catch {
      // A read-only install runs without a cache.
    }
  };
  process.once("exit", save);
  // A worker thread saves before it reports that it finished: the process may exit as soon as it has.
  if (workerBundle) (globalThis as Record<symbol, unknown>)[Symbol.for("lz.saveCodeCache")] = save;
}

// The bundle as the main module, as if node had been started on it (its `require.main === module` runs the
// CLI); in a worker thread, a module of its own.
const main = new Module(bundle);
main.filename = bundle;
main.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
const req = Module.createRequire(bundle);
if (!workerBundle) req.main = main;
(script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void)(main.exports, req, main, bundle, __dirname);
