/**
 * Account baseline guardrails: EBS encryption by default, IMDSv2 defaults,
 * the S3 account public access block, the password policy, Access Analyzer
 * and Session Manager preferences; and that every member-account stack
 * applies all of it.
 */
import { SESSION_PREFERENCES_DOCUMENT } from "../../../aws/session-manager";
import { parse as parseYaml } from "yaml";
import { AppModel, StackModel, TfElement } from "../model";
import { AppRule, fail, pass, ResourceRule, StackRule, SubjectVerdict, unknown, Verdict } from "../types";
import { JsonObject } from "../json";
import { boolOf, isObject, isSet, jsonOf, numOf, strOf, UNKNOWN } from "../values";


const isSessionPreferences = (e: TfElement) => e.attrs.name === SESSION_PREFERENCES_DOCUMENT;

/**
 * The parts of the account baseline, as Terraform resources. Regional parts apply in every region of
 * the account (once per provider acting in it); global ones once per account.
 */
export const BASELINE_PARTS: readonly { readonly type: string; readonly label: string; readonly regional: boolean; readonly match?: (e: TfElement) => boolean }[] = [
  { type: "aws_ebs_encryption_by_default", label: "EBS encryption by default", regional: true },
  { type: "aws_ec2_instance_metadata_defaults", label: "IMDSv2 account default", regional: true },
  { type: "aws_s3_account_public_access_block", label: "S3 account public access block", regional: false },
  { type: "aws_iam_account_password_policy", label: "IAM password policy", regional: false },
  { type: "aws_accessanalyzer_analyzer", label: "IAM Access Analyzer", regional: true },
  { type: "aws_ssm_document", label: "Session Manager preferences", regional: true, match: isSessionPreferences },
];

/** The baseline parts a stack applies, and those it lacks (in any region). */
export function baselineParts(stack: StackModel): { present: string[]; missing: string[] } {
  const present: string[] = [];
  const missing: string[] = [];
  for (const part of BASELINE_PARTS) (stack.ofType(part.type).some((e) => !part.match || part.match(e)) ? present : missing).push(part.label);
  return { present, missing };
}

/** The provider reference a resource is created through: `aws` (the default) or `aws.<alias>`. */
export const providerOf = (e: TfElement): string => (typeof e.attrs.provider === "string" ? e.attrs.provider.replace(/^\$\{(.*)\}$/, "$1") : "aws");

/**
 * The regions of the stack's own account: the default AWS provider and every aliased one acting in
 * the same account (same allowed_account_ids), each as `{ provider: "aws" | "aws.<alias>", region }`.
 * Providers into other accounts (e.g. the network account's) are not the stack's account.
 */
export function accountRegions(stack: StackModel): { provider: string; region: string }[] {
  const configs = stack.providers.aws ?? [];
  const main = configs.find((c) => !isSet(c.alias));
  if (!main) return [];
  const account = JSON.stringify(main.allowed_account_ids ?? null);
  return configs
    .filter((c) => JSON.stringify(c.allowed_account_ids ?? null) === account)
    .map((c) => ({ provider: isSet(c.alias) ? `aws.${String(c.alias)}` : "aws", region: String(c.region ?? "?") }));
}

function passwordPolicy(e: TfElement, attr: string, ok: (n: number) => boolean, label: string): Verdict {
  const v = numOf(e.attrs[attr]);
  if (v === UNKNOWN) return unknown(`${attr} is known only at apply time`);
  return v !== undefined && ok(v) ? pass(`${attr} = ${v}`) : fail(`${attr} = ${v ?? "unset"}; needs ${label}`);
}

/** Session Manager preferences from the document's content (JSON or YAML). */
function sessionInputs(e: TfElement): JsonObject | typeof UNKNOWN | undefined {
  const content = e.attrs.content;
  if (typeof content !== "string") return content === undefined ? undefined : UNKNOWN;
  let doc: unknown;
  if (strOf(e.attrs.document_format) === "YAML") {
    if (/^\$\{[^}]*\}$/.test(content.trim())) return UNKNOWN;
    try {
      doc = parseYaml(content);
    } catch {
      return UNKNOWN;
    }
  } else doc = jsonOf(content);
  if (doc === UNKNOWN || !isObject(doc)) return UNKNOWN;
  return isObject(doc.inputs) ? doc.inputs : {};
}

