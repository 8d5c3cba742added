/** Identity guardrails: no full-admin policies or attachments, no IAM users or access keys, no wildcard trust, no PassRole on everything. */
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from "../../../aws/github-oidc";
import { LZ_ROLE_PATH } from "../../stacks/names";
import { StackModel, TfElement } from "../model";
import { grants, hasValue, isPublicPrincipal, policyStatements, sortStatements, Statement } from "../policy-doc";
import { fail, pass, ResourceRule, unknown, Verdict } from "../types";
import { and, blocksOf, isExpression, not, some, templatePattern, templatesOf, UNKNOWN, Unknown } from "../values";
import { ADMINISTRATOR_ACCESS_ARN, awsManagedPolicyArn } from "../../../aws/iam";
import { IAM_FULL_ACCESS } from "../../../aws/iam-managed-policies";

/** Identity-policy documents held by an element, each labelled for messages. */
function identityPolicies(e: TfElement, stack: StackModel): [string, Statement[] | Unknown | undefined][] | Unknown {
  if (e.type === "aws_iam_role") {
    const inline = blocksOf(e.attrs.inline_policy);
    if (inline === UNKNOWN) return UNKNOWN;
    return inline.map((p) => [`inline policy ${String(p.name ?? "")}`.trim(), policyStatements(p.policy, stack)]);
  }
  return [["policy", policyStatements(e.attrs.policy, stack)]];
}

/** Fails on statements `find` certainly holds for; unknown when it may hold for one (an action or resource known only at apply time). */
function overStatements(e: TfElement, stack: StackModel, find: (s: Statement) => boolean | Unknown, found: (label: string, s: Statement) => string, ok: string): Verdict {
  const policies = identityPolicies(e, stack);
  if (policies === UNKNOWN) return unknown("inline policies are known only at apply time");
  const hits: string[] = [];
  const maybe: string[] = [];
  for (const [label, statements] of policies) {
    if (statements === UNKNOWN) return unknown(`the ${label} is known only at apply time`);
    const sorted = sortStatements(statements ?? [], find);
    hits.push(...sorted.hits.map((s) => found(label, s)));
    maybe.push(...sorted.maybe.map((s) => `${label}: ${sid(s)}`));
  }
  if (hits.length) return fail(hits.join("; "));
  if (maybe.length) return unknown(`${maybe.join("; ")}: actions or resources known only at apply time`);
  return pass(ok);
}

const POLICY_TYPES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_group_policy", "aws_iam_user_policy", "aws_iam_role"];
const ADMIN_POLICY = /^arn:aws[\w-]*:iam::aws:policy\/(AdministratorAccess|IAMFullAccess)$/;
/** The admin policies' ARNs in the commercial partition, to test what an expression could be. */
const ADMIN_POLICY_ARNS = [ADMINISTRATOR_ACCESS_ARN, awsManagedPolicyArn(IAM_FULL_ACCESS)];
const USER_TYPES = [
  "aws_iam_user",
  "aws_iam_user_login_profile",
  "aws_iam_user_policy",
  "aws_iam_user_policy_attachment",
  "aws_iam_user_group_membership",
  "aws_iam_group_membership",
  "aws_iam_user_ssh_key",
  "aws_iam_service_specific_credential",
  "aws_iam_signing_certificate",
];

const sid = (s: Statement) => (s.sid ? `statement ${s.sid}` : "a statement");

/**
 * True when a statement's principal is limited to one organization (`aws:PrincipalOrgID` equal to
 * concrete ids): a "*" principal under that condition is not "any principal", since the key holds
 * the organization of the calling principal's account
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid).
 */
const limitedToOrganization = (s: Statement): boolean =>
  s.conditions.some(
    (c) => c.test === "StringEquals" && c.variable.toLowerCase() === "aws:principalorgid" && c.values.length > 0 && c.values.every((v) => v !== "" && !v.includes("*") && !v.includes("?")),
  );

/** An account principal (`arn:aws:iam::<12 digits>:root` or a bare account id), not a wildcard. */
const ACCOUNT_ROOT = /^(?:arn:aws[\w-]*:iam::\d{12}:root|\d{12})$/;

/**
 * The landing zone's deployer role: on the landing zone's role path, named `<name>-deployer`, and
 * trusted by account principals only. It is the one role that needs AdministratorAccess (it applies
 * every stack of its account); the protect-landing-zone SCP exempts it alone and forbids everyone
 * else to change it (modules/organization/scps.ts).
 */
