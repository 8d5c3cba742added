/**
 * `lz drift`: finds what changed behind Terraform's back.
 *
 * Each stack is planned with `terraform plan -refresh-only -detailed-exitcode`.
 * Refresh-only, not a normal plan: a normal plan also lists what the config
 * would change (an edit merged but not applied yet), which is not drift;
 * refresh-only compares only the real objects with the state, and its JSON
 * (`terraform show -json`) lists each object that differs in
 * `resource_drift`, with `before` (the state) and `after` (what AWS now
 * has) and the sensitive-value masks. Each drifted resource is reported with
 * the attributes that differ; sensitive values (and anything under them) are
 * shown as "(sensitive)". Nothing is saved: the refresh-only plan is
 * written to a temporary file and discarded, so the state never moves.
 *
 * Only attributes Terraform manages count: those the configuration sets
 * (the plan JSON's `configuration` block), and `tags_all` (the provider's
 * default tags). A refresh also fills attributes nobody configured — the
 * first refresh after an apply copies a bucket's versioning, policy,
 * encryption and lifecycle from their own resources into the legacy
 * attributes of `aws_s3_bucket`, and turns an unset `tags` from null into {}
 * — which Terraform would never change back; reporting those would make
 * every run look drifted. An empty value (null, {}, [], "") equals any other.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformResult } from "../terraform/run";
import { explainFailure } from "./failures";
import { declaresReadOnly, readOnlyArg } from "./read-only";
import { StackToPlan, TerraformRunner } from "./plan-stack";
import { classifyWaiting, errorHeadlines, WaitingContext } from "./waiting";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface AttributeDrift {
  /** Attribute path, e.g. `tags.Owner` or `ingress[0].cidr_blocks`. */
  readonly path: string;
  /** Value in the state (what Terraform last wrote), JSON text or "(sensitive)". */
  readonly before: string;
  /** Value AWS has now. */
  readonly after: string;
}

export interface DriftedResource {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  /** "changed" (updated outside Terraform) or "deleted" (gone outside Terraform). */
  readonly kind: "changed" | "deleted";
  readonly attributes: readonly AttributeDrift[];
}

export interface StackDrift {
  readonly stack: string;
  readonly status: "drifted" | "clean" | "waiting" | "failed";
  readonly resources: readonly DriftedResource[];
  /** For waiting and failed: why the stack could not be checked. */
  readonly reason?: string;
  readonly seconds: number;
}

export const SENSITIVE = "(sensitive)";
const MAX_VALUE = 200;

const show = (v: unknown): string => {
  const text = v === undefined ? "(absent)" : JSON.stringify(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
};

/** True when the sensitivity mask marks `path` (or any part above it) sensitive. */
function sensitiveAt(mask: Json, path: readonly (string | number)[]): boolean {
  let m = mask;
  if (m === true) return true;
  for (const key of path) {
    if (m === null || typeof m !== "object") return false;
    m = m[key];
    if (m === true) return true;
  }
  return false;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("") || "(whole object)";
}

/** The leaf paths where `before` and `after` differ; arrays of different lengths differ as a whole. */
function differingPaths(before: unknown, after: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (isObject(before) && isObject(after)) {
    for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) differingPaths(before[k], after[k], [...path, k], out);
  } else if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((b, i) => differingPaths(b, after[i], [...path, i], out));
  } else if (JSON.stringify(before) !== JSON.stringify(after)) out.push(path);
  return out;
}

const valueAt = (v: Json, path: readonly (string | number)[]): unknown => path.reduce((x, k) => (x === null || x === undefined ? undefined : x[k]), v);

const isEmpty = (v: unknown): boolean => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);

/** Attributes Terraform manages, per resource address (without instance keys), from the plan's configuration. */
function managedAttributes(plan: Json): Map<string, Set<string>> | undefined {
  const resources = plan.configuration?.root_module?.resources as Json[] | undefined;
  if (!resources) return undefined;
  return new Map(resources.map((r) => [r.address as string, new Set([...Object.keys(r.expressions ?? {}), "tags_all"])]));
}

