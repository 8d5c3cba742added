/**
 * Loads landing-zone.yaml: YAML parse with positions, strict schema, every
 * semantic rule, then resolution. Any problem ends in a ConfigError carrying
 * all of them, each with key path, line:col and a fix: when the schema fails,
 * the rules still run over every part that parsed, so one pass shows all.
 */
import { readFileSync } from "node:fs";
import { basename, resolve as resolvePath } from "node:path";
import { Document, isMap, isScalar, isSeq, LineCounter, Node, parseAllDocuments, visit } from "yaml";
import type { z } from "zod";
import { didYouMean } from "./did-you-mean";
import { locate } from "./locate";
import { ConfigError, ConfigPath, Problem } from "./problem";
import { resolve } from "./resolve";
import { checkRules, configRules, ParsedParts } from "./rules";
import { WARNING_RULES } from "./rules-warnings";
import { accountComputeSchema, accountIdentitySchema, configSchema, ParsedAccount, ParsedConfig } from "./schema";
import { LandingZoneConfig } from "./types";

export const DEFAULT_CONFIG_FILE = "landing-zone.yaml";

/** The config file to use: an explicit path, else LZ_CONFIG, else ./landing-zone.yaml. */
export function configFilePath(explicit?: string): string {
  return resolvePath(explicit || process.env.LZ_CONFIG || DEFAULT_CONFIG_FILE);
}

export interface LoadOptions {
  /**
   * The guardrail rule ids a suppression may name (src/policy's RULE_IDS).
   * Injected because the policy reads the config, never the other way round;
   * src/load-config.ts passes them for every command.
   * @default suppressions' rule names are not checked
   */
  readonly guardrailRuleIds?: ReadonlySet<string>;
}

export function loadConfig(file: string, options: LoadOptions = {}): LandingZoneConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (e as Error).message;
    throw new ConfigError(file, [{ path: [], message: `cannot read the config: ${reason}`, hint: "pass --config <file> or set LZ_CONFIG to your landing-zone.yaml" }]);
  }
  return parseConfig(text, file, options);
}

/** Parses and validates config text; `file` names it in messages. */
export function parseConfig(text: string, file = DEFAULT_CONFIG_FILE, options: LoadOptions = {}): LandingZoneConfig {
  const rules = configRules(options.guardrailRuleIds);
  const { doc, lines, input } = readYaml(text, file);
  const at = (offset: number | undefined) => (offset === undefined ? {} : lines.linePos(offset));
  const withPositions = (ps: Problem[]): Problem[] => ps.map((p) => (p.line ? p : { ...p, ...locate(doc, lines, p.path) }));
  const merges = mergeKeys(doc.contents, []);
  const parsed = configSchema.safeParse(input);
  if (parsed.success && merges.length === 0) {
    const problems = checkRules({ config: parsed.data, everyAccount: true }, rules);
    if (problems.length > 0) throw new ConfigError(file, byPosition(withPositions(problems)));
    const resolved = resolve(parsed.data);
    if (!resolved.config) throw new ConfigError(file, withPositions(resolved.problems));
    const warnings = byPosition(withPositions(WARNING_RULES.flatMap((rule) => rule(parsed.data))));
    SOURCES.set(resolved.config, { file, input, warnings, locate: (path) => locate(doc, lines, path) });
    return resolved.config;
  }
  // Report everything at once: the schema's problems, and those of every rule whose inputs did parse.
  const issues = parsed.success ? [] : parsed.error.issues;
  const mergedMaps = merges.map((m) => m.path);
  const problems = [
    ...merges.map((m) => ({
      path: [...m.path, "<<"],
      message: "YAML merge keys (<<) are not supported",
      hint: "write this entry's keys out in full; anchors (&name) and aliases (*name) of whole values still work",
      ...at(m.offset),
    })),
    // A map with a merge key misses the keys it meant to merge: its other problems are consequences.
    ...issues.filter((i) => !mergedMaps.some((m) => isPrefix(m, i.path as ConfigPath))).flatMap((i) => schemaProblems(i, { input, doc })),
    ...checkRules(parsedParts(input, issues, mergedMaps), rules),
  ];
  throw new ConfigError(file, byPosition(withPositions(problems)));
}

/**
 * The one YAML document of `text`, with line positions and as plain data.
 * Several documents, syntax errors and aliases that cannot resolve end here,
 * each at its position.
 */
