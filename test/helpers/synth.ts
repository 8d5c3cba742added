/** Test helpers: load configs, synthesize apps and read the generated Terraform JSON. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../src/config/load";
import { LandingZoneConfig } from "../../src/config/types";
import { synthesize } from "../../src/synth";

export const ROOT = join(__dirname, "..", "..");
export const EXAMPLE_FILE = join(ROOT, "landing-zone.yaml");
export const exampleText = (): string => readFileSync(EXAMPLE_FILE, "utf8");
/** 1-based line of the first line of `text` containing `needle`. */
export const lineOf = (text: string, needle: string): number => {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not found`);
  return i + 1;
};
/** The stacks the bundled example synthesizes, sorted. */
export const EXAMPLE_STACKS: readonly string[] = [
  "access-analytics-dev",
  "access-log-archive",
  "access-network",
  "access-payments-prod",
  "access-security",
  "bootstrap",
  "identity-center",
  "logging",
  "network",
  "organization",
  "security",
  "workload-analytics-dev",
  "workload-payments-prod",
];
export const exampleConfig = (): LandingZoneConfig => parseConfig(exampleText(), EXAMPLE_FILE);

/** Terraform JSON as written by cdktf, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TfJson = Record<string, any>;

export interface Synthesized {
  readonly outdir: string;
  readonly stacks: string[];
  stack(name: string): TfJson;
  manifest(): TfJson;
}

export function synthConfig(config: LandingZoneConfig = exampleConfig(), hcl = false): Synthesized {
  const base = mkdtempSync(join(tmpdir(), "lz-test-"));
  const result = synthesize(config, { outdir: join(base, "out"), localStateDir: join(base, ".lz"), hcl });
  return {
    outdir: result.outdir,
    stacks: result.stacks,
    stack: (name) => JSON.parse(readFileSync(join(result.outdir, "stacks", name, "cdk.tf.json"), "utf8")),
    manifest: () => JSON.parse(readFileSync(join(result.outdir, "manifest.json"), "utf8")),
  };
}

/** All resources of `type` in a stack, keyed by Terraform name. */
export function resources(stack: TfJson, type: string): Record<string, TfJson> {
  return stack.resource?.[type] ?? {};
}

/** The only resource of `type`; fails when there are none or several. */
export function single(stack: TfJson, type: string): TfJson {
  const all = Object.values(resources(stack, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** Statements of an aws_iam_policy_document data source. */
export function statements(stack: TfJson, name: string): TfJson[] {
  const doc = stack.data?.aws_iam_policy_document?.[name];
  if (!doc) throw new Error(`no aws_iam_policy_document.${name}; have ${Object.keys(stack.data?.aws_iam_policy_document ?? {}).join(", ")}`);
  return doc.statement;
}
