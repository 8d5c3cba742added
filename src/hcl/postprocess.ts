/**
 * Repairs cdktf 0.21's HCL export (`lz synth --hcl`) so each stack's cdk.tf
 * passes `terraform validate` and means what the JSON means. Each fix is a
 * small function over the text; `fixHcl` runs them in order. The synthesized
 * JSON of the same stack is the reference for values.
 *
 * cdktf bugs handled:
 * - strings holding a `${...}` token are written unescaped, so JSON documents
 *   with references (`"{"Statement":...}"`) are invalid HCL (hashicorp/terraform-cdk#3911);
 *   token-free strings escape quotes but not backslashes;
 * - attributes cdktf has no type for (e.g. the WAF `statement`) are written as
 *   objects (`statement = {`) where Terraform expects nested blocks;
 * - `depends_on` and `ignore_changes` entries and the `provider` meta-argument
 *   are quoted, which Terraform deprecates ("Quoted references are deprecated");
 * - an empty attribute-as-block list (`egress = []`, meaning "no rules") is
 *   dropped, which changes its meaning;
 * - nothing is indented.
 */
import { interpolationEnd } from "./template";

/** Terraform JSON of a stack (cdk.tf.json), loosely typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TfJson = Record<string, any>;

/**
 * Renders a raw string value as an HCL quoted template: literal text escaped,
 * `${...}` interpolations kept as they are.
 */
export function quoteTemplate(raw: string): string {
  let out = "";
  let i = 0;
  while (i < raw.length) {
    if (raw.startsWith("$${", i)) {
      out += "$${";
      i += 3;
    } else if (raw.startsWith("${", i)) {
      const end = interpolationEnd(raw, i);
      out += raw.slice(i, end);
      i = end;
    } else if (raw.startsWith("%{", i)) {
      out += "%%{";
      i += 2;
    } else {
      const c = raw[i];
      out += c === "\\" ? "\\\\" : c === '"' ? '\\"' : c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : c;
      i++;
    }
  }
  return `"${out}"`;
}

/** True when a line opens a nested level (block, object or list). */
const opens = (t: string) => /(\{|\[)$/.test(t) && !t.startsWith("#");
/** True when a line closes a level. */
const closes = (t: string) => /^(\}|\])/.test(t);
const heredocStart = (t: string) => /<<-?([A-Z_]+)$/.exec(t)?.[1];

/** Calls `visit` for each line that is code (not heredoc body), with its nesting depth before the line. */
function walk(lines: string[], visit: (line: string, index: number, depth: number) => void): void {
  let depth = 0;
  let heredoc: string | undefined;
  lines.forEach((line, i) => {
    const t = line.trim();
    if (heredoc) {
      if (t === heredoc) heredoc = undefined;
      return;
    }
    if (closes(t)) depth--;
    visit(line, i, depth);
    heredoc = heredocStart(t);
    if (!heredoc && opens(t)) depth++;
  });
}

/**
 * Rewrites the top-level string attributes of resources and data sources
 * from the JSON's values, correctly escaped; and any other single-line string
 * holding an interpolation, whose cdktf rendering is raw.
 */
