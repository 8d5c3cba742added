/**
 * People: no IAM users or access keys in member accounts, whoever asks. The guardrails SCP at the root
 * denies iam:CreateUser and iam:CreateAccessKey; an administrator (AdministratorAccess, as the Admin
 * permission set's role, or the landing zone's access role) is explicitly denied both, while other IAM
 * writes stay allowed.
 *
 * AWS pages:
 * - "SCP evaluation" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html):
 *   an explicit Deny in any SCP on the path root → OU → account overrides every Allow; FullAWSAccess is
 *   attached at each level.
 * - "Actions, resources, and condition keys for AWS Identity and Access Management"
 *   (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html):
 *   CreateUser acts on the resource `user` (arn:aws:iam::<account>:user/<path><name>), CreateAccessKey on the user it
 *   creates the key for.
 * - "Permission sets" in the IAM Identity Center user guide
 *   (https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsconcept.html): a permission set is provisioned
 *   as a role `AWSReservedSSO_<set>_<id>` under the path /aws-reserved/sso.amazonaws.com/, and a person acts as that role's session.
 */
import { resources, synthConfig, TfJson } from "../helpers/synth";
import { expectDecision, PolicyJson, policyJson, policyOf, Request, simulate } from "./harness";

const organization = synthConfig().stack("organization");
const FULL_AWS_ACCESS: PolicyJson = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const ADMINISTRATOR_ACCESS = FULL_AWS_ACCESS; // arn:aws:iam::aws:policy/AdministratorAccess: Allow * on *
const rootScps: PolicyJson[] = Object.entries(resources(organization, "aws_organizations_policy"))
  .filter(([, p]: [string, TfJson]) => (p.type ?? "SERVICE_CONTROL_POLICY") === "SERVICE_CONTROL_POLICY")
  .map(([name, p]: [string, TfJson]) => policyJson(organization, p.content, {}, `aws_organizations_policy.${name}.content`));
const scps: PolicyJson[][] = [[FULL_AWS_ACCESS, ...rootScps], [FULL_AWS_ACCESS], [FULL_AWS_ACCESS]];

const PAYMENTS = "444444444444";
const ADMIN_SESSION_ROLE = `arn:aws:iam::${PAYMENTS}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`;
const ACCESS_ROLE = `arn:aws:iam::${PAYMENTS}:role/OrganizationAccountAccessRole`;
const iam = (principal: string, action: string, resource: string): Request => ({
  principal,
  action,
  resource,
  resourceAccount: PAYMENTS,
  context: { "aws:PrincipalArn": principal, "aws:PrincipalAccount": PAYMENTS },
});
const asAdmin = { identity: [ADMINISTRATOR_ACCESS], scps };

describe("no IAM users or access keys in member accounts (guardrails SCP)", () => {
  it.each([ADMIN_SESSION_ROLE, ACCESS_ROLE])("denies %s iam:CreateUser", async (principal) => {
    await expectDecision(iam(principal, "iam:CreateUser", `arn:aws:iam::${PAYMENTS}:user/deployer`), asAdmin, "ExplicitlyDenied");
  });

  it.each([ADMIN_SESSION_ROLE, ACCESS_ROLE])("denies %s iam:CreateAccessKey", async (principal) => {
    await expectDecision(iam(principal, "iam:CreateAccessKey", `arn:aws:iam::${PAYMENTS}:user/legacy`), asAdmin, "ExplicitlyDenied");
  });

  it("still lets an administrator create a role", async () => {
    await expectDecision(iam(ADMIN_SESSION_ROLE, "iam:CreateRole", `arn:aws:iam::${PAYMENTS}:role/app`), asAdmin, "Allowed");
  });
});

/**
 * What the built-in sets' AWS managed policies allow, on the policy documents themselves (copied into
 * test/fixtures/aws-managed-policies from moto 5.2.1's copy of AWS's published versions; the policy
 * reference is https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html).
 * A permission set's role in an account holds exactly these, and the SCPs still apply to it. Which accounts a
 * set reaches is the assignment, tested on the synthesized stack (test/stacks/people.test.ts: no Developer in the
 * network or logging account).
 */
