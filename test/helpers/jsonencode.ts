/**
 * Reads a `${jsonencode(...)}` attribute (what cdktf's Fn.jsonencode writes)
 * back into an object for assertions: HCL's `=` becomes `:`, and references
 * such as aws_cloudwatch_log_group.x.name become the strings "${...}".
 */
import { TfJson } from "./synth";

export function decodeJsonencode(value: string): TfJson {
  const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(value);
  if (!m) throw new Error(`not a jsonencode expression: ${value.slice(0, 80)}`);
  const src = m[1];
  let out = "";
  for (let i = 0; i < src.length; ) {
    const c = src[i];
    if (c === '"') {
      let j = i + 1;
      while (src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else if (c === "=") {
      out += ":";
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < src.length && /[\w.-]/.test(src[j])) j++;
      const word = src.slice(i, j);
      out += ["true", "false", "null"].includes(word) ? word : JSON.stringify("${" + word + "}");
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out);
}
