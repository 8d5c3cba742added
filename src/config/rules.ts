/**
 * Semantic rules: each is a small function from the schema-parsed config to
 * the problems it finds. `RULES` lists them all, each with the top-level keys
 * it reads; validation runs every rule whose keys parsed, even when other
 * parts of the file did not, and reports every problem at once.
 */
import { MAX_VPC_PREFIX } from "./addressing";
import { Block, contains, isPrivate, overlaps, parseCidr } from "./cidr";
import { KNOWN_ENDPOINT_SERVICES } from "./endpoint-services";
import { ConfigPath, Problem, problem } from "./problem";
import { AWS_REGIONS, LOG_RETENTION_DAYS } from "./regions";
import { reading, Rule, RuleSpec, ParsedParts } from "./rule-spec";
import { ACCESS_RULES } from "./rules-access";
import { COMPUTE_RULES } from "./rules-compute";
import { ouPaths, SUSPENDED_OU } from "./ous";
import { ParsedConfig } from "./schema";
import { suppressionRules } from "./rules-suppressions";
import {
  LANDING_ZONE_TAG_KEYS,
  MAX_CONFIG_TAGS,
  MAX_RESOURCE_OWN_TAGS,
  MAX_TAG_KEY_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  MAX_TAGS_PER_RESOURCE,
  RESERVED_TAG_PREFIX,
  TAG_CHARACTERS,
  unicodeLength,
} from "./tags";

export type { Rule, RuleSpec, ParsedParts } from "./rule-spec";

/** Runs every rule whose inputs parsed, each on a view holding only the keys it declares. */
export function checkRules(parts: ParsedParts, rules: readonly RuleSpec[] = configRules()): Problem[] {
  return rules.flatMap((rule) => {
    if (rule.reads.some((key) => parts.config[key] === undefined)) return [];
    if (rule.everyAccount && !parts.everyAccount) return [];
    const view = Object.fromEntries(rule.reads.map((key) => [key, parts.config[key]])) as unknown as ParsedConfig;
    return rule.check(view);
  });
}

export const accountTypeCounts: Rule = (c) =>
  (["logging", "network", "security"] as const).flatMap((type) => {
    const n = c.accounts.filter((a) => a.type === type).length;
    return n === 1
      ? []
      : [problem(["accounts"], `needs exactly one account of type ${type}, found ${n}`, n === 0 ? `add an account with type: ${type}` : `keep one ${type} account and make the others type: workload`)];
  });

function duplicates<T>(c: ParsedConfig, key: (a: ParsedConfig["accounts"][number]) => T | undefined, field: string, what: string): Problem[] {
  const seen = new Map<T, number>();
  const out: Problem[] = [];
  c.accounts.forEach((a, i) => {
    const v = key(a);
    if (v === undefined) return;
    const first = seen.get(v);
    if (first === undefined) seen.set(v, i);
    else out.push(problem(["accounts", i, field], `${what} "${String(v)}" is already used by accounts[${first}] (${c.accounts[first].name})`, `give each account its own ${what}`));
  });
  return out;
}

export const uniqueNames: Rule = (c) => duplicates(c, (a) => a.name, "name", "name");
export const uniqueEmails: Rule = (c) => duplicates(c, (a) => a.email.toLowerCase(), "email", "email");
export const uniqueIds: Rule = (c) => [
  ...duplicates(c, (a) => a.id, "id", "account id"),
  ...c.accounts.flatMap((a, i) =>
    a.id === c.organization.managementAccountId
      ? [problem(["accounts", i, "id"], `${a.id} is the management account`, "member accounts must be other accounts; remove this entry or fix the id")]
      : [],
  ),
];

/**
 * Member account ids name accounts that already exist, and an existing account
 * can only be adopted into the organization it already belongs to. Without
 * organization.id the organization stack creates a new organization, and the
 * import of each listed account then fails: one problem per id.
 */
