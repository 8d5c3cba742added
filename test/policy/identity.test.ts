/** Identity and organization guardrails, each proven both ways on constructs synthesized alone. */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserLoginProfile } from "@cdktf/provider-aws/lib/iam-user-login-profile";
import { OrganizationsAccount } from "@cdktf/provider-aws/lib/organizations-account";
import { OrganizationsOrganization } from "@cdktf/provider-aws/lib/organizations-organization";
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { TerraformStack } from "cdktf";
import { check, expectFailure, resultsOf, rule } from "./helpers";

const trust = (principal: unknown) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] });
const role = (s: TerraformStack) => new IamRole(s, "role", { name: "task", assumeRolePolicy: trust({ Service: "ecs-tasks.amazonaws.com" }) });
const doc = (s: TerraformStack, actions: string[], resources: string[]) => new DataAwsIamPolicyDocument(s, "doc", { statement: [{ sid: "Grant", actions, resources }] });

/** An SCP denying a long list of actions, `n` statements of it. */
const scp = (s: TerraformStack, n: number, minified: boolean) => {
  const d = new DataAwsIamPolicyDocument(s, "scp-doc", {
    statement: Array.from({ length: n }, (_, i) => ({ sid: `DenyRegionChange${i}`, effect: "Deny", actions: ["ec2:DisableEbsEncryptionByDefault", "ec2:ModifyInstanceMetadataDefaults"], resources: ["*"], condition: [{ test: "ArnNotLike", variable: "aws:PrincipalARN", values: ["arn:aws:iam::*:role/OrganizationAccountAccessRole"] }] })),
  });
  return new OrganizationsPolicy(s, "scp", { name: "baseline", content: minified ? d.minifiedJson : d.json });
};

