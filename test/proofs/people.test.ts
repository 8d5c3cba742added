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
import { expectDecision, PolicyJson, policyJson, Request } from "./harness";

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