export const memberIdsNeedOrganization: Rule = (c) =>
  c.organization.id !== undefined
    ? []
    : c.accounts.flatMap((a, i) =>
        a.id === undefined
          ? []
          : [
              problem(
                ["accounts", i, "id"],
                `account ${a.id} (${a.name}) is an existing account, but organization.id is not set: the organization stack would create a new organization, which cannot import it`,
                "set organization.id to your organization's o-… id, or remove the ids to have the landing zone create the organization and accounts",
              ),
            ],
      );

export const uniqueOus: Rule = (c) => {
  const seen = new Set<string>();
  return c.organization.organizationalUnits.flatMap((ou, i) => {
    if (!seen.has(ou)) {
      seen.add(ou);
      return [];
    }
    return [problem(["organization", "organizationalUnits", i], `OU "${ou}" is listed twice`, "remove the duplicate")];
  });
};

export const ousExist: Rule = (c) => {
  const known = ouPaths(c);
  return c.accounts.flatMap((a, i) =>
    known.has(a.ou) ? [] : [problem(["accounts", i, "ou"], `unknown OU "${a.ou}"`, `use one of ${[...known].join(", ") || "(none)"} or add it to organization.organizationalUnits`)],
  );
};

export const regionsReal: Rule = (c) => {
  const check = (path: ConfigPath, region: string | undefined) =>
    region === undefined || AWS_REGIONS.has(region) ? [] : [problem(path, `"${region}" is not an AWS region`, "use a region code such as us-east-1 or eu-west-1")];
  return [
    ...check(["homeRegion"], c.homeRegion),
    ...c.allowedRegions.flatMap((r, i) => check(["allowedRegions", i], r)),
    ...check(["state", "region"], c.state.region),
  ];
};

export const homeRegionAllowed: Rule = (c) =>
  c.allowedRegions.includes(c.homeRegion) || !AWS_REGIONS.has(c.homeRegion)
    ? []
    : [problem(["allowedRegions"], `does not include homeRegion ${c.homeRegion}`, `add ${c.homeRegion} to allowedRegions, or the region-guard SCP would lock out the landing zone itself`)];

/** Parses a CIDR field and reports it when invalid or not RFC 1918. */
function privateBlock(path: ConfigPath, cidr: string, out: Problem[]): Block | undefined {
  const block = parseCidr(cidr);
  if (typeof block === "string") {
    out.push(problem(path, block, "write the network address with its prefix length, e.g. 10.16.0.0/20"));
    return undefined;
  }
  if (!isPrivate(block)) {
    out.push(problem(path, `${cidr} is not private (RFC 1918) address space`, "use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"));
    return undefined;
  }
  return block;
}

export const networkCidrs: Rule = (c) => {
  const out: Problem[] = [];
  const hub = privateBlock(["network", "hub", "cidr"], c.network.hub.cidr, out);
  const pool = privateBlock(["network", "workloadCidrPool"], c.network.workloadCidrPool, out);
  if (hub && hub.prefix > MAX_VPC_PREFIX) {
    out.push(problem(["network", "hub", "cidr"], `${hub.cidr} is too small for public, private and transit subnets in each AZ`, `use a /${MAX_VPC_PREFIX} or larger block (e.g. a /16)`));
  }
  if (hub && pool && overlaps(hub, pool)) {
    out.push(problem(["network", "hub", "cidr"], `${hub.cidr} overlaps network.workloadCidrPool ${pool.cidr}`, "move the hub outside the workload pool; spokes route the pool through the Transit Gateway"));
  }
  const prefix = c.network.workloadCidrPrefix;
  if (pool && (prefix < pool.prefix || prefix > MAX_VPC_PREFIX)) {
    out.push(problem(["network", "workloadCidrPrefix"], `/${prefix} blocks cannot be carved from ${pool.cidr} into per-AZ subnets`, `use a prefix between ${pool.prefix} and ${MAX_VPC_PREFIX}`));
  }
  const placed: { block: Block; index: number }[] = [];
  c.accounts.forEach((a, i) => {
    if (a.cidr === undefined) return;
    const path: ConfigPath = ["accounts", i, "cidr"];
    if (a.type !== "workload") {
      out.push(problem(path, `a ${a.type} account takes its network from network.hub, not cidr`, "remove cidr from this account"));
      return;
    }
    const block = privateBlock(path, a.cidr, out);
    if (!block) return;
    if (block.prefix > MAX_VPC_PREFIX) out.push(problem(path, `${a.cidr} is too small for private and transit subnets in each AZ`, `use a /${MAX_VPC_PREFIX} or larger block`));
    if (pool && !contains(pool, block)) out.push(problem(path, `${a.cidr} lies outside network.workloadCidrPool ${pool.cidr}`, "pick a block inside the pool, or omit cidr to allocate one"));
    if (hub && overlaps(hub, block)) out.push(problem(path, `${a.cidr} overlaps the hub ${hub.cidr}`, "pick a block that does not overlap network.hub.cidr"));
    const clash = placed.find((p) => overlaps(p.block, block));
    if (clash) out.push(problem(path, `${a.cidr} overlaps accounts[${clash.index}].cidr (${clash.block.cidr})`, "give each workload its own block, or omit cidr to allocate a free one"));
    placed.push({ block, index: i });
  });
  return out;
};

