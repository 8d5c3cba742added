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

/** A stack model as a synth worker hands it to the parent process (src/synth-parallel.ts). */
export interface SerializedStackModel {
  readonly name: string;
  readonly json: JsonObject;
  readonly constructPaths: readonly string[];
}

export class StackModel {
  readonly name: string;
  readonly elements: TfElement[] = [];
  /** The `terraform` block: backend and its overrides. */
  readonly terraform: JsonObject = {};
  /** Provider configurations, e.g. `{ aws: [{ region, assume_role, ... }] }`. */
  readonly providers: Record<string, JsonObject[]> = {};
  /** Every construct path in the stack (for suppression lookups). */
  readonly constructPaths: string[] = [];
  private readonly byType = new Map<string, TfElement[]>();
  private readonly byAddress = new Map<string, TfElement>();
  private readonly byPath = new Map<string, TfElement>();

  /** The stack's Terraform JSON, as written. */
  readonly json: JsonObject;

  /** From a stack of this process, or from one a synth worker serialized (`toSerialized()`). */
  constructor(source: TerraformStack | SerializedStackModel) {
    const serialized = source instanceof TerraformStack ? undefined : source;
    this.name = serialized ? serialized.name : (source as TerraformStack).node.id;
    if (serialized) this.constructPaths.push(...serialized.constructPaths);
    else for (const node of (source as TerraformStack).node.findAll()) this.constructPaths.push(node.node.path);
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

  toSerialized(): SerializedStackModel {
    return { name: this.name, json: this.json, constructPaths: this.constructPaths };
  }

  private add(kind: TfElement["kind"], type: string, name: string, raw: JsonObject): void {
    const { "//": meta, ...attrs } = raw;
    const path = isObject(meta) && isObject(meta.metadata) && typeof meta.metadata.path === "string" ? meta.metadata.path : `${this.name}/${name}`;
    const address = kind === "data" ? `data.${type}.${name}` : `${type}.${name}`;
    const element: TfElement = { kind, type, name, address, path, stack: this.name, attrs };
    this.elements.push(element);
    const list = this.byType.get(type) ?? [];
    list.push(element);
    this.byType.set(type, list);
    this.byAddress.set(address, element);
    this.byPath.set(element.path, element);
  }

  /** Resources (not data sources) of a type. */
  ofType(type: string): TfElement[] {
    return (this.byType.get(type) ?? []).filter((e) => e.kind === "resource");
  }

  /** Data sources of a type. */
  dataOfType(type: string): TfElement[] {
    return (this.byType.get(type) ?? []).filter((e) => e.kind === "data");
  }

  get(address: string): TfElement | undefined {
    return this.byAddress.get(address);
  }

  atPath(path: string): TfElement | undefined {
    return this.byPath.get(path);
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
    return m ? this.byAddress.get(m[1]) : undefined;
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
