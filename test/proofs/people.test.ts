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
