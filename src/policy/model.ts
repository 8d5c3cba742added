/**
 * What the rules read: each stack's Terraform elements with the values they
 * were configured with, resolved the way synth resolves them. A reference
 * stays a `${type.name.attr}` string, which rules follow within the stack
 * or treat as unknown.
 */
import { TerraformStack } from "cdktf";
import { JsonObject } from "./json";
import { isObject } from "./values";

export interface TfElement {
  readonly kind: "resource" | "data";
  /** Terraform type, e.g. aws_s3_bucket. */
  readonly type: string;
  /** Terraform name (logical id) within the stack. */
  readonly name: string;
  /** `type.name`, or `data.type.name` for a data source. */
  readonly address: string;
  /** Construct path, e.g. `bootstrap/state/bucket/this`. */
  readonly path: string;
  readonly stack: string;
  /** Synthesized attributes, meta-arguments included (lifecycle, depends_on). */
  readonly attrs: JsonObject;
}

/**
 * The stack's resolved Terraform JSON, exactly as synth writes it. A stack that
 * shares its resolution with the writer (LzStack.resolveForSynth) is resolved
 * once for both.
 */
function synthesizedJson(stack: TerraformStack): JsonObject {
  const shared = stack as TerraformStack & { resolveForSynth?: () => unknown };
  return (shared.resolveForSynth ? shared.resolveForSynth() : stack.toTerraform()) as JsonObject;
}

/**
 * A stack model as a synth worker thread hands it to the main thread (src/synth-parallel.ts). Whole,
 * or partial: only what the app-wide rules read (AppRule.reads and follows); providers, the
 * `terraform` block and the construct paths always whole.
 */
export interface SerializedStackModel {
  readonly name: string;
  readonly json: JsonObject;
  readonly constructPaths: readonly string[];
  /** A partial model's contents (see ShippedTypes); without it the model is whole. */
  readonly shipped?: {
    readonly types: readonly string[];
    readonly follows: readonly string[];
    /** Every type the stack has, shipped or not. */
    readonly present: readonly string[];
    /** Every element's construct path: its index in constructPaths (the path itself if it is not one). */
    readonly elementPaths: readonly (number | string)[];
    /** How many resources of each type the stack has (resourceCounts). */
    readonly counts: readonly (readonly [string, number])[];
  };
}

/** What a partial model holds: every element of `types`, and of `follows` the ones those reference (transitively). */
export interface ShippedTypes {
  readonly types: ReadonlySet<string>;
  readonly follows: ReadonlySet<string>;
}

/** Thrown when a partial model is asked for what it was shipped without: a rule reads a type its `reads` does not name. */
export class NotShippedError extends Error {}

/** Names in a string that may be references to elements of `types`: `aws_x.name` or `data.aws_x.name`. */
function referencePattern(types: ReadonlySet<string>): RegExp {
  const alternatives = [...types].map((t) => t.replace(/[^a-z0-9_]/g, "")).join("|");
  return new RegExp(`(?<![\\w.])((?:data\\.)?(?:${alternatives})\\.[A-Za-z0-9_-]+)`, "g");
}

export class StackModel {
  readonly name: string;
  private readonly all: TfElement[] = [];
  /** The `terraform` block: backend and its overrides. */
  readonly terraform: JsonObject = {};
  /** Provider configurations, e.g. `{ aws: [{ region, assume_role, ... }] }`. */
  readonly providers: Record<string, JsonObject[]> = {};
  /** Every construct path in the stack (for suppression lookups). */
  readonly constructPaths: string[] = [];
  private readonly byType = new Map<string, TfElement[]>();
  private readonly byAddress = new Map<string, TfElement>();
  private readonly byPath = new Map<string, TfElement>();
  /** For a partial model: the types it holds whole, the types its stack has, and all its elements' construct paths. */
  private readonly shipped?: { readonly types: ReadonlySet<string>; readonly present: ReadonlySet<string>; readonly elementPaths: ReadonlySet<string>; readonly counts: ReadonlyMap<string, number> };

  /** The stack's Terraform JSON, as written (a partial model's: only what was shipped). */
  readonly json: JsonObject;

