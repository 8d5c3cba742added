/**
 * Access proofs for the network account's hub role, which the workload stacks' `network` provider
 * assumes (chained from their deployer role) for the hub side of each spoke.
 *
 * Trust: `Principal: {"AWS": "*"}` is accepted in a role trust policy when a Condition restricts it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html);
 * STS sends `aws:PrincipalArn` (the calling role's ARN, path included) and `aws:PrincipalOrgID` (the
 * organization of the calling account) with AssumeRole
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 * A cross-account AssumeRole needs both the caller's identity policy and the trust policy to allow it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
 *
 * Permissions: the actions and resource types of each call come from the Service Authorization
 * Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53.html).
 */
import { synthConfig, TfJson } from "../helpers/synth";
import { Decision, expectDecision, policyOf, PolicyJson } from "./harness";

const out = synthConfig();
const network: TfJson = out.stack("network");
const organization: TfJson = out.stack("organization");

const ORG_ID = "o-a1b2c3d4e5";
const NETWORK = "333333333333";
const WORKLOAD = "444444444444";
const REGION = "us-east-1";
const HUB_ROLE = `arn:aws:iam::${NETWORK}:role/lz/acme-hub-attach`;
const SPOKES_TABLE = "tgw-rtb-0spokes";
const HUB_TABLE = "tgw-rtb-0hub";

/** Every `${…}` of the network stack's hub role documents, with the value the proof states. */
function refsOf(stack: TfJson): Record<string, string> {
  const refs: Record<string, string> = {
    "data.terraform_remote_state.cross_stack_reference_input_organization.outputs.cross_stack_output_aws_organizations_organization_organization_id": ORG_ID,
    "aws_ec2_transit_gateway_route_table.transit_gateway_spokes.id": SPOKES_TABLE,
    "aws_ec2_transit_gateway_route_table.transit_gateway_hub.id": HUB_TABLE,
  };
  for (const m of JSON.stringify(stack.data.aws_iam_policy_document.hub_attach_role_policy).matchAll(/\$\{(aws_route53_zone\.endpoints_(\w+)_zone\.zone_id)\}/g)) {
    refs[m[1]] = `Z${m[2].toUpperCase()}`;
  }
  return refs;
}
const refs = refsOf(network);
const trust = policyOf(network, "aws_iam_role.hub_attach_role", "assume_role_policy", refs);
const permissions = policyOf(network, "aws_iam_role_policy.hub_attach_role_permissions", "policy", refs);
const allowAll: PolicyJson = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const scpContents = Object.values(organization.resource.aws_organizations_policy as Record<string, { content: string }>).map((p) => JSON.parse(p.content) as PolicyJson);
const scps = [[allowAll, ...scpContents], [allowAll], [allowAll]];

async function assume(principal: string, orgId: string, expected: Decision): Promise<void> {
  const account = principal.split(":")[4];
  await expectDecision(
    {
      principal,
      action: "sts:AssumeRole",
      resource: HUB_ROLE,
      resourceAccount: NETWORK,
      context: { "aws:PrincipalArn": principal, "aws:PrincipalOrgID": orgId, "aws:PrincipalAccount": account, "aws:RequestedRegion": REGION },
    },
    // The deployer's AdministratorAccess allows the call on its side; the trust policy decides.
    { identity: [allowAll], resource: trust },
    expected,
  );
}

async function call(action: string, resource: string, expected: Decision): Promise<void> {
  await expectDecision(
    {
      principal: HUB_ROLE,
      action,
      resource,
      resourceAccount: NETWORK,
      context: { "aws:PrincipalArn": HUB_ROLE, "aws:PrincipalOrgID": ORG_ID, "aws:PrincipalAccount": NETWORK, "aws:RequestedRegion": REGION },
    },
    { identity: [permissions], scps },
    expected,
  );
}

const ec2 = (type: string, id: string, account = NETWORK) => `arn:aws:ec2:${REGION}:${account}:${type}/${id}`;
const attachment = ec2("transit-gateway-attachment", "tgw-attach-0spoke");

