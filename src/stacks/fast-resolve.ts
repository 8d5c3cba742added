/**
 * cdktf's token resolution with a fast path for the values that hold no token.
 *
 * cdktf resolves a stack's JSON by walking every value with `Tokenization.resolve`
 * (cdktf/lib/tokens/private/resolve.js), which builds a resolution context (two
 * closures, a copied key path) for every string, every object key and every array
 * element, and runs three regular expressions on every string, whether or not it holds
 * a token. Most of a stack's values are plain strings, booleans and objects: that walk
 * was a third of the CPU time of a 200-account synth (bench/analysis.md).
 *
 * `fastResolver` walks plain values itself and hands every value that may hold a token —
 * a string with a token marker or the shape of an encoded number token, a number that is an
 * encoded token, an array holding a list token, an object with a `resolve` method or a token
 * in a key, a construct — to cdktf's own resolver, unchanged, except strings whose tokens are
 * all plain references or lookups of one (`Fn.lookupNested` of a remote-state output), and a
 * `dependsOn` entry alone, which it puts together itself (`references`). For values with no
 * token it returns what cdktf returns: the same value, arrays without their `undefined`
 * elements, objects without their `undefined` values. Context flags (escapes, braces,
 * iterators) are set only by tokens, so a subtree handed over from a plain parent resolves
 * exactly as it would inside cdktf's walk. Output byte-identical, tested
 * (test/stacks/fast-resolve.test.ts).
 */
import { DefaultTokenResolver, IResolvable, StringConcat, Token, Tokenization } from "cdktf";
import { dependable, propertyAccess, ref } from "cdktf/lib/tfExpression";
import { extractTokenDouble } from "cdktf/lib/tokens/private/encoding";
import { IConstruct } from "constructs";

const RESOLVER = new DefaultTokenResolver(new StringConcat());
/** What cdktf's token markers share: `${TfToken[` (string), `#{TfToken[` (list), `&{TfToken[` (map). */
export const TOKEN_MARKER = "{TfToken[";
/** cdktf's BEGIN_LIST_TOKEN_MARKER. */
const LIST_TOKEN_MARKER = "#{TfToken[";
/** cdktf's STRING_TOKEN_REGEX (encoding.js): a string token inside a string. */
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;
/** cdktf's Reference class (tfExpression.js, not exported): what a resource's attribute getter returns. */
const REFERENCE = Object.getPrototypeOf(ref("x")) as object;
/** A reference's fields (tfExpression.js Reference). */
interface Reference {
  readonly identifier: string;
  readonly crossStackIdentifier: Record<string, string>;
}
/** cdktf's PropertyAccess class (tfExpression.js, not exported): what Fn.lookupNested returns. */
const PROPERTY_ACCESS = Object.getPrototypeOf(propertyAccess(ref("x"), [])) as object;
/** cdktf's Dependable class (tfExpression.js, not exported): what a `dependsOn` entry becomes. */
const DEPENDABLE = Object.getPrototypeOf(Tokenization.reverseString(dependable({ fqn: "x" })).firstToken) as object;
/** cdktf's TERRAFORM_IDENTIFIER_REGEX (tfExpression.js): a property-access argument rendered as `.name`. */
const TERRAFORM_IDENTIFIER = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

/**
 * A dependable token (tfExpression.js Dependable) resolved as cdktf resolves it alone in a string: its
 * dependable's `fqn` with braces suppressed, which for a resource or data source is one plain
 * reference token: the reference's identifier. Undefined for any other fqn.
 */
function dependableReference(token: IResolvable): string | undefined {
  const fqn = (token as { dependable?: { fqn?: unknown } }).dependable?.fqn;
  if (typeof fqn !== "string") return undefined;
  const m = /^\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}$/.exec(fqn);
  const identifier = m ? plainReference(Tokenization.reverseString(fqn).firstToken) : undefined;
  return identifier === undefined || NUMBER_IN_STRING.test(identifier) ? undefined : identifier;
}

/** cdktf's NUMBER_TOKEN_REGEX (encoding.js): a string with a number token concatenated into it. */
const NUMBER_IN_STRING = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;
/** cdktf refuses values deeper than this (a cycle); so does the fast path. */
const MAX_DEPTH = 200;

