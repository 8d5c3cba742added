/**
 * Account vending as a config edit: a new workload entry (no `id`, so the
 * organization stack creates the account) is appended to `accounts`, with
 * its CIDR allocated from the pool and pinned in the entry, so later edits
 * to the file can never move it. The result is validated by the same loader
 * as `lz validate`; any problem is reported and nothing is returned to write.
 */
import { isDeepStrictEqual } from "node:util";
import { LineCounter, parseDocument } from "yaml";
import { overlaps, parseCidr } from "../config/cidr";
import { parseConfig } from "../load-config";
import { locate } from "../config/locate";
import { ConfigError, ConfigPath, Problem } from "../config/problem";
import { allocateWorkloadCidrs } from "../config/resolve";
import { ouPaths } from "../config/ous";
import { ACCOUNT_NAME, accountSchema, configSchema } from "../config/schema";
import { LandingZoneConfig } from "../config/types";
import { accessStackName, IDENTITY_CENTER, LOGGING, ORGANIZATION, SECURITY, workloadStackName } from "../stacks/names";
import { appendAccount, InsertError } from "./insert";

export interface VendRequest {
  /** Account name; the stack is workload-<name>. */
  readonly name: string;
  readonly email: string;
  /** OU path, one of organization.organizationalUnits (or a parent implied by one). */
  readonly ou: string;
  /** Explicit spoke CIDR; omitted: the next free block of the pool. */
  readonly cidr?: string;
}

export interface VendResult {
  /** The new config text; the caller writes it. */
  readonly text: string;
  /** Index of the new entry in accounts. */
  readonly index: number;
  readonly name: string;
  readonly email: string;
  readonly ou: string;
  /** The workload stack that will hold the account's resources. */
  readonly stack: string;
  readonly cidr: string;
  readonly cidrSource: "pool" | "explicit";
  /** The validated config after the edit. */
  readonly config: LandingZoneConfig;
}

const FLAGS: Record<string, string> = { name: "--name", email: "--email", ou: "--ou", cidr: "--cidr" };

/** Problems with the request itself, before anything is allocated. */
function requestProblems(text: string, before: LandingZoneConfig, request: VendRequest): Problem[] {
  const parsed = configSchema.parse(parseDocument(text).toJS());
  const problems: Problem[] = [];
  if (!ACCOUNT_NAME.test(request.name)) {
    problems.push({ path: ["accounts"], message: `--name "${request.name}" is not a valid account name`, hint: "use 2-32 characters of a-z, 0-9 and '-', starting with a letter" });
  }
  if (!accountSchema.shape.email.safeParse(request.email).success) {
    problems.push({ path: ["accounts"], message: `--email "${request.email}" is not an email address`, hint: "use the new account's root address, e.g. aws+<name>@your-domain" });
  }
  before.accounts.forEach((a, i) => {
    if (a.name === request.name) {
      problems.push({ path: ["accounts", i, "name"], message: `--name ${request.name} is taken by this account`, hint: "choose another name; each account gets its own stack, workload-<name>" });
    }
    if (a.email.toLowerCase() === request.email.toLowerCase()) {
      problems.push({ path: ["accounts", i, "email"], message: `--email ${request.email} is already the address of ${a.name}`, hint: "AWS needs a unique email per account, e.g. aws+<name>@your-domain" });
    }
  });
  const known = [...ouPaths(parsed)];
  if (!known.includes(request.ou)) {
    problems.push({ path: ["organization", "organizationalUnits"], message: `--ou ${request.ou}: unknown OU`, hint: `use one of ${known.join(", ") || "(none)"}, or add it to organization.organizationalUnits first` });
  }
  if (request.cidr !== undefined) {
    const block = parseCidr(request.cidr);
    if (typeof block !== "string") {
      for (const w of before.workloads) {
        const used = parseCidr(w.cidr);
        if (w.cidrSource === "pool" && typeof used !== "string" && overlaps(used, block)) {
          const index = before.accounts.findIndex((a) => a.name === w.name);
          problems.push({ path: ["accounts", index], message: `--cidr ${request.cidr} overlaps ${w.cidr}, allocated to ${w.name}`, hint: "omit --cidr to take the next free block, or pick one no workload uses" });
        }
      }
    }
  }
  return withPositions(text, problems);
}