describe("built-in permission sets", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const managed = (name: string): PolicyJson => require(`../fixtures/aws-managed-policies/${name}.json`).Document;
  const role = (set: string) => `arn:aws:iam::${PAYMENTS}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${set}_0123456789abcdef`;
  const request = (set: string, action: string, resource: string, region = "us-east-1"): Request => ({
    principal: role(set),
    action,
    resource,
    resourceAccount: PAYMENTS,
    context: { "aws:PrincipalArn": role(set), "aws:RequestedRegion": region },
  });

  it("ReadOnly reads but cannot write", async () => {
    const readOnly = { identity: [managed("ReadOnlyAccess")], scps };
    await expectDecision(request("ReadOnly", "ec2:DescribeInstances", "*"), readOnly, "Allowed");
    await expectDecision(request("ReadOnly", "s3:PutObject", "arn:aws:s3:::acme-data/report.csv"), readOnly, "ImplicitlyDenied");
    await expectDecision(request("ReadOnly", "ec2:TerminateInstances", `arn:aws:ec2:us-east-1:${PAYMENTS}:instance/i-0123456789abcdef0`), readOnly, "ImplicitlyDenied");
    await expectDecision(request("ReadOnly", "iam:CreateRole", `arn:aws:iam::${PAYMENTS}:role/app`), readOnly, "ImplicitlyDenied");
  });

  it("Developer (PowerUserAccess) builds but cannot touch IAM or leave the allowed regions", async () => {
    const developer = { identity: [managed("PowerUserAccess")], scps };
    await expectDecision(request("Developer", "ec2:TerminateInstances", `arn:aws:ec2:us-east-1:${PAYMENTS}:instance/i-0123456789abcdef0`), developer, "Allowed");
    await expectDecision(request("Developer", "iam:CreateRole", `arn:aws:iam::${PAYMENTS}:role/app`), developer, "ImplicitlyDenied");
    await expectDecision(request("Developer", "ec2:CreateVpc", `arn:aws:ec2:us-west-2:${PAYMENTS}:vpc/*`, "us-west-2"), developer, "Allowed");
    await expectDecision(request("Developer", "ec2:CreateVpc", `arn:aws:ec2:eu-west-1:${PAYMENTS}:vpc/*`, "eu-west-1"), developer, "ExplicitlyDenied"); // region guard
  });
});

/**
 * Developer cannot touch the network or logging accounts. Two ways in, both closed:
 * - in the account itself, a person acts only as the role of a permission set assigned to one of their
 *   groups there ("Permission sets", above: Identity Center provisions AWSReservedSSO_<set> roles only in
 *   the accounts a set is assigned to). The synthesized assignments give `developers` no set in the network
 *   or logging account, so no role they may assume exists there: no identity policy, nothing allowed;
 * - from a workload account where they hold Developer (PowerUserAccess, which allows sts:AssumeRole and
 *   s3:* on its own side), across accounts: a cross-account request needs the target's resource policy to
 *   allow it as well ("Cross-account policy evaluation logic",
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
 *   The network account's hub role trusts only the organization's deployer roles (STS sends
 *   aws:PrincipalArn and aws:PrincipalOrgID with AssumeRole,
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html), and the
 *   logging account's archive bucket lets only CloudTrail write (its policy, as synthesized).
 */
