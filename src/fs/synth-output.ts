/**
 * Ownership of a synth output directory. `lz synth --out DIR` replaces only
 * what it wrote there before: `manifest.json` and, per stack, the files it
 * put in `stacks/<stack>/` (cdk.tf.json or cdk.tf). It records them in a
 * marker file, `DIR/.lz-synth`, and refuses a non-empty directory without
 * one, so pointing --out at a repository, a home directory or `.` never
 * deletes anything. What Terraform and the user add next to the output
 * (`.terraform/`, `.terraform.lock.hcl`, notes) is never touched, except in
 * the directory of a stack that synth made and the config no longer has.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { writeFileAtomic } from "./atomic-write";
import { UserError } from "../user-error";
import { lzVersion } from "../version";

/** The marker file in an output directory that lz synth wrote. */
export const SYNTH_MARKER = ".lz-synth";
/** The manifest cdktf writes at the top of its output. */
const MANIFEST = "manifest.json";
const STACKS = "stacks";
/** What `terraform init` leaves in a stack directory: removed only with a stack synth made that is gone from the config. */
const TERRAFORM_LEFTOVERS = [".terraform", ".terraform.lock.hcl"];

/** What an output directory's marker records. */
export interface SynthMarker {
  readonly tool: "lz";
  /** The landing zone version that wrote the output. */
  readonly version: string;
  /** Per stack, the entries synth wrote in `stacks/<stack>/`. */
  readonly stacks: Readonly<Record<string, readonly string[]>>;
}

/** What synth owns in an output directory before it writes. */
export interface OwnedOutput {
  readonly stacks: Readonly<Record<string, readonly string[]>>;
}

const shown = (dir: string): string => relative(process.cwd(), dir) || ".";

function refuse(outdir: string, why: string): never {
  throw new UserError(
    `cannot synthesize into ${shown(outdir)}: ${why}. lz synth replaces only its own earlier output ` +
      `(a directory with a ${SYNTH_MARKER} marker), so it never deletes files it did not write.\n` +
      `fix: synthesize into a new or empty directory (lz synth --out D, lz plan --synth-out D; the default is cdktf.out), or move the files out of ${shown(outdir)}`,
  );
}

/** The stacks of a cdktf manifest with the file each was written to, or undefined when `text` is not one. */
function manifestStacks(text: string): Record<string, string[]> | undefined {
  try {
    const manifest = JSON.parse(text) as { stacks?: Record<string, { synthesizedStackPath?: unknown }> };
    if (typeof manifest.stacks !== "object" || manifest.stacks === null) return undefined;
    const stacks: Record<string, string[]> = {};
    for (const [name, stack] of Object.entries(manifest.stacks)) {
      if (typeof stack?.synthesizedStackPath !== "string") return undefined;
      stacks[name] = [stack.synthesizedStackPath.split("/").pop()!];
    }
    return stacks;
  } catch {
    return undefined;
  }
}

/** True when `stacksDir` holds only stack directories with nothing but what `terraform init` makes. */
function onlyTerraformFiles(stacksDir: string): boolean {
  if (!statSync(stacksDir).isDirectory()) return false;
  return readdirSync(stacksDir).every((name) => {
    const dir = join(stacksDir, name);
    return statSync(dir).isDirectory() && readdirSync(dir).every((e) => TERRAFORM_LEFTOVERS.includes(e));
  });
}

/**
 * Checks that synth may write into `outdir` and returns what it wrote there
 * before. A missing or empty directory owns nothing; a directory with the
 * marker owns what the marker lists; a directory holding only `manifest.json`
 * and `stacks/` from a cdktf synth (an output from before the marker) owns
 * the manifest's stacks; one holding only the stacks' `.terraform.lock.hcl`
 * files (a checkout that commits them) owns nothing. Anything else is
 * refused with a UserError.
 */
export function claimOutput(outdir: string): OwnedOutput {
  if (!existsSync(outdir)) return { stacks: {} };
  if (!statSync(outdir).isDirectory()) refuse(outdir, "it is a file, not a directory");
  const entries = readdirSync(outdir);
  if (entries.length === 0) return { stacks: {} };
  if (entries.includes(SYNTH_MARKER)) {
    try {
      const marker = JSON.parse(readFileSync(join(outdir, SYNTH_MARKER), "utf8")) as SynthMarker;
      if (marker.tool === "lz" && typeof marker.stacks === "object" && marker.stacks !== null) return { stacks: marker.stacks };
    } catch {
      // fall through: an unreadable marker proves nothing
    }
    refuse(outdir, `its ${SYNTH_MARKER} marker is not one lz synth wrote`);
  }
  if (entries.every((e) => e === MANIFEST || e === STACKS)) {
    // Output of a synth from before the marker (or of cdktf alone): its manifest lists what it wrote.
    const legacy = entries.includes(MANIFEST) ? manifestStacks(readFileSync(join(outdir, MANIFEST), "utf8")) : undefined;
    if (legacy) return { stacks: legacy };
    // A fresh checkout of a repository that commits only the stacks' lock files.
    if (!entries.includes(MANIFEST) && onlyTerraformFiles(join(outdir, STACKS))) return { stacks: {} };
  }
  const listed = entries.length > 4 ? `${entries.slice(0, 4).join(", ")}, …` : entries.join(", ");
  return refuse(outdir, `it is not empty (${listed}) and holds no earlier lz synth output`);
}

