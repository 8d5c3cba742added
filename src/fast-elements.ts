/**
 * Two per-element costs of cdktf's `toTerraform`, removed without changing what anything returns. For
 * each resource and data source, on every synth, cdktf (cdktf/lib/terraform-resource.js,
 * terraform-data-source.js):
 * - snake-cases the keys of its meta-arguments (`dependsOn` → `depends_on`) with three regular
 *   expressions per key (util.js `keysToSnakeCase`): the same handful of keys for every element;
 * - computes its construct path (constructs' `Node.path`: every scope up to the root, collected and
 *   joined) for the message of an assertion it builds whether or not the assertion fails, again for its
 *   metadata, for its logical id, and once more for the guardrails.
 * Together about a twentieth of a 200-account synth's CPU time (bench/analysis.md).
 *
 * The patches: `keysToSnakeCase` is util.js's own, statement for statement, with each key's snake case
 * (util.js's `snakeCase`) remembered; a node's path is computed once, on first use (a node's id and
 * scope are fixed when it is constructed — constructs offers no way to change either — so its path
 * never changes). Tested against the originals (test/stacks/fast-elements.test.ts).
 */
import { Tokenization } from "cdktf";
import { Node } from "constructs";

// The module's own exports object (an `import * as` namespace may be a copy whose properties cannot be assigned).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const util = require("cdktf/lib/util") as { snakeCase(s: string): string; keysToSnakeCase(o: unknown): unknown };

/** What the patches replace, for the tests that compare against them. */
export const originals = {
  keysToSnakeCase: util.keysToSnakeCase,
  path: Object.getOwnPropertyDescriptor(Node.prototype, "path")!.get! as (this: Node) => string,
};

const snake = new Map<string, string>();
const snakeCaseOf = (key: string): string => {
  let s = snake.get(key);
  if (s === undefined) snake.set(key, (s = util.snakeCase(key)));
  return s;
};

/** util.js keysToSnakeCase, statement for statement, with snakeCase remembered per key. */
function keysToSnakeCase(object: unknown): unknown {
  if (Tokenization.isResolvable(object)) return object;
  if (Array.isArray(object)) return object.map((e) => (typeof e === "object" ? keysToSnakeCase(e) : e));
  const source = object as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    if (key === "tags" || key === "environment") {
      out[key] = source[key];
      continue;
    }
    let value = source[key];
    if (typeof value === "object") value = keysToSnakeCase(value);
    if (Array.isArray(value)) value = value.map((e) => (typeof e === "object" ? keysToSnakeCase(e) : e));
    out[snakeCaseOf(key)] = value;
  }
  return out;
}

// The other cdktf modules call it through util's exports (`(0, util_1.keysToSnakeCase)(...)`), so replacing the export reaches them.
util.keysToSnakeCase = keysToSnakeCase;

const paths = new WeakMap<Node, string>();
Object.defineProperty(Node.prototype, "path", {
  configurable: true,
  get(this: Node): string {
    let path = paths.get(this);
    if (path === undefined) paths.set(this, (path = originals.path.call(this)));
    return path;
  },
});
