/** `lz changed` and `lz plan --changed`: the stacks a change touches, with the reason for each. */
import { Command } from "commander";
import { appendFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ciWaves } from "../ci/workflow";
import { configFilePath } from "../config/load";
import { LandingZoneConfig } from "../config/types";
import { loadConfig, parseConfig } from "../load-config";
import { defaultBase, synthBase } from "../plan/base-revision";
import { readSynthesized, selectChanged, selectionLines, StackSelection, withUnapplied } from "../plan/changed";
import { s3StateKeys } from "../plan/orphans";
import { BOOTSTRAP } from "../stacks/names";
import { synthesize } from "../synth-lazy";
import { readManifest } from "../terraform/manifest";
import { configOption } from "./options";

export interface ChangedStacks {
  /** The commit compared against. */
  readonly commit: string;
  readonly selection: StackSelection[];
  /** Names of the selected stacks. */
  readonly selected: string[];
}

/** The state bucket's keys (lz changed --unapplied), to select the stacks not applied yet too. */
export interface Unapplied {
  readonly bucket: string;
  /** The bucket's keys; undefined when the bucket does not exist yet. */
  readonly stateKeys: readonly string[] | undefined;
  /** Stacks whose state is not in the bucket by design (bootstrap before its migration). */
  readonly skip: readonly string[];
}

/**
 * Compares the synth output in `headOut` (already written from `file`) with
 * the base revision `base` (default: merge-base with origin/main, else HEAD)
 * and prints why each stack is in or out.
 */
export function changedStacks(file: string, headOut: string, base: string | undefined, log: (line: string) => void = console.log, unapplied?: Unapplied): ChangedStacks {
  const ref = base ?? defaultBase(dirname(file));
  const localStateDir = join(dirname(file), ".lz");
  const synth = synthBase({
    ref,
    configFile: file,
    synthCurrent: (text, configFile, outdir) => void synthesize(parseConfig(text, configFile), { outdir, localStateDir }),
    log,
  });
  try {
    log(`comparing with ${ref === synth.commit ? ref.slice(0, 12) : `${ref} (${synth.commit.slice(0, 12)})`}: ${synth.note}`);
    const before = synth.outdir ? readSynthesized(synth.outdir) : [];
    const changed = selectChanged(before, readSynthesized(headOut));
    const selection = unapplied ? withUnapplied(changed, unapplied.stateKeys, unapplied.bucket, unapplied.skip) : changed;
    for (const line of selectionLines(selection)) log(line);
    const selected = selection.filter((s) => s.selected).map((s) => s.stack);
    log(selected.length === 0 ? "no stack changed: nothing to plan" : `${selected.length} of ${selection.length} stacks to plan`);
    return { commit: synth.commit, selection, selected };
  } finally {
    synth.cleanup();
  }
}

/** The selected stacks in the CI waves (bootstrap only once migrated), one list per wave, empty lists kept. */
export function changedWaves(config: LandingZoneConfig, headOut: string, selected: readonly string[]): string[][] {
  const keep = new Set(selected);
  return ciWaves(readManifest(headOut), config.state.bootstrapMigrated).map((wave) => wave.filter((s) => keep.has(s)));
}

export function registerChanged(program: Command): void {
  program
    .command("changed")
    .description("synthesize the working tree and a base revision, and list the stacks whose JSON (or whose upstream's outputs) changed, with why each is in or out")
    .addOption(configOption())
    .option("--base <ref>", "git revision to compare with (default: the merge-base with origin/main, else HEAD)")
    .option("--synth-out <dir>", "where to synthesize the working tree", "cdktf.out")
    .option("--json <file>", "also write the selection as JSON: {base, stacks, waves, selection}")
    .option("--github-output", "append stacks=<json>, any=<bool> and wave_<n>=<json> (the CI waves) to $GITHUB_OUTPUT")
    .option("--unapplied", "also select every stack with no state in the state bucket yet (needs AWS credentials that may list the bucket): stacks that waited on an upstream when their change was reviewed")
    .action(async (opts: { config?: string; base?: string; synthOut: string; json?: string; githubOutput?: boolean; unapplied?: boolean }) => {
      const file = configFilePath(opts.config);
      const config = loadConfig(file);
      const head = synthesize(config, { outdir: opts.synthOut, localStateDir: join(dirname(file), ".lz") });
      const unapplied: Unapplied | undefined = opts.unapplied
        ? { bucket: config.state.bucket, stateKeys: await s3StateKeys(config.state.region)(config.state.bucket), skip: config.state.bootstrapMigrated ? [] : [BOOTSTRAP] }
        : undefined;
      const changed = changedStacks(file, head.outdir, opts.base, console.log, unapplied);
      const waves = changedWaves(config, head.outdir, changed.selected);
      if (opts.json) writeFileSync(opts.json, JSON.stringify({ base: changed.commit, stacks: changed.selected, waves, selection: changed.selection }, null, 2) + "\n");
      if (opts.githubOutput) {
        const target = process.env.GITHUB_OUTPUT;
        if (!target) throw new Error("--github-output needs $GITHUB_OUTPUT (set by GitHub Actions)");
        const lines = [`stacks=${JSON.stringify(waves.flat())}`, `any=${waves.flat().length > 0}`, ...waves.map((w, i) => `wave_${i + 1}=${JSON.stringify(w)}`)];
        appendFileSync(target, lines.join("\n") + "\n");
      }
    });
}
