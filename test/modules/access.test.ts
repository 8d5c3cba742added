/** The access module: the deployer role of a member account and the network account's hub role, synthesized alone. */
import { DeployerRole, HUB_ATTACH_ACTIONS, HubAttachRole } from "../../modules/access";
import { synthConstruct } from "../helpers/construct";
import { single, statements } from "../helpers/synth";

describe("DeployerRole", () => {
  const stack = synthConstruct((scope) => new DeployerRole(scope, "deployer", { name: "acme-deployer", path: "/lz/", trustedAccountId: "111111111111" }));

  it("puts the role on the landing zone's path, trusted by the management account alone", () => {
    expect(single(stack, "aws_iam_role")).toMatchObject({ name: "acme-deployer", path: "/lz/", assume_role_policy: "${data.aws_iam_policy_document.deployer_trust.json}" });
    expect(statements(stack, "deployer_trust")).toEqual([
      { sid: "ManagementAccount", actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:root"] }] },
    ]);
  });

  it("gives it AdministratorAccess by attachment, with no inline policy the access role could not put", () => {
    expect(single(stack, "aws_iam_role_policy_attachment")).toMatchObject({ role: "${aws_iam_role.deployer.name}", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" });
    expect(stack.resource.aws_iam_role_policy).toBeUndefined();
  });
});

describe("HubAttachRole", () => {
  const stack = synthConstruct(
    (scope) =>
      new HubAttachRole(scope, "hub-role", {
        name: "acme-hub-attach",
        path: "/lz/",
        organizationId: "o-a1b2c3d4e5",
        trustedRoleArnPattern: "arn:aws:iam::*:role/lz/acme-deployer",
        region: "us-east-1",
        accountId: "333333333333",
        routeTableIds: ["tgw-rtb-1", "tgw-rtb-2"],
        zoneIds: ["Z1"],
      }),
  );

  it("trusts any principal of the organization whose ARN is a deployer role's", () => {
    expect(statements(stack, "hub_role_trust")).toEqual([
      {
        sid: "OrganizationDeployers",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "AWS", identifiers: ["*"] }],
        condition: [
          { test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-a1b2c3d4e5"] },
          { test: "ArnLike", variable: "aws:PrincipalArn", values: ["arn:aws:iam::*:role/lz/acme-deployer"] },
        ],
      },
    ]);
  });

  it("allows exactly the hub side of a spoke, on the given route tables and zones", () => {
    const s = Object.fromEntries(statements(stack, "hub_role_policy").map((x) => [x.sid as string, x]));
    expect(s.ReadTransitGateway.resources).toEqual(["*"]);
    expect(s.ReadTransitGateway.actions).toEqual(HUB_ATTACH_ACTIONS.read);
    expect(s.AssociateAndPropagate.resources).toEqual([
      "arn:aws:ec2:us-east-1:*:transit-gateway-attachment/*",
      "arn:aws:ec2:us-east-1:333333333333:transit-gateway-route-table/tgw-rtb-1",
      "arn:aws:ec2:us-east-1:333333333333:transit-gateway-route-table/tgw-rtb-2",
    ]);
    expect(s.AuthorizeZoneAssociations).toEqual({ sid: "AuthorizeZoneAssociations", actions: HUB_ATTACH_ACTIONS.zone, resources: ["arn:aws:route53:::hostedzone/Z1"] });
    expect(s.TagAcceptedAttachments).toEqual({ sid: "TagAcceptedAttachments", actions: ["ec2:CreateTags"], resources: ["arn:aws:ec2:us-east-1:*:transit-gateway-attachment/*"] });
    expect(single(stack, "aws_iam_role_policy")).toMatchObject({ name: "hub-side-of-spokes", role: "${aws_iam_role.hub_role.id}" });
  });
});