describe("identity rules", () => {
  rule("iam-no-full-admin", {
    address: "aws_iam_policy.policy",
    reason: /^policy: statement Grant allows "\*" on "\*"$/,
    good: (s) => new IamRolePolicy(s, "policy", { role: role(s).name, policy: doc(s, ["s3:GetObject"], ["arn:aws:s3:::acme/*"]).json }),
    bad: (s) => new IamPolicy(s, "policy", { name: "admin", policy: doc(s, ["*"], ["*"]).json }),
    path: "test/policy",
  });
  rule("iam-no-passrole-wildcard", {
    address: "aws_iam_policy.policy",
    reason: /^policy: statement Grant allows iam:PassRole on "\*"$/,
    good: (s) => new IamPolicy(s, "policy", { name: "pass", policy: doc(s, ["iam:PassRole"], ["arn:aws:iam::1:role/batch-job"]).json }),
    bad: (s) => new IamPolicy(s, "policy", { name: "pass", policy: doc(s, ["iam:Pass*"], ["*"]).json }),
  });
  rule("iam-no-admin-attachment", {
    address: "aws_iam_role_policy_attachment.admin",
    reason: /^arn:aws:iam::aws:policy\/AdministratorAccess$/,
    good: (s) => new IamRolePolicyAttachment(s, "ssm", { role: role(s).name, policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" }),
    bad: (s) => new IamRolePolicyAttachment(s, "admin", { role: role(s).name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
    path: "test/admin",
  });
  it("accepts an attachment of a customer-managed policy of the same stack, judged by its own statements", () => {
    const report = check((s) => {
      const policy = new IamPolicy(s, "submit", { name: "submit", policy: doc(s, ["batch:SubmitJob"], ["arn:aws:batch:us-east-1:1:job-queue/default"]).json });
      new IamRolePolicyAttachment(s, "attach", { role: "data-team", policyArn: policy.arn });
    });
    expect(resultsOf(report, "iam-no-admin-attachment")[0]).toMatchObject({ status: "pass", detail: "customer-managed policy aws_iam_policy.submit" });
  });

  rule("iam-no-users", { address: "aws_iam_user.deployer", reason: /^aws_iam_user resource$/, good: (s) => role(s), bad: (s) => new IamUser(s, "deployer", { name: "deployer" }), path: "test/deployer" });
  it("refuses a console password (login profile) for an IAM user, naming it and why", () => {
    const report = check((s) => new IamUserLoginProfile(s, "console", { user: "deployer" }));
    expectFailure(report, "iam-no-users", "aws_iam_user_login_profile.console", /^aws_iam_user_login_profile resource$/);
  });
  rule("iam-no-access-keys", {
    address: "aws_iam_access_key.key",
    reason: /^aws_iam_access_key resource$/,
    good: (s) => role(s),
    bad: (s) => new IamAccessKey(s, "key", { user: "deployer" }),
  });
  rule("iam-no-wildcard-trust", {
    address: "aws_iam_role.role",
    reason: /^a statement trusts "\*"$/,
    good: (s) => role(s),
    bad: (s) => new IamRole(s, "role", { name: "open", assumeRolePolicy: trust({ AWS: "*" }) }),
  });

  it("accepts a \"*\" principal limited to the organization by aws:PrincipalOrgID, and not one limited by a wildcard org id or by another key", () => {
    const conditioned = (condition: unknown) =>
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Org", Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: condition }] });
    const status = (condition: unknown) => resultsOf(check((s) => new IamRole(s, "role", { name: "r", assumeRolePolicy: conditioned(condition) })), "iam-no-wildcard-trust")[0].status;
    expect(status({ StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/lz/acme-deployer" } })).toBe("pass");
    expect(status({ StringLike: { "aws:PrincipalOrgID": "o-*" } })).toBe("fail");
    expect(status({ StringEquals: { "aws:PrincipalOrgID": "*" } })).toBe("fail");
    expect(status({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/lz/acme-deployer" } })).toBe("fail");
  });

  it("accepts AdministratorAccess on the landing zone's deployer role only: on /lz/, named <name>-deployer, trusted by account principals only", () => {
    const status = (path: string, name: string, principal: unknown) =>
      resultsOf(
        check((s) => {
          const r = new IamRole(s, "deployer", { name, path, assumeRolePolicy: trust(principal) });
          new IamRolePolicyAttachment(s, "admin", { role: r.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
        }),
        "iam-no-admin-attachment",
      ).find((r) => r.path === "test/admin")!.status;
    expect(status("/lz/", "acme-deployer", { AWS: "arn:aws:iam::111111111111:root" })).toBe("pass");
    expect(status("/", "acme-deployer", { AWS: "arn:aws:iam::111111111111:root" })).toBe("fail");
    expect(status("/lz/", "acme-admin", { AWS: "arn:aws:iam::111111111111:root" })).toBe("fail");
    expect(status("/lz/", "acme-deployer", { AWS: "*" })).toBe("fail");
    expect(status("/lz/", "acme-deployer", { Service: "ec2.amazonaws.com" })).toBe("fail");
    expect(status("/lz/", "acme-deployer", { AWS: "arn:aws:iam::111111111111:role/ci" })).toBe("fail");
  });

  it("reads inline policies of a role", () => {
    const report = check((s) => new IamRole(s, "role", { name: "r", assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }), inlinePolicy: [{ name: "all", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }] }));
    expectFailure(report, "iam-no-full-admin", "aws_iam_role.role", 'inline policy all: a statement allows "*" on "*"');
  });
});

describe("organization rules", () => {
  rule("org-account-never-closed", {
    address: "aws_organizations_account.account",
    reason: /^close_on_deletion = true$/,
    good: (s) => new OrganizationsAccount(s, "account", { name: "a", email: "a@example.com", closeOnDeletion: false }),
    bad: (s) => new OrganizationsAccount(s, "account", { name: "a", email: "a@example.com", closeOnDeletion: true }),
  });
  rule("org-all-features", {
    address: "aws_organizations_organization.org",
    reason: /^feature_set = CONSOLIDATED_BILLING$/,
    good: (s) => new OrganizationsOrganization(s, "org", { featureSet: "ALL" }),
    bad: (s) => new OrganizationsOrganization(s, "org", { featureSet: "CONSOLIDATED_BILLING" }),
  });
  rule("scp-size", {
    address: "aws_organizations_policy.scp",
    reason: /^about 5395 characters$/,
    good: (s) => scp(s, 15, true),
    bad: (s) => scp(s, 15, false),
  });
});
