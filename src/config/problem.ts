/** A problem found in landing-zone.yaml, with where it is and how to fix it. */
export type ConfigPath = ReadonlyArray<string | number>;

export interface Problem {
  /** Key path into the config, e.g. ["accounts", 2, "cidr"]. */
  readonly path: ConfigPath;
  /** What is wrong. */
  readonly message: string;
  /** What to do about it. */
  readonly hint: string;
  /** 1-based position in the file, when the path can be located. */
  readonly line?: number;
  readonly col?: number;
}

/** Renders ["accounts", 2, "cidr"] as accounts[2].cidr. */
export function formatPath(path: ConfigPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out === "" ? "(root)" : out;
}

/** Thrown when the config is invalid; carries every problem found. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
  ) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}`);
    this.name = "ConfigError";
  }

  /** One block per problem: `file:line:col path: message` then `  fix: hint`. */
  format(): string {
    const lines = [`${this.file}: ${this.problems.length} problem${this.problems.length === 1 ? "" : "s"} found`];
    for (const p of this.problems) {
      const where = p.line ? `${this.file}:${p.line}:${p.col}` : this.file;
      lines.push(`  ${where}  ${formatPath(p.path)}: ${p.message}`);
      lines.push(`      fix: ${p.hint}`);
    }
    return lines.join("\n");
  }
}