/** Leftover staging directories of synths that were killed. */
export const stagingPrefix = `${SYNTH_MARKER}.staging-`;

function writeMarker(outdir: string, stacks: Record<string, readonly string[]>): void {
  const marker: SynthMarker = { tool: "lz", version: lzVersion(), stacks };
  writeFileAtomic(join(outdir, SYNTH_MARKER), JSON.stringify(marker, null, 2) + "\n");
}

/** Removes `dir` when it is empty; true when it is gone. */
function removeIfEmpty(dir: string): boolean {
  if (!existsSync(dir)) return true;
  if (readdirSync(dir).length > 0) return false;
  rmdirSync(dir);
  return true;
}

export interface InstallResult {
  /** The stacks now in the output. */
  readonly stacks: string[];
  /** Stacks synth made before that the config no longer has: removed. */
  readonly removed: string[];
  /** Directories of removed stacks kept because they hold files synth did not write. */
  readonly kept: string[];
}

/** Replaces the files of the staged stacks and their manifest entries; every other stack, file and entry stays as it is. */
function installPartial(staging: string, outdir: string, owned: OwnedOutput, next: Record<string, string[]>): InstallResult {
  moveStacks(staging, outdir, owned, next);
  const staged = JSON.parse(readFileSync(join(staging, MANIFEST), "utf8")) as { stacks: Record<string, unknown> };
  const existing = join(outdir, MANIFEST);
  const before = existsSync(existing) ? readFileSync(existing, "utf8") : undefined;
  const manifest = before !== undefined ? (JSON.parse(before) as { stacks: Record<string, unknown> }) : staged;
  for (const name of Object.keys(next)) manifest.stacks[name] = staged.stacks[name];
  // Rewritten only when an entry changed: an unchanged manifest keeps its bytes.
  if (before === undefined || JSON.stringify(JSON.parse(before)) !== JSON.stringify(manifest)) writeFileAtomic(existing, JSON.stringify(manifest, null, 2));
  const all = { ...owned.stacks, ...next };
  writeMarker(outdir, all);
  return { stacks: Object.keys(next), removed: [], kept: [] };
}

function moveStacks(staging: string, outdir: string, owned: OwnedOutput, next: Record<string, string[]>): void {
  const stagedStacks = join(staging, STACKS);
  mkdirSync(join(outdir, STACKS), { recursive: true });
  for (const [name, files] of Object.entries(next)) {
    const dir = join(outdir, STACKS, name);
    // A stack new to the output directory: its staged directory moves as it is (one rename, no directory to create).
    if (!existsSync(dir)) {
      renameSync(join(stagedStacks, name), dir);
      continue;
    }
    // A file synth wrote before and writes no more (cdk.tf.json after --hcl): Terraform would read both.
    for (const old of owned.stacks[name] ?? []) if (!files.includes(old)) rmSync(join(dir, old), { recursive: true, force: true });
    for (const file of files) {
      const target = join(dir, file);
      if (existsSync(target) && statSync(target).isDirectory()) rmSync(target, { recursive: true, force: true });
      renameSync(join(stagedStacks, name, file), target);
    }
  }
}

/**
 * Moves a synthesized app from `staging` into `outdir`, replacing only what
 * `owned` says synth wrote before. Each file is renamed into place (atomic per
 * file); the marker lists old and new stacks while files move, so an
 * interrupted install is still recognised as synth output.
 */
export function installOutput(staging: string, outdir: string, owned: OwnedOutput, options: { readonly partial?: boolean } = {}): InstallResult {
  const stagedStacks = join(staging, STACKS);
  const next: Record<string, string[]> = {};
  for (const name of readdirSync(stagedStacks).sort()) next[name] = readdirSync(join(stagedStacks, name)).sort();
  writeMarker(outdir, { ...owned.stacks, ...next });
  if (options.partial) return installPartial(staging, outdir, owned, next);

  moveStacks(staging, outdir, owned, next);
  renameSync(join(staging, MANIFEST), join(outdir, MANIFEST));

  const removed: string[] = [];
  const kept: string[] = [];
  for (const [name, files] of Object.entries(owned.stacks)) {
    if (name in next) continue;
    const dir = join(outdir, STACKS, name);
    for (const file of [...files, ...TERRAFORM_LEFTOVERS]) rmSync(join(dir, file), { recursive: true, force: true });
    removed.push(name);
    if (!removeIfEmpty(dir)) kept.push(dir);
  }
  writeMarker(outdir, next);
  return { stacks: Object.keys(next), removed, kept };
}
