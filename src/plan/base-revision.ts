/**
 * Synthesizes the base revision `lz plan --changed` compares against.
 *
 * Which code synthesizes the base matters. Synthesizing the base config with
 * the working tree's code is exact only when the code did not change: a
 * change to a module or a stack would then show in neither synth and plan
 * nothing, though it changes what Terraform does. So:
 *   - when no path that synth's code is built from differs from the base
 *     (committed, staged, unstaged or untracked: src/, modules/, aws/,
 *     main.ts, package.json, package-lock.json, tsconfig.json), the base config is read with
 *     `git show REF:<config>` and synthesized with the current code in
 *     process: fast, and equal to what the base revision would produce;
 *   - otherwise the base revision is checked out in a temporary git worktree,
 *     built with its own compiler and synthesized with its own `lz synth`,
 *     reusing node_modules when package-lock.json is unchanged (else `npm ci`).
 * Either way both synths use the same state directory for bootstrap's local
 * backend, so no machine path shows up as a change.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, sep } from "node:path";
import { UserError } from "../user-error";

export type BaseMode = "config-only" | "base-code" | "no-config";

export interface BaseSynth {
  /** The commit compared against. */
  readonly commit: string;
  readonly mode: BaseMode;
  /** Synth output directory of the base (manifest.json, stacks/); absent for no-config. */
  readonly outdir?: string;
  /** Why this mode, for the terminal. */
  readonly note: string;
  /** Removes the temporary files. */
  readonly cleanup: () => void;
}

const gitRaw = (cwd: string, args: string[]): string => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
const git = (cwd: string, args: string[]): string => gitRaw(cwd, args).trim();

function tryGit(cwd: string, args: string[], raw = false): string | undefined {
  try {
    return raw ? gitRaw(cwd, args) : git(cwd, args);
  } catch {
    return undefined;
  }
}

/** The default base: the merge-base with origin/main when that branch exists, else HEAD. */
export function defaultBase(cwd: string): string {
  return tryGit(cwd, ["merge-base", "HEAD", "origin/main"]) ?? "HEAD";
}

/**
 * Paths synth's code is built from (relative to the repository root). Any
 * other change (docs, tests, CI files, synth and plan output) leaves what the
 * same config synthesizes unchanged.
 */
export function synthCode(path: string): boolean {
  return /^(src|modules|aws)\//.test(path) || ["main.ts", "package.json", "package-lock.json", "tsconfig.json"].includes(path);
}

/** Paths (relative to the repository root) that differ between `commit` and the working tree, untracked files included. */
export function changedPaths(root: string, commit: string): string[] {
  const tracked = git(root, ["diff", "--name-only", commit, "--"]).split("\n");
  const untracked = git(root, ["ls-files", "--others", "--exclude-standard"]).split("\n");
  return [...new Set([...tracked, ...untracked].filter(Boolean))].sort();
}

export interface BaseOptions {
  /** The git revision to compare against. */
  readonly ref: string;
  /** The config file, absolute. */
  readonly configFile: string;
  /** Synthesizes a config file's text with the current code into `outdir`. */
  readonly synthCurrent: (configText: string, configFile: string, outdir: string) => void;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

export function synthBase(options: BaseOptions): BaseSynth {
  const log = options.log ?? (() => undefined);
  const cwd = dirname(options.configFile);
  const root = tryGit(cwd, ["rev-parse", "--show-toplevel"]);
  if (!root) throw new UserError(`--changed needs a git repository: ${cwd} is not in one`);
  const commit = tryGit(root, ["rev-parse", "--verify", `${options.ref}^{commit}`]);
  if (!commit) throw new UserError(`--base ${options.ref}: no such git revision (fetch it first, e.g. git fetch origin main)`);
  const configRel = relative(root, options.configFile).split(sep).join("/");
  const scratch = mkdtempSync(join(tmpdir(), "lz-base-"));
  const cleanup = () => rmSync(scratch, { recursive: true, force: true });
  const short = commit.slice(0, 12);
  const baseConfig = tryGit(root, ["show", `${commit}:${configRel}`], true);
  if (baseConfig === undefined) return { commit, mode: "no-config", note: `${configRel} does not exist at ${short}: every stack is new`, cleanup };
  const outdir = join(scratch, "out");
  const code = changedPaths(root, commit).filter((p) => p !== configRel && synthCode(p));
  try {
    if (code.length === 0) {
      options.synthCurrent(baseConfig, options.configFile, outdir);
      return { commit, mode: "config-only", outdir, note: `no code changed since ${short}: the base ${configRel} synthesized with the current code`, cleanup };
    }
    log(`code changed since ${short} (${code.slice(0, 3).join(", ")}${code.length > 3 ? ` and ${code.length - 3} more` : ""}): building the base revision to synthesize it`);
    const tree = join(scratch, "tree");
    git(root, ["worktree", "add", "--detach", "--quiet", tree, commit]);
    const removeTree = () => {
      tryGit(root, ["worktree", "remove", "--force", tree]);
      cleanup();
    };
    try {
      buildBase(root, tree, commit, log);
      // The base's own config file, synthesized beside the current one's state directory (see the header).
      const configCopy = join(dirname(options.configFile), `.lz-base-${process.pid}-${basename(options.configFile)}`);
      writeFileSync(configCopy, baseConfig);
      try {
        const r = spawnSync(process.execPath, [join(tree, "dist", "src", "cli", "index.js"), "synth", "--config", configCopy, "--out", outdir], { cwd: tree, encoding: "utf8", env: { ...process.env, LZ_CONFIG: "" } });
        if (r.status !== 0) throw new UserError(`cannot synthesize the base revision ${short} with its own code:\n${(r.stderr || r.stdout).trim()}`);
      } finally {
        rmSync(configCopy, { force: true });
      }
      return { commit, mode: "base-code", outdir, note: `code changed since ${short}: the base revision built and synthesized with its own code`, cleanup: removeTree };
    } catch (e) {
      removeTree();
      throw e;
    }
  } catch (e) {
    cleanup();
    throw e;
  }
}

function buildBase(root: string, tree: string, commit: string, log: (line: string) => void): void {
  const lockSame = existsSync(join(root, "node_modules")) && tryGit(root, ["diff", "--quiet", commit, "--", "package-lock.json"]) !== undefined;
  if (lockSame) symlinkSync(join(root, "node_modules"), join(tree, "node_modules"), "dir");
  else {
    log("package-lock.json changed: npm ci in the base revision");
    const ci = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: tree, encoding: "utf8" });
    if (ci.status !== 0) throw new UserError(`npm ci failed in the base revision:\n${ci.stderr}`);
  }
  mkdirSync(join(tree, "dist"), { recursive: true });
  const tsc = spawnSync(process.execPath, [join(tree, "node_modules", "typescript", "bin", "tsc"), "-p", join(tree, "tsconfig.json")], { cwd: tree, encoding: "utf8" });
  if (tsc.status !== 0) throw new UserError(`the base revision does not compile:\n${(tsc.stdout + tsc.stderr).trim().slice(0, 2000)}`);
  if (!existsSync(join(tree, "dist", "src", "cli", "index.js"))) throw new UserError(`the base revision has no lz CLI (dist/src/cli/index.js)`);
}