const CONSTRUCT_SYMBOL = Symbol.for("constructs.Construct");

/** A string cdktf's resolver may change: a token marker, the shape of an encoded number, a map-token sentinel. */
export function mayHoldToken(s: string): boolean {
  return s.includes(TOKEN_MARKER) || NUMBER_IN_STRING.test(s) || s === Token.STRING_MAP_TOKEN_VALUE || s === Token.ANY_MAP_TOKEN_VALUE;
}

/** A number cdktf would resolve: an encoded number token (resolve.js resolveNumberToken) or the map-token sentinel it refuses. */
function isNumberToken(n: number): boolean {
  return n === Token.NUMBER_MAP_TOKEN_VALUE || extractTokenDouble(n, false) !== undefined;
}

/** An array cdktf resolves as a whole: one holding a list token (string or number encoded). */
export function isListToken(xs: readonly unknown[]): boolean {
  return xs.some((e) => (typeof e === "string" && e.includes(LIST_TOKEN_MARKER)) || (typeof e === "number" && extractTokenDouble(e, true) !== undefined));
}

/**
 * A function-call argument that is a plain string literal, rendered as cdktf renders it
 * (TFExpression.resolveArg, then resolveString's literal case: in quotes unless already quoted), or
 * undefined for any other string. Plain: no token, nothing shaped like an encoded number, no escape
 * sequence (`${`, `}`: cdktf's resolver would change the string) and nothing escapeString changes
 * (newlines, `${`).
 */
export function literalArgument(s: string): string | undefined {
  if (/[${}\n]/.test(s) || mayHoldToken(s)) return undefined;
  return s !== '"' && s.startsWith('"') && s.endsWith('"') ? s : `"${s}"`;
}

/** A plain reference's identifier: cdktf's own Reference class, not a subclass, with no cross-stack identifier (only cdktf's prepare pass sets one, and LzStack skips it). */
function plainReference(token: unknown): string | undefined {
  const r = token as Partial<Reference> | undefined;
  if (!r || typeof r !== "object" || Object.getPrototypeOf(r) !== REFERENCE || Object.keys(r.crossStackIdentifier ?? {}).length > 0 || typeof r.identifier !== "string") return undefined;
  return r.identifier;
}

/**
 * The expression a token stands for, without its braces, as cdktf renders it, when the token is a
 * plain reference (`aws_vpc.spoke.id`) or a property access of one with plain arguments
 * (`Fn.lookupNested(state.get("account_ids"), ["app"])`: `data.terraform_remote_state.x.outputs.account_ids["app"]`;
 * tfExpression.js PropertyAccess: `*` as `[*]`, an identifier or a plain number as `.arg`, a plain
 * string literal as `["arg"]`); undefined for any other token, which cdktf then resolves.
 */
function expressionOf(token: unknown): string | undefined {
  const identifier = plainReference(token);
  if (identifier !== undefined || typeof token !== "object" || token === null || Object.getPrototypeOf(token) !== PROPERTY_ACCESS) return identifier;
  const { target, args } = token as { target?: unknown; args?: unknown };
  let out = plainReference(target);
  if (out === undefined || !Array.isArray(args)) return undefined;
  for (const arg of args) {
    if (arg === "*") out += "[*]";
    else if ((typeof arg === "string" && TERRAFORM_IDENTIFIER.test(arg)) || (typeof arg === "number" && !isNumberToken(arg))) out += `.${arg}`;
    else {
      const literal = typeof arg === "string" ? literalArgument(arg) : undefined;
      if (literal === undefined) return undefined;
      out += `[${literal}]`;
    }
  }
  return out;
}

/**
 * A string whose tokens are all plain references or property accesses of one (a resource's attributes:
 * `${TfToken[TOKEN.12]}`), resolved as cdktf resolves it — each becomes `${<expression>}`, the text
 * between stays — or a string that is exactly one dependable token (a `depends_on` entry: the
 * dependable's reference, without braces); undefined for any other string, which cdktf then resolves.
 * The text between must hold no `$`, `{` or `}` (cdktf's escape sequences) and nothing shaped like an
 * encoded number.
 */
