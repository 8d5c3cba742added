/**
 * `Fn.jsonencode` for values that hold user strings.
 *
 * cdktf 0.21 writes `Fn.jsonencode(value)` as `${jsonencode(<HCL expression>)}`, escaping only
 * newlines and `${` in the strings it embeds: a `"` or `\` in a value (an environment variable, a
 * command argument) ends the HCL string early and makes the stack's `cdk.tf.json` invalid, and a `%{`
 * starts a template directive. This escapes each string for an HCL quoted template first, so
 * Terraform's jsonencode sees exactly the string the config gave. Token strings (`${TfToken[…]}`)
 * hold none of these characters and pass through unchanged.
 */
import { Fn } from "cdktf";

/** `value` with every string escaped for an HCL quoted template (`\` → `\\`, `"` → `\"`, `%{` → `%%{`). */
export function escapeHclStrings<T>(value: T): T {
  if (typeof value === "string") return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/%\{/g, "%%{") as T;
  if (Array.isArray(value)) return value.map(escapeHclStrings) as T;
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeHclStrings(v)])) as T;
  return value;
}

/** `Fn.jsonencode(value)`, with the strings of `value` kept exactly (see the file comment). */
export function jsonencode(value: unknown): string {
  return Fn.jsonencode(escapeHclStrings(value));
}
