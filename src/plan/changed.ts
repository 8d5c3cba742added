/**
 * Which stacks a change touches. Two synthesized outputs (a base revision
 * and the working tree) are compared stack by stack on their Terraform JSON,
 * with cdktf's metadata (every `//` key: construct paths, stack metadata)
 * left out, so a moved comment or a renamed construct path plans nothing.
 *
 * A stack is selected when
 *   - it is new, or its JSON changed; or
 *   - it reads (through `terraform_remote_state`) an output of a changed
 *     stack that may now hold a different value: an output whose expression
 *     changed, or whose expression reaches, through the stack's own
 *     references, a resource, data source or local whose JSON changed.
 * Dependencies that only order the waves (the manifest's `dependencies`
 * without an output read) select nothing: they change no value.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { readManifest } from "../terraform/manifest";
import { stateKey } from "../stacks/names";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface SynthesizedStack {
  readonly name: string;
  readonly dependencies: readonly string[];
  /** The stack's Terraform JSON without cdktf metadata. */
  readonly json: Json;
}

export interface StackSelection {
  readonly stack: string;
  readonly selected: boolean;
  /** Why the stack is in or out, one sentence. */
  readonly reason: string;
}

/** The JSON without cdktf's `//` metadata keys, at any depth. */
export function withoutMetadata(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "//").map(([k, v]) => [k, withoutMetadata(v)]));
  }
  return value;
}

/**
 * The stacks of a synth output directory (its manifest.json), metadata
 * removed. A local backend's path (bootstrap's) is written relative to the
 * output directory; it is made absolute so two output directories compare equal.
 */
export function readSynthesized(outdir: string): SynthesizedStack[] {
  if (!existsSync(join(outdir, "manifest.json"))) return [];
  return readManifest(outdir).map((s) => {
    const json = withoutMetadata(JSON.parse(readFileSync(join(s.dir, "cdk.tf.json"), "utf8")));
    const local = json.terraform?.backend?.local;
    if (local && typeof local.path === "string" && !isAbsolute(local.path)) local.path = resolve(s.dir, local.path);
    return { name: s.name, dependencies: s.dependencies, json };
  });
}

/** Every block address of a stack: `type.name` for resources, `data.type.name`, `local.name`, `output.name`. */
function blocks(json: Json): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const [type, byName] of Object.entries<Json>(json.resource ?? {})) for (const [name, body] of Object.entries(byName)) out.set(`${type}.${name}`, body);
  for (const [type, byName] of Object.entries<Json>(json.data ?? {})) for (const [name, body] of Object.entries(byName)) out.set(`data.${type}.${name}`, body);
  for (const [name, body] of Object.entries<Json>(json.locals ?? {})) out.set(`local.${name}`, body);
  for (const [name, body] of Object.entries<Json>(json.output ?? {})) out.set(`output.${name}`, body);
  return out;
}

/** The expressions inside `${…}` of every string in `value`. */
function expressions(value: Json, into: string[] = []): string[] {
  if (typeof value === "string") {
    for (const m of value.matchAll(/\$\{([^}]*)\}/g)) into.push(m[1]);
  } else if (Array.isArray(value)) value.forEach((v) => expressions(v, into));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => expressions(v, into));
  return into;
}