describe("the hub role's trust (IAM: Principal element, aws:PrincipalArn, aws:PrincipalOrgID)", () => {
  it("lets a deployer role of the organization assume it", async () => {
    await assume(`arn:aws:iam::${WORKLOAD}:role/lz/acme-deployer`, ORG_ID, "Allowed");
  });

  it("refuses any other role of the organization, the access role and administrators included", async () => {
    await assume(`arn:aws:iam::${WORKLOAD}:role/OrganizationAccountAccessRole`, ORG_ID, "ImplicitlyDenied");
    await assume(`arn:aws:iam::${WORKLOAD}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef`, ORG_ID, "ImplicitlyDenied");
    await assume(`arn:aws:iam::${WORKLOAD}:role/acme-deployer`, ORG_ID, "ImplicitlyDenied");
  });

  it("refuses a deployer-named role of an account outside the organization", async () => {
    await assume("arn:aws:iam::999999999999:role/lz/acme-deployer", "o-zzzzzzzzzz", "ImplicitlyDenied");
  });
});

describe("the hub role's permissions (Service Authorization Reference: EC2, Route 53)", () => {
  it.each([
    ["ec2:AcceptTransitGatewayVpcAttachment", attachment],
    ["ec2:CreateTags", attachment],
    ["ec2:AssociateTransitGatewayRouteTable", ec2("transit-gateway-route-table", SPOKES_TABLE)],
    ["ec2:AssociateTransitGatewayRouteTable", attachment],
    ["ec2:EnableTransitGatewayRouteTablePropagation", ec2("transit-gateway-route-table", HUB_TABLE)],
    // The Service Authorization Reference lists no resource type for these reads: they are authorized on "*".
    ["ec2:GetTransitGatewayRouteTableAssociations", "*"],
    ["ec2:GetTransitGatewayRouteTablePropagations", "*"],
    ["ec2:DescribeTransitGatewayVpcAttachments", "*"],
    ["ec2:DescribeTransitGateways", "*"],
    ["route53:CreateVPCAssociationAuthorization", "arn:aws:route53:::hostedzone/ZSSM"],
    ["route53:ListVPCAssociationAuthorizations", "arn:aws:route53:::hostedzone/ZECR_DKR"],
    ["route53:DeleteVPCAssociationAuthorization", "arn:aws:route53:::hostedzone/ZKMS"],
  ])("allows %s on %s: the hub side of a spoke", async (action, resource) => {
    await call(action, resource, "Allowed");
  });

  it.each([
    ["ec2:DeleteTransitGateway", ec2("transit-gateway", "tgw-0hub")],
    ["ec2:ModifyTransitGateway", ec2("transit-gateway", "tgw-0hub")],
    ["ec2:CreateTransitGatewayRoute", ec2("transit-gateway-route-table", SPOKES_TABLE)],
    ["ec2:DeleteTransitGatewayRouteTable", ec2("transit-gateway-route-table", HUB_TABLE)],
    ["ec2:AssociateTransitGatewayRouteTable", ec2("transit-gateway-route-table", "tgw-rtb-0other")],
    ["ec2:CreateRoute", ec2("route-table", "rtb-0hub")],
    ["ec2:CreateTags", ec2("vpc", "vpc-0hub")],
    ["ec2:TerminateInstances", ec2("instance", "i-0123456789abcdef0")],
    ["ec2:CreateTransitGatewayVpcAttachment", ec2("transit-gateway", "tgw-0hub")],
    ["route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/ZSSM"],
    ["route53:CreateVPCAssociationAuthorization", "arn:aws:route53:::hostedzone/ZOTHER"],
    ["route53:DeleteHostedZone", "arn:aws:route53:::hostedzone/ZSSM"],
    ["ram:DisassociateResourceShare", `arn:aws:ram:${REGION}:${NETWORK}:resource-share/x`],
    ["iam:PassRole", HUB_ROLE],
    ["s3:GetObject", "arn:aws:s3:::acme-tfstate-111111111111/network/terraform.tfstate"],
  ])("denies %s on %s: nothing else", async (action, resource) => {
    await call(action, resource, "ImplicitlyDenied");
  });
});
