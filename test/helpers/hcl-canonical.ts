/**
 * One canonical form for a stack's Terraform JSON (cdk.tf.json) and for its
 * HCL (cdk.tf) parsed back to JSON by a real HCL parser (@cdktf/hcl2json),
 * so the two can be compared value for value.
 *
 * The provider schema (`terraform providers schema -json`) decides what is a
 * block and what is an attribute, as Terraform itself does when it reads JSON
 * syntax; nothing is guessed from the shape of a value. Each normalization
 * below removes a difference of *syntax* only; anything else (a number where
 * the JSON has a string, an attribute where the schema wants a block, a lost
 * escape, an extra newline) survives and fails the comparison.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tf } from "./terraform";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** The part of `terraform providers schema -json` a block needs: its attribute names and nested block types. */
export interface BlockSchema {
  readonly attributes?: Record<string, unknown>;
  readonly block_types?: Record<string, { readonly block: BlockSchema }>;
}

export interface ProviderSchema {
  readonly provider: BlockSchema;
  readonly resources: Record<string, BlockSchema>;
  readonly dataSources: Record<string, BlockSchema>;
}

/** Reads the schema of the provider the stacks pin (the first one, `aws`), from an offline `terraform init`. */
export async function providerSchema(json: Json): Promise<ProviderSchema> {
  const dir = mkdtempSync(join(tmpdir(), "lz-schema-"));
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: json.terraform.required_providers } }));
  const init = await tf(["init", "-backend=false", "-input=false"], dir);
  if (init.code !== 0) throw new Error(`terraform init for the provider schema failed:\n${init.stdout}${init.stderr}`);
  const out = await tf(["providers", "schema", "-json"], dir);
  if (out.code !== 0) throw new Error(`terraform providers schema failed:\n${out.stderr}`);
  const schemas = Object.values(JSON.parse(out.stdout).provider_schemas) as Json[];
  if (schemas.length !== 1) throw new Error(`expected one provider, found ${schemas.length}`);
  const s = schemas[0];
  const blocks = (m: Record<string, Json> = {}) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.block]));
  return { provider: s.provider.block, resources: blocks(s.resource_schemas), dataSources: blocks(s.data_source_schemas) };
}

/**
 * Meta-arguments whose values are references, not expressions: JSON syntax
 * writes them as bare strings ("aws_s3_bucket.b", "tags"), HCL as bare
 * traversals, which the parser hands back as "${aws_s3_bucket.b}".
 * Canonical: the bare traversal text.
 */
const REFERENCE_LISTS = new Set(["depends_on", "ignore_changes", "replace_triggered_by"]);
const REFERENCE_VALUES = new Set(["provider", "to", "from"]);

/** "${ref}" → "ref" when the whole string is one interpolation of a plain traversal; anything else is left as it is. */
function bareReference(v: Json): Json {
  const m = typeof v === "string" ? /^\$\{([A-Za-z_][\w-]*(?:\.[\w-]+|\[[^\]]*\])*)\}$/.exec(v) : null;
  return m ? m[1] : v;
}

/** The comment key cdktf adds to blocks (construct path, unique id, backend metadata). It is not configuration. */
const COMMENT = "//";

/**
 * Canonical form of one block's body. Attributes keep their value as is;
 * nested blocks (by the schema) become lists of block bodies, since JSON
 * syntax allows one nested block as an object or a list of one, and
 * hcl2json always returns a list.
 */
function body(value: Json, schema: BlockSchema | undefined, path: string, fromHcl: boolean): Json {
  if (Array.isArray(value)) throw new Error(`${path}: a block body must be an object, got a list`);
  if (value === null || typeof value !== "object") throw new Error(`${path}: a block body must be an object, got ${JSON.stringify(value)}`);
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === COMMENT) continue;
    const at = `${path}.${k}`;
    const nested = schema?.block_types?.[k]?.block ?? META_BLOCKS[k];
    if (REFERENCE_LISTS.has(k) && Array.isArray(v)) out[k] = v.map(bareReference);
    else if (REFERENCE_VALUES.has(k)) out[k] = bareReference(v);
    else if (nested && !schema?.attributes?.[k]) out[k] = fromHcl && !Array.isArray(v) ? v : blocks(v, nested, at, fromHcl);
    else out[k] = v;
  }
  return out;
}

/**
 * One block or several of the same type, as a list of canonical bodies. An
 * empty list means none. hcl2json returns blocks as lists only, so an object
 * read from HCL is attribute syntax (`statement = { ... }`) where the schema
 * wants a block: it is kept as it is, and differs from the JSON.
 */
function blocks(value: Json, schema: BlockSchema, path: string, fromHcl: boolean): Json[] {
  return (Array.isArray(value) ? value : [value]).map((b, i) => body(b, schema, `${path}[${i}]`, fromHcl));
}