export const availabilityZones: Rule = (c) => {
  const n = c.network.hub.availabilityZones;
  return n === 2 || n === 3 ? [] : [problem(["network", "hub", "availabilityZones"], `${n} availability zones is not supported`, "use 2 or 3")];
};

export const transitGatewayAsn: Rule = (c) => {
  const asn = c.network.hub.transitGatewayAsn;
  const ok = (asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294);
  return ok ? [] : [problem(["network", "hub", "transitGatewayAsn"], `${asn} is not a private ASN`, "use 64512-65534 or 4200000000-4294967294")];
};

export const interfaceEndpoints: Rule = (c) => {
  const seen = new Set<string>();
  return c.network.hub.interfaceEndpoints.flatMap((s, i) => {
    const path: ConfigPath = ["network", "hub", "interfaceEndpoints", i];
    if (!KNOWN_ENDPOINT_SERVICES.includes(s)) return [problem(path, `unknown interface endpoint service "${s}"`, `use one of ${KNOWN_ENDPOINT_SERVICES.join(", ")}`)];
    if (seen.has(s)) return [problem(path, `"${s}" is listed twice`, "remove the duplicate")];
    seen.add(s);
    return [];
  });
};

export const logRetention: Rule = (c) => {
  const d = c.logging.retentionDays;
  if (!LOG_RETENTION_DAYS.includes(d)) {
    return [problem(["logging", "retentionDays"], `${d} is not a retention CloudWatch Logs accepts`, `use one of ${LOG_RETENTION_DAYS.filter((v) => v >= 365).join(", ")}`)];
  }
  if (d < 365) return [problem(["logging", "retentionDays"], `${d} days is below the 365-day minimum for audit logs`, "use 365 or more")];
  return [];
};

export const archiveLifecycle: Rule = (c) => {
  const { transitionToGlacierDays: t, expireAfterDays: e } = c.logging.archive;
  return e > t ? [] : [problem(["logging", "archive", "expireAfterDays"], `expiry after ${e} days is not later than the Glacier transition at ${t} days`, "expire after the transition, e.g. 2555 days (7 years)")];
};

export const archiveObjectLock: Rule = (c) => {
  const { objectLockGovernanceDays: lock, expireAfterDays: e } = c.logging.archive;
  return lock === undefined || lock <= e
    ? []
    : [problem(["logging", "archive", "objectLockGovernanceDays"], `an Object Lock retention of ${lock} days outlasts the archive's expiry after ${e} days`, `use at most ${e} days, or expire later`)];
};

/**
 * Security services that need another one switched on. Security Hub's controls (FSBP, CIS v3.0) are AWS
 * Config rules: "To receive control findings in Security Hub, your account must have AWS Config enabled in
 * each AWS Region where Security Hub is enabled ... in the administrator account and all member accounts"
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-prereq-config.html). The guardrails
 * (config-recorder-every-account) then hold the recorders to every account and region.
 */