  /** From a stack of this process, or from one a synth worker serialized (`toSerialized()`). */
  constructor(source: TerraformStack | SerializedStackModel) {
    const serialized = source instanceof TerraformStack ? undefined : source;
    this.name = serialized ? serialized.name : (source as TerraformStack).node.id;
    if (serialized) this.constructPaths.push(...serialized.constructPaths);
    else for (const node of (source as TerraformStack).node.findAll()) this.constructPaths.push(node.node.path);
    const shipped = serialized?.shipped;
    if (shipped) {
      const elementPaths = new Set(shipped.elementPaths.map((p) => (typeof p === "number" ? this.constructPaths[p] : p)));
      this.shipped = { types: new Set(shipped.types), present: new Set(shipped.present), elementPaths, counts: new Map(shipped.counts) };
    }
    const tf = serialized ? serialized.json : synthesizedJson(source as TerraformStack);
    this.json = tf;
    for (const kind of ["resource", "data"] as const) {
      const blocks = (tf[kind] ?? {}) as Record<string, Record<string, JsonObject>>;
      for (const [type, byName] of Object.entries(blocks)) {
        for (const [name, raw] of Object.entries(byName)) this.add(kind, type, name, raw);
      }
    }
    if (isObject(tf.terraform)) Object.assign(this.terraform, tf.terraform);
    for (const [type, configs] of Object.entries((tf.provider ?? {}) as Record<string, JsonObject[]>)) this.providers[type] = [...configs];
  }

  /**
   * This model for another thread: whole, or partial given `ship`: every resource and data source of
   * `ship.types`, and those of `ship.follows` that a shipped element references (transitively).
   */
  toSerialized(ship?: ShippedTypes): SerializedStackModel {
    if (!ship) return { name: this.name, json: this.json, constructPaths: this.constructPaths };
    const kept = new Set(this.all.filter((e) => ship.types.has(e.type)));
    if (ship.follows.size > 0) {
      const pattern = referencePattern(ship.follows);
      const scan = [...kept];
      for (let e = scan.pop(); e; e = scan.pop()) {
        for (const m of JSON.stringify(e.attrs).matchAll(pattern)) {
          const target = this.byAddress.get(m[1]);
          if (target && !kept.has(target)) kept.add(target), scan.push(target);
        }
      }
    }
    const json: JsonObject = { ...this.json, resource: {}, data: {} };
    for (const e of this.all) {
      if (!kept.has(e)) continue;
      const blocks = json[e.kind] as Record<string, Record<string, unknown>>;
      (blocks[e.type] ??= {})[e.name] = (this.json[e.kind] as Record<string, Record<string, unknown>>)[e.type][e.name];
    }
    const index = new Map(this.constructPaths.map((p, i) => [p, i]));
    const shipped = { types: [...ship.types], follows: [...ship.follows], present: [...this.byType.keys()], elementPaths: this.all.map((e) => index.get(e.path) ?? e.path), counts: [...this.resourceCounts()] };
    return { name: this.name, json, constructPaths: this.constructPaths, shipped };
  }

  /** True when this model is partial (shipped by a worker thread with only some types). */
  get partial(): boolean {
    return this.shipped !== undefined;
  }

  /** Refuses to answer for a type a partial model does not hold whole: the answer would be wrong, not empty. */
  private requireWhole(type: string): void {
    if (this.shipped && !this.shipped.types.has(type)) {
      throw new NotShippedError(`stack model ${this.name} was shipped from a worker thread without all its ${type} elements: add "${type}" to the reads of the app rule that reads it (AppRule.reads) or to the report's (src/report/reads.ts)`);
    }
  }

  /** Every resource and data source, in the order of the stack's JSON (whole models only: a partial one refuses). */
  get elements(): readonly TfElement[] {
    if (this.shipped) throw new NotShippedError(`stack model ${this.name} was shipped from a worker thread with some types only: read it through ofType or resourcesOf`);
    return this.all;
  }

  /** Resources of any of `types`, in the order of the stack's JSON. */
  resourcesOf(types: readonly string[]): TfElement[] {
    for (const t of types) this.requireWhole(t);
    return this.all.filter((e) => e.kind === "resource" && types.includes(e.type));
  }

  /** How many resources (not data sources) of each type the stack has, by type in the order they first appear (a partial model knows them all). */
  resourceCounts(): ReadonlyMap<string, number> {
    if (this.shipped) return this.shipped.counts;
    const counts = new Map<string, number>();
    for (const e of this.all) if (e.kind === "resource") counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    return counts;
  }

  /** True when a resource or data source of the stack has this construct path (a partial model knows them all). */
  hasElementAt(path: string): boolean {
    return this.shipped ? this.shipped.elementPaths.has(path) : this.byPath.has(path);
  }

  private add(kind: TfElement["kind"], type: string, name: string, raw: JsonObject): void {
    const { "//": meta, ...attrs } = raw;
    const path = isObject(meta) && isObject(meta.metadata) && typeof meta.metadata.path === "string" ? meta.metadata.path : `${this.name}/${name}`;
    const address = kind === "data" ? `data.${type}.${name}` : `${type}.${name}`;
    const element: TfElement = { kind, type, name, address, path, stack: this.name, attrs };
    this.all.push(element);
    const list = this.byType.get(type) ?? [];
    list.push(element);
    this.byType.set(type, list);
    this.byAddress.set(address, element);
    this.byPath.set(element.path, element);
  }

