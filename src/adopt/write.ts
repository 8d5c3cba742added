/**
 * Writes `landing-zone.yaml` for an organization that already exists (`lz adopt`), with the `yaml`
 * library's Document API so every block carries a comment saying what it is and what to check.
 *
 * What the organization says is written as it is: `organization.id`, the management account, every OU
 * (path and id: the organization stack imports them) and every active member account (id, email, OU).
 * What it cannot say is either a documented default (network ranges, the state bucket name) or, where a
 * default would be a guess with consequences, a placeholder the config refuses until the user chooses:
 * - an account's `type`: `logging`, `network` or `security` (Audit) only when exactly one account's name says so
 *   (`log-archive`, `Log Archive`; `network`), else `CHOOSE` (or `--type NAME=TYPE` on the command line):
 *   a workload account gets a spoke VPC and compute, which nobody should get by guess;
 * - the `ou` of an account at the root: the landing zone places every account in an OU.
 */
import { Document, isMap, isScalar, LineCounter, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq } from "yaml";
import { ACCOUNT_NAME, ACCOUNT_TYPES, DEFAULT_INTERFACE_ENDPOINTS } from "../config/schema";
import { AdoptedAccount, AdoptedOrganization } from "./read";

/** The first line of every file adopt writes; `--force` overwrites only a file that starts with it. */
export const ADOPT_MARKER = "Written by lz adopt";
/** The value of a key the user must choose; refused by validation until replaced. */
export const PLACEHOLDER = "CHOOSE";

export interface AdoptOptions {
  /** The landing zone's name (prefixes resource names). */
  readonly name: string;
  readonly region: string;
  /** Account types chosen on the command line, by account name as written (after renaming). */
  readonly types?: Readonly<Record<string, string>>;
}

export interface AdoptedConfig {
  readonly text: string;
  /** Accounts left out (not ACTIVE), with why. */
  readonly skipped: readonly string[];
  /** Account name in the config -> name in Organizations, where they differ. */
  readonly renamed: Readonly<Record<string, string>>;
}

/** An Organizations account name as a landing zone account name: a-z, 0-9 and '-', starting with a letter. */
export function accountName(name: string, taken: ReadonlySet<string>): string {
  let base = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (!/^[a-z]/.test(base)) base = `account-${base}`;
  base = base.slice(0, 32).replace(/-+$/, "");
  if (base.length < 2) base = "account";
  let candidate = base;
  for (let n = 2; taken.has(candidate) || !ACCOUNT_NAME.test(candidate); n++) candidate = `${base.slice(0, 29)}-${n}`;
  return candidate;
}

const LOGGING_NAME = /log/i;
const NETWORK_NAME = /network/i;
/** Control Tower and the AWS Security Reference Architecture call the security tooling account "Audit". */
const SECURITY_NAME = /audit|security/i;

/** `logging` / `network` / `security` where exactly one account's name says so; nothing for every other account. */
function inferTypes(accounts: readonly AdoptedAccount[]): Map<string, "logging" | "network" | "security"> {
  const out = new Map<string, "logging" | "network" | "security">();
  for (const [type, pattern] of [["logging", LOGGING_NAME], ["network", NETWORK_NAME], ["security", SECURITY_NAME]] as const) {
    const matches = accounts.filter((a) => pattern.test(a.name));
    if (matches.length === 1 && !out.has(matches[0].id)) out.set(matches[0].id, type);
  }
  return out;
}

function comment(map: YAMLMap, key: string, text: string, inline = false): void {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<Scalar, unknown> | undefined;
  if (!pair) throw new Error(`internal error: no key ${key}`);
  if (inline) {
    const value = pair.value;
    if (isScalar(value)) value.comment = ` ${text}`;
    else if (isMap(value) || (value && typeof value === "object")) (value as { comment?: string }).comment = ` ${text}`;
  } else pair.key.commentBefore = text.split("\n").map((l) => ` ${l}`).join("\n");
}

