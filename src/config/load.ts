/**
 * Loads landing-zone.yaml: YAML parse with positions, strict schema, every
 * semantic rule, then resolution. Any problem ends in a ConfigError carrying
 * all of them, each with key path, line:col and a fix.
 */
import { readFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { locate } from "./locate";
import { ConfigError, ConfigPath, Problem } from "./problem";
import { resolve } from "./resolve";
import { RULES } from "./rules";
import { WARNING_RULES } from "./rules-warnings";
import { configSchema } from "./schema";
import { LandingZoneConfig } from "./types";

export const DEFAULT_CONFIG_FILE = "landing-zone.yaml";

/** The config file to use: an explicit path, else LZ_CONFIG, else ./landing-zone.yaml. */
export function configFilePath(explicit?: string): string {
  return resolvePath(explicit || process.env.LZ_CONFIG || DEFAULT_CONFIG_FILE);
}

export function loadConfig(file: string): LandingZoneConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (e as Error).message;
    throw new ConfigError(file, [{ path: [], message: `cannot read the config: ${reason}`, hint: "pass --config <file> or set LZ_CONFIG to your landing-zone.yaml" }]);
  }
  return parseConfig(text, file);
}

/** Parses and validates config text; `file` names it in messages. */
export function parseConfig(text: string, file = DEFAULT_CONFIG_FILE): LandingZoneConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { path: [], message: `YAML syntax: ${e.message.split("\n")[0]}`, hint: "fix the YAML syntax at this position", line: pos.line, col: pos.col };
      }),
    );
  }
  const withPositions = (ps: Problem[]): Problem[] => ps.map((p) => ({ ...p, ...locate(doc, lines, p.path) }));
  const input: unknown = doc.toJS() ?? {};
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(file, withPositions(parsed.error.issues.flatMap((i) => schemaProblems(i, input))));
  const problems = RULES.flatMap((rule) => rule(parsed.data));
  if (problems.length > 0) throw new ConfigError(file, withPositions(problems));
  const resolved = resolve(parsed.data);
  if (!resolved.config) throw new ConfigError(file, withPositions(resolved.problems));
  const warnings = withPositions(WARNING_RULES.flatMap((rule) => rule(parsed.data)));
  SOURCES.set(resolved.config, { file, input, warnings, locate: (path) => locate(doc, lines, path) });
  return resolved.config;
}

/** Where a loaded config came from: its file, the raw input, and key positions. */
export interface ConfigSource {
  readonly file: string;
  /** The YAML as plain data, before defaults. */
  readonly input: unknown;
  /** What the warning rules (rules-warnings.ts) found, positioned; the config is valid regardless. */
  readonly warnings: readonly Problem[];
  /** line:col of a key path, when it exists in the file. */
  locate(path: ConfigPath): { line: number; col: number } | undefined;
}

const SOURCES = new WeakMap<LandingZoneConfig, ConfigSource>();

/** The source of a config returned by loadConfig/parseConfig (undefined for one built in code). */
export function configSource(config: LandingZoneConfig): ConfigSource | undefined {
  return SOURCES.get(config);
}

/** Warnings of a config returned by loadConfig/parseConfig (none for one built in code). */
export function configWarnings(config: LandingZoneConfig): readonly Problem[] {
  return SOURCES.get(config)?.warnings ?? [];
}

/** A ConfigError for problems found after loading (e.g. at synth), positioned in the config's file when known. */
export function configErrorFor(config: LandingZoneConfig, problems: Problem[]): ConfigError {
  const source = configSource(config);
  return new ConfigError(source?.file ?? DEFAULT_CONFIG_FILE, problems.map((p) => ({ ...p, ...source?.locate(p.path) })));
}

type Issue = z.core.$ZodIssue;