  /** Resources (not data sources) of a type. */
  ofType(type: string): TfElement[] {
    this.requireWhole(type);
    return (this.byType.get(type) ?? []).filter((e) => e.kind === "resource");
  }

  /** Data sources of a type. */
  dataOfType(type: string): TfElement[] {
    this.requireWhole(type);
    return (this.byType.get(type) ?? []).filter((e) => e.kind === "data");
  }

  /**
   * The element at `address`. A partial model answers for the types it holds whole and the types its
   * stack does not have; for a type it holds only some of (followed by reference), it has every element
   * a shipped one references, and refuses any other.
   */
  get(address: string): TfElement | undefined {
    const element = this.byAddress.get(address);
    if (!element && this.shipped) {
      const type = typeOfAddress(address);
      if (this.shipped.present.has(type)) this.requireWhole(type);
    }
    return element;
  }

  atPath(path: string): TfElement | undefined {
    const element = this.byPath.get(path);
    if (!element && this.shipped?.elementPaths.has(path)) throw new NotShippedError(`stack model ${this.name} was shipped from a worker thread without the element at ${path}: read it through ofType`);
    return element;
  }

  /** The backend type and its settings, e.g. `{ type: "s3", config: { bucket, encrypt, ... } }`. */
  get backend(): { type: string; config: JsonObject } | undefined {
    const backends = this.terraform.backend;
    if (!isObject(backends)) return undefined;
    const [type] = Object.keys(backends);
    return type ? { type, config: backends[type] as JsonObject } : undefined;
  }

  /** The element a `${...}` reference in `value` points to, when it is in this stack. */
  referenced(value: unknown): TfElement | undefined {
    if (typeof value !== "string") return undefined;
    const m = /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)[.[]/.exec(value) ?? /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\}$/.exec(value);
    return m ? this.get(m[1]) : undefined;
  }

  /**
   * Resources of `type` whose `attr` names `target`: by reference
   * (`${aws_s3_bucket.logs.id}`) or by one of its literal identifiers
   * (e.g. the bucket name).
   */
  pointingAt(type: string, attr: string, target: TfElement, literals: readonly string[] = []): TfElement[] {
    return this.ofType(type).filter((e) => refersTo(e.attrs[attr], target, literals));
  }

  /** True when some resource of `type` has an `attr` that is an expression this model cannot follow (e.g. a cross-stack reference). */
  hasOpaque(type: string, attr: string): boolean {
    return this.ofType(type).some((e) => {
      const v = e.attrs[attr];
      return typeof v === "string" && v.includes("${") && this.referenced(v) === undefined;
    });
  }
}

/** The type in an address: `aws_vpc` of `aws_vpc.spoke` and of `data.aws_vpc.hub`. */
const typeOfAddress = (address: string): string => address.split(".")[address.startsWith("data.") ? 1 : 0];

/** The pattern of a reference to each address, compiled once: rules test thousands of values against a few hundred addresses. */
const referencePatterns = new Map<string, RegExp>();

function referenceTo(address: string): RegExp {
  let re = referencePatterns.get(address);
  if (!re) {
    const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    referencePatterns.set(address, (re = new RegExp(`(^|[^\\w.])${escaped}(\\.|\\[|\\}|$)`)));
  }
  return re;
}

/** True when `value` (or any string in it) refers to `target` by reference or by a literal identifier. */
export function refersTo(value: unknown, target: TfElement, literals: readonly string[] = []): boolean {
  if (typeof value === "string") {
    if (literals.includes(value)) return true;
    if (!value.includes("${")) return false;
    return referenceTo(target.address).test(value);
  }
  if (Array.isArray(value)) return value.some((v) => refersTo(v, target, literals));
  return false;
}

/** Every stack's model, for rules that look across stacks. */
export class AppModel {
  private readonly byName: ReadonlyMap<string, StackModel>;
  private readonly byType = new Map<string, TfElement[]>();

  constructor(readonly stacks: readonly StackModel[]) {
    this.byName = new Map(stacks.map((s) => [s.name, s]));
  }

  get(name: string): StackModel | undefined {
    return this.byName.get(name);
  }

  /** Every element of a type across stacks (collected once per type; the models do not change). */
  ofType(type: string): TfElement[] {
    let found = this.byType.get(type);
    if (!found) this.byType.set(type, (found = this.stacks.flatMap((s) => s.ofType(type))));
    return [...found];
  }
}
