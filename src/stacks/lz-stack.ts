/**
 * The base of every stack: readable, stable Terraform names. cdktf's default
 * appends a hash of the construct path (`state_bucket_versioning_3F2A1B`);
 * here the name is the path itself, so a plan reads `state_bucket_versioning`,
 * and a module's primary resource (id `this`) takes the module's name: `state_bucket`.
 * Construct ids come from config names, never array positions, so names stay
 * stable across re-synths and reorders. Two paths that would collapse to one
 * name fail the synth instead of silently overwriting each other.
 */
import { TerraformDataSource, TerraformElement, TerraformOutput, TerraformResource, TerraformStack, Tokenization } from "cdktf";
import { deepMerge } from "cdktf/lib/util";
import { Construct, Node } from "constructs";
import { elementsOf } from "../stack-elements";
import { fastResolver } from "./fast-resolve";

/** The `${…}` expressions of a string. */
function expressionsOf(value: string, out: string[]): void {
  for (let i = value.indexOf("${"); i >= 0; i = value.indexOf("${", i + 2)) {
    let depth = 0;
    let j = i + 1;
    for (; j < value.length; j++) {
      if (value[j] === "{") depth++;
      else if (value[j] === "}" && --depth === 0) break;
    }
    out.push(value.slice(i + 2, j));
  }
}

/**
 * One walk over a block: the `${…}` expressions of its strings, and the iterators of its dynamic blocks
 * (`<block>` or the block's `iterator` name). cdktf's `//` metadata (construct path, unique id) holds
 * no expression Terraform reads, and is skipped.
 */
function scan(value: unknown, expressions: string[], iterators: Set<string>): void {
  if (typeof value === "string") {
    if (value.includes("${")) expressionsOf(value, expressions);
  } else if (Array.isArray(value)) {
    for (const v of value) scan(v, expressions, iterators);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "//") continue;
      if (k === "dynamic" && v !== null && typeof v === "object") {
        for (const [block, body] of Object.entries(v)) for (const b of [body].flat()) iterators.add(typeof (b as { iterator?: unknown })?.iterator === "string" ? (b as { iterator: string }).iterator : block);
      }
      scan(v, expressions, iterators);
    }
  }
}

/** Resource and data source addresses the stack's expressions name but the stack does not declare. */
export function danglingReferences(tf: Record<string, unknown>): string[] {
  const declared = new Set<string>();
  for (const [kind, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, byName] of Object.entries((tf[kind] ?? {}) as Record<string, Record<string, unknown>>)) for (const name of Object.keys(byName)) declared.add(`${prefix}${type}.${name}`);
  }
  const expressions: string[] = [];
  // A dynamic block's iterator (`<block>.value`, `<block>.key`, or its `iterator` name) is local to the block.
  const iterators = new Set<string>();
  for (const kind of ["resource", "data", "output", "provider", "locals"]) scan(tf[kind], expressions, iterators);
  for (const it of iterators) for (const attr of ["value", "key"]) declared.add(`${it}.${attr}`);
  const missing = new Set<string>();
  const ref = /(?<![\w.-])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)/g;
  for (const e of expressions) {
    for (const m of e.matchAll(ref)) {
      const address = `${m[1] ?? ""}${m[2]}.${m[3]}`;
      if (!declared.has(address)) missing.add(address);
    }
  }
  return [...missing].sort();
}

/** An object deepMerge recurses into: neither null, an array nor a token. */
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !Tokenization.isResolvable(v);

/**
 * Resolves, in place, what deepMerge(target, overrides) put into `target`: the value at the end of
 * each path of `overrides` (a leaf, an array, a token; a deleted key is gone).
 */
function resolveOverridden(target: Record<string, unknown>, overrides: Record<string, unknown>, resolve: <T>(value: T) => T): void {
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in target)) continue;
    const at = target[key];
    if (isPlainObject(value) && typeof at === "object" && at !== null && !Array.isArray(at)) resolveOverridden(at as Record<string, unknown>, value, resolve);
    else target[key] = resolve(at);
  }
}

/**
 * cdktf's deepMerge(target, source) for a resolved `source`: no undefined value anywhere in it (the
 * resolver drops them from objects and arrays), no token and no Date value (FastResolve.dates). Where `target` has nothing, deepMerge
 * would copy `source`'s value key by key into a new object (an object: every nested object copied too,
 * its undefined values dropped, its arrays kept) or take it as it is (anything else); with nothing to
 * drop, the copy equals the value, so the value itself is taken. Everywhere else deepMerge decides, as
 * before. A stack's elements merge into fresh paths almost always: this skips copying every resource's
 * attributes once more (test/stacks/fast-resolve.test.ts).
 */
export function mergeResolved(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(source)) {
    const value = source[key];
    const existing = target[key];
    if (existing === undefined && value !== undefined) target[key] = value;
    else if (isPlainObject(value) && isPlainObject(existing)) mergeResolved(existing, value);
    else deepMerge(target, { [key]: value });
  }
  return target;
}

