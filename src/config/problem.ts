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

/** A problem at `path`: what is wrong and how to fix it. */
export const problem = (path: ConfigPath, message: string, hint: string): Problem => ({ path, message, hint });

/** Renders ["accounts", 2, "cidr"] as accounts[2].cidr. */
export function formatPath(path: ConfigPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out === "" ? "(root)" : out;
}

/** `file:line:col path: message` then `  fix: hint`, for each problem. */
function problemLines(file: string, problems: readonly Problem[], label = ""): string[] {
  return problems.flatMap((p) => [`  ${label}${p.line ? `${file}:${p.line}:${p.col}` : file}  ${formatPath(p.path)}: ${p.message}`, `      fix: ${p.hint}`]);
}

/** Warnings of a valid config, as `lz validate` and `lz synth` print them (empty when there are none). */
export function formatWarnings(file: string, warnings: readonly Problem[]): string[] {
  if (warnings.length === 0) return [];
  return [`${file}: ${warnings.length} warning${warnings.length === 1 ? "" : "s"}`, ...problemLines(file, warnings, "WARNING ")];
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
    return [`${this.file}: ${this.problems.length} problem${this.problems.length === 1 ? "" : "s"} found`, ...problemLines(this.file, this.problems)].join("\n");
  }
}
