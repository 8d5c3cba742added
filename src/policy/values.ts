/**
 * Reading synthesized attribute values. A value holding a Terraform
 * expression (`${aws_kms_key.logs.arn}`, `${jsonencode(...)}`) is only known
 * at apply time: helpers return UNKNOWN for it, so a rule can say "unknown"
 * instead of guessing a pass or a failure.
 */
import { interpolationEnd } from "../hcl/template";
import { jsonencodeArgument } from "./hcl-expression";
import { Json, JsonObject } from "./json";
export const UNKNOWN = Symbol("unknown");
export type Unknown = typeof UNKNOWN;


/** True for a string that is, or contains, a Terraform expression. */
export function isExpression(value: unknown): value is string {
  return typeof value === "string" && value.includes("${");
}

/** True when `value` is set to something (a literal or an expression); false for undefined, null, "" and []. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** A boolean attribute: true/false (also as strings), UNKNOWN for an expression, undefined when unset. */
export function boolOf(value: unknown): boolean | Unknown | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return UNKNOWN;
}

/** A number attribute (also as a numeric string); UNKNOWN for an expression. */
export function numOf(value: unknown): number | Unknown | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return UNKNOWN;
}

/** A literal string attribute; UNKNOWN for an expression or a non-string. */
export function strOf(value: unknown): string | Unknown | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || isExpression(value)) return UNKNOWN;
  return value;
}

/**
 * A nested block as a list of objects. cdktf writes a single-item block as an
 * object and a repeated one as an array; an expression (dynamic block,
 * reference) is UNKNOWN.
 */
export function blocksOf(value: unknown): JsonObject[] | Unknown {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.every(isObject) ? (value as JsonObject[]) : UNKNOWN;
  if (isObject(value)) return [value as JsonObject];
  return UNKNOWN;
}

/** The first block, or undefined when there is none. */
export function blockOf(value: unknown): JsonObject | Unknown | undefined {
  const all = blocksOf(value);
  return all === UNKNOWN ? UNKNOWN : all[0];
}

/**
 * A list of literal strings (a single string counts as a list of one).
 * UNKNOWN when the list is an expression, or when any item holds one
 * (`["${var.cidr}"]`): a rule must not judge a value it cannot see.
 * Numbers and booleans read as their text.
 */
export function listOf(value: unknown): string[] | Unknown {
  const items = templatesOf(value);
  if (items === UNKNOWN || items.some(isExpression)) return UNKNOWN;
  return items;
}

/**
 * A list of strings as written, each a literal or a template holding
 * `${...}` expressions (`"${aws_s3_bucket.b.arn}/*"`), for readers that judge
 * item by item (see `couldBe`). UNKNOWN when the list itself is an expression
 * or holds something other than strings, numbers and booleans.
 */
export function templatesOf(value: unknown): string[] | Unknown {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return isWholeExpression(value) ? UNKNOWN : [value];
  if (!Array.isArray(value)) return UNKNOWN;
  const out: string[] = [];
  for (const v of value) {
    if (typeof v === "string") out.push(v);
    else if (typeof v === "number" || typeof v === "boolean") out.push(String(v));
    else return UNKNOWN;
  }
  return out;
}

/** True when the whole string is one `${...}` expression (its first `${` closes at the end). */
export function isWholeExpression(value: string): boolean {
  return value.startsWith("${") && interpolationEnd(value, 0) === value.length;
}

/** The count of items in a list attribute, known even when its items are expressions; UNKNOWN when the list itself is one. */
export function lengthOf(value: unknown): number | Unknown {
  const items = templatesOf(value);
  return items === UNKNOWN ? UNKNOWN : items.length;
}

/**
 * Whether a value written as `template` (a literal, or a string holding
 * `${...}` expressions) can equal `literal`: true for the literal itself,
 * false when its literal parts rule it out (`arn:aws:iam::${var.a}:root` is
 * never `*`), UNKNOWN when only apply time can tell (`${var.cidr}` may be
 * 0.0.0.0/0).
 */
export function couldBe(template: string, literal: string): boolean | Unknown {
  if (!isExpression(template)) return template === literal;
  return templatePattern(template).test(literal) ? UNKNOWN : false;
}

/** A reference to an `arn` attribute (`${aws_x.y.arn}`, `${data.aws_x.y.arn}`): the AWS provider's ARNs always start with "arn:". */
const ARN_REFERENCE = /^\$\{(data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+(\[[^\]]*\])?\.arn\}$/;

/**
 * A regular expression for every value a template can take: its literal
 * parts as `literalPart` writes them (default: verbatim), each expression
 * any text (a reference to an `arn` attribute: any text starting "arn:").
 */
export function templatePattern(template: string, literalPart: (text: string) => string = escapeRegExp): RegExp {
  let out = "";
  let i = 0;
  while (i < template.length) {
    const at = template.indexOf("${", i);
    if (at < 0) {
      out += literalPart(template.slice(i));
      break;
    }
    out += literalPart(template.slice(i, at));
    const end = interpolationEnd(template, at);
    out += ARN_REFERENCE.test(template.slice(at, end)) ? "arn:[\\s\\S]*" : "[\\s\\S]*";
    i = end;
  }
  return new RegExp(`^${out}$`, "i");
}

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Three-valued "some": true when a check holds for some item, UNKNOWN when none does but one may, false otherwise. */
export function some<T>(items: readonly T[], check: (item: T) => boolean | Unknown): boolean | Unknown {
  let maybe = false;
  for (const item of items) {
    const v = check(item);
    if (v === true) return true;
    if (v === UNKNOWN) maybe = true;
  }
  return maybe ? UNKNOWN : false;
}

/** Three-valued "and": false when any part is false, true when all are true, UNKNOWN otherwise. */
export function and(...parts: (boolean | Unknown)[]): boolean | Unknown {
  if (parts.includes(false)) return false;
  return parts.every((p) => p === true) ? true : UNKNOWN;
}

/** Three-valued "not". */
export const not = (v: boolean | Unknown): boolean | Unknown => (v === UNKNOWN ? UNKNOWN : !v);

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Parses a JSON document held in a string attribute: a JSON string (with
 * references inside string values), or `${jsonencode({...})}`, whose
 * references stay `${...}` strings. UNKNOWN for any other expression.
 */
export function jsonOf(value: unknown): Json | Unknown | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") return UNKNOWN;
  try {
    return JSON.parse(value) as Json;
  } catch {
    return jsonencodeArgument(value) ?? UNKNOWN;
  }
}