export class LzStack extends TerraformStack {
  private readonly names = new Map<string, string>();
  private resolvedForWriter?: ReturnType<TerraformStack["toTerraform"]>;

  constructor(scope: Construct, name: string) {
    super(scope, name);
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof TerraformElement ? element.node : element;
    const scopes = node.scopes;
    const parts = scopes.slice(scopes.indexOf(this) + 1).map((s) => s.node.id);
    // A module's primary resource has the id "this" (terraform-aws-modules style) and takes the module's name.
    if (parts.length > 1 && parts[parts.length - 1] === "this") parts.pop();
    const name = parts.join("_").replace(/[^A-Za-z0-9_]+/g, "_").replace(/^(\d)/, "_$1");
    // Names must be unique per kind: resource type, data source type, output, provider...
    const kind =
      element instanceof TerraformResource ? element.terraformResourceType
      : element instanceof TerraformDataSource ? `data.${element.terraformResourceType}`
      : element.constructor.name;
    const key = `${kind} ${name}`;
    const owner = this.names.get(key);
    if (owner !== undefined && owner !== node.path) {
      throw new Error(`${owner} and ${node.path} would both be named ${kind}.${name} in Terraform; give one a different id`);
    }
    this.names.set(key, node.path);
    return name;
  }

  /**
   * The stack's resolved Terraform JSON, computed once per synth. The guardrails
   * (PolicyEngine.check) read it while the stack synthesizer writes the stack, and
   * the writer, which calls toTerraform() right after, gets the same object instead
   * of resolving every token of the stack again.
   */
  resolveForSynth(): ReturnType<TerraformStack["toTerraform"]> {
    this.resolvedForWriter = this.resolveStack();
    return this.resolvedForWriter;
  }

  /**
   * cdktf's TerraformStack.toTerraform() (cdktf 0.21, terraform-stack.js), step for step, with
   * fastResolver instead of cdktf's resolver: the same JSON (tested, every stack of the example and
   * of a many-account config) in about a third of the time.
   */
  private resolveStack(): ReturnType<TerraformStack["toTerraform"]> {
    const internals = this as unknown as { rawOverrides: Record<string, unknown>; cdktfVersion: string };
    const overrides = Object.keys(internals.rawOverrides);
    const elements = elementsOf(this);
    const resolve = fastResolver(this);
    const metadata: Record<string, unknown> = {
      version: internals.cdktfVersion,
      stackName: this.node.id,
      backend: "local",
      cloud: undefined,
      ...(overrides.length > 0 ? { overrides: { stack: overrides } } : {}),
    };
    for (const e of elements) deepMerge(metadata, resolve(e.toMetadata()));
    const outputs: Record<string, unknown> = {};
    for (const e of elements) {
      if (!TerraformOutput.isTerraformOutput(e)) continue;
      deepMerge(outputs, e.node.path.split("/").reduceRight<Record<string, unknown>>((inner, part) => ({ [part]: Object.keys(inner).length === 0 ? e.friendlyUniqueId : inner }), {}));
    }
    if (metadata.cloud === undefined) delete metadata.cloud;
    const tf: Record<string, unknown> = { "//": { metadata, outputs } };
    for (const e of elements) {
      const dates = resolve.dates;
      const fragment = resolve(e.toTerraform()) as Record<string, unknown>;
      // A stack's JSON has {} where a value is a Date (cdktf's own toTerraform too): deepMerge makes that of one.
      if (resolve.dates === dates) mergeResolved(tf, fragment);
      else deepMerge(tf, fragment);
    }
    deepMerge(tf, internals.rawOverrides);
    // cdktf resolves the merged whole once more; everything but the overrides is resolved already.
    resolveOverridden(tf, internals.rawOverrides, resolve);
    return tf;
  }

  toTerraform(): ReturnType<TerraformStack["toTerraform"]> {
    const shared = this.resolvedForWriter;
    this.resolvedForWriter = undefined;
    const tf = shared ?? this.resolveStack();
    const dangling = danglingReferences(tf as Record<string, unknown>);
    if (dangling.length > 0) {
      throw new Error(
        `${this.node.id} references ${dangling.slice(0, 3).join(", ")}${dangling.length > 3 ? ", …" : ""}, which it does not declare: ` +
          "a value taken from another stack's construct. Stacks share values only through their contracts (src/stacks/contracts.ts): publish it there and read it with readOrganization/readHub/remoteState",
      );
    }
    return tf;
  }

  /**
   * cdktf's prepare pass resolves every token of the stack once more, only to discover cross-stack
   * references and add their outputs and remote state. Stacks here share values only through explicit
   * contracts (src/stacks/contracts.ts), so the pass finds nothing: it is skipped (output byte-identical,
   * tested; about a sixth of synth time). A reference to another stack's construct would then be written
   * as an address this stack does not declare, and toTerraform() refuses it.
   */
  prepareStack(): void {
    this.ensureBackendExists();
  }
}
