/**
 * State and protection guardrails: remote state that is encrypted and locked,
 * local state only for the stack that creates the state bucket, and
 * `prevent_destroy` on everything whose loss is unrecoverable.
 */
import { ELB_LOG_DELIVERY_SERVICE } from "../../../aws/elb-log-delivery";
import { SECURITY_SERVICE_PRINCIPALS } from "../../../aws/security-services";
import { AppModel, refersTo, StackModel, TfElement } from "../model";
import { policyStatements } from "../policy-doc";
import { AppRule, fail, pass, StackRule, SubjectVerdict } from "../types";
import { blockOf, boolOf, isObject, isSet, UNKNOWN } from "../values";
import { bucketNames } from "./storage";
import { SERVICE_PRINCIPALS } from "../../../aws/service-principals";

/** The S3 backend settings of a stack, or undefined for another backend. */
function s3Backend(stack: StackModel) {
  const b = stack.backend;
  return b?.type === "s3" ? b.config : undefined;
}

/** Resource types that must carry prevent_destroy (the prevent-destroy rule; S3 buckets count when they hold state or logs): deleting them loses state, evidence or accounts. */
export const PREVENT_DESTROY_TYPES = ["aws_kms_key", "aws_cloudtrail", "aws_organizations_account", "aws_organizations_organization", "aws_cloudwatch_log_group"];
/** What the prevent-destroy rule judges: those, and S3 buckets. */
const PROTECTED_TYPES = ["aws_s3_bucket", ...PREVENT_DESTROY_TYPES];

const LOG_DELIVERY_SERVICES = [SERVICE_PRINCIPALS.cloudTrail, SERVICE_PRINCIPALS.logDelivery, SERVICE_PRINCIPALS.s3ServerAccessLogs, ELB_LOG_DELIVERY_SERVICE, SECURITY_SERVICE_PRINCIPALS.config];

/** The state buckets the app's stacks name in their backends, collected once per app. */
const stateBucketsOf = new WeakMap<AppModel, ReadonlySet<string>>();

/** The types bucketRole reads (AppRule.reads): what delivers logs to a bucket, and bucket policies (their documents followed). */
const BUCKET_ROLE_READS = ["aws_s3_bucket", "aws_cloudtrail", "aws_s3_bucket_logging", "aws_flow_log", "aws_lb", "aws_alb", "aws_s3_bucket_policy"];

/** Why a bucket holds state or logs, or undefined when it holds neither. */
export function bucketRole(bucket: TfElement, app: AppModel): string | undefined {
  const names = bucketNames(bucket);
  const stack = app.get(bucket.stack)!;
  let stateBuckets = stateBucketsOf.get(app);
  if (!stateBuckets) stateBucketsOf.set(app, (stateBuckets = new Set(app.stacks.map((s) => String(s3Backend(s)?.bucket)))));
  if (names.some((n) => stateBuckets.has(n))) return "Terraform state";
  const literalOrRef = (v: unknown) => refersTo(v, bucket, names) || (typeof v === "string" && names.some((n) => v === `arn:aws:s3:::${n}` || v.startsWith(`arn:aws:s3:::${n}/`)));
  if (app.ofType("aws_cloudtrail").some((t) => literalOrRef(t.attrs.s3_bucket_name))) return "CloudTrail logs";
  if (app.ofType("aws_s3_bucket_logging").some((l) => literalOrRef(l.attrs.target_bucket))) return "S3 access logs";
  if (app.ofType("aws_flow_log").some((f) => literalOrRef(f.attrs.log_destination))) return "VPC flow logs";
  const lbLogs = [...app.ofType("aws_lb"), ...app.ofType("aws_alb")].some((l) => {
    const logs = blockOf(l.attrs.access_logs);
    return logs !== UNKNOWN && literalOrRef(logs?.bucket);
  });
  if (lbLogs) return "load balancer access logs";
  const delivery = stack.pointingAt("aws_s3_bucket_policy", "bucket", bucket, names).some((p) => {
    const statements = policyStatements(p.attrs.policy, stack);
    return statements !== UNKNOWN && (statements ?? []).some((s) => s.effect === "Allow" && (s.principals ?? []).some((pr) => pr.type === "Service" && pr.ids.some((id) => LOG_DELIVERY_SERVICES.includes(id))));
  });
  return delivery ? "log delivery" : undefined;
}