/** Turns one zod issue into problems with a human hint. */
function schemaProblems(issue: Issue, input: unknown): Problem[] {
  const path = issue.path as ConfigPath;
  const key = String(path[path.length - 1]);
  if (path.length > 0 && isMissing(input, path)) {
    const hint = hintFor(path);
    return [{ path, message: `missing required key "${key}"`, hint: `add ${key}${hint ? `: ${hint}` : ""}` }];
  }
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeys(path);
      return issue.keys.map((key) => {
        const near = allowed.find((k) => closeEnough(k, key));
        return {
          path: [...path, key],
          message: `unknown key "${key}"`,
          hint: near ? `did you mean "${near}"?` : `remove it; allowed keys here: ${allowed.join(", ")}`,
        };
      });
    }
    case "invalid_type": {
      const expected = issue.expected === "array" ? "a list" : issue.expected === "object" ? "a mapping" : issue.expected === "int" ? "a whole number" : `a ${issue.expected}`;
      return [{ path, message: `must be ${expected}`, hint: issue.expected === "string" ? 'quote the value, e.g. "123456789012"' : `write ${expected} here` }];
    }
    case "invalid_value":
      return [{ path, message: `must be one of ${issue.values.map(String).join(", ")}`, hint: `use one of ${issue.values.map(String).join(", ")}` }];
    case "too_small":
      if (issue.origin === "number") {
        const bound = `${issue.inclusive ? "at least" : "more than"} ${String(issue.minimum)}`;
        return [{ path, message: `must be ${bound}`, hint: `use a number ${bound}` }];
      }
      return [{ path, message: issue.origin === "array" ? `needs at least ${String(issue.minimum)} entr${issue.minimum === 1 ? "y" : "ies"}` : issue.message, hint: "add a value" }];
    default:
      return [{ path, message: issue.message, hint: hintFor(path) ?? "see landing-zone.schema.json for the expected value" }];
  }
}

/** True when the parent of `path` exists in the raw input but lacks its last key. */
function isMissing(input: unknown, path: ConfigPath): boolean {
  let node = input as Record<string | number, unknown> | undefined;
  for (const part of path.slice(0, -1)) {
    if (node === null || typeof node !== "object") return false;
    node = node[part] as typeof node;
  }
  return node !== null && typeof node === "object" && !Array.isArray(node) && !(path[path.length - 1] in node);
}

/** Hints for one key path (string keys joined by '.'), where the last key alone is ambiguous. */
const PATH_HINTS: Record<string, string> = {
  "organization.id": "write your organization's id (aws organizations describe-organization), e.g. o-a1b2c3d4e5, or omit it to create the organization",
};

function hintFor(path: ConfigPath): string | undefined {
  const keys = path.filter((p): p is string => typeof p === "string");
  return PATH_HINTS[keys.join(".")] ?? FIELD_HINTS[keys[keys.length - 1]];
}

const FIELD_HINTS: Record<string, string> = {
  id: 'write the 12-digit account id in quotes, e.g. "123456789012", or omit it to create the account',
  managementAccountId: 'write the 12-digit account id in quotes, e.g. "111111111111"',
  email: "use a unique address, e.g. aws+<account>@example.com",
  alarmEmail: "use the address that should receive security alarms",
  name: "use lowercase letters, digits and '-'",
  cidr: "write a network address with its prefix, e.g. 10.16.0.0/20",
  workloadCidrPool: "write a network address with its prefix, e.g. 10.16.0.0/12",
  accessRoleName: "use the role name only, e.g. OrganizationAccountAccessRole",
  rule: "use the rule id printed with the finding, e.g. s3-kms-encryption",
  resource: "use the construct path printed with the finding, e.g. network/hub/vpc",
  reason: "say why the finding is acceptable and who accepted it",
};

/** The keys the schema allows at `path`, for "did you mean" hints. */
function allowedKeys(path: ConfigPath): string[] {
  let schema: unknown = configSchema;
  for (const part of [...path, undefined]) {
    schema = unwrap(schema);
    if (part === undefined) break;
    const def = (schema as { _zod: { def: { type: string; shape?: Record<string, unknown>; element?: unknown } } })._zod.def;
    if (def.type === "object" && typeof part === "string") schema = def.shape![part];
    else if (def.type === "array") schema = def.element;
    else return [];
  }
  const def = (schema as { _zod: { def: { type: string; shape?: Record<string, unknown> } } })._zod.def;
  return def.type === "object" ? Object.keys(def.shape!) : [];
}

function unwrap(schema: unknown): unknown {
  let s = schema as { _zod: { def: { type: string; innerType?: unknown } } };
  while (["default", "optional", "nullable", "prefault"].includes(s._zod.def.type)) s = s._zod.def.innerType as typeof s;
  return s;
}

/** Edit distance ≤ 2, or the same letters ignoring case: catches typos such as "cdir" or "Email". */
function closeEnough(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length] <= 2;
}

