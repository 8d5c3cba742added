/**
 * Writes a stack's HCL (cdk.tf) from its Terraform JSON, so the two say the
 * same thing by construction. Values come only from the JSON
 * (`stack.toTerraform()`); the one thing JSON syntax leaves to the provider
 * schema, whether a key is a nested block or an attribute, comes from the
 * type annotations cdktf attaches to its own HCL tree (`toHclTerraform()`).
 *
 * This replaces repairing cdktf 0.21's HCL text, which gets values wrong in
 * ways no line-based fix covers: strings holding `${...}` are written
 * unescaped (hashicorp/terraform-cdk#3911) and other strings lose their
 * backslashes, at any depth; untyped values (every output) go through a
 * guesser that writes digit strings as numbers (an account id "012345678901"
 * becomes 12345678901) and strings starting with `[`, `{` or `"` raw;
 * multi-line strings become heredocs, which add a trailing newline;
 * references in `depends_on`, `ignore_changes` and `provider` are quoted;
 * untyped blocks (the WAF `statement`) are written as objects; empty
 * attribute-as-block lists (`egress = []`, "no rules") are dropped.
 */
import { interpolationEnd } from "./template";

/** Terraform JSON of a stack (cdk.tf.json), loosely typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TfJson = Record<string, any>;

/** Which keys of a block body are nested blocks, each with its own shape. `untyped`: cdktf has no type for it; every object inside is a block. */
export interface Shape {
  readonly blocks: Record<string, Shape>;
  readonly untyped?: boolean;
}

const EMPTY: Shape = { blocks: {} };
const UNTYPED: Shape = { blocks: {}, untyped: true };

/**
 * Attributes-as-blocks where an empty list means "none" (not "unmanaged"),
 * by resource type: written `attr = []`. Any other empty block list is
 * simply no blocks.
 */
const EMPTY_LIST_ATTRIBUTES: Record<string, readonly string[]> = {
  aws_security_group: ["ingress", "egress"],
  aws_default_security_group: ["ingress", "egress"],
  aws_network_acl: ["ingress", "egress"],
  aws_default_network_acl: ["ingress", "egress"],
  aws_route_table: ["route"],
  aws_default_route_table: ["route"],
};

/**
 * Renders a Terraform JSON string as the HCL quoted template meaning the
 * same. JSON syntax reads every string as a template too, so `${...}`,
 * `%{...}` and their escapes `$${` and `%%{` are kept as written; only the
 * literal text between them is escaped (backslash, quote, control characters).
 */
export function quoteTemplate(raw: string): string {
  let out = "";
  let i = 0;
  while (i < raw.length) {
    if (raw.startsWith("$${", i) || raw.startsWith("%%{", i)) {
      out += raw.slice(i, i + 3);
      i += 3;
    } else if (raw.startsWith("${", i) || raw.startsWith("%{", i)) {
      const end = interpolationEnd(raw, i);
      out += raw.slice(i, end);
      i = end;
    } else {
      const c = raw[i];
      out += c === "\\" ? "\\\\" : c === '"' ? '\\"' : c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : c;
      i++;
    }
  }
  return `"${out}"`;
}

/**
 * Renders a Terraform JSON value as the HCL expression meaning the same:
 * strings as quoted templates, numbers, booleans and null as literals, lists
 * and objects as constructors.
 */