export const securityServicesConsistent: Rule = (c) => {
  const s = c.securityServices;
  return s.securityHub && !s.config
    ? [
        problem(
          ["securityServices", "config"],
          "securityServices.config is off while securityHub is on: Security Hub's standards (FSBP, CIS v3.0) run as AWS Config rules and need AWS Config recording in every account and region",
          "turn securityServices.config on, or securityHub off",
        ),
      ]
    : [];
};

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters long; S3 allows 3 to 63`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return "may hold only lowercase letters, digits, '.' and '-', and must start and end with a letter or digit";
  if (name.includes("..")) return "must not contain two adjacent periods";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "must not look like an IP address";
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return "must not start with xn--, sthree- or amzn-s3-demo-";
  if (/(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(name)) return "must not end with an S3 reserved suffix";
  return undefined;
}

export const stateBucketName: Rule = (c) => {
  const why = bucketNameProblem(c.state.bucket);
  return why ? [problem(["state", "bucket"], `bucket name "${c.state.bucket}" ${why}`, "pick a valid S3 bucket name, e.g. <name>-tfstate-<management account id>")] : [];
};

/**
 * Organizations nests OUs at most five levels deep under the root.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
export const MAX_OU_DEPTH = 5;

export const ouDepth: Rule = (c) =>
  c.organization.organizationalUnits.flatMap((ou, i) => {
    const depth = ou.split("/").length;
    return depth <= MAX_OU_DEPTH
      ? []
      : [problem(["organization", "organizationalUnits", i], `OU "${ou}" is ${depth} levels deep; AWS Organizations nests OUs at most ${MAX_OU_DEPTH} levels under the root`, `flatten it to at most ${MAX_OU_DEPTH} levels, e.g. ${ou.split("/").slice(0, MAX_OU_DEPTH).join("/")}`)];
  });

/** Only a workload account can be retired: the logging and network accounts hold the whole organization's logs and hub. */
export const retiredWorkloadsOnly: Rule = (c) =>
  c.accounts.flatMap((a, i) =>
    a.retired && a.type !== "workload"
      ? [problem(["accounts", i, "retired"], `a ${a.type} account cannot be retired: every account's ${a.type === "logging" ? "audit logs" : "network"} depends on it`, "remove retired: move its role to another account first")]
      : [],
  );

/** The Suspended OU holds retired accounts under a deny-all SCP; an active account placed there would be locked out. */
export const suspendedOuReserved: Rule = (c) =>
  c.accounts.flatMap((a, i) =>
    !a.retired && (a.ou === SUSPENDED_OU || a.ou.startsWith(`${SUSPENDED_OU}/`))
      ? [problem(["accounts", i, "ou"], `OU ${SUSPENDED_OU} is reserved for retired accounts (a deny-all SCP is attached to it)`, `pick another OU, or retire the account with: lz retire --name ${a.name}`)]
      : [],
  );

/** OU ids name OUs of an existing organization, one per listed path. */
export const ouIdsKnown: Rule = (c) => {
  const known = ouPaths(c);
  const seen = new Map<string, string>();
  return Object.entries(c.organization.organizationalUnitIds).flatMap(([path, id]) => {
    const at: ConfigPath = ["organization", "organizationalUnitIds", path];
    const out: Problem[] = [];
    if (c.organization.id === undefined) out.push(problem(at, `OU ${id} is an existing OU, but organization.id is not set`, "set organization.id to your organization's o-… id, or remove organizationalUnitIds"));
    if (!known.has(path)) out.push(problem(at, `"${path}" is not one of organization.organizationalUnits`, `use one of ${[...known].join(", ") || "(none)"}, or add the path to organization.organizationalUnits`));
    const other = seen.get(id);
    if (other !== undefined) out.push(problem(at, `OU id ${id} is already the id of ${other}`, "give each OU path its own id"));
    seen.set(id, path);
    return out;
  });
};