function readYaml(text: string, file: string): { doc: Document; lines: LineCounter; input: unknown } {
  const lines = new LineCounter();
  const at = (offset: number | undefined) => (offset === undefined ? {} : lines.linePos(offset));
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (docs.length > 1) {
    const second = lines.linePos(docs[1].range[0]);
    throw new ConfigError(file, [
      {
        path: [],
        message: `${basename(file)} must hold one YAML document; found ${docs.length} (second starts at ${second.line}:${second.col})`,
        hint: "remove the --- separator and keep one document (another landing zone goes in its own file, passed with --config)",
        ...second,
      },
    ]);
  }
  const doc = docs[0] ?? new Document(null);
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({ path: [], message: `YAML syntax: ${e.message.split("\n")[0]}`, hint: "fix the YAML syntax at this position", ...at(e.pos[0]) })),
    );
  }
  const aliasProblems = badAliases(doc);
  if (aliasProblems.length > 0) throw new ConfigError(file, aliasProblems.map(({ offset, ...p }) => ({ ...p, ...at(offset) })));
  try {
    return { doc, lines, input: doc.toJS() ?? {} };
  } catch (e) {
    throw new ConfigError(file, [{ path: [], message: `YAML: ${(e as Error).message}`, hint: "write the values out instead of through aliases" }]);
  }
}

/** Problems sorted by line:col (those without a position last), so they read top to bottom. */
function byPosition(problems: Problem[]): Problem[] {
  const line = (p: Problem) => p.line ?? Number.MAX_SAFE_INTEGER;
  return [...problems].sort((a, b) => line(a) - line(b) || (a.col ?? 0) - (b.col ?? 0));
}

const isPrefix = (prefix: ConfigPath, path: ConfigPath): boolean => prefix.length <= path.length && prefix.every((part, i) => String(part) === String(path[i]));

/** Aliases without an anchor before them, and aliases inside the value they name (which never ends). */
function badAliases(doc: Document): (Problem & { offset?: number })[] {
  const out: (Problem & { offset?: number })[] = [];
  visit(doc, {
    Alias(_key, node, ancestors) {
      const target = node.resolve(doc);
      const offset = node.range?.[0];
      if (!target) out.push({ path: [], message: `YAML alias *${node.source} has no anchor &${node.source} before it`, hint: `define &${node.source} on a value above this line, or write the value here`, offset });
      else if (ancestors.includes(target as never)) out.push({ path: [], message: `YAML alias *${node.source} refers to a value that contains it`, hint: "write the value out instead", offset });
    },
  });
  return out;
}

/** Every `<<` merge key, with the path of the map holding it. */
function mergeKeys(node: unknown, path: ConfigPath): { path: ConfigPath; offset?: number }[] {
  if (isMap(node)) {
    return node.items.flatMap((pair) => {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (key === "<<") return [{ path, offset: (pair.key as Node).range?.[0] }];
      return typeof key === "string" || typeof key === "number" ? mergeKeys(pair.value, [...path, String(key)]) : [];
    });
  }
  if (isSeq(node)) return node.items.flatMap((item, i) => mergeKeys(item, [...path, i]));
  return [];
}

const isRecordSchema = (schema: unknown): boolean => schema !== undefined && defOf(schema).type === "record";

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function valueAt(root: unknown, path: ConfigPath): unknown {
  let node = root;
  for (const part of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

/**
 * The parts of an invalid config that still parse, for the rules: unknown
 * keys and bad entries of free-form mappings dropped (they are reported),
 * maps with merge keys dropped, then each
 * top-level key parsed alone, and each account entry in two halves (its own
 * keys; its compute, left empty when it does not parse).
 */
function parsedParts(input: unknown, issues: readonly Issue[], broken: readonly ConfigPath[]): ParsedParts {
  let data = structuredClone(input);
  for (const issue of issues) {
    const path = issue.path as ConfigPath;
    const node = valueAt(data, path);
    if (issue.code === "unrecognized_keys" && isRecord(node)) for (const key of issue.keys) delete node[key];
    // A bad entry of a free-form mapping (tags, secrets, environment) is reported; the others still count.
    else if (path.length > 0 && isRecordSchema(schemaAt(path.slice(0, -1)))) {
      const parent = valueAt(data, path.slice(0, -1));
      if (isRecord(parent)) delete parent[path[path.length - 1]];
    }
  }
  for (const path of broken) {
    if (path.length === 0) data = null;
    else {
      const parent = valueAt(data, path.slice(0, -1));
      if (parent !== null && typeof parent === "object") (parent as Record<string | number, unknown>)[path[path.length - 1]] = null;
    }
  }
  if (!isRecord(data)) return { config: {}, everyAccount: false };
  const config: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(configSchema.shape)) {
    if (key === "accounts") continue;
    const result = schema.safeParse(data[key]);
    if (result.success) config[key] = result.data;
  }
  let everyAccount = false;
  if (Array.isArray(data.accounts)) {
    const entries: unknown[] = data.accounts;
    const accounts: ParsedAccount[] = new Array<ParsedAccount>(entries.length);
    everyAccount = true;
    for (let i = 0; i < entries.length; i++) {
      const account = parseAccount(entries[i]);
      if (account) accounts[i] = account;
      else everyAccount = false;
    }
    config.accounts = accounts;
  }
  return { config: config as Partial<ParsedConfig>, everyAccount };
}

const pick = (entry: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => k in entry).map((k) => [k, entry[k]]));