/** The drifted resources of a refresh-only plan's JSON. */
export function driftOf(stack: string, plan: Json): DriftedResource[] {
  const out: DriftedResource[] = [];
  const managed = managedAttributes(plan);
  for (const rd of (plan.resource_drift ?? []) as Json[]) {
    if (rd.mode && rd.mode !== "managed") continue;
    const c = rd.change ?? {};
    const actions: string[] = c.actions ?? [];
    if (actions.every((a) => a === "no-op" || a === "read")) continue;
    const kind = c.after === null || actions.includes("delete") ? "deleted" : "changed";
    const attributes =
      kind === "deleted"
        ? []
        : differingPaths(c.before, c.after)
            .filter((p) => {
              const attrs = managed?.get(String(rd.address).replace(/\[[^\]]*\]$/, ""));
              return (!attrs || attrs.has(String(p[0]))) && !(isEmpty(valueAt(c.before, p)) && isEmpty(valueAt(c.after, p)));
            })
            .map((p) => {
            const masked = sensitiveAt(c.before_sensitive, p) || sensitiveAt(c.after_sensitive, p);
            return { path: formatPath(p), before: masked ? SENSITIVE : show(valueAt(c.before, p)), after: masked ? SENSITIVE : show(valueAt(c.after, p)) };
          });
    if (kind === "changed" && attributes.length === 0) continue; // only unmanaged attributes moved
    out.push({ stack, address: rd.address, type: rd.type, kind, attributes });
  }
  return out;
}

export interface DriftStackContext {
  readonly runner: TerraformRunner;
  readonly waiting: WaitingContext;
  readonly progress?: (step: string) => void;
  /** Read member accounts through their read-only CI role (src/plan/read-only.ts). @default false */
  readonly readOnly?: boolean;
}