export const baselineRules: ResourceRule[] = [
  {
    id: "baseline-ebs-encryption-default",
    area: "baseline",
    scope: "resource",
    severity: "error",
    title: "EBS encryption by default is on",
    description: "Every new volume and snapshot copy in the region is encrypted, whoever creates it.",
    message: "EBS encryption by default is off",
    fix: "set aws_ebs_encryption_by_default.enabled = true (with aws_ebs_default_kms_key for the account key)",
    refs: { cis: "2.2.1", fsbp: "EC2.7" },
    coverage: "encryption",
    types: ["aws_ebs_encryption_by_default"],
    check(e) {
      const v = boolOf(e.attrs.enabled);
      if (v === UNKNOWN) return unknown("enabled is known only at apply time");
      return v === false ? fail("enabled = false") : pass("enabled = true");
    },
  },
  {
    id: "baseline-imdsv2-default",
    area: "baseline",
    scope: "resource",
    severity: "error",
    title: "The account default requires IMDSv2",
    description: "Instances launched without explicit metadata options still get IMDSv2 only.",
    message: "account metadata defaults do not require IMDSv2",
    fix: 'set aws_ec2_instance_metadata_defaults http_tokens = "required" and http_put_response_hop_limit = 2',
    refs: { fsbp: "EC2.8" },
    types: ["aws_ec2_instance_metadata_defaults"],
    check(e) {
      const tokens = strOf(e.attrs.http_tokens);
      const hops = numOf(e.attrs.http_put_response_hop_limit);
      if (tokens === UNKNOWN || hops === UNKNOWN) return unknown("metadata defaults are known only at apply time");
      if (tokens !== "required") return fail(`http_tokens = ${tokens ?? "no-preference"}`);
      return hops !== undefined && hops > 2 ? fail(`http_put_response_hop_limit = ${hops}`) : pass(`http_tokens = required, hop limit ${hops ?? "no preference"}`);
    },
  },
  {
    id: "baseline-s3-account-public-access-block",
    area: "baseline",
    scope: "resource",
    severity: "error",
    title: "The S3 account public access block has all four flags on",
    description: "The account-level block overrides any bucket that would otherwise become public.",
    message: "S3 account public access block is incomplete",
    fix: "set block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets to true",
    refs: { cis: "2.1.4", fsbp: "S3.1" },
    types: ["aws_s3_account_public_access_block"],
    check(e) {
      const flags = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].map((f) => [f, boolOf(e.attrs[f])] as const);
      if (flags.some(([, v]) => v === UNKNOWN)) return unknown("flags are known only at apply time");
      const off = flags.filter(([, v]) => v !== true).map(([f]) => f);
      return off.length ? fail(`${off.join(", ")} not true`) : pass("all four flags on");
    },
  },
  {
    id: "iam-password-length",
    area: "baseline",
    scope: "resource",
    severity: "error",
    title: "IAM passwords are at least 14 characters",
    description: "Length is the strongest defence against guessing.",
    message: "password policy allows passwords under 14 characters",
    fix: "set minimum_password_length = 14 or more",
    refs: { cis: "1.8", fsbp: "IAM.15", checkov: "CKV_AWS_10" },
    types: ["aws_iam_account_password_policy"],
    check: (e) => passwordPolicy(e, "minimum_password_length", (n) => n >= 14, "14 or more"),
  },
  {
    id: "iam-password-reuse",
    area: "baseline",
    scope: "resource",
    severity: "error",
    title: "IAM passwords cannot reuse the last 24",
    description: "Reuse prevention stops cycling back to a leaked password.",
    message: "password policy allows reuse",
    fix: "set password_reuse_prevention = 24",
    refs: { cis: "1.9", fsbp: "IAM.16", checkov: "CKV_AWS_13" },
    types: ["aws_iam_account_password_policy"],
    check: (e) => passwordPolicy(e, "password_reuse_prevention", (n) => n >= 24, "24"),
  },
  {
    id: "iam-password-complexity",
    area: "baseline",
    scope: "resource",
    severity: "error",
    title: "IAM passwords need every character class and expire within 90 days",
    description: "Complexity and expiry are what AWS's strong-password configuration check expects.",
    message: "password policy is weaker than required",
    fix: "set require_lowercase_characters, require_uppercase_characters, require_numbers and require_symbols to true, and max_password_age to 90 or less",
    refs: { fsbp: "IAM.7", checkov: "CKV_AWS_9, CKV_AWS_11, CKV_AWS_12, CKV_AWS_14, CKV_AWS_15" },
    types: ["aws_iam_account_password_policy"],
    check(e) {
      const flags = ["require_lowercase_characters", "require_uppercase_characters", "require_numbers", "require_symbols"].map((f) => [f, boolOf(e.attrs[f])] as const);
      const age = numOf(e.attrs.max_password_age);
      if (flags.some(([, v]) => v === UNKNOWN) || age === UNKNOWN) return unknown("password policy is known only at apply time");
      const problems = flags.filter(([, v]) => v !== true).map(([f]) => `${f} not true`);
      if (age === undefined || age === 0 || age > 90) problems.push(`max_password_age = ${age ?? "unset"}`);
      return problems.length ? fail(problems.join(", ")) : pass(`every character class, max age ${age} days`);
    },
  },
  {
    id: "access-analyzer-external-access",
    area: "baseline",
    scope: "resource",
    severity: "error",
    title: "IAM Access Analyzer watches for external access",
    description: "The external-access analyzer reports resources shared outside the account or organization.",
    message: "analyzer only covers unused access",
    fix: 'set type = "ACCOUNT" (or "ORGANIZATION" in the delegated administrator)',
    refs: { cis: "1.20", fsbp: "IAM.28" },
    types: ["aws_accessanalyzer_analyzer"],
    check(e) {
      const type = strOf(e.attrs.type);
      if (type === UNKNOWN) return unknown("type is known only at apply time");
      return (type ?? "ACCOUNT").endsWith("UNUSED_ACCESS") ? fail(`type = ${type}`) : pass(`type = ${type ?? "ACCOUNT"}`);
    },
  },
  {
    id: "ssm-session-preferences",
    area: "baseline",
    scope: "resource",
    severity: "error",
    title: "Session Manager sessions are logged, KMS-encrypted and time out within 20 minutes",
    description: "Session Manager replaces bastions; its preferences decide whether sessions are recorded, encrypted, and closed when idle.",
    message: "Session Manager preferences are weaker than required",
    fix: "in SSM-SessionManagerRunShell set inputs.cloudWatchLogGroupName, cloudWatchEncryptionEnabled: true, kmsKeyId, idleSessionTimeout <= 20 and runAsEnabled: false",
    refs: {},
    coverage: "logging",
    types: ["aws_ssm_document"],
    check(e) {
      if (!isSessionPreferences(e)) return undefined;
      const inputs = sessionInputs(e);
      if (inputs === UNKNOWN) return unknown("content is an expression known only at apply time; build it with JSON.stringify or Fn.jsonencode of a literal");
      if (!inputs) return fail("no content");
      const idle = numOf(inputs.idleSessionTimeout);
      const problems = [
        !isSet(inputs.cloudWatchLogGroupName) && "no cloudWatchLogGroupName",
        boolOf(inputs.cloudWatchEncryptionEnabled) !== true && "cloudWatchEncryptionEnabled not true",
        !isSet(inputs.kmsKeyId) && "no kmsKeyId (session encryption)",
        (idle === undefined || idle === UNKNOWN || idle > 20) && `idleSessionTimeout = ${String(inputs.idleSessionTimeout ?? "unset")}`,
        boolOf(inputs.runAsEnabled) === true && "runAsEnabled = true",
      ].filter(Boolean);
      return problems.length ? fail(problems.join(", ")) : pass(`logged to ${String(inputs.cloudWatchLogGroupName)}, encrypted, ${String(idle)} min idle timeout`);
    },
  },
];

