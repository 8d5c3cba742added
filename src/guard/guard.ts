/**
 * The destroy guard: reads `terraform show -json` plans and refuses any that
 * delete or replace a protected resource (accounts, keys, trails, log and
 * state buckets, log groups, transit gateways, VPCs, the organization).
 * `prevent_destroy` already stops most of these inside Terraform; the guard
 * also catches replacements forced by a changed argument, resources whose
 * lifecycle was edited, and plans made with `-target`, before anyone applies.
 * A reviewed change passes with an explicit allow entry.
 */
import { shellQuote } from "../shell-quote";

/** Resource types whose delete or replace in a plan the destroy guard refuses without an explicit allow. Extend here, or per run with --protect. */
export const DESTROY_GUARDED_TYPES: readonly string[] = [
  "aws_organizations_organization",
  "aws_organizations_account",
  "aws_kms_key",
  "aws_cloudtrail",
  "aws_s3_bucket",
  "aws_cloudwatch_log_group",
  "aws_ec2_transit_gateway",
  "aws_vpc",
];

/** The part of `terraform show -json` the guard reads. */
export interface PlanJson {
  readonly resource_changes?: ReadonlyArray<{
    readonly address: string;
    readonly type: string;
    readonly mode?: string;
    readonly change: { readonly actions: readonly string[] };
  }>;
}

export type Destruction = "delete" | "replace";

export interface GuardFinding {
  /** Stack (or plan file) the change is in. */
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly action: Destruction;
}

export interface GuardOptions {
  /** Extra protected types, on top of DESTROY_GUARDED_TYPES. */
  readonly protect?: readonly string[];
  /** Reviewed changes to let through: `ADDRESS` (any stack) or `STACK:ADDRESS`. */
  readonly allow?: readonly string[];
}

export interface GuardResult {
  /** Protected deletes and replaces that are not allowed: the plan must not be applied. */
  readonly blocked: GuardFinding[];
  /** Protected deletes and replaces let through by an allow entry. */
  readonly allowed: GuardFinding[];
}

/** What a change's action list does to the existing object, if it destroys it. */
export function destruction(actions: readonly string[]): Destruction | undefined {
  if (actions.includes("delete")) return actions.includes("create") ? "replace" : "delete";
  return undefined;
}

/** True when `entry` (ADDRESS or STACK:ADDRESS) names this change. */
export function allows(entry: string, stack: string, address: string): boolean {
  const m = /^([a-z0-9][a-z0-9-]*):(.+)$/.exec(entry);
  if (m && !m[1].includes(".")) return m[1] === stack && m[2] === address;
  return entry === address;
}

/** The allow entries that let nothing through in `allowed` (every finding an allow entry matched). */
export function unusedAllows(allow: readonly string[], allowed: readonly GuardFinding[]): string[] {
  return allow.filter((entry) => !allowed.some((f) => allows(entry, f.stack, f.address)));
}

/** Checks one plan; `stack` names it in findings and scopes STACK:ADDRESS allow entries. */
export function guardPlan(plan: PlanJson, stack: string, options: GuardOptions = {}): GuardResult {
  const protectedTypes = new Set([...DESTROY_GUARDED_TYPES, ...(options.protect ?? [])]);
  const result: GuardResult = { blocked: [], allowed: [] };
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode && rc.mode !== "managed") continue;
    const action = destruction(rc.change.actions);
    if (!action || !protectedTypes.has(rc.type)) continue;
    const finding = { stack, address: rc.address, type: rc.type, action };
    if ((options.allow ?? []).some((entry) => allows(entry, stack, rc.address))) result.allowed.push(finding);
    else result.blocked.push(finding);
  }
  return result;
}

/** One line per finding, for terminals and PR comments. */
export function describeFinding(f: GuardFinding): string {
  return `${f.stack}: ${f.action === "replace" ? "replaces" : "deletes"} ${f.address}`;
}

/** The hint printed under blocked findings; each flag is quoted for the shell (addresses hold [ and "). */
export function allowHint(blocked: readonly GuardFinding[]): string {
  const flags = blocked.map((f) => `--allow ${shellQuote(`${f.stack}:${f.address}`)}`).join(" ");
  return `If the change was reviewed and is intended, re-run with ${flags}`;
}