export function adoptConfig(org: AdoptedOrganization, options: AdoptOptions): AdoptedConfig {
  const active = org.accounts.filter((a) => a.state === "ACTIVE");
  const skipped = org.accounts.filter((a) => a.state !== "ACTIVE").map((a) => `${a.name} (${a.id}): ${a.state}, left out`);
  const inferred = inferTypes(active);
  const taken = new Set<string>();
  const renamed: Record<string, string> = {};
  const entries = active.map((a) => {
    const name = accountName(a.name, taken);
    taken.add(name);
    if (name !== a.name) renamed[name] = a.name;
    const chosen = options.types?.[name] ?? options.types?.[a.name];
    const type = chosen ?? inferred.get(a.id) ?? PLACEHOLDER;
    return { account: a, name, type, how: chosen ? "chosen" : inferred.has(a.id) ? "inferred" : "placeholder" };
  });

  const config = {
    name: options.name,
    homeRegion: options.region,
    allowedRegions: [options.region],
    organization: {
      id: org.id,
      managementAccountId: org.managementAccountId,
      accessRoleName: "OrganizationAccountAccessRole",
      organizationalUnits: org.units.map((u) => u.path),
      organizationalUnitIds: Object.fromEntries(org.units.map((u) => [u.path, u.id])),
    },
    state: { bucket: `${options.name}-tfstate-${org.managementAccountId}` },
    // displayName keeps the account's name in Organizations where the config's name had to differ.
    accounts: entries.map((e) => ({ name: e.name, ...(renamed[e.name] ? { displayName: e.account.name } : {}), type: e.type, id: e.account.id, email: e.account.email, ou: e.account.ou ?? PLACEHOLDER })),
    network: { hub: { cidr: "10.0.0.0/16", availabilityZones: 3, natGateways: "per-az", interfaceEndpoints: DEFAULT_INTERFACE_ENDPOINTS }, workloadCidrPool: "10.16.0.0/12", workloadCidrPrefix: 20 },
    logging: { retentionDays: 365, alarmEmail: org.managementAccountEmail || "secops@example.com" },
  };

  const doc = new Document(config);
  doc.commentBefore = [
    ` ${ADOPT_MARKER} from organization ${org.id} (management account ${org.managementAccountId}).`,
    ` Everything the organization holds is written as it is; values marked ${PLACEHOLDER} are yours to choose, and`,
    ` lz validate refuses the file until they are chosen. Then: lz validate, lz synth, lz plan (the organization`,
    ` stack imports the organization, its OUs and accounts: its plan creates none of them).`,
  ].join("\n");
  const root = doc.contents as YAMLMap;
  comment(root, "name", "Prefix of every resource name the landing zone creates (2-20 characters of a-z, 0-9, '-').");
  comment(root, "homeRegion", "Where every stack deploys; allowedRegions drives the region-guard SCP: add the regions you use.");
  comment(root, "organization", "Your existing organization: the organization stack imports it, and every OU below by its id.");
  const orgMap = root.get("organization") as YAMLMap;
  comment(orgMap, "accessRoleName", "The role Organizations creates in accounts it creates. Accounts that were invited have it only if someone created it.");
  comment(orgMap, "organizationalUnits", "Every OU of the organization, by path.");
  comment(orgMap, "organizationalUnitIds", "Their ids: imported, never created again.");
  comment(root, "state", "The S3 bucket the bootstrap stack creates for every stack's state (globally unique name).");
  comment(
    root,
    "accounts",
    [
      "Every active member account, with its id (imported, never created or closed) and its current OU; displayName",
      "is its name in Organizations where that is not a valid config name (kept: the account is not renamed).",
      `type: logging, network and security (an "Audit" account) are inferred only from an account's name when exactly`,
      `one matches; every other account is ${PLACEHOLDER}: choose logging, network or security (exactly one each; vend a`,
      `security account if you have none) or workload (gets a spoke VPC`,
      `and the compute you list), or pass --type NAME=TYPE to lz adopt. An ou of ${PLACEHOLDER} is an account at the`,
      "root: choose its OU.",
      ...(skipped.length ? ["Left out:", ...skipped.map((s) => `  ${s}`)] : []),
    ].join("\n"),
  );
  const list = root.get("accounts") as unknown as { items: YAMLMap[] };
  entries.forEach((e, i) => {
    const item = list.items[i];
    const notes: string[] = [];
    if (e.how === "inferred") notes.push(`type inferred from the name`);
    if (e.how === "placeholder") notes.push(`choose: ${ACCOUNT_TYPES.join(" | ")}`);
    if (notes.length) comment(item, "type", notes.join("; "), true);
    if (!e.account.ou) comment(item, "ou", "at the root: choose an OU", true);
  });
  comment(root, "network", "Hub and spoke address space: pick ranges that overlap none of your existing networks.");
  comment(root, "logging", "Audit logs: retention in days (at least 365) and who receives the security alarms (the management account's email until you change it).");
  return { text: doc.toString({ lineWidth: 0 }), skipped, renamed };
}

/** Every value of `text` still set to the placeholder, as `accounts[0].type (name) line:col`. */
export function placeholders(text: string): string[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const accounts = doc.get("accounts") as YAMLSeq<YAMLMap> | undefined;
  const out: string[] = [];
  accounts?.items.forEach((item, i) => {
    for (const key of ["type", "ou"]) {
      const node = item.get(key, true);
      if (isScalar(node) && node.value === PLACEHOLDER && node.range) {
        const { line, col } = lines.linePos(node.range[0]);
        out.push(`accounts[${i}].${key} (${String(item.get("name"))}) line ${line}:${col}`);
      }
    }
  });
  return out;
}
