/**
 * Reads the argument of a `${jsonencode(...)}` expression as cdktf writes it
 * (HCL object and tuple syntax), so rules can see the structure of a document
 * built with Fn.jsonencode. References and function calls inside stay opaque
 * `${...}` strings: their values are only known at apply time.
 */
import { Json } from "./json";

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Json {
    const v = this.value();
    this.ws();
    if (this.i !== this.s.length) throw new Error(`unexpected ${this.s.slice(this.i, this.i + 10)}`);
    return v;
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  private value(): Json {
    this.ws();
    const c = this.s[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.tuple();
    if (c === '"') return this.string();
    return this.bare();
  }

  private object(): Json {
    const out: Record<string, Json> = {};
    this.i++;
    for (;;) {
      this.ws();
      if (this.s[this.i] === "}") {
        this.i++;
        return out;
      }
      const key = this.s[this.i] === '"' ? String(this.string()) : this.identifier();
      this.ws();
      if (this.s[this.i] !== "=" && this.s[this.i] !== ":") throw new Error(`expected = after ${key}`);
      this.i++;
      out[key] = this.value();
      this.ws();
      if (this.s[this.i] === ",") this.i++;
    }
  }

  private tuple(): Json {
    const out: Json[] = [];
    this.i++;
    for (;;) {
      this.ws();
      if (this.s[this.i] === "]") {
        this.i++;
        return out;
      }
      out.push(this.value());
      this.ws();
      if (this.s[this.i] === ",") this.i++;
    }
  }

  private identifier(): string {
    const m = /^[A-Za-z_][\w-]*/.exec(this.s.slice(this.i));
    if (!m) throw new Error(`expected a key at ${this.i}`);
    this.i += m[0].length;
    return m[0];
  }

  /** A quoted template; escapes decoded, interpolations kept as written. */
  private string(): string {
    let out = "";
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === "\\") {
        const n = this.s[this.i + 1];
        out += n === "n" ? "\n" : n === "t" ? "\t" : n === "r" ? "\r" : n;
        this.i += 2;
      } else if (c === '"') {
        this.i++;
        return out;
      } else if (this.s.startsWith("${", this.i)) {
        const end = this.balanced(this.i + 1, "{", "}");
        out += this.s.slice(this.i, end);
        this.i = end;
      } else {
        out += c;
        this.i++;
      }
    }
    throw new Error("unterminated string");
  }

  /** Index just past the bracket closing the one at `start`. */
  private balanced(start: number, open: string, close: string): number {
    let depth = 0;
    for (let j = start; j < this.s.length; j++) {
      const c = this.s[j];
      if (c === '"') {
        j++;
        while (j < this.s.length && this.s[j] !== '"') j += this.s[j] === "\\" ? 2 : 1;
      } else if (c === open) depth++;
      else if (c === close && --depth === 0) return j + 1;
    }
    throw new Error("unbalanced brackets");
  }

  /** A number, bool, null, or an opaque expression (reference, function call) up to the next separator. */
  private bare(): Json {
    const start = this.i;
    while (this.i < this.s.length && !",}]".includes(this.s[this.i])) {
      const c = this.s[this.i];
      if (c === "(") this.i = this.balanced(this.i, "(", ")");
      else if (c === "[") this.i = this.balanced(this.i, "[", "]");
      else if (c === "{") this.i = this.balanced(this.i, "{", "}");
      else if (c === '"') this.string();
      else this.i++;
    }
    const text = this.s.slice(start, this.i).trim();
    if (text === "true" || text === "false") return text === "true";
    if (text === "null") return null;
    if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    if (text === "") throw new Error(`empty value at ${start}`);
    return `\${${text}}`;
  }
}

/** The document inside `${jsonencode(...)}`, or undefined when `value` is not exactly that or cannot be read. */
export function jsonencodeArgument(value: string): Json | undefined {
  const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(value);
  if (!m) return undefined;
  try {
    return new Parser(m[1]).parse();
  } catch {
    return undefined;
  }
}