const REFERENCE = /\b(?:data\.[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+|local\.[A-Za-z0-9_-]+|[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?:\[\s*"([^"]+)"\s*\])?(?:\.([a-z_]+))?/g;

/**
 * Attributes that name a resource: they change only when the resource is created or replaced.
 * A reference to one of them (`aws_kms_key.key.arn`) does not follow the resource's policy and
 * tags, which the AWS provider always updates in place (no `policy`, `tags` or `tags_all` argument
 * forces replacement), so a key policy that gains an account does not touch the key's ARN output.
 */
const IDENTITY_ATTRIBUTES = new Set(["arn", "id", "name", "bucket", "key_id"]);
const IN_PLACE_ARGUMENTS = ["policy", "tags", "tags_all"];
/**
 * What a block refers to: a block, or one instance of a `for_each` block (`key`), and whether only
 * its identity attributes are read (then its in-place arguments do not matter).
 */
interface Reference {
  readonly addr: string;
  readonly key?: string;
  readonly identityOnly: boolean;
}
/** One string per distinct reference, for memoizing and de-duplicating. */
const referenceId = (r: Reference): string => JSON.stringify([r.addr, r.key ?? null, r.identityOnly]);

/**
 * The addresses of `known` that `body` refers to. A reference to one instance
 * of a `for_each` block (`aws_x.y["key"]`) is kept as such, so that adding an
 * account to the organization's `for_each` does not touch the outputs of the others.
 */
function references(body: Json, known: ReadonlyMap<string, Json>): Reference[] {
  const found = new Map<string, Reference>();
  const add = (r: Reference) => found.set(referenceId(r), r);
  for (const e of expressions(body)) {
    for (const m of e.matchAll(REFERENCE)) {
      const whole = m[2] !== undefined ? m[0].slice(0, -(m[2].length + 1)) : m[0];
      const addr = whole.replace(/\[.*$/, "");
      if (!known.has(addr)) continue;
      const eachKey = m[1] !== undefined && known.get(addr)?.for_each && typeof known.get(addr).for_each === "object" ? m[1] : undefined;
      const identityOnly = m[2] !== undefined && IDENTITY_ATTRIBUTES.has(m[2]) && !addr.startsWith("data.") && !addr.startsWith("local.") && !addr.startsWith("output.");
      add({ addr, key: eachKey, identityOnly });
    }
  }
  // `depends_on` lists addresses without ${}.
  for (const d of (body && typeof body === "object" && Array.isArray(body.depends_on) ? body.depends_on : []) as unknown[]) if (typeof d === "string" && known.has(d)) add({ addr: d, identityOnly: false });
  return [...found.values()];
}

/** A block address, or one instance of a for_each block: the address and the key. */
function splitInstance(ref: string): { addr: string; key?: string } {
  const m = /^(.*)\[("(?:[^"\\]|\\.)*")\]$/.exec(ref);
  return m ? { addr: m[1], key: JSON.parse(m[2]) as string } : { addr: ref };
}

/** The part of a block one instance depends on: the body without for_each, plus its own for_each entry. */
function instanceBody(body: Json, key: string | undefined): Json {
  if (key === undefined || !body || typeof body !== "object") return body;
  const { for_each: each, ...rest } = body;
  return { rest, each: each?.[key] };
}

/**
 * The outputs of `head` whose value may differ from `base`'s: new, removed or
 * rewritten outputs, and those whose references reach a changed block.
 */
export function changedOutputs(base: Json, head: Json): string[] {
  const b = blocks(base);
  const h = blocks(head);
  const memo = new Map<string, boolean>();
  const reaches = (ref: Reference, path: Set<string>): boolean => {
    const id = referenceId(ref);
    if (memo.has(id)) return memo.get(id)!;
    if (path.has(id)) return false;
    path.add(id);
    const { addr, key, identityOnly } = ref;
    const strip = (body: Json): Json => (identityOnly && body && typeof body === "object" ? Object.fromEntries(Object.entries(body).filter(([k]) => !IN_PLACE_ARGUMENTS.includes(k))) : body);
    const body = strip(instanceBody(h.get(addr), key));
    const result = !isDeepStrictEqual(strip(instanceBody(b.get(addr), key)), body) || references(body, h).some((r) => reaches(r, path));
    path.delete(id);
    memo.set(id, result);
    return result;
  };
  const names = new Set([...Object.keys(base.output ?? {}), ...Object.keys(head.output ?? {})]);
  const changed: string[] = [];
  for (const n of names) {
    const before = base.output?.[n]?.value;
    const after = head.output?.[n]?.value;
    if (isMap(before) && isMap(after) && isDeepStrictEqual({ ...base.output[n], value: null }, { ...head.output[n], value: null })) {
      // A map output (the organization's account_ids): each entry on its own, so a reader of one
      // account's id is untouched when another account is added.
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        const entryChanged = !isDeepStrictEqual(before[key], after[key]) || references(after[key] ?? null, h).some((r) => reaches(r, new Set()));
        if (entryChanged) changed.push(outputEntry(n, key));
      }
    } else if (!h.has(`output.${n}`) || reaches({ addr: `output.${n}`, identityOnly: false }, new Set())) changed.push(n);
  }
  return changed.sort();
}

const isMap = (value: Json): boolean => value !== null && typeof value === "object" && !Array.isArray(value);
/** One entry of a map output, as changedOutputs and remoteReads name it: `account_ids["log-archive"]`. */
const outputEntry = (output: string, key: string): string => `${output}[${JSON.stringify(key)}]`;
/** True when a read (`x`, or one entry `x["k"]`) may see a changed output (`x`, or an entry of it). */
function readSees(read: string, changed: string): boolean {
  if (read === changed) return true;
  const r = splitInstance(read);
  const c = splitInstance(changed);
  if (r.addr !== c.addr) return false;
  return r.key === undefined || c.key === undefined; // the whole map read, or the whole output changed
}

/** What a stack reads from other stacks: producer stack -> output names (`*` for all of them). */
export function remoteReads(json: Json): Map<string, Set<string>> {
  const byData = new Map<string, string>();
  for (const [name, body] of Object.entries<Json>(json.data?.terraform_remote_state ?? {})) {
    const key: unknown = body?.config?.key;
    const m = typeof key === "string" ? /^(.+)\/terraform\.tfstate$/.exec(key) : null;
    if (m && stateKey(m[1]) === key) byData.set(name, m[1]);
  }
  const reads = new Map<string, Set<string>>();
  for (const e of expressions(json)) {
    for (const m of e.matchAll(/data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs(?:\.([A-Za-z0-9_-]+)|\[\s*"([^"]+)"\s*\])?(?:\[\s*"([^"]+)"\s*\])?/g)) {
      const producer = byData.get(m[1]);
      if (!producer) continue;
      if (!reads.has(producer)) reads.set(producer, new Set());
      const output = m[2] ?? m[3];
      reads.get(producer)!.add(output === undefined ? "*" : m[4] === undefined ? output : outputEntry(output, m[4]));
    }
  }
  return reads;
}

/** Top-level blocks that differ, for the reason text: "resource aws_x.y changed", at most `max`. */
function differences(base: Json, head: Json, max = 3): string[] {
  const b = blocks(base);
  const h = blocks(head);
  const diffs: string[] = [];
  for (const [addr, body] of h) if (!b.has(addr)) diffs.push(`${addr} added`);
  else if (!isDeepStrictEqual(b.get(addr), body)) diffs.push(`${addr} changed`);
  for (const addr of b.keys()) if (!h.has(addr)) diffs.push(`${addr} removed`);
  for (const key of new Set([...Object.keys(base), ...Object.keys(head)])) {
    if (["resource", "data", "locals", "output"].includes(key)) continue;
    if (!isDeepStrictEqual(base[key], head[key])) diffs.push(`${key} block changed`);
  }
  const shown = diffs.slice(0, max).join(", ");
  return diffs.length > max ? [`${shown} and ${diffs.length - max} more`] : diffs.length > 0 ? [shown] : [];
}

/**
 * In/out with a reason for every stack of `head` (and a note for each stack
 * only `base` has), in `head`'s order.
 */
export function selectChanged(base: readonly SynthesizedStack[], head: readonly SynthesizedStack[]): StackSelection[] {
  const before = new Map(base.map((s) => [s.name, s]));
  const own = new Map<string, string | undefined>(); // stack -> why its own JSON puts it in
  const outputs = new Map<string, string[]>();
  for (const s of head) {
    const b = before.get(s.name);
    if (!b) {
      own.set(s.name, "new stack");
      continue;
    }
    if (isDeepStrictEqual(b.json, s.json)) continue;
    own.set(s.name, `synthesized JSON changed: ${differences(b.json, s.json).join("") || "(order only)"}`);
    outputs.set(s.name, changedOutputs(b.json, s.json));
  }
  const selection: StackSelection[] = head.map((s) => {
    const why = own.get(s.name);
    if (why) return { stack: s.name, selected: true, reason: why };
    const upstream: string[] = [];
    for (const [producer, names] of remoteReads(s.json)) {
      const moved = outputs.get(producer) ?? [];
      const read = names.has("*") ? moved : moved.filter((o) => [...names].some((n) => readSees(n, o)));
      if (read.length > 0) upstream.push(`${producer} (${read.length === 1 ? "output" : "outputs"} ${read.slice(0, 2).join(", ")}${read.length > 2 ? ` and ${read.length - 2} more` : ""})`);
    }
    if (upstream.length > 0) return { stack: s.name, selected: true, reason: `reads outputs that may change: ${upstream.join("; ")}` };
    const reads = [...remoteReads(s.json).keys()];
    const note = reads.length > 0 ? `; the outputs it reads from ${reads.join(", ")} are unchanged` : "";
    return { stack: s.name, selected: false, reason: `unchanged${note}` };
  });
  const names = new Set(head.map((s) => s.name));
  for (const s of base) {
    if (!names.has(s.name)) selection.push({ stack: s.name, selected: false, reason: "no longer in the config: nothing to plan (its state, if applied, still exists)" });
  }
  return selection;
}

/** Lines for the terminal: "+ stack  reason" for in, "- stack  reason" for out. */
/**
 * Adds to `selection` every stack not applied yet: no state object at its key among `stateKeys` (the state
 * bucket's keys; undefined when the bucket does not exist yet, so nothing is applied). A stack that waited on
 * an upstream when its change was reviewed (a vend's stacks wait on the organization creating the account)
 * has no reviewed plan when the change merges; its JSON no longer differs from the base, so only this
 * brings it back into the next pull request's plans. `skip` names stacks whose state is not in the bucket
 * by design (bootstrap before its migration).
 */
export function withUnapplied(selection: readonly StackSelection[], stateKeys: readonly string[] | undefined, bucket: string, skip: readonly string[] = []): StackSelection[] {
  const present = new Set(stateKeys ?? []);
  return selection.map((s) =>
    s.selected || skip.includes(s.stack) || present.has(stateKey(s.stack)) ? s : { stack: s.stack, selected: true, reason: `not applied yet: no state at s3://${bucket}/${stateKey(s.stack)}` },
  );
}

export function selectionLines(selection: readonly StackSelection[]): string[] {
  const width = Math.max(0, ...selection.map((s) => s.stack.length));
  return selection.map((s) => `${s.selected ? "+" : "-"} ${s.stack.padEnd(width)}  ${s.reason}`);
}
