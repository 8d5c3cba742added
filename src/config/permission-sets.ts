/**
 * IAM Identity Center facts and the landing zone's built-in permission sets.
 *
 * Limits, from the IAM Identity Center quotas page
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html) and the
 * API reference of CreatePermissionSet / PutInlinePolicyToPermissionSet
 * (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreatePermissionSet.html,
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_PutInlinePolicyToPermissionSet.html):
 * a session lasts 1 to 12 hours (ISO-8601, e.g. PT4H); an inline policy holds at most 32,768
 * characters; a permission set name is 1-32 characters of [\w+=,.@-].
 */
import { sessionUserPolicyName } from "../../modules/baseline";

/** Shortest and longest session a permission set may grant, in minutes (1 h and 12 h). */
export const MIN_SESSION_MINUTES = 60;
export const MAX_SESSION_MINUTES = 12 * 60;
/** Characters an inline policy of a permission set may hold (PutInlinePolicyToPermissionSet: InlinePolicy max length). */
export const MAX_INLINE_POLICY_CHARS = 32768;
/** Permission set names (CreatePermissionSet: Name). */
export const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
/** ARN prefix of AWS managed policies in the commercial partition. */
export const AWS_MANAGED_POLICY_PREFIX = "arn:aws:iam::aws:policy/";

/** An AWS managed policy's ARN from its name (`ReadOnlyAccess`, `job-function/ViewOnlyAccess`) or its ARN. */
export const awsManagedPolicyArn = (nameOrArn: string): string => (nameOrArn.startsWith("arn:") ? nameOrArn : `${AWS_MANAGED_POLICY_PREFIX}${nameOrArn}`);

/** Minutes of an ISO-8601 duration of hours and minutes (PT4H, PT1H30M); undefined when it is not one. */
export function sessionMinutes(duration: string): number | undefined {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration);
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

export interface PolicyReference {
  readonly name: string;
  /** @default "/" */
  readonly path: string;
}

/** A permission set, resolved: AWS managed policies as ARNs, the inline policy as an object. */
export interface PermissionSet {
  readonly name: string;
  readonly description: string;
  /** ISO-8601 duration, 1-12 hours. */
  readonly sessionDuration: string;
  readonly awsManagedPolicies: readonly string[];
  readonly customerManagedPolicies: readonly PolicyReference[];
  readonly inlinePolicy?: Readonly<Record<string, unknown>>;
  readonly permissionsBoundary?: { readonly awsManagedPolicy?: string; readonly customerManagedPolicy?: PolicyReference };
  /** One of the landing zone's built-in sets. */
  readonly builtIn: boolean;
}

/**
 * The built-in sets a platform team expects, least privilege first and short sessions for the
 * powerful ones. `SessionUser` is the baseline's `<name>-session-user` policy, which exists in every
 * account (modules/baseline): Session Manager shells on the account's instances and ECS Exec into
 * its tasks, with the session key.
 */
export function builtInPermissionSets(lzName: string): PermissionSet[] {
  const sessionUser: PolicyReference = { name: sessionUserPolicyName(lzName), path: "/" };
  const set = (name: string, description: string, sessionDuration: string, aws: string[], customer: PolicyReference[] = []): PermissionSet => ({
    name,
    description,
    sessionDuration,
    awsManagedPolicies: aws.map(awsManagedPolicyArn),
    customerManagedPolicies: customer,
    builtIn: true,
  });
  return [
    set("Admin", "Break-glass administrator: full access, one-hour sessions", "PT1H", ["AdministratorAccess"]),
    set("PlatformEngineer", "Platform team: everything but IAM writes, plus Session Manager", "PT4H", ["PowerUserAccess", "IAMReadOnlyAccess"], [sessionUser]),
    set("Developer", "Workload developers: everything but IAM and Organizations, plus Session Manager", "PT8H", ["PowerUserAccess"], [sessionUser]),
    set("ReadOnly", "Read-only access to every service", "PT8H", ["ReadOnlyAccess"]),
    set("SecurityAudit", "Auditors: security configuration and read-only access", "PT8H", ["SecurityAudit", "ReadOnlyAccess"]),
    set("SessionUser", "Session Manager shells on the account's instances and ECS Exec into its tasks, nothing else", "PT4H", [], [sessionUser]),
  ];
}

/** The built-in sets' names, for validation. */
export const BUILT_IN_PERMISSION_SET_NAMES: readonly string[] = builtInPermissionSets("lz").map((s) => s.name);
