/**
 * Reading synthesized attribute values. A value holding a Terraform
 * expression (`${aws_kms_key.logs.arn}`, `${jsonencode(...)}`) is only known
 * at apply time: helpers return UNKNOWN for it, so a rule can say "unknown"
 * instead of guessing a pass or a failure.
 */
import { jsonencodeArgument } from "./hcl-expression";
export const UNKNOWN = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

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

/** A list of strings (a single string counts as a list of one); UNKNOWN when the list itself is an expression. */
export function listOf(value: unknown): string[] | Unknown {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return /^\$\{.*\}$/s.test(value) ? UNKNOWN : [value];
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  return UNKNOWN;
}

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