export function hclValue(value: unknown): string {
  if (typeof value === "string") return quoteTemplate(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "[]" : ["[", ...value.map((v) => `${hclValue(v)},`), "]"].join("\n");
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length === 0 ? "{}" : ["{", ...entries.map(([k, v]) => `${objectKey(k)} = ${hclValue(v)}`), "}"].join("\n");
}

/** An object key: bare when it is an identifier (read literally in an object constructor), quoted otherwise, and for the keywords. */
const objectKey = (k: string): string => (/^[A-Za-z_][\w-]*$/.test(k) && !["true", "false", "null"].includes(k) ? k : JSON.stringify(k));

/** A bare reference (`aws_s3_bucket.b`, `aws.network`): JSON syntax writes these meta-argument values as strings. */
function reference(value: unknown, where: string): string {
  const s = String(value);
  if (!/^[A-Za-z_][\w-]*(\.[\w-]+|\[("[^"]*"|\d+)\])*$/.test(s)) throw new Error(`${where}: "${s}" is not a reference`);
  return s;
}

const references = (value: unknown, where: string): string =>
  Array.isArray(value) ? ["[", ...value.map((v) => `${reference(v, where)},`), "]"].join("\n") : hclValue(value);

/** Meta-arguments whose values are lists of references (resources, data sources, outputs; ignore_changes in lifecycle). */
const REFERENCE_LISTS = new Set(["depends_on", "ignore_changes", "replace_triggered_by"]);
/** Meta-arguments whose value is one reference, by top-level block kind. */
const REFERENCE_VALUES: Record<string, ReadonlySet<string>> = {
  resource: new Set(["provider"]),
  data: new Set(["provider"]),
  import: new Set(["provider", "to"]),
  moved: new Set(["from", "to"]),
  removed: new Set(["from"]),
};

interface BodyContext {
  /** Top-level block kind (resource, data, import, …): which meta-arguments are references. */
  readonly kind?: string;
  /** Resource type, for `EMPTY_LIST_ATTRIBUTES`. */
  readonly type?: string;
  /** Address for error messages. */
  readonly where: string;
}

const label = (s: string) => JSON.stringify(s);

/** Lines of a block body: attributes from the JSON, nested blocks where `shape` says so. */
function body(json: TfJson, shape: Shape, ctx: BodyContext, top = true): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(json)) {
    if (k === "//" || v === undefined) continue;
    const where = `${ctx.where}.${k}`;
    if (top && REFERENCE_LISTS.has(k)) out.push(`${k} = ${references(v, where)}`);
    else if (top && ctx.kind && REFERENCE_VALUES[ctx.kind]?.has(k)) out.push(`${k} = ${reference(v, where)}`);
    else if (top && k === "lifecycle") out.push(...block(k, v, LIFECYCLE, { where }, true));
    else if (k === "dynamic") out.push(...dynamicBlocks(v as TfJson, shape, where));
    else if (shape.blocks[k] || (shape.untyped && isBlockValue(v))) {
      const inner = shape.blocks[k] ?? UNTYPED;
      if (Array.isArray(v) && v.length === 0) {
        if (top && ctx.type && EMPTY_LIST_ATTRIBUTES[ctx.type]?.includes(k)) out.push(`${k} = []`);
      } else out.push(...block(k, v, inner, { where }, false));
    } else out.push(`${k} = ${hclValue(v)}`);
  }
  return out;
}

/**
 * `dynamic "<block>" { for_each = …, iterator = …, content { … } }`: JSON syntax writes it as
 * `"dynamic": { "<block>": { "for_each": …, "content": { … } } }`; the content has the shape of the block it makes.
 */
function dynamicBlocks(value: TfJson, shape: Shape, where: string): string[] {
  return Object.entries(value).flatMap(([name, specs]) =>
    (Array.isArray(specs) ? specs : [specs]).flatMap((spec: TfJson) => {
      const { content, ...rest } = spec;
      const unknown = Object.keys(rest).filter((k) => !["for_each", "iterator", "labels"].includes(k));
      if (unknown.length > 0) throw new Error(`${where}.${name}: unexpected ${unknown.join(", ")} in a dynamic block`);
      return [
        `dynamic ${label(name)} {`,
        `for_each = ${hclValue(rest.for_each)}`,
        ...(rest.iterator !== undefined ? [`iterator = ${reference(rest.iterator, `${where}.${name}.iterator`)}`] : []),
        ...(rest.labels !== undefined ? [`labels = ${hclValue(rest.labels)}`] : []),
        ...block("content", content ?? {}, shape.blocks[name] ?? EMPTY, { where: `${where}.${name}` }, false),
        "}",
      ];
    }),
  );
}

/** A variable's type constraint, which JSON syntax writes as a string: HCL writes the type expression itself. */
function typeConstraint(value: unknown, where: string): string {
  const s = String(value);
  if (!/^(string|number|bool|any)$|^(list|set|map)\((string|number|bool|any)\)$/.test(s)) throw new Error(`${where}: type constraint "${s}" is not supported in HCL output`);
  return s;
}

/** An object, or a list of objects: what an untyped value holding blocks looks like. */
const isBlockValue = (v: unknown): boolean =>
  v !== null && typeof v === "object" && (!Array.isArray(v) || (v.length > 0 && v.every((e) => e !== null && typeof e === "object" && !Array.isArray(e))));

/** `lifecycle`: its lists are references, its other arguments values, `precondition`/`postcondition` blocks. */
const LIFECYCLE: Shape = { blocks: { precondition: EMPTY, postcondition: EMPTY } };

/** One nested block per element (a single object is one block). `referencesInside`: its reference lists are bare (lifecycle). */
function block(name: string, value: unknown, shape: Shape, ctx: BodyContext, referencesInside: boolean): string[] {
  return (Array.isArray(value) ? value : [value]).flatMap((b: TfJson) => [`${name} {`, ...body(b, shape, ctx, referencesInside), "}"]);
}

/** cdktf's annotation of one attribute: `{ value, isBlock, type, storageClassType }` (or snake_case). */
interface Annotation {
  readonly value?: unknown;
  readonly isBlock?: boolean;
  readonly is_block?: boolean;
  readonly type?: string;
  readonly storageClassType?: string;
  readonly storage_class_type?: string;
}

const isAnnotation = (v: unknown): v is Annotation => v !== null && typeof v === "object" && !Array.isArray(v) && "value" in v && ("type" in v || "isBlock" in v || "is_block" in v);

/** The block shape of a body from cdktf's annotated HCL tree. Unannotated keys are attributes (or meta-arguments, handled by name). */
export function shapeOf(annotated: unknown): Shape {
  const blocks: Record<string, Shape> = {};
  if (annotated === null || typeof annotated !== "object" || Array.isArray(annotated)) return { blocks };
  for (const [k, a] of Object.entries(annotated)) {
    if (!isAnnotation(a)) continue;
    const storage = a.storageClassType ?? a.storage_class_type;
    if (a.isBlock || a.is_block) {
      const elements = Array.isArray(a.value) ? a.value : [a.value];
      blocks[k] = elements.map(shapeOf).reduce(mergeShapes, EMPTY);
    } else if (a.type === "simple" && storage === "any" && a.value !== null && typeof a.value === "object") {
      // An attribute cdktf could not type, holding an object: in the provider schema it is a block (the WAF `statement`).
      blocks[k] = UNTYPED;
    }
  }
  return { blocks };
}

function mergeShapes(a: Shape, b: Shape): Shape {
  const blocks: Record<string, Shape> = { ...a.blocks };
  for (const [k, s] of Object.entries(b.blocks)) blocks[k] = blocks[k] ? mergeShapes(blocks[k], s) : s;
  return { blocks, untyped: a.untyped || b.untyped };
}

/** Block shapes of a stack's resources, data sources and providers, keyed `resource.type.name`, `data.type.name`, `provider.name[i]`. */
export type Shapes = ReadonlyMap<string, Shape>;

/** Collects shapes from the resolved `toHclTerraform()` fragments of a stack's elements. */
export function shapesOf(fragments: readonly TfJson[]): Shapes {
  const shapes = new Map<string, Shape>();
  for (const f of fragments) {
    for (const kind of ["resource", "data"] as const)
      for (const [type, byName] of Object.entries((f[kind] ?? {}) as TfJson))
        for (const [name, attrs] of Object.entries(byName as TfJson)) shapes.set(`${kind}.${type}.${name}`, shapeOf(attrs));
    for (const [name, list] of Object.entries((f.provider ?? {}) as TfJson))
      (list as unknown[]).forEach((attrs) => {
        const alias = (attrs as TfJson)?.alias;
        const key = `provider.${name}.${typeof alias === "string" ? alias : isAnnotation(alias) ? alias.value : ""}`;
        shapes.set(key, shapeOf(attrs));
      });
  }
  return shapes;
}

/** A top-level block: header, indented body, closing brace. */
function topBlock(header: string, lines: string[]): string {
  return [`${header} {`, ...lines, "}"].join("\n");
}

/** `terraform { required_providers { ... } backend "s3" { ... } }`: backend settings and provider requirements are attributes. */
function terraformBlock(t: TfJson): string {
  const lines: string[] = [];
  // required_providers first, as Terraform's own examples and `terraform fmt` users expect; order has no meaning.
  const { required_providers, ...rest } = t;
  for (const [k, v] of Object.entries(required_providers === undefined ? rest : { required_providers, ...rest })) {
    if (k === "//") continue;
    if (k === "required_providers") lines.push(...block(k, v, EMPTY, { where: "terraform.required_providers" }, false));
    else if (k === "backend" || k === "cloud") for (const [type, settings] of Object.entries(v as TfJson)) lines.push(topBlock(`${k} ${JSON.stringify(type)}`, body(settings, EMPTY, { where: `terraform.${k}` }, false)));
    else lines.push(`${k} = ${hclValue(v)}`);
  }
  return topBlock("terraform", lines);
}

/** The stack's HCL, from its JSON and cdktf's block shapes. Unknown top-level keys are an error, never dropped. */
export function renderStack(json: TfJson, shapes: Shapes): string {
  const out: string[] = [];
  for (const [kind, v] of Object.entries(json)) {
    if (kind === "//") continue;
    if (kind === "terraform") out.push(terraformBlock(v));
    else if (kind === "provider")
      for (const [name, list] of Object.entries(v as TfJson))
        for (const p of (Array.isArray(list) ? list : [list]) as TfJson[]) {
          const shape = shapes.get(`provider.${name}.${p.alias ?? ""}`) ?? EMPTY;
          out.push(topBlock(`provider ${label(name)}`, body(p, shape, { where: `provider.${name}` })));
        }
    else if (kind === "resource" || kind === "data")
      for (const [type, byName] of Object.entries(v as TfJson))
        for (const [name, attrs] of Object.entries(byName as TfJson)) {
          const where = `${kind}.${type}.${name}`;
          out.push(topBlock(`${kind} ${label(type)} ${label(name)}`, body(attrs, shapes.get(where) ?? EMPTY, { kind, type, where })));
        }
    else if (kind === "output" || kind === "variable")
      for (const [name, attrs] of Object.entries(v as TfJson)) {
        const where = `${kind}.${name}`;
        const { type, ...rest } = attrs as TfJson;
        const typeLine = kind === "variable" && type !== undefined ? [`type = ${typeConstraint(type, where)}`] : [];
        out.push(topBlock(`${kind} ${label(name)}`, [...typeLine, ...body(kind === "variable" ? rest : attrs, EMPTY, { where })]));
      }
    else if (kind === "import" || kind === "moved" || kind === "removed") for (const b of v as TfJson[]) out.push(topBlock(kind, body(b, EMPTY, { kind, where: kind })));
    else if (kind === "locals") out.push(topBlock("locals", Object.entries(v as TfJson).map(([k, x]) => `${k} = ${hclValue(x)}`)));
    else throw new Error(`HCL output does not support top-level "${kind}" blocks yet; use JSON output (lz synth without --hcl)`);
  }
  return indent(out.join("\n\n"));
}

/**
 * Indents by nesting depth (two spaces). Only the renderer's own output goes
 * through here: every line it writes opens a level with a trailing `{` or
 * `[`, closes one with a leading `}` or `]`, and strings never span lines.
 */
export function indent(hcl: string): string {
  let depth = 0;
  const out = hcl.split("\n").map((line) => {
    const t = line.trim();
    if (/^[}\]]/.test(t)) depth = Math.max(0, depth - 1);
    const indented = t === "" ? "" : `${"  ".repeat(depth)}${t}`;
    if (/[{[]$/.test(t)) depth++;
    return indented;
  });
  return out.join("\n").trimEnd() + "\n";
}
