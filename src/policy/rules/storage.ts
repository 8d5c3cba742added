/** Storage guardrails: S3 buckets (public access, versioning, KMS, TLS, ownership, lifecycle), KMS keys and SNS topics. */
import { refersTo, StackModel, TfElement } from "../model";
import { grants, hasValue, isOpenStatement, policyStatements, sortStatements, Statement } from "../policy-doc";
import { fail, pass, ResourceRule, unknown, Verdict } from "../types";
import { and, blockOf, blocksOf, boolOf, isSet, numOf, some, strOf, UNKNOWN, Unknown } from "../values";

/**
 * A bucket's name as written, for companions that name it instead of
 * referencing it. A name holding an expression (e.g. a vended account's id
 * from another stack) still matches the same expression written elsewhere.
 */
export const bucketNames = (bucket: TfElement): string[] => (typeof bucket.attrs.bucket === "string" && bucket.attrs.bucket !== "" ? [bucket.attrs.bucket] : []);

/** Companion resources (versioning, encryption, ...) configuring `bucket`. */
function companions(bucket: TfElement, stack: StackModel, type: string): TfElement[] | typeof UNKNOWN {
  const found = stack.pointingAt(type, "bucket", bucket, bucketNames(bucket));
  if (found.length === 0 && stack.hasOpaque(type, "bucket")) return UNKNOWN;
  return found;
}

/** Judges a bucket by its companions of `type`; `none` when there are none. */
function byCompanion(bucket: TfElement, stack: StackModel, type: string, none: string, judge: (c: TfElement) => Verdict): Verdict {
  const list = companions(bucket, stack, type);
  if (list === UNKNOWN) return unknown(`a ${type}'s bucket is known only at apply time`);
  if (list.length === 0) return fail(none);
  const verdicts = list.map(judge);
  return verdicts.find((v) => v.status === "pass") ?? verdicts.find((v) => v.status === "unknown") ?? verdicts[0];
}

/** True when a bucket receives S3 server access logs or load balancer access logs, which only support SSE-S3. */
export function isLogDeliveryTarget(bucket: TfElement, stack: StackModel): string | undefined {
  const names = bucketNames(bucket);
  const s3 = stack.ofType("aws_s3_bucket_logging").find((l) => refersTo(l.attrs.target_bucket, bucket, names));
  if (s3) return `S3 server access logs from ${s3.address}`;
  const lb = [...stack.ofType("aws_lb"), ...stack.ofType("aws_alb")].find((l) => {
    const logs = blockOf(l.attrs.access_logs);
    return logs !== UNKNOWN && refersTo(logs?.bucket, bucket, names);
  });
  return lb ? `access logs from ${lb.address}` : undefined;
}

/** A Deny statement for requests without TLS: denies s3:GetObject when aws:SecureTransport is "false". */
const deniesPlainHttp = (s: Statement): boolean | Unknown =>
  s.effect === "Deny" ? and(grants(s.actions, "s3:GetObject"), some(s.conditions, (c) => (/^Bool(IfExists)?$/.test(c.test) && c.variable === "aws:SecureTransport" ? hasValue(c.values, "false") : false))) : false;

/** Verdict on policies that must not let everyone in; a principal known only at apply time is unknown, not a pass. */
export function notPublic(statements: Statement[] | Unknown | undefined, where: string): Verdict {
  if (statements === UNKNOWN) return unknown(`${where} is known only at apply time`);
  const { hits, maybe } = sortStatements(statements ?? [], isOpenStatement);
  const names = (list: Statement[]) => list.map((s) => s.sid ?? "a statement").join(", ");
  if (hits.length) return fail(`${where}: ${names(hits)} allow "*" without conditions`);
  if (maybe.length) return unknown(`${where}: ${names(maybe)} name a principal known only at apply time, with no conditions`);
  return pass(`${where} names its principals`);
}