function withPositions(text: string, problems: Problem[]): Problem[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return problems.map((p) => (p.path.length > 0 ? { ...p, ...locate(doc, lines, p.path) } : p));
}

/** The next free block of the pool for an entry appended at the end of accounts. */
function nextFreeCidr(text: string, file: string, request: VendRequest): string {
  const parsed = configSchema.parse(parseDocument(text).toJS());
  // Through the account schema, so the new entry gets every default (empty compute lists…).
  const accounts = [...parsed.accounts, accountSchema.parse({ name: request.name, type: "workload", email: request.email, ou: request.ou })];
  const { cidrs, problems } = allocateWorkloadCidrs({ ...parsed, accounts });
  const cidr = cidrs.get(accounts.length - 1);
  if (!cidr) {
    throw new ConfigError(
      file,
      withPositions(text, [{ path: ["network", "workloadCidrPool"], message: problems[0]?.message ?? "the workload pool is full", hint: "enlarge the pool or use a longer network.workloadCidrPrefix, or pass --cidr with a free block" }]),
    );
  }
  return cidr;
}

/** Re-labels problems found in the new entry with the flag that set the value. */
function relabel(error: ConfigError, index: number): ConfigError {
  const problems = error.problems.map((p) => {
    if (p.path[0] !== "accounts" || p.path[1] !== index) return p;
    const flag = FLAGS[String(p.path[2])];
    return { path: [] as ConfigPath, message: `${flag ? `${flag}: ` : "new account: "}${p.message}`, hint: p.hint };
  });
  return new ConfigError(error.file, problems);
}

/**
 * Computes the vend: the edited text and what it creates. Throws ConfigError
 * (every problem, with positions) when the config or the request is invalid.
 */
export function vend(text: string, file: string, request: VendRequest): VendResult {
  const before = parseConfig(text, file);
  const problems = requestProblems(text, before, request);
  if (problems.length > 0) throw new ConfigError(file, problems);

  const cidr = request.cidr ?? nextFreeCidr(text, file, request);
  const entry = { name: request.name, type: "workload", email: request.email, ou: request.ou, cidr };
  let edited: string;
  try {
    edited = appendAccount(text, entry);
  } catch (e) {
    if (e instanceof InsertError) throw new ConfigError(file, withPositions(text, [{ path: ["accounts"], message: e.message, hint: "edit the file by hand, or reformat accounts as a block list" }]));
    throw e;
  }
  const index = before.accounts.length;
  let after: LandingZoneConfig;
  try {
    after = parseConfig(edited, file);
  } catch (e) {
    if (e instanceof ConfigError) throw relabel(e, index);
    throw e;
  }

  // The edit must add exactly this entry, and move no other workload's network.
  const expected = parseDocument(text).toJS() as { accounts: unknown[] };
  expected.accounts.push(entry);
  if (!isDeepStrictEqual(parseDocument(edited).toJS(), expected)) throw new Error("internal error: the edited config differs from the original by more than the new account");
  for (const w of before.workloads) {
    const now = after.workloads.find((x) => x.name === w.name);
    if (now?.cidr !== w.cidr) throw new Error(`internal error: vending would move ${w.name} from ${w.cidr} to ${now?.cidr}`);
  }
  return {
    text: edited,
    index,
    name: request.name,
    email: request.email,
    ou: request.ou,
    stack: workloadStackName(request.name),
    cidr,
    cidrSource: request.cidr ? "explicit" : "pool",
    config: after,
  };
}

/**
 * The stacks a vend of `name` changes, in apply order: the organization creates the account;
 * access-<name> its deployer role; logging's Config bucket and key policies name every account (the new
 * one's recorders deliver there); the workload stack; security associates the account with Inspector
 * and activates its scans (auto-enable may miss it); identity-center gives it its OU's assignments.
 * test/plan/changed.test.ts checks this list against what lz plan --changed selects for a vend.
 */
export function vendedStacks(config: LandingZoneConfig, name: string): string[] {
  const services = config.securityServices;
  return [ORGANIZATION, accessStackName(name), ...(services.config ? [LOGGING] : []), workloadStackName(name), ...(services.inspector ? [SECURITY] : []), IDENTITY_CENTER];
}