function deployerRole(role: TfElement | undefined, stack: StackModel): string | undefined {
  if (role?.type !== "aws_iam_role" || role.attrs.path !== LZ_ROLE_PATH || !/-deployer$/.test(String(role.attrs.name ?? ""))) return undefined;
  const trust = policyStatements(role.attrs.assume_role_policy, stack);
  if (trust === UNKNOWN || !trust?.length) return undefined;
  const principals = trust.filter((t) => t.effect === "Allow").flatMap((t) => t.principals ?? [{ type: "*", ids: ["*"] }]);
  if (!principals.length || !principals.every((p) => p.type === "AWS" && p.ids.every((id) => ACCOUNT_ROOT.test(id)))) return undefined;
  return `${role.address}, the landing zone's deployer role (trusted by ${principals.flatMap((p) => p.ids).join(", ")} only; the SCPs exempt it alone and let no one else change it)`;
}

/**
 * CI's apply role (modules/ci-roles): on the landing zone's role path, named `<name>-ci-apply`, and assumable
 * only with a GitHub OIDC token of this account's provider for `token.actions.githubusercontent.com` whose
 * audience is `sts.amazonaws.com` and whose `sub` is exactly one repository's environment
 * (`repo:OWNER/REPO:environment:NAME`, no wildcard): the environment's required reviewers gate it. It applies
 * the management account's stacks with its own credentials, which needs what the deployer needs.
 */
function ciApplyRole(role: TfElement | undefined, stack: StackModel): string | undefined {
  if (role?.type !== "aws_iam_role" || role.attrs.path !== LZ_ROLE_PATH || !/-ci-apply$/.test(String(role.attrs.name ?? ""))) return undefined;
  const trust = policyStatements(role.attrs.assume_role_policy, stack);
  if (trust === UNKNOWN || !trust?.length) return undefined;
  const allows = trust.filter((t) => t.effect === "Allow");
  const gated = allows.every((t) => {
    const federated = t.principals?.length && t.principals.every((p) => p.type === "Federated" && p.ids.every((id) => stack.referenced(id)?.attrs.url === `https://${GITHUB_OIDC_HOST}`));
    const only = t.actions.length > 0 && t.actions.every((a) => a === "sts:AssumeRoleWithWebIdentity") && t.notActions.length === 0;
    const equals = (variable: string) => t.conditions.filter((c) => c.test === "StringEquals" && c.variable === variable).flatMap((c) => c.values);
    const aud = equals(`${GITHUB_OIDC_HOST}:aud`);
    const sub = equals(`${GITHUB_OIDC_HOST}:sub`);
    return federated && only && aud.length > 0 && aud.every((v) => v === GITHUB_OIDC_AUDIENCE) && sub.length > 0 && sub.every((v) => /^repo:[^*?:]+\/[^*?:]+:environment:[^*?]+$/.test(v));
  });
  if (!allows.length || !gated) return undefined;
  return `${role.address}, CI's apply role (assumable only by GitHub jobs of one environment: ${allows.flatMap((t) => t.conditions.filter((c) => c.variable.endsWith(":sub")).flatMap((c) => c.values)).join(", ")})`;
}