export const baselineStackRules: StackRule[] = [
  {
    id: "baseline-complete",
    area: "baseline",
    scope: "stack",
    severity: "error",
    title: "A stack that applies the account baseline applies all of it, in every region of its account",
    description:
      "The baseline is one unit: the S3 account public access block and the password policy once per account; EBS encryption by default, IMDSv2 defaults, Access Analyzer and Session Manager preferences in every region the stack's providers reach in its account, since each is regional and people may launch in any allowed region.",
    message: "account baseline incomplete",
    fix: "apply the whole baseline module in this stack, with a provider per allowed region",
    refs: {},
    check(stack) {
      const { present } = baselineParts(stack);
      if (present.length === 0) return undefined;
      const has = (part: (typeof BASELINE_PARTS)[number], provider?: string) =>
        stack.ofType(part.type).some((e) => (!part.match || part.match(e)) && (provider === undefined || providerOf(e) === provider));
      const problems = BASELINE_PARTS.filter((p) => !p.regional && !has(p)).map((p) => `missing ${p.label}`);
      const regions = accountRegions(stack);
      for (const { provider, region } of regions) {
        const missing = BASELINE_PARTS.filter((p) => p.regional && !has(p, provider)).map((p) => p.label);
        if (missing.length) problems.push(`missing in ${region} (provider ${provider}): ${missing.join(", ")}`);
      }
      return problems.length ? fail(problems.join("; ")) : pass(`all six baseline parts, the regional ones in ${regions.map((r) => r.region).join(", ") || "the stack's region"}`);
    },
  },
  {
    id: "ebs-default-key",
    area: "baseline",
    scope: "stack",
    severity: "warning",
    title: "EBS encryption by default uses the account's customer-managed key",
    description: "Without aws_ebs_default_kms_key in the same region, default encryption there uses the AWS-managed aws/ebs key, which cannot be shared or governed.",
    message: "EBS default encryption uses the AWS-managed key",
    fix: "add aws_ebs_default_kms_key with the account key ARN, through the same provider (region) as aws_ebs_encryption_by_default",
    refs: {},
    check(stack) {
      const encryptions = stack.ofType("aws_ebs_encryption_by_default");
      if (encryptions.length === 0) return undefined;
      const keys = stack.ofType("aws_ebs_default_kms_key");
      const without = encryptions.filter((e) => !keys.some((k) => providerOf(k) === providerOf(e)));
      return without.length
        ? fail(`no aws_ebs_default_kms_key through ${without.map((e) => `${providerOf(e)} (for ${e.address})`).join(", ")}`)
        : pass(keys.map((k) => k.address).join(", "));
    },
  },
];