function references(s: string): string | undefined {
  let out = "";
  let last = 0;
  for (const m of s.matchAll(STRING_TOKEN)) {
    const literal = s.slice(last, m.index);
    if (/[${}]/.test(literal)) return undefined;
    const token = Tokenization.reverseString(m[0]).firstToken as IResolvable | undefined;
    if (token && Object.getPrototypeOf(token) === DEPENDABLE) return m[0] === s ? dependableReference(token) : undefined;
    const expression = expressionOf(token);
    if (expression === undefined) return undefined;
    out += `${literal}\${${expression}}`;
    last = m.index + m[0].length;
  }
  const tail = s.slice(last);
  if (last === 0 || /[${}]/.test(tail) || NUMBER_IN_STRING.test(out + tail)) return undefined;
  return out + tail;
}

/** The Date objects in a resolved value (a cycle ends at cdktf's depth limit). */
function countDates(value: object, depth: number): number {
  if (value instanceof Date) return 1;
  if (depth > MAX_DEPTH) return 0;
  let n = 0;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (typeof v === "object" && v !== null) n += countDates(v as object, depth + 1);
  return n;
}

class Walk {
  /**
   * Token strings and list tokens resolved so far in this walk, by their encoded text (a list token
   * in brackets). A stack names the same reference many times (`${aws_vpc.spoke.id}`); a token from a
   * plain parent always resolves in the same, default context, so its result is reused. Only string
   * results are kept: an object result is never shared between two places in the output.
   */
  private readonly strings = new Map<string, string>();

  constructor(private readonly scope: IConstruct) {}

  /**
   * Dates returned so far: met as values, or produced by a token. cdktf's resolver returns them as they
   * are; a stack's JSON has `{}` in their place (tested), so an element holding one merges through
   * cdktf's deepMerge, which turns them into that (LzStack.resolveStack).
   */
  dates = 0;

  private cdktf(value: unknown): unknown {
    const r = Tokenization.resolve(value, { scope: this.scope, preparing: false, resolver: RESOLVER });
    if (typeof r === "object" && r !== null) this.dates += countDates(r, 0);
    return r;
  }

  /** `value` (a token string, or a list token: an array of one) resolved by cdktf, once per walk. */
  private once(key: string, value: unknown): unknown {
    const seen = this.strings.get(key);
    if (seen !== undefined) return seen;
    const r = (typeof value === "string" ? references(value) : undefined) ?? this.cdktf(value);
    if (typeof r === "string") this.strings.set(key, r);
    return r;
  }

  value(value: unknown, depth: number): unknown {
    if (value === undefined || value === null || typeof value === "boolean") return value;
    if (typeof value === "string") return mayHoldToken(value) ? this.once(value, value) : value;
    if (typeof value === "number") return isNumberToken(value) ? this.cdktf(value) : value;
    if (typeof value !== "object" || depth > MAX_DEPTH) return this.cdktf(value); // functions, cycles: cdktf refuses them
    if (value instanceof Date) return this.dates++, value;
    if (Array.isArray(value)) {
      if (isListToken(value)) return value.length === 1 && typeof value[0] === "string" ? this.once(`[${value[0]}]`, value) : this.cdktf(value);
      const out: unknown[] = [];
      for (const e of value) {
        const r = this.value(e, depth + 1);
        if (r !== undefined) out.push(r);
      }
      return out;
    }
    if (Tokenization.isResolvable(value) || CONSTRUCT_SYMBOL in value) return this.cdktf(value);
    const keys = Object.keys(value);
    if (keys.some(mayHoldToken)) return this.cdktf(value);
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const r = this.value((value as Record<string, unknown>)[key], depth + 1);
      if (r !== undefined) out[key] = r;
    }
    return out;
  }
}

/**
 * A resolver for one pass over `scope`'s values: each call returns what
 * `Tokenization.resolve(value, { scope, resolver: DefaultTokenResolver })` returns, walking token-free
 * values without cdktf and resolving each distinct token string once per pass.
 */
export function fastResolver(scope: IConstruct): FastResolve {
  const walk = new Walk(scope);
  const resolve = <T>(value: T) => walk.value(value, 0) as T;
  return Object.defineProperty(resolve, "dates", { get: () => walk.dates }) as FastResolve;
}

/** A resolver for one pass (fastResolver); `dates` counts the Date objects its results have held so far. */
export type FastResolve = (<T>(value: T) => T) & { readonly dates: number };