function parseAccount(entry: unknown): ParsedAccount | undefined {
  if (!isRecord(entry)) return undefined;
  const identity = accountIdentitySchema.safeParse(pick(entry, Object.keys(accountIdentitySchema.shape)));
  if (!identity.success) return undefined;
  const compute = accountComputeSchema.safeParse(pick(entry, Object.keys(accountComputeSchema.shape)));
  return { ...identity.data, ...(compute.success ? compute.data : accountComputeSchema.parse({})) };
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

/** What hints need besides the issue: the raw input and the YAML document. */
interface IssueContext {
  readonly input: unknown;
  readonly doc: Document;
}

/** Turns one zod issue into problems with a human hint. */
function schemaProblems(issue: Issue, { input, doc }: IssueContext): Problem[] {
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
        const near = didYouMean(key, allowed);
        return {
          path: [...path, key],
          message: `unknown key "${key}"`,
          hint: near ? `did you mean "${near}"?` : `remove it; allowed keys here: ${allowed.join(", ")}`,
        };
      });
    }
    case "invalid_type": {
      const expected = issue.expected === "array" ? "a list" : issue.expected === "object" ? "a mapping" : issue.expected === "int" ? "a whole number" : `a ${issue.expected}`;
      return [{ path, message: `must be ${expected}`, hint: typeHint(issue.expected, expected, path, valueAt(input, path), doc) }];
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
  ou: "use an OU path from organization.organizationalUnits, e.g. Workloads/Prod",
  organizationalUnits: "write OU paths nested with '/', e.g. Workloads/Prod",
  homeRegion: "use a region code such as us-east-1",
  allowedRegions: "use region codes such as us-east-1",
  instanceType: "write <family>.<size>, e.g. t3.micro",
  alarmEmail: "use the address that should receive security alarms",
  name: "use lowercase letters, digits and '-'",
  cidr: "write a network address with its prefix, e.g. 10.16.0.0/20",
  workloadCidrPool: "write a network address with its prefix, e.g. 10.16.0.0/12",
  accessRoleName: "use the role name only, e.g. OrganizationAccountAccessRole",
  rule: "use the rule id printed with the finding, e.g. s3-kms-encryption",
  resource: "use the construct path printed with the finding, e.g. network/hub/vpc",
  reason: "say why the finding is acceptable and who accepted it",
};

/**
 * A hint for a value of the wrong type that fits its field: quoting when the
 * quoted text is what the field wants (an account id, an OU named 2024, an
 * image tag 1.10), else what the field holds.
 */
function typeHint(expected: string, phrase: string, path: ConfigPath, value: unknown, doc: Document): string {
  const field = hintFor(path);
  if (value === null || value === undefined) return field ?? `write ${phrase} here`;
  if (expected === "string") {
    if (typeof value === "object") return `write one value here, not a ${Array.isArray(value) ? "list" : "mapping"}${field ? `; ${field}` : ""}`;
    const node = doc.getIn(path as (string | number)[], true);
    const source = isScalar(node) && node.source !== undefined ? node.source : String(value);
    if (schemaAt(path)?.safeParse(source).success) return `quote it: "${source}"`;
    return field ?? `write text here, in quotes: "${source}"`;
  }
  if (typeof value === "string" && ["number", "int"].includes(expected) && value.trim() !== "" && !Number.isNaN(Number(value))) return `remove the quotes: ${value.trim()}`;
  if (typeof value === "string" && expected === "boolean" && /^(true|false)$/i.test(value.trim())) return `remove the quotes: ${value.trim().toLowerCase()}`;
  return `write ${phrase} here`;
}

interface ZodDef {
  type: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  valueType?: unknown;
  innerType?: unknown;
}
const defOf = (schema: unknown): ZodDef => (schema as { _zod: { def: ZodDef } })._zod.def;

/** The schema of the value at `path`, without optional/default wrappers; undefined where the path leaves the schema. */
function schemaAt(path: ConfigPath): z.ZodType | undefined {
  let schema: unknown = unwrap(configSchema);
  for (const part of path) {
    const def = defOf(schema);
    if (def.type === "object" && typeof part === "string" && def.shape![part]) schema = def.shape![part];
    else if (def.type === "array" && typeof part === "number") schema = def.element;
    else if (def.type === "record") schema = def.valueType;
    else return undefined;
    schema = unwrap(schema);
  }
  return schema as z.ZodType;
}

/** The keys the schema allows at `path`, for "did you mean" hints. */
function allowedKeys(path: ConfigPath): string[] {
  const schema = schemaAt(path);
  const def = schema && defOf(schema);
  return def?.type === "object" ? Object.keys(def.shape!) : [];
}

function unwrap(schema: unknown): unknown {
  let s = schema;
  while (["default", "optional", "nullable", "prefault"].includes(defOf(s).type)) s = defOf(s).innerType;
  return s;
}