/** True for a stack whose AWS provider assumes a role into a member account. */
export const isMemberAccountStack = (s: StackModel): boolean => (s.providers.aws ?? []).some((p) => isSet(p.assume_role));

/**
 * The account a member-account stack acts in: its default provider's pinned account
 * (`allowed_account_ids`), else the account of the role it assumes.
 */
export function memberAccountOf(s: StackModel): string {
  const main = (s.providers.aws ?? []).find((p) => !isSet(p.alias)) ?? (s.providers.aws ?? [])[0];
  const pinned = Array.isArray(main?.allowed_account_ids) ? main.allowed_account_ids : [];
  if (pinned.length === 1) return String(pinned[0]);
  const roles = Array.isArray(main?.assume_role) ? main.assume_role : [];
  const arn = roles.length ? String((roles[roles.length - 1] as Record<string, unknown>).role_arn ?? "") : "";
  return /^arn:aws:iam::([^:]+):/.exec(arn)?.[1] ?? s.name;
}

export const baselineAppRules: AppRule[] = [
  {
    id: "baseline-every-account",
    area: "baseline",
    scope: "app",
    severity: "error",
    title: "Every member account applies the account baseline",
    description:
      "The baseline is what makes an account safe by default; an account without it is the weak link. Each member account needs it in one of its stacks (an account's access stack, which only creates its deployer role, relies on the account's other stack).",
    message: "member account has no account baseline",
    fix: "apply the baseline module in one stack of this account, as the other account stacks do",
    refs: {},
    reads: BASELINE_PARTS.map((p) => p.type),
    check(app: AppModel): SubjectVerdict[] {
      const members = app.stacks.filter(isMemberAccountStack);
      if (!app.stacks.some((s) => baselineParts(s).present.length > 0)) return [];
      const withBaseline = new Map<string, string>();
      for (const s of members) if (baselineParts(s).present.length > 0) withBaseline.set(memberAccountOf(s), s.name);
      return members.map((s) => {
        const own = baselineParts(s).present.length > 0;
        const other = withBaseline.get(memberAccountOf(s));
        return {
          stack: s.name,
          path: s.name,
          verdict: own
            ? pass("applies the baseline")
            : other
              ? pass(`its account's baseline is applied by stack ${other}`)
              : fail(`no baseline resources in this member-account stack nor in another stack of account ${memberAccountOf(s)}`),
        };
      });
    },
  },
];