/** Checks one stack; never throws for a Terraform error. */
export async function driftStack(stack: StackToPlan, ctx: DriftStackContext): Promise<StackDrift> {
  const started = Date.now();
  const end = (status: StackDrift["status"], resources: DriftedResource[] = [], reason?: string): StackDrift => ({ stack: stack.name, status, resources, reason, seconds: Math.round((Date.now() - started) / 100) / 10 });
  const failed = (r: TerraformResult): StackDrift => {
    const output = `${r.stderr}\n${r.stdout}`;
    const waiting = classifyWaiting(output, ctx.waiting);
    if (waiting) return end("waiting", [], `waiting on ${waiting.on}: ${waiting.reason}`);
    const errors = explainFailure(output, errorHeadlines(output), stack.dir);
    return end("failed", [], errors.length > 0 ? errors.join("; ") : `terraform exited with ${r.code}`);
  };
  const tmp = mkdtempSync(join(tmpdir(), "lz-drift-"));
  try {
    ctx.progress?.("terraform init");
    const init = await ctx.runner(["init", "-input=false", "-no-color"], stack.dir);
    if (init.code !== 0) return failed(init);
    const planFile = join(tmp, `${stack.name}.tfplan`);
    ctx.progress?.("terraform plan -refresh-only");
    const readOnly = ctx.readOnly === true && declaresReadOnly(stack.dir);
    const plan = await ctx.runner(["plan", "-refresh-only", "-input=false", "-no-color", "-lock-timeout=120s", "-detailed-exitcode", ...(readOnly ? [readOnlyArg(true)] : []), `-out=${planFile}`], stack.dir);
    if (plan.code !== 0 && plan.code !== 2) return failed(plan);
    if (plan.code === 0) return end("clean");
    ctx.progress?.("terraform show");
    const shown = await ctx.runner(["show", "-json", "-no-color", planFile], stack.dir);
    if (shown.code !== 0) return failed(shown);
    const resources = driftOf(stack.name, JSON.parse(shown.stdout));
    return end(resources.length > 0 ? "drifted" : "clean", resources);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The drift report as Markdown: a table per stack, then each drifted resource's attributes. */
export function driftMarkdown(results: readonly StackDrift[]): string {
  const drifted = results.filter((r) => r.status === "drifted");
  const count = drifted.reduce((n, r) => n + r.resources.length, 0);
  const lines = [
    "### Landing zone drift",
    "",
    count === 0 ? "No drift: every checked stack matches its state." : `${count} ${count === 1 ? "resource" : "resources"} in ${drifted.length} ${drifted.length === 1 ? "stack" : "stacks"} changed outside Terraform.`,
    "",
    "| stack | status | drifted resources |",
    "|---|---|--:|",
    ...results.map((r) => `| \`${r.stack}\` | ${r.status === "drifted" ? "⚠️ drifted" : r.status === "clean" ? "✅ clean" : r.status === "waiting" ? `⏳ ${cell(r.reason ?? "")}` : `❌ ${cell(r.reason ?? "failed")}`} | ${r.status === "drifted" || r.status === "clean" ? r.resources.length : "-"} |`),
    "",
  ];
  for (const r of drifted) {
    lines.push(`#### \`${r.stack}\``, "");
    for (const d of r.resources) {
      if (d.kind === "deleted") {
        lines.push(`- \`${d.address}\`: **deleted** outside Terraform`);
        continue;
      }
      lines.push(`- \`${d.address}\`: changed outside Terraform`, "", "  | attribute | in the state | in AWS now |", "  |---|---|---|");
      for (const a of d.attributes) lines.push(`  | \`${cell(a.path)}\` | \`${cell(a.before)}\` | \`${cell(a.after)}\` |`);
      lines.push("");
    }
    lines.push("");
  }
  lines.push("To keep a change, write it into landing-zone.yaml (or the code); to undo it, apply the stack again (lz plan --stacks STACK, then lz apply).");
  return lines.join("\n") + "\n";
}

export const DRIFT_RULES = [
  { id: "lz-drift-changed", name: "ResourceChangedOutsideTerraform", text: "A resource was changed outside Terraform", help: "Write the change into the config to keep it, or apply the stack again to undo it." },
  { id: "lz-drift-deleted", name: "ResourceDeletedOutsideTerraform", text: "A resource was deleted outside Terraform", help: "Apply the stack again to recreate it, or remove it from the config." },
] as const;

/** The drift report as SARIF 2.1.0: one result per drifted resource, located at the config file. */
export function driftSarif(results: readonly StackDrift[], configUri: string, toolVersion: string): object {
  const uri = configUri.split("\\").join("/");
  const findings = results.flatMap((r) => r.resources);
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "lz-drift",
            version: toolVersion,
            rules: DRIFT_RULES.map((r) => ({ id: r.id, name: r.name, shortDescription: { text: r.text }, help: { text: r.help }, defaultConfiguration: { level: "warning" } })),
          },
        },
        artifacts: [{ location: { uri }, roles: ["analysisTarget"] }],
        results: findings.map((d) => {
          const rule = d.kind === "deleted" ? 1 : 0;
          const attrs = d.attributes.map((a) => `${a.path}: ${a.before} → ${a.after}`).join("; ");
          return {
            ruleId: DRIFT_RULES[rule].id,
            ruleIndex: rule,
            level: "warning",
            message: { text: `${d.address} in stack ${d.stack} was ${d.kind} outside Terraform${attrs ? `: ${attrs}` : ""}` },
            locations: [{ physicalLocation: { artifactLocation: { uri, index: 0 }, region: { startLine: 1 } }, logicalLocations: [{ fullyQualifiedName: `${d.stack}:${d.address}`, kind: "resource" }] }],
            partialFingerprints: { "lzDrift/v1": createHash("sha256").update(`${d.stack}|${d.address}|${d.kind}|${d.attributes.map((a) => a.path).join(",")}`).digest("hex").slice(0, 32) },
            properties: { stack: d.stack, address: d.address, attributes: d.attributes.map((a) => a.path) },
          };
        }),
        columnKind: "unicodeCodePoints",
      },
    ],
  };
}

/** Exit code of lz drift: 2 when anything drifted, 1 when a stack could not be checked, else 0. */
export function driftExitCode(results: readonly StackDrift[]): number {
  if (results.some((r) => r.status === "drifted")) return 2;
  if (results.some((r) => r.status === "failed")) return 1;
  return 0;
}

/** Writes drift.md, drift.sarif and drift.json into `dir`. */
export function writeDriftReports(dir: string, results: readonly StackDrift[], configUri: string, toolVersion: string): void {
  writeFileSync(join(dir, "drift.md"), driftMarkdown(results));
  writeFileSync(join(dir, "drift.sarif"), JSON.stringify(driftSarif(results, configUri, toolVersion), null, 2) + "\n");
  writeFileSync(join(dir, "drift.json"), JSON.stringify(results, null, 2) + "\n");
}
