/**
 * The one scanner of Terraform template strings (`"a-${var.x}-b"`): where a
 * `${...}` interpolation ends. The HCL writer (render.ts) and the policy
 * value readers (src/policy/values.ts) both use it.
 */

/**
 * Index just past the `}` closing the interpolation whose `$` is at `s[i]`
 * (`${`), skipping quoted strings and the templates nested in them; the
 * string's length when it never closes.
 */
export function interpolationEnd(s: string, i: number): number {
  let depth = 0;
  let j = i + 1; // at "{"
  while (j < s.length) {
    const c = s[j];
    if (c === "{") depth++;
    else if (c === "}") {
      depth--;
      if (depth === 0) return j + 1;
    } else if (c === '"') j = quotedEnd(s, j) - 1;
    j++;
  }
  return s.length;
}

/** Index just past the closing quote of an HCL string starting at `s[i] === '"'` inside an interpolation. */
function quotedEnd(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length) {
    if (s[j] === "\\") j += 2;
    else if (s[j] === '"') return j + 1;
    else if (s.startsWith("${", j)) j = interpolationEnd(s, j);
    else j++;
  }
  return s.length;
}
