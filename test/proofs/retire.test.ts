/**
 * Access proof for the Suspended OU's deny-all SCP (lz retire), evaluated as AWS evaluates SCPs: an SCP
 * Deny binds every principal of a member account, administrators included
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html);
 * the exception is an ArnNotLike on aws:PrincipalArn, the role's ARN with its path
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn,
 * and AWS's "deny all except a role" pattern in
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html).
 * The retired account sits under root (the landing zone's three SCPs), then the Suspended OU (FullAWSAccess and
 * the deny-all), then the account (FullAWSAccess).
 */
import { parseConfig } from "../../src/config/load";
import { retire } from "../../src/retire/retire";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ciReadRoleName, deployerRoleName, LZ_ROLE_PATH } from "../../src/stacks/names";
import { exampleText, synthConfig, TfJson } from "../helpers/synth";
import { expectDecision, PolicyJson } from "./harness";

const config = parseConfig(retire(exampleText(), "landing-zone.yaml", "payments-prod").text, "landing-zone.yaml");
const organization: TfJson = synthConfig(config).stack("organization");
const policies = organization.resource.aws_organizations_policy as Record<string, { content: string }>;
const content = (name: string) => JSON.parse(policies[name].content) as PolicyJson;
const allowAll: PolicyJson = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const scps = [[allowAll, content("scp_guardrails"), content("scp_protect_landing_zone"), content("scp_region_guard")], [allowAll, content("scp_suspended_policy")], [allowAll]];

const RETIRED = "444444444444";
const REGION = "us-east-1";
const role = (pathAndName: string) => `arn:aws:iam::${RETIRED}:role/${pathAndName}`;
const deployer = role(`${LZ_ROLE_PATH.slice(1)}${deployerRoleName("acme")}`);
const accessRole = role("OrganizationAccountAccessRole");
const admin = role("aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef");
const appRole = role("acme-web-task");

async function expectCall(principal: string, action: string, resource: string, expected: "Allowed" | "ExplicitlyDenied"): Promise<void> {
  await expectDecision(
    { principal, action, resource, resourceAccount: RETIRED, context: { "aws:PrincipalArn": principal, "aws:PrincipalAccount": RETIRED, "aws:RequestedRegion": REGION } },
    { identity: [allowAll], scps },
    expected,
  );
}

const vpc = `arn:aws:ec2:${REGION}:${RETIRED}:vpc/vpc-0123456789abcdef0`;
const logGroup = `arn:aws:logs:${REGION}:${RETIRED}:log-group:/acme/ecs/web`;

describe("the Suspended OU's SCP (Organizations: SCP evaluation; IAM: aws:PrincipalArn)", () => {
  it.each([
    ["ec2:DeleteVpc", vpc],
    ["ecs:DeleteService", `arn:aws:ecs:${REGION}:${RETIRED}:service/acme-payments-prod/acme-web`],
    ["ec2:DeleteTransitGatewayVpcAttachment", `arn:aws:ec2:${REGION}:${RETIRED}:transit-gateway-attachment/tgw-attach-0123456789abcdef0`],
  ])("lets the deployer destroy the account's contents: %s", async (action, resource) => {
    await expectCall(deployer, action, resource, "Allowed");
  });

  it("lets the organization's access role in (the way back, and how the access stack reads the deployer)", async () => {
    await expectCall(accessRole, "iam:GetRole", deployer, "Allowed");
  });

  it.each([
    ["an administrator (Identity Center, AdministratorAccess)", admin, "ec2:RunInstances", `arn:aws:ec2:${REGION}:${RETIRED}:instance/*`],
    ["an administrator (Identity Center, AdministratorAccess)", admin, "logs:DeleteLogGroup", logGroup],
    ["a workload role left behind", appRole, "s3:GetObject", "arn:aws:s3:::acme-alb-logs-444444444444/x"],
    ["a workload role left behind", appRole, "sts:AssumeRole", role("anything")],
  ])("denies %s everything, e.g. %s %s", async (_who, principal, action, resource) => {
    await expectCall(principal, action, resource, "ExplicitlyDenied");
  });

  it("with CI, lets the read-only ci-read role read the retired account (read-only plans, drift), and only read", async () => {
    const withCi = parseConfig(retire(`${exampleText()}\nci:\n  github: { repository: acme/landing-zone, environment: production }\n`, "landing-zone.yaml", "payments-prod").text, "landing-zone.yaml");
    const org: TfJson = synthConfig(withCi).stack("organization");
    const contentOf = (name: string) => JSON.parse((org.resource.aws_organizations_policy as Record<string, { content: string }>)[name].content) as PolicyJson;
    const ciScps = [[allowAll, contentOf("scp_guardrails"), contentOf("scp_protect_landing_zone"), contentOf("scp_region_guard")], [allowAll, contentOf("scp_suspended_policy")], [allowAll]];
    const ciRead = role(`${LZ_ROLE_PATH.slice(1)}${ciReadRoleName("acme")}`);
    const readOnly = (JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "aws-managed-policies", "ReadOnlyAccess.json"), "utf8")) as { Document: PolicyJson }).Document;
    const call = (action: string, resource: string, expected: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied", identity: PolicyJson = readOnly) =>
      expectDecision({ principal: ciRead, action, resource, resourceAccount: RETIRED, context: { "aws:PrincipalArn": ciRead, "aws:PrincipalAccount": RETIRED, "aws:RequestedRegion": REGION } }, { identity: [identity], scps: ciScps }, expected);
    await call("ec2:DescribeVpcs", "*", "Allowed");
    await call("iam:GetRole", deployer, "Allowed");
    // The SCP exempts it, its ReadOnlyAccess does not let it write.
    await call("ec2:DeleteVpc", vpc, "ImplicitlyDenied");
    // Without CI there is no such role, and the SCP names none: the same principal is denied.
    await expectCall(ciRead, "ec2:DescribeVpcs", "*", "ExplicitlyDenied");
  });

  it("does not bind the active accounts: their OU has no such SCP", () => {
    expect(Object.keys(policies).filter((n) => n.includes("suspended"))).toEqual(["scp_suspended_policy"]);
    const attachments = organization.resource.aws_organizations_policy_attachment as Record<string, { target_id: string }>;
    expect(attachments.scp_suspended_attachment.target_id).toBe("${aws_organizations_organizational_unit.ous_suspended.id}");
  });
});