/** Blocks every resource, data source and output may hold, whatever the provider. */
const META_BLOCKS: Record<string, BlockSchema> = {
  lifecycle: { block_types: { precondition: { block: {} }, postcondition: { block: {} } } },
  precondition: {},
  postcondition: {},
};

/** Labelled top-level blocks (`resource "type" "name"`), keyed type → name in JSON and in hcl2json's output alike. */
function labelled2(value: Json, schemaOf: (type: string) => BlockSchema | undefined, path: string, fromHcl: boolean): Json {
  const out: Record<string, Json> = {};
  for (const [type, byName] of Object.entries(value ?? {})) {
    if (type === COMMENT) continue;
    out[type] = {};
    for (const [name, b] of Object.entries(byName as Record<string, Json>)) {
      if (name === COMMENT) continue;
      out[type][name] = blocks(b, schemaOf(type) ?? {}, `${path}.${type}.${name}`, fromHcl);
    }
  }
  return out;
}

/** Blocks with one label (`output "name"`, `provider "aws"`). */
function labelled1(value: Json, schema: BlockSchema, path: string, fromHcl: boolean): Json {
  const out: Record<string, Json> = {};
  for (const [name, b] of Object.entries(value ?? {})) if (name !== COMMENT) out[name] = blocks(b, schema, `${path}.${name}`, fromHcl);
  return out;
}

/**
 * The `terraform` block: `required_providers` is a block holding object
 * attributes, `backend "type"` a labelled block.
 */
function terraformBlock(value: Json, fromHcl: boolean): Json {
  return (Array.isArray(value) ? value : [value]).map((t: Json) => {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(t)) {
      if (k === COMMENT) continue;
      if (k === "required_providers") out[k] = blocks(v, {}, "terraform.required_providers", fromHcl);
      else if (k === "backend") out[k] = labelled1(v, {}, "terraform.backend", fromHcl);
      else out[k] = v;
    }
    return out;
  });
}

/** Canonical form of a whole Terraform document: cdk.tf.json, or (`fromHcl`) hcl2json's reading of cdk.tf. */
export function canonical(doc: Json, schema: ProviderSchema, fromHcl: boolean): Json {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (k === COMMENT) continue;
    if (k === "resource") out[k] = labelled2(v, (t) => schema.resources[t], k, fromHcl);
    else if (k === "data") out[k] = labelled2(v, (t) => (t === "terraform_remote_state" ? {} : schema.dataSources[t]), k, fromHcl);
    else if (k === "provider") out[k] = labelled1(v, schema.provider, k, fromHcl);
    else if (k === "output" || k === "variable" || k === "module") out[k] = labelled1(v, {}, k, fromHcl);
    else if (k === "terraform") out[k] = terraformBlock(v, fromHcl);
    else if (k === "import" || k === "moved" || k === "removed" || k === "check") out[k] = blocks(v, {}, k, fromHcl);
    // Several `locals` blocks in HCL are one namespace, like the single JSON object.
    else if (k === "locals") out[k] = blocks(v, {}, k, fromHcl).reduce((a: Json, b: Json) => ({ ...a, ...b }), {});
    else throw new Error(`unexpected top-level key "${k}"`);
  }
  return out;
}

/**
 * HCL files parsed to JSON by HashiCorp's own HCL parser (@cdktf/hcl2json),
 * in a child process (see hcl2json-cli.js), keyed by file name.
 */
export function parseHclFiles(files: readonly string[]): Record<string, Json> {
  const out = execFileSync(process.execPath, [join(__dirname, "hcl2json-cli.js"), ...files], { encoding: "utf8", maxBuffer: 1 << 30 });
  return JSON.parse(out);
}

/** Every place two canonical documents differ: dotted path, then each side's value (at most 200 characters). */
export function differences(json: Json, hcl: Json, path = ""): string[] {
  if (JSON.stringify(json) === JSON.stringify(hcl)) return [];
  const bothObjects = json !== null && hcl !== null && typeof json === "object" && typeof hcl === "object" && Array.isArray(json) === Array.isArray(hcl);
  if (bothObjects && (!Array.isArray(json) || json.length === hcl.length)) {
    const keys = [...new Set([...Object.keys(json), ...Object.keys(hcl)])].sort();
    return keys.flatMap((k) => differences(json[k], hcl[k], Array.isArray(json) ? `${path}[${k}]` : path ? `${path}.${k}` : k));
  }
  const show = (v: Json) => (v === undefined ? "(absent)" : JSON.stringify(v).slice(0, 200));
  return [`${path}: JSON ${show(json)} but HCL ${show(hcl)}`];
}