export const stateStackRules: StackRule[] = [
  {
    id: "state-encrypted",
    area: "state",
    scope: "stack",
    severity: "error",
    title: "Remote state is encrypted",
    description: "State holds every resource attribute, secrets included.",
    message: "S3 backend does not encrypt state",
    fix: "set encrypt = true on the S3 backend",
    refs: {},
    coverage: "encryption",
    check(stack) {
      const cfg = s3Backend(stack);
      if (!cfg) return undefined;
      return boolOf(cfg.encrypt) === true ? pass(`s3://${String(cfg.bucket)}/${String(cfg.key)} encrypted`) : fail("encrypt is not true");
    },
  },
  {
    id: "state-kms",
    area: "state",
    scope: "stack",
    severity: "warning",
    title: "Remote state is encrypted with the landing zone's KMS key",
    description: "A customer-managed key lets the key policy, not just the bucket policy, decide who reads state.",
    message: "S3 backend uses the bucket default key",
    fix: "set kms_key_id on the S3 backend to the state key (alias ARN)",
    refs: {},
    check(stack) {
      const cfg = s3Backend(stack);
      if (!cfg) return undefined;
      return isSet(cfg.kms_key_id) ? pass(`kms_key_id = ${String(cfg.kms_key_id)}`) : fail("no kms_key_id");
    },
  },
  {
    id: "state-locking",
    area: "state",
    scope: "stack",
    severity: "error",
    title: "Remote state is locked",
    description: "Without a lock, two concurrent applies corrupt the state.",
    message: "S3 backend has no locking",
    fix: "set use_lockfile = true (S3-native locking, Terraform >= 1.10)",
    refs: {},
    check(stack) {
      const cfg = s3Backend(stack);
      if (!cfg) return undefined;
      if (boolOf(cfg.use_lockfile) === true) return pass("use_lockfile = true");
      return isSet(cfg.dynamodb_table) ? pass(`DynamoDB table ${String(cfg.dynamodb_table)}`) : fail("neither use_lockfile nor dynamodb_table");
    },
  },
];

export const stateAppRules: AppRule[] = [
  {
    id: "state-remote-backend",
    area: "state",
    scope: "app",
    severity: "error",
    title: "Only the stack that creates the state bucket keeps local state",
    description: "Local state lives on one machine: it is lost with it, unlocked and unencrypted. Only bootstrap needs it, until it is migrated.",
    message: "stack keeps its state locally",
    fix: "configure the S3 backend (bucket from state.bucket, encrypt, use_lockfile)",
    refs: {},
    reads: ["aws_s3_bucket"],
    check(app: AppModel): SubjectVerdict[] {
      const stateBuckets = new Set(app.stacks.map((s) => s3Backend(s)?.bucket).filter((b): b is string => typeof b === "string"));
      return app.stacks
        .filter((s) => s.backend?.type !== "s3")
        .map((s) => {
          const creates = s.ofType("aws_s3_bucket").find((b) => bucketNames(b).some((n) => stateBuckets.has(n)));
          return {
            stack: s.name,
            path: s.name,
            verdict: creates ? pass(`creates the state bucket (${creates.address}); local state until migrated`) : fail(`${s.backend?.type ?? "no"} backend`),
          };
        });
    },
  },
  {
    id: "prevent-destroy",
    area: "state",
    scope: "app",
    severity: "error",
    title: "Keys, trails, log groups, accounts and log/state buckets have prevent_destroy",
    description: "Destroying them loses state, audit evidence or whole accounts; prevent_destroy makes Terraform refuse instead of planning it.",
    message: "protected resource lacks prevent_destroy",
    fix: "set lifecycle { prevent_destroy = true }",
    refs: {},
    reads: [...new Set([...PROTECTED_TYPES, ...BUCKET_ROLE_READS])],
    follows: ["aws_iam_policy_document"], // the documents of bucket policies (policyStatements)
    check(app: AppModel): SubjectVerdict[] {
      const out: SubjectVerdict[] = [];
      for (const stack of app.stacks) {
        for (const e of stack.resourcesOf(PROTECTED_TYPES)) {
          const role = e.type === "aws_s3_bucket" ? bucketRole(e, app) : PREVENT_DESTROY_TYPES.includes(e.type) ? e.type : undefined;
          if (!role) continue;
          const lifecycle = isObject(e.attrs.lifecycle) ? e.attrs.lifecycle : {};
          const on = boolOf(lifecycle.prevent_destroy) === true;
          const what = e.type === "aws_s3_bucket" ? `bucket for ${role}` : role;
          out.push({ stack: e.stack, path: e.path, address: e.address, verdict: on ? pass(`${what}: prevent_destroy = true`) : fail(`${what} without prevent_destroy`) });
        }
      }
      return out;
    },
  },
];

