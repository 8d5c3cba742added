/**
 * cdktf renders a function call's arguments (`Fn.jsonencode({...})`, a task definition's containers, an
 * event pattern) into HCL with TFExpression.resolveArg and resolveExpressionPart (cdktf/lib/tfExpression.js),
 * which resolve every object and array argument deeply — twice — only to learn whether it is an array or
 * an object and which keys it has, then render each element, which resolves its own subtree twice again:
 * every value is resolved twice per level above it. A jsonencoded container definition cost 5 ms; the
 * function calls were a twentieth of a 200-account synth (bench/analysis.md).
 *
 * For the arguments whose shape the deep resolve cannot change — a plain array with no list token whose
 * elements all stay, a plain object with no token in a key whose values all stay (a value stays unless it
 * is undefined or a token resolving to undefined, which resolving that one value tells) — the patched
 * methods take the shape from the argument itself and render each element as cdktf does. A string with no
 * token, nothing shaped like an encoded number and nothing to escape (most of a policy's or a container
 * definition's leaves) is rendered as cdktf's resolveString renders a literal. Every other argument takes
 * cdktf's own path. The deep resolve has no side effect outside the contexts it creates, so skipping it
 * changes nothing but time: output byte-identical (test/stacks/fast-expressions.test.ts).
 */
import { Tokenization } from "cdktf";
import { ref } from "cdktf/lib/tfExpression";
import { extractTokenDouble } from "cdktf/lib/tokens/private/encoding";
import { isListToken, literalArgument, mayHoldToken, TOKEN_MARKER } from "./stacks/fast-resolve";

interface ExpressionMethods {
  resolveArg(this: ExpressionMethods, context: unknown, arg: unknown): unknown;
  resolveExpressionPart(this: ExpressionMethods, context: unknown, arg: unknown): unknown;
}

/** cdktf's TFExpression class (not exported): the parent of the Reference class `ref` returns. */
const TFExpression = Object.getPrototypeOf(Object.getPrototypeOf(ref("x"))) as ExpressionMethods;
const original = { resolveArg: TFExpression.resolveArg, resolveExpressionPart: TFExpression.resolveExpressionPart };


interface Context {
  resolve(x: unknown): unknown;
}

/**
 * Whether `value`, an element of a container, stays in the container when cdktf resolves it: a plain
 * value or container always does; a token (a string or number holding one, a resolvable) unless it
 * resolves to undefined, which only resolving it tells.
 */
function stays(value: unknown, context: Context): boolean {
  if (value === undefined) return false;
  if (typeof value === "string") return !value.includes(TOKEN_MARKER) || context.resolve(value) !== undefined;
  if (typeof value === "number") return extractTokenDouble(value, false) === undefined || context.resolve(value) !== undefined;
  if (value === null || typeof value !== "object") return true;
  return !Tokenization.isResolvable(value) || context.resolve(value) !== undefined;
}

/** An array cdktf resolves to an array of as many elements: plain, no list token, every element staying. */
function plainArray(value: unknown, context: Context): value is unknown[] {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return false;
  return !isListToken(value) && value.every((e) => stays(e, context));
}

/**
 * An object cdktf resolves to an object with the same keys: plain, plain keys, every value staying, and no own `__proto__` key (cdktf's resolver assigns keys, and assigning `__proto__` drops it).
 */
function plainObject(value: unknown, context: Context): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype || Tokenization.isResolvable(value)) return false;
  if (Object.prototype.hasOwnProperty.call(value, "__proto__")) return false;
  return Object.entries(value).every(([k, v]) => !mayHoldToken(k) && stays(v, context));
}

function resolveArg(this: ExpressionMethods, context: unknown, arg: unknown): unknown {
  // A plain string: resolveString's literal case, on the string cdktf's resolver hands back unchanged.
  if (typeof arg === "string") return literalArgument(arg) ?? original.resolveArg.call(this, context, arg);
  // cdktf resolves the argument first, but reads the result only for a string.
  if (plainArray(arg, context as Context) || plainObject(arg, context as Context)) return this.resolveExpressionPart(context, arg);
  return original.resolveArg.call(this, context, arg);
}

function resolveExpressionPart(this: ExpressionMethods, context: unknown, arg: unknown): unknown {
  if (plainArray(arg, context as Context)) return `[${arg.map((e) => this.resolveArg(context, e)).join(", ")}]`;
  if (plainObject(arg, context as Context)) return `{${Object.keys(arg).map((key) => `"${key}" = ${this.resolveArg(context, arg[key])}`).join(", ")}}`;
  return original.resolveExpressionPart.call(this, context, arg);
}

/** Switches the fast path on (the default) or back to cdktf's own methods. */
export function fastExpressions(on: boolean): void {
  TFExpression.resolveArg = on ? resolveArg : original.resolveArg;
  TFExpression.resolveExpressionPart = on ? resolveExpressionPart : original.resolveExpressionPart;
}

fastExpressions(true);