/** Tags AWS would refuse on every resource (see ./tags.ts for the limits and their source). */
export const tagsValid: Rule = (c) => {
  const entries = Object.entries(c.tags);
  const out: Problem[] = entries.flatMap(([key, value]) => {
    const path: ConfigPath = ["tags", key];
    const found: Problem[] = [];
    if (RESERVED_TAG_PREFIX.test(key)) found.push(problem(path, `tag key "${key}" starts with aws:, which AWS reserves`, "rename the key without the aws: prefix"));
    else if (LANDING_ZONE_TAG_KEYS.includes(key)) found.push(problem(path, `tag key "${key}" is set by the landing zone on every resource`, `use another key; the landing zone sets ${LANDING_ZONE_TAG_KEYS.join(", ")}`));
    if (key.length === 0) found.push(problem(path, "a tag key cannot be empty", "give the tag a key"));
    if (unicodeLength(key) > MAX_TAG_KEY_LENGTH) found.push(problem(path, `tag key is ${unicodeLength(key)} characters long; AWS allows ${MAX_TAG_KEY_LENGTH}`, `shorten the key to at most ${MAX_TAG_KEY_LENGTH} characters`));
    if (!TAG_CHARACTERS.test(key)) found.push(problem(path, `tag key "${key}" holds characters AWS does not accept`, "use letters, numbers, spaces and _ . : / = + - @ only"));
    if (RESERVED_TAG_PREFIX.test(value)) found.push(problem(path, `tag value "${value}" starts with aws:, which AWS reserves`, "write the value without the aws: prefix"));
    if (unicodeLength(value) > MAX_TAG_VALUE_LENGTH) found.push(problem(path, `tag value is ${unicodeLength(value)} characters long; AWS allows ${MAX_TAG_VALUE_LENGTH}`, `shorten the value to at most ${MAX_TAG_VALUE_LENGTH} characters`));
    if (!TAG_CHARACTERS.test(value)) found.push(problem(path, `tag value "${value}" holds characters AWS does not accept`, "use letters, numbers, spaces and _ . : / = + - @ only"));
    return found;
  });
  if (entries.length > MAX_CONFIG_TAGS) {
    out.push(
      problem(
        ["tags"],
        `${entries.length} tags, with the landing zone's own ${LANDING_ZONE_TAG_KEYS.length} and the ${MAX_RESOURCE_OWN_TAGS} an EC2 instance sets itself, exceed AWS's ${MAX_TAGS_PER_RESOURCE} tags per resource`,
        `keep at most ${MAX_CONFIG_TAGS} tags here`,
      ),
    );
  }
  return out;
};

/** The rule table: validation runs each in order. */
export const RULES: readonly RuleSpec[] = [
  { check: accountTypeCounts, reads: ["accounts"], everyAccount: true },
  reading(uniqueNames, "accounts"),
  reading(uniqueEmails, "accounts"),
  reading(uniqueIds, "accounts", "organization"),
  reading(memberIdsNeedOrganization, "accounts", "organization"),
  reading(uniqueOus, "organization"),
  reading(ouDepth, "organization"),
  reading(ousExist, "accounts", "organization"),
  reading(ouIdsKnown, "organization"),
  reading(retiredWorkloadsOnly, "accounts"),
  reading(suspendedOuReserved, "accounts"),
  reading(regionsReal, "homeRegion", "allowedRegions", "state"),
  reading(homeRegionAllowed, "homeRegion", "allowedRegions"),
  reading(networkCidrs, "network", "accounts"),
  reading(availabilityZones, "network"),
  reading(transitGatewayAsn, "network"),
  reading(interfaceEndpoints, "network"),
  reading(logRetention, "logging"),
  reading(archiveLifecycle, "logging"),
  reading(archiveObjectLock, "logging"),
  reading(securityServicesConsistent, "securityServices"),
  reading(stateBucketName, "state"),
  reading(tagsValid, "tags"),
  ...COMPUTE_RULES,
  ...ACCESS_RULES,
];

/** Every rule, with the suppression rules; `guardrailRuleIds` (from src/policy) adds the check that each suppression names a known rule. */
export function configRules(guardrailRuleIds?: ReadonlySet<string>): RuleSpec[] {
  return [...RULES, ...suppressionRules(guardrailRuleIds)];
}