export function escapeStrings(hcl: string, json: TfJson = {}): string {
  const lines = hcl.split("\n");
  let current: Record<string, unknown> | undefined;
  walk(lines, (line, i, depth) => {
    const t = line.trim();
    const header = /^(resource|data) "([^"]+)" "([^"]+)" \{$/.exec(t);
    if (depth === 0) current = header ? json[header[1]]?.[header[2]]?.[header[3]] : undefined;
    const attr = /^([\w-]+) = "(.*)"$/.exec(t);
    if (attr && depth === 1 && current && typeof current[attr[1]] === "string" && !String(current[attr[1]]).includes("\n")) {
      lines[i] = `${attr[1]} = ${quoteTemplate(String(current[attr[1]]))}`;
      return;
    }
    // Elsewhere only strings with interpolations are raw; re-escape their literal parts.
    const raw = /^((?:"[^"]*"|[\w-]+) = )"(.*\$\{.*)"(,?)$/.exec(t) ?? /^()"(.*\$\{.*)"(,?)$/.exec(t);
    if (raw) lines[i] = `${raw[1]}${quoteTemplate(raw[2])}${raw[3]}`;
  });
  return lines.join("\n");
}

/** Unquotes references in `depends_on` and `ignore_changes` lists, and the `provider` meta-argument of resources, data sources and imports. */
export function unquoteReferences(hcl: string): string {
  const lines = hcl.split("\n");
  let inList = false;
  walk(lines, (line, i, depth) => {
    const provider = /^provider = "([a-z0-9_-]+\.[\w-]+)"$/.exec(line.trim());
    if (provider && depth === 1) lines[i] = `provider = ${provider[1]}`;
  });
  lines.forEach((line, i) => {
    const t = line.trim();
    if (/^(depends_on|ignore_changes) = \[$/.test(t)) inList = true;
    else if (inList && t.startsWith("]")) inList = false;
    else if (inList) {
      const m = /^"([A-Za-z_][\w.\-[\]]*)"(,?)$/.exec(t);
      if (m) lines[i] = `${m[1]}${m[2]}`;
    }
  });
  return lines.join("\n");
}

const SKIPPED_ATTRIBUTE_WARNING = "# Warning: The following attribute is of an unexpected type.";

/**
 * Turns attributes cdktf could not type (announced by its warning comment)
 * from object syntax into nested blocks: `a = {` becomes `a {`, and a list
 * of objects `a = [ {...}, {...} ]` becomes repeated `a { ... }` blocks.
 */
export function blocksForUntypedAttributes(hcl: string): string {
  const lines = hcl.split("\n");
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const t = lines[i].trim();
    if (!t.startsWith(SKIPPED_ATTRIBUTE_WARNING)) {
      out.push(lines[i++]);
      continue;
    }
    while (i < lines.length && lines[i].trim().startsWith("#")) i++; // drop the warning
    while (i < lines.length && lines[i].trim() === "") i++;
    i = convertObject(lines, i, out);
  }
  return out.join("\n");
}

/** Converts the object opened at `lines[i]` (`name = {`) into a block; returns the index after it. */
function convertObject(lines: string[], i: number, out: string[], name?: string): number {
  const head = lines[i].trim();
  const m = /^(?:"?([\w-]+)"? = )?\{$/.exec(head);
  if (!m) {
    out.push(lines[i]);
    return i + 1;
  }
  out.push(`${name ?? m[1]} {`);
  i++;
  while (i < lines.length && !closes(lines[i].trim())) {
    const t = lines[i].trim();
    const list = /^"?([\w-]+)"? = \[$/.exec(t);
    if (/^"?([\w-]+)"? = \{$/.test(t)) i = convertObject(lines, i, out);
    else if (list && lines[i + 1]?.trim() === "{") {
      i++;
      while (i < lines.length && lines[i].trim() === "{") i = convertObject(lines, i, out, list[1]);
      i++; // the closing "]"
    } else out.push(lines[i++]);
  }
  out.push("}");
  return i + 1;
}

/** Attributes-as-blocks where an empty list means "none" (not "unmanaged"), by resource type. */
const EMPTY_LIST_ATTRIBUTES: Record<string, readonly string[]> = {
  aws_security_group: ["ingress", "egress"],
  aws_default_security_group: ["ingress", "egress"],
  aws_network_acl: ["ingress", "egress"],
  aws_default_network_acl: ["ingress", "egress"],
  aws_route_table: ["route"],
  aws_default_route_table: ["route"],
};

/** Restores `attr = []` where the JSON sets an attribute-as-block list to empty and cdktf dropped it. */
export function restoreEmptyLists(hcl: string, json: TfJson = {}): string {
  const lines = hcl.split("\n");
  const out: string[] = [];
  for (const line of lines) {
    out.push(line);
    const header = /^resource "([^"]+)" "([^"]+)" \{$/.exec(line.trim());
    const attrs = header && EMPTY_LIST_ATTRIBUTES[header[1]];
    const values = header && json.resource?.[header[1]]?.[header[2]];
    if (!attrs || !values) continue;
    for (const a of attrs) if (Array.isArray(values[a]) && values[a].length === 0) out.push(`${a} = []`);
  }
  return out.join("\n");
}

/** Indents by nesting depth (two spaces), one blank line between top-level blocks. Heredoc bodies are left alone. */
export function indent(hcl: string): string {
  const lines = hcl.split("\n");
  const out: string[] = [];
  let heredocUntil: string | undefined;
  let depth = 0;
  for (const line of lines) {
    const t = line.trim();
    if (heredocUntil) {
      out.push(line);
      if (t === heredocUntil) heredocUntil = undefined;
      continue;
    }
    if (t === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
    if (closes(t)) depth = Math.max(0, depth - 1);
    // A blank line before each top-level block; none just inside or before the end of one.
    if (depth === 0 && opens(t) && out.length > 0 && out[out.length - 1] !== "") out.push("");
    if (t === "" && depth > 0) continue;
    out.push(t === "" ? "" : `${"  ".repeat(depth)}${t}`);
    heredocUntil = heredocStart(t);
    if (!heredocUntil && opens(t)) depth++;
  }
  return out.join("\n").trimEnd() + "\n";
}

/** Every fix, in order. `json` is the stack's synthesized Terraform JSON. */
export function fixHcl(hcl: string, json: TfJson = {}): string {
  return indent(restoreEmptyLists(blocksForUntypedAttributes(unquoteReferences(escapeStrings(hcl, json))), json));
}