describe("Developer cannot touch the network or logging accounts", () => {
  const out = synthConfig();
  const identityCenter = out.stack("identity-center");
  const network = out.stack("network");
  const logging = out.stack("logging");
  const ORG_ID = "o-a1b2c3d4e5";
  const NETWORK = "333333333333";
  const LOGGING = "222222222222";
  const ANALYTICS = "555555555555";
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const managed = (name: string): PolicyJson => require(`../fixtures/aws-managed-policies/${name}.json`).Document;
  const developerRole = `arn:aws:iam::${ANALYTICS}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Developer_0123456789abcdef`;
  const developer = { identity: [managed("PowerUserAccess")], scps };

  /** The sets a group holds in an account, from the synthesized assignments. */
  const setsOf = (group: string, account: string): string[] =>
    Object.values(resources(identityCenter, "aws_ssoadmin_account_assignment"))
      .filter((a: TfJson) => a.target_id === account && new RegExp(`identity_center_group_${group}\\.group_id`).test(a.principal_id))
      .map((a: TfJson) => /identity_center_set_(\w+)\.arn/.exec(a.permission_set_arn)![1])
      .sort();

  it("gives developers no permission set in the network or logging account (and Developer only in non-prod)", () => {
    expect(setsOf("developers", NETWORK)).toEqual([]);
    expect(setsOf("developers", LOGGING)).toEqual([]);
    expect(setsOf("developers", ANALYTICS)).toEqual(["Developer"]);
  });

  it("so a developer's request in those accounts has no policy that allows it", async () => {
    for (const [account, action, resource] of [
      [NETWORK, "ec2:DeleteRoute", `arn:aws:ec2:us-east-1:${NETWORK}:route-table/rtb-0hubprivate`],
      [LOGGING, "sns:DeleteTopic", `arn:aws:sns:us-east-1:${LOGGING}:acme-security-alarms`],
    ]) {
      const identity = setsOf("developers", account).map((set) => managed(set === "Developer" ? "PowerUserAccess" : "ReadOnlyAccess"));
      const principal = `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Developer_0123456789abcdef`;
      await expectDecision({ principal, action, resource, resourceAccount: account, context: { "aws:PrincipalArn": principal, "aws:RequestedRegion": "us-east-1" } }, { identity, scps }, "ImplicitlyDenied");
    }
  });

  it("refuses Developer from a workload account the network account's hub role (its trust names only deployer roles)", async () => {
    const refs: Record<string, string> = {
      "data.terraform_remote_state.remote_state_organization.outputs.organization_id": ORG_ID,
    };
    const trust = policyOf(network, "aws_iam_role.hub_attach_role", "assume_role_policy", refs);
    const assume = (principal: string): Request => ({
      principal,
      action: "sts:AssumeRole",
      resource: `arn:aws:iam::${NETWORK}:role/lz/acme-hub-attach`,
      resourceAccount: NETWORK,
      context: { "aws:PrincipalArn": principal, "aws:PrincipalOrgID": ORG_ID, "aws:PrincipalAccount": ANALYTICS },
    });
    await expectDecision(assume(developerRole), { ...developer, resource: trust }, "ImplicitlyDenied");
    // The same trust lets the workload's deployer in: the refusal is about who asks, not a broken trust.
    await expectDecision(assume(`arn:aws:iam::${ANALYTICS}:role/lz/acme-deployer`), { identity: [FULL_AWS_ACCESS], resource: trust }, "Allowed");
  });

  it("refuses Developer from a workload account reading, writing or deleting the logging account's trail archive", async () => {
    const bucket: string = logging.output.archive_bucket.value;
    const refs = {
      "data.terraform_remote_state.remote_state_organization.outputs.organization_id": ORG_ID,
      "aws_cloudwatch_log_group.trail_log_group.arn": `arn:aws:logs:us-east-1:${LOGGING}:log-group:/acme/cloudtrail/organization`,
      "aws_kms_key.key.arn": `arn:aws:kms:us-east-1:${LOGGING}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    };
    const bucketPolicy = policyOf(logging, "aws_s3_bucket_policy.archive_bucket_bucket_policy", "policy", refs);
    const object = `arn:aws:s3:::${bucket}/AWSLogs/${ORG_ID}/${ANALYTICS}/CloudTrail/us-east-1/2026/11/29/x.json.gz`;
    for (const [action, resource] of [
      ["s3:GetObject", object],
      ["s3:PutObject", object],
      ["s3:DeleteObject", object],
      ["s3:PutBucketPolicy", `arn:aws:s3:::${bucket}`],
    ]) {
      const request: Request = { principal: developerRole, action, resource, resourceAccount: LOGGING, context: { "aws:PrincipalArn": developerRole, "aws:PrincipalOrgID": ORG_ID, "aws:SecureTransport": "true" } };
      const { decision } = await simulate(request, { ...developer, resource: bucketPolicy });
      expect({ action, decision }).toEqual({ action, decision: expect.not.stringMatching(/^Allowed$/) });
    }
  });
});

/**
 * ReadOnly cannot write: its only policy is ReadOnlyAccess (the set as synthesized), which allows reads
 * (Describe/Get/List) and no write, whatever the service ("ReadOnlyAccess", AWS managed policy reference:
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/ReadOnlyAccess.html).
 */
describe("ReadOnly cannot write", () => {
  const identityCenter = synthConfig().stack("identity-center");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const managed = (name: string): PolicyJson => require(`../fixtures/aws-managed-policies/${name}.json`).Document;

  it("holds ReadOnlyAccess and nothing else", () => {
    const attached = Object.values(resources(identityCenter, "aws_ssoadmin_managed_policy_attachment")).filter((a: TfJson) => /identity_center_set_ReadOnly\.arn/.test(a.permission_set_arn));
    expect(attached.map((a: TfJson) => a.managed_policy_arn)).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    const others = ["aws_ssoadmin_customer_managed_policy_attachment", "aws_ssoadmin_permission_set_inline_policy"].flatMap((type) =>
      Object.values(resources(identityCenter, type)).filter((a: TfJson) => /identity_center_set_ReadOnly\.arn/.test(a.permission_set_arn)),
    );
    expect(others).toEqual([]);
  });

  it.each([
    ["s3:PutObject", "arn:aws:s3:::acme-data/report.csv"],
    ["s3:DeleteBucket", "arn:aws:s3:::acme-data"],
    ["ec2:CreateSnapshot", `arn:aws:ec2:us-east-1:${PAYMENTS}:volume/vol-0123456789abcdef0`],
    ["ec2:ModifyVpcAttribute", `arn:aws:ec2:us-east-1:${PAYMENTS}:vpc/vpc-0123456789abcdef0`],
    ["kms:Decrypt", `arn:aws:kms:us-east-1:${PAYMENTS}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    ["ssm:StartSession", `arn:aws:ec2:us-east-1:${PAYMENTS}:instance/i-0123456789abcdef0`],
    ["logs:DeleteLogGroup", `arn:aws:logs:us-east-1:${PAYMENTS}:log-group:/acme/ssm/sessions`],
    ["iam:AttachRolePolicy", `arn:aws:iam::${PAYMENTS}:role/app`],
  ])("denies ReadOnly %s", async (action, resource) => {
    const principal = `arn:aws:iam::${PAYMENTS}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_0123456789abcdef`;
    await expectDecision({ principal, action, resource, resourceAccount: PAYMENTS, context: { "aws:PrincipalArn": principal, "aws:RequestedRegion": "us-east-1" } }, { identity: [managed("ReadOnlyAccess")], scps }, "ImplicitlyDenied");
  });
});