export const storageRules: ResourceRule[] = [
  {
    id: "s3-public-access-block",
    area: "storage",
    scope: "resource",
    severity: "error",
    title: "S3 buckets block all public access",
    description: "All four public-access-block flags stop ACLs and policies from ever making the bucket public.",
    message: "bucket does not block all public access",
    fix: "add an aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true",
    refs: { cis: "2.1.4", fsbp: "S3.8", checkov: "CKV2_AWS_6" },
    types: ["aws_s3_bucket"],
    check: (b, stack) =>
      byCompanion(b, stack, "aws_s3_bucket_public_access_block", "no aws_s3_bucket_public_access_block", (c) => {
        const flags = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].map((f) => [f, boolOf(c.attrs[f])] as const);
        if (flags.some(([, v]) => v === UNKNOWN)) return unknown("public access flags are known only at apply time");
        const off = flags.filter(([, v]) => v !== true).map(([f]) => f);
        return off.length ? fail(`${off.join(", ")} not true`) : pass(`${c.address}: all four flags`);
      }),
  },
  {
    id: "s3-versioning",
    area: "storage",
    scope: "resource",
    severity: "error",
    title: "S3 buckets are versioned",
    description: "Versioning recovers objects from overwrites and deletes, including a corrupted Terraform state.",
    message: "bucket versioning is not enabled",
    fix: 'add an aws_s3_bucket_versioning with versioning_configuration { status = "Enabled" }',
    refs: { fsbp: "S3.14", checkov: "CKV_AWS_21" },
    types: ["aws_s3_bucket"],
    check(b, stack) {
      const inline = blockOf(b.attrs.versioning);
      if (inline !== UNKNOWN && boolOf(inline?.enabled) === true) return pass("versioning.enabled = true");
      return byCompanion(b, stack, "aws_s3_bucket_versioning", "no aws_s3_bucket_versioning", (c) => {
        const cfg = blockOf(c.attrs.versioning_configuration);
        if (cfg === UNKNOWN || strOf(cfg?.status) === UNKNOWN) return unknown("versioning status is known only at apply time");
        return cfg?.status === "Enabled" ? pass(`${c.address}: Enabled`) : fail(`status = ${String(cfg?.status)}`);
      });
    },
  },
  {
    id: "s3-kms-encryption",
    area: "storage",
    scope: "resource",
    severity: "error",
    title: "S3 buckets encrypt with a KMS key (log-delivery buckets with SSE-S3)",
    description: "SSE-KMS puts every read under a key policy; S3 server access logs and load balancer logs can only be delivered to SSE-S3 buckets, which therefore may use it.",
    message: "bucket is not encrypted with a KMS key",
    fix: 'add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = "aws:kms", kms_master_key_id = <key ARN> and bucket_key_enabled = true',
    refs: { fsbp: "S3.17", checkov: "CKV_AWS_145" },
    coverage: "encryption",
    types: ["aws_s3_bucket"],
    check: (b, stack) =>
      byCompanion(b, stack, "aws_s3_bucket_server_side_encryption_configuration", "no default encryption configuration", (c) => {
        const rules = blocksOf(c.attrs.rule);
        if (rules === UNKNOWN) return unknown("encryption rules are known only at apply time");
        const byDefault = rules.map((r) => blockOf(r.apply_server_side_encryption_by_default));
        if (byDefault.some((d) => d === UNKNOWN || strOf(d?.sse_algorithm) === UNKNOWN)) return unknown("encryption settings are known only at apply time");
        const algo = byDefault.map((d) => (d === UNKNOWN ? undefined : d?.sse_algorithm)).find(Boolean);
        const key = byDefault.map((d) => (d === UNKNOWN ? undefined : d?.kms_master_key_id)).find(Boolean);
        if ((algo === "aws:kms" || algo === "aws:kms:dsse") && isSet(key)) return pass(`${String(algo)} with ${String(key)}`);
        if (algo === "aws:kms") return fail("aws:kms without kms_master_key_id uses the AWS-managed aws/s3 key");
        const target = algo === "AES256" ? isLogDeliveryTarget(b, stack) : undefined;
        if (target) return pass(`SSE-S3, required for ${target}`);
        return fail(`sse_algorithm = ${String(algo ?? "none")}`);
      }),
  },
  {
    id: "s3-tls-only",
    area: "storage",
    scope: "resource",
    severity: "error",
    title: "S3 bucket policies deny requests without TLS",
    description: "Without an explicit deny, S3 accepts plain-HTTP requests that expose data and credentials in transit.",
    message: "bucket policy does not deny non-TLS requests",
    fix: 'add a bucket policy statement: Deny s3:* on the bucket and its objects to "*" when aws:SecureTransport is "false"',
    refs: { cis: "2.1.1", fsbp: "S3.5" },
    types: ["aws_s3_bucket"],
    check: (b, stack) =>
      byCompanion(b, stack, "aws_s3_bucket_policy", "no aws_s3_bucket_policy", (p) => {
        const statements = policyStatements(p.attrs.policy, stack);
        if (statements === UNKNOWN) return unknown(`${p.address}'s policy is known only at apply time`);
        const { hits, maybe } = sortStatements(statements ?? [], deniesPlainHttp);
        if (hits.length) return pass(`${p.address}: ${hits[0].sid ?? "Deny"} on aws:SecureTransport = false`);
        if (maybe.length) return unknown(`${p.address}: ${maybe[0].sid ?? "a Deny"} may deny non-TLS requests, with actions or values known only at apply time`);
        return fail("no Deny on aws:SecureTransport = false");
      }),
  },
  {
    id: "s3-policy-not-public",
    area: "storage",
    scope: "resource",
    severity: "error",
    title: "S3 bucket policies do not grant access to everyone",
    description: "A wildcard principal without conditions makes the bucket public, public access block aside.",
    message: "bucket policy allows any principal",
    fix: "name the principals (service principals with aws:SourceArn/aws:SourceAccount conditions, or account roles)",
    refs: { fsbp: "S3.2, S3.3", checkov: "CKV_AWS_70" },
    types: ["aws_s3_bucket_policy"],
    check: (p, stack) => notPublic(policyStatements(p.attrs.policy, stack), "bucket policy"),
  },
  {
    id: "s3-owner-enforced",
    area: "storage",
    scope: "resource",
    severity: "error",
    title: "S3 buckets disable ACLs (BucketOwnerEnforced)",
    description: "With ACLs off, only policies decide access and every object belongs to the bucket owner.",
    message: "bucket still honours ACLs",
    fix: 'add an aws_s3_bucket_ownership_controls with rule { object_ownership = "BucketOwnerEnforced" }',
    refs: { fsbp: "S3.12", checkov: "CKV2_AWS_65" },
    types: ["aws_s3_bucket"],
    check: (b, stack) =>
      byCompanion(b, stack, "aws_s3_bucket_ownership_controls", "no aws_s3_bucket_ownership_controls", (c) => {
        const rule = blockOf(c.attrs.rule);
        if (rule === UNKNOWN || strOf(rule?.object_ownership) === UNKNOWN) return unknown("ownership rule is known only at apply time");
        return rule?.object_ownership === "BucketOwnerEnforced" ? pass(`${c.address}: BucketOwnerEnforced`) : fail(`object_ownership = ${String(rule?.object_ownership)}`);
      }),
  },
  {
    id: "s3-no-public-acl",
    area: "storage",
    scope: "resource",
    severity: "error",
    title: "No S3 bucket ACL grants public access",
    description: "Canned public ACLs expose objects to the internet.",
    message: "bucket ACL grants public access",
    fix: "remove the ACL (BucketOwnerEnforced disables ACLs altogether)",
    refs: { fsbp: "S3.2, S3.3", checkov: "CKV_AWS_20, CKV_AWS_57" },
    types: ["aws_s3_bucket_acl", "aws_s3_bucket"],
    check(e) {
      const acl = strOf(e.attrs.acl);
      if (acl === undefined && e.type === "aws_s3_bucket") return undefined;
      if (acl === UNKNOWN) return unknown("acl is known only at apply time");
      return ["public-read", "public-read-write", "authenticated-read"].includes(acl ?? "") ? fail(`acl = "${acl}"`) : pass(`acl = ${acl ?? "none"}`);
    },
  },
  {
    id: "s3-lifecycle",
    area: "storage",
    scope: "resource",
    severity: "warning",
    title: "S3 buckets have a lifecycle configuration",
    description: "Lifecycle rules expire old versions and abort stale uploads, so versioned buckets do not grow forever.",
    message: "bucket has no enabled lifecycle rule",
    fix: 'add an aws_s3_bucket_lifecycle_configuration with an Enabled rule (noncurrent_version_expiration, abort_incomplete_multipart_upload)',
    refs: { fsbp: "S3.13", checkov: "CKV2_AWS_61" },
    types: ["aws_s3_bucket"],
    check: (b, stack) =>
      byCompanion(b, stack, "aws_s3_bucket_lifecycle_configuration", "no aws_s3_bucket_lifecycle_configuration", (c) => {
        const rules = blocksOf(c.attrs.rule);
        if (rules === UNKNOWN || rules.some((r) => strOf(r.status) === UNKNOWN)) return unknown("lifecycle rules are known only at apply time");
        const enabled = rules.filter((r) => r.status === "Enabled");
        return enabled.length ? pass(`${c.address}: ${enabled.length} enabled rule(s)`) : fail("no Enabled rule");
      }),
  },
  {
    id: "kms-rotation",
    area: "storage",
    scope: "resource",
    severity: "error",
    title: "Customer-managed KMS keys rotate yearly",
    description: "Automatic rotation limits how much data one key version protects.",
    message: "KMS key rotation is off",
    fix: "set enable_key_rotation = true",
    refs: { cis: "3.6", fsbp: "KMS.4", checkov: "CKV_AWS_7" },
    types: ["aws_kms_key"],
    check(e) {
      const spec = strOf(e.attrs.customer_master_key_spec);
      if (spec !== undefined && spec !== UNKNOWN && spec !== "SYMMETRIC_DEFAULT") return undefined;
      const v = boolOf(e.attrs.enable_key_rotation);
      if (v === UNKNOWN) return unknown("enable_key_rotation is known only at apply time");
      return v === true ? pass(`enable_key_rotation = true${isSet(e.attrs.rotation_period_in_days) ? `, every ${String(e.attrs.rotation_period_in_days)} days` : ""}`) : fail("enable_key_rotation is not true");
    },
  },
  {
    id: "kms-policy-not-public",
    area: "storage",
    scope: "resource",
    severity: "error",
    title: "KMS key policies do not grant access to everyone",
    description: "A wildcard principal without conditions lets any AWS account use the key.",
    message: "key policy allows any principal",
    fix: "grant the account root and named service principals (with aws:SourceArn/aws:SourceAccount conditions) instead of \"*\"",
    refs: { checkov: "CKV_AWS_33" },
    types: ["aws_kms_key"],
    check: (e, stack) => (e.attrs.policy === undefined ? pass("default key policy (account only)") : notPublic(policyStatements(e.attrs.policy, stack), "key policy")),
  },
  {
    id: "kms-deletion-window",
    area: "storage",
    scope: "resource",
    severity: "warning",
    title: "KMS keys wait 30 days before deletion",
    description: "The longest window gives time to notice and cancel a scheduled deletion before data becomes unreadable.",
    message: "KMS key deletion window under 30 days",
    fix: "set deletion_window_in_days = 30",
    refs: {},
    types: ["aws_kms_key"],
    check(e) {
      const d = numOf(e.attrs.deletion_window_in_days);
      if (d === UNKNOWN) return unknown("deletion_window_in_days is known only at apply time");
      return d !== undefined && d < 30 ? fail(`deletion_window_in_days = ${d}`) : pass(`deletion window ${d ?? 30} days`);
    },
  },
  {
    id: "sns-kms",
    area: "storage",
    scope: "resource",
    severity: "error",
    title: "SNS topics are encrypted with KMS",
    description: "Alarm and event topics carry account details; encryption at rest keeps them under a key policy.",
    message: "SNS topic is not encrypted",
    fix: "set kms_master_key_id to the account key (CloudWatch alarms need a customer-managed key that lets cloudwatch.amazonaws.com use it)",
    refs: { fsbp: "SNS.1", checkov: "CKV_AWS_26" },
    coverage: "encryption",
    types: ["aws_sns_topic"],
    check: (e) => (isSet(e.attrs.kms_master_key_id) ? pass(`kms_master_key_id = ${String(e.attrs.kms_master_key_id)}`) : fail("no kms_master_key_id")),
  },
];