export const identityRules: ResourceRule[] = [
  {
    id: "iam-no-full-admin",
    area: "identity",
    scope: "resource",
    severity: "error",
    title: 'No IAM policy allows "*" actions on "*" resources',
    description: "Full administrative rights belong to the break-glass role, not to workloads or pipelines.",
    message: 'policy allows "*" on "*"',
    fix: "list the actions and resources the principal needs",
    refs: { cis: "1.16", fsbp: "IAM.1", checkov: "CKV_AWS_62, CKV_AWS_1" },
    types: POLICY_TYPES,
    check: (e, stack) =>
      overStatements(
        e,
        stack,
        (s) => (s.effect === "Allow" ? and(some(s.actions, (a) => some(["*", "*:*"], (all) => hasValue([a], all))), hasValue(s.resources, "*")) : false),
        (label, s) => `${label}: ${sid(s)} allows "*" on "*"`,
        "no full-admin statement",
      ),
  },
  {
    id: "iam-no-passrole-wildcard",
    area: "identity",
    scope: "resource",
    severity: "warning",
    title: "No IAM policy allows iam:PassRole on every role",
    description: "PassRole on \"*\" lets a principal hand any role, including admin roles, to a service it controls.",
    message: "policy allows iam:PassRole on all roles",
    fix: "limit iam:PassRole to the role ARNs the service needs, with an iam:PassedToService condition",
    refs: { checkov: "CKV_AWS_286" },
    types: POLICY_TYPES,
    check: (e, stack) =>
      overStatements(
        e,
        stack,
        (s) => (s.effect === "Allow" ? and(grants(s.actions, "iam:PassRole"), not(hasValue(s.actions, "*")), hasValue(s.resources, "*")) : false),
        (label, s) => `${label}: ${sid(s)} allows iam:PassRole on "*"`,
        "no iam:PassRole on \"*\"",
      ),
  },
  {
    id: "iam-no-admin-attachment",
    area: "identity",
    scope: "resource",
    severity: "error",
    title: "No principal gets AdministratorAccess or IAMFullAccess",
    description: "The AWS managed admin policies grant everything (or the power to grant everything).",
    message: "AWS managed admin policy attached",
    fix: "attach a least-privilege policy instead",
    refs: { checkov: "CKV_AWS_274" },
    types: ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_role", "aws_iam_role_policy_attachments_exclusive"],
    check(e, stack) {
      const raw = e.type === "aws_iam_role" ? e.attrs.managed_policy_arns : e.type === "aws_iam_role_policy_attachments_exclusive" ? e.attrs.policy_arns : e.attrs.policy_arn;
      // A reference to a policy of this stack is a customer-managed policy, judged by iam-no-full-admin.
      const own = stack.referenced(raw);
      if (own?.type === "aws_iam_policy") return pass(`customer-managed policy ${own.address}`);
      const role = e.type === "aws_iam_role" ? e : stack.referenced(e.attrs.role);
      const deployer = deployerRole(role, stack) ?? ciApplyRole(role, stack);
      if (deployer) return pass(deployer);
      const arns = templatesOf(raw);
      if (arns === UNKNOWN) return unknown("policy ARNs are known only at apply time");
      const isAdmin = (arn: string): boolean | Unknown => {
        if (!isExpression(arn)) return ADMIN_POLICY.test(arn);
        if (stack.referenced(arn)?.type === "aws_iam_policy") return false;
        return ADMIN_POLICY_ARNS.some((admin) => templatePattern(arn).test(admin)) ? UNKNOWN : false;
      };
      const admin = arns.filter((a) => isAdmin(a) === true);
      if (admin.length) return fail(admin.join(", "));
      const maybe = arns.filter((a) => isAdmin(a) === UNKNOWN);
      if (maybe.length) return unknown(`${maybe.join(", ")} known only at apply time, may be an admin policy`);
      return admin.length ? fail(admin.join(", ")) : pass(arns.length ? "no admin managed policy" : "no managed policies");
    },
  },
  {
    id: "iam-no-users",
    area: "identity",
    scope: "resource",
    severity: "error",
    title: "No IAM users",
    description: "People sign in through IAM Identity Center and workloads use roles; IAM users mean long-lived passwords and keys.",
    message: "IAM user (or user credential) defined",
    fix: "use an IAM role (workloads) or IAM Identity Center (people)",
    refs: { checkov: "CKV_AWS_273" },
    types: USER_TYPES,
    absentEvidence: "no IAM users or user credentials in this stack",
    check: (e) => fail(`${e.type} resource`),
  },
  {
    id: "iam-no-access-keys",
    area: "identity",
    scope: "resource",
    severity: "error",
    title: "No IAM access keys",
    description: "Access keys are long-lived secrets that leak through laptops, CI logs and repositories.",
    message: "IAM access key defined",
    fix: "use role assumption (OIDC for CI, instance profiles and task roles for workloads)",
    refs: { cis: "1.14" },
    types: ["aws_iam_access_key"],
    absentEvidence: "no IAM access keys in this stack",
    check: () => fail("aws_iam_access_key resource"),
  },
  {
    id: "iam-no-wildcard-trust",
    area: "identity",
    scope: "resource",
    severity: "error",
    title: "No role trusts every principal",
    description: "A trust policy with Principal \"*\" lets any AWS identity try to assume the role.",
    message: "role trust policy allows any principal",
    fix: "name the service principal or the account/role ARNs allowed to assume it",
    refs: { checkov: "CKV_AWS_60" },
    types: ["aws_iam_role"],
    check(e, stack) {
      const statements = policyStatements(e.attrs.assume_role_policy, stack);
      if (statements === UNKNOWN) return unknown("assume_role_policy is known only at apply time");
      const { hits, maybe } = sortStatements(statements ?? [], (s) => (s.effect === "Allow" && !limitedToOrganization(s) ? isPublicPrincipal(s.principals) : false));
      if (hits.length) return fail(`${hits.map(sid).join(", ")} trusts "*"`);
      if (maybe.length) return unknown(`${maybe.map(sid).join(", ")} trusts a principal known only at apply time`);
      const org = (statements ?? []).filter((s) => s.effect === "Allow" && limitedToOrganization(s) && isPublicPrincipal(s.principals) === true);
      return pass(org.length ? `trusts named principals, or "*" limited by aws:PrincipalOrgID (${org.map(sid).join(", ")})` : "trusts named principals");
    },
  },
];
