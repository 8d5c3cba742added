/**
 * # access
 * The roles the landing zone deploys through, on their own IAM path so that one
 * SCP statement can protect them all (see `modules/organization/scps.ts`):
 *
 * - `DeployerRole`, in every member account: trusted by one account (the
 *   management account, whose CI principal applies the stacks) and holding
 *   AdministratorAccess. Every stack of a member account applies through it,
 *   and it is the only principal the guardrail SCPs exempt. It is created by
 *   that account's `access-<account>` stack through the organization's access
 *   role, which the SCPs let create roles on the path but never change them.
 * - `HubAttachRole`, in the network account: what a workload stack does on the
 *   hub side of its spoke (accept its Transit Gateway attachment, associate and
 *   propagate it, authorize its VPC on the central endpoint zones), and nothing
 *   else. Trusted by the organization's deployer roles only.
 *
 * Role trust: a role's trust policy is its resource policy; `Principal: {"AWS": "*"}`
 * is allowed there when a Condition restricts it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 * `aws:PrincipalArn` of an assumed-role session is the role's ARN, path included, and
 * `aws:PrincipalOrgID` the organization of the calling account
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";

import { accountRootArn, ADMINISTRATOR_ACCESS_ARN } from "../../aws/iam";

export { ADMINISTRATOR_ACCESS_ARN, roleArn } from "../../aws/iam";

export interface DeployerRoleProps {
  /** Role name, e.g. `acme-deployer`. */
  readonly name: string;
  /** IAM path, e.g. `/lz/`; starts and ends with `/`. */
  readonly path: string;
  /**
   * The one account whose principals may assume the role (the management account). The trust names
   * the account (`arn:aws:iam::<id>:root`), so it never changes when CI's own role does; the
   * account's IAM policies decide which of its principals may assume it.
   */
  readonly trustedAccountId: string;
  /**
   * Managed policies attached to the role.
   * @default [ADMINISTRATOR_ACCESS_ARN]: the deployer applies every resource of its account's stacks
   */
  readonly managedPolicyArns?: readonly string[];
}

export class DeployerRole extends Construct {
  readonly role: IamRole;
  /** The role's ARN, known before apply. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: DeployerRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          sid: "ManagementAccount",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "AWS", identifiers: [accountRootArn(props.trustedAccountId)] }],
        },
      ],
    });
    // Created once, never updated: the SCP denies everyone but the deployer any change to a role on
    // this path, so the access role can create it but cannot re-point it (see scps.ts).
    this.role = new IamRole(this, "this", {
      name: props.name,
      path: props.path,
      description: "The landing zone applies this account's stacks through this role; only it is exempt from the guardrail SCPs",
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    for (const arn of props.managedPolicyArns ?? [ADMINISTRATOR_ACCESS_ARN]) {
      const name = arn.split("/").pop()!;
      new IamRolePolicyAttachment(this, name, { role: this.role.name, policyArn: arn });
    }
    this.arn = this.role.arn;
  }
}

export interface HubAttachRoleProps {
  /** Role name, e.g. `acme-hub-attach`. */
  readonly name: string;
  /** IAM path, e.g. `/lz/`. */
  readonly path: string;
  /** The organization (o-…) whose deployers may assume the role. */
  readonly organizationId: string;
  /** ARN pattern of the roles that may assume it, e.g. `arn:aws:iam::*:role/lz/acme-deployer`. */
  readonly trustedRoleArnPattern: string;
  /** The hub's region and account, for the Transit Gateway resource ARNs. */
  readonly region: string;
  readonly accountId: string;
  /** The Transit Gateway route tables spoke attachments associate with and propagate into. */
  readonly routeTableIds: readonly string[];
  /** The private hosted zones spokes' VPCs are authorized to join. */
  readonly zoneIds: readonly string[];
}

/**
 * The calls the hub side of a spoke makes, by resource (AWS provider 5.100.0, read from
 * internal/service/ec2/transitgateway_vpc_attachment_accepter.go, transitgateway_route_table_association.go,
 * transitgateway_route_table_propagation.go and internal/service/route53/vpc_association_authorization.go):
 * - aws_ec2_transit_gateway_vpc_attachment_accepter: create AcceptTransitGatewayVpcAttachment, then
 *   DescribeTransitGatewayVpcAttachments (wait), CreateTags, DescribeTransitGateways and, for the
 *   default route table settings, Get/Disassociate/Disable on the TGW's default tables; read
 *   DescribeTransitGatewayVpcAttachments, DescribeTransitGateways, GetTransitGatewayRouteTable
 *   Associations/Propagations; delete DeleteTransitGatewayVpcAttachment (a retired spoke);
 * - aws_ec2_transit_gateway_route_table_association: Associate/DisassociateTransitGatewayRouteTable,
 *   GetTransitGatewayRouteTableAssociations (wait and read), DescribeTransitGatewayAttachments;
 * - aws_ec2_transit_gateway_route_table_propagation: Enable/DisableTransitGatewayRouteTablePropagation,
 *   GetTransitGatewayRouteTablePropagations;
 * - aws_route53_vpc_association_authorization: Create/Delete/ListVPCAssociationAuthorization(s).
 * Resource types per action: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
 * and https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53.html
 * (Describe* and the GetTransitGatewayRouteTable* reads take no resource; the rest name the attachment
 * and the route table, or the zone).
 */
export const HUB_ATTACH_ACTIONS = {
  /** Reads that take no resource: the Service Authorization Reference lists no resource type for them, so they need "*". */
  read: [
    "ec2:DescribeTransitGatewayAttachments",
    "ec2:DescribeTransitGatewayVpcAttachments",
    "ec2:DescribeTransitGateways",
    "ec2:GetTransitGatewayRouteTableAssociations",
    "ec2:GetTransitGatewayRouteTablePropagations",
  ],
  attachment: ["ec2:AcceptTransitGatewayVpcAttachment", "ec2:DeleteTransitGatewayVpcAttachment"],
  routeTable: [
    "ec2:AssociateTransitGatewayRouteTable",
    "ec2:DisableTransitGatewayRouteTablePropagation",
    "ec2:DisassociateTransitGatewayRouteTable",
    "ec2:EnableTransitGatewayRouteTablePropagation",
  ],
  zone: ["route53:CreateVPCAssociationAuthorization", "route53:DeleteVPCAssociationAuthorization", "route53:ListVPCAssociationAuthorizations"],
} as const;

export class HubAttachRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: HubAttachRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          sid: "OrganizationDeployers",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "AWS", identifiers: ["*"] }],
          condition: [
            { test: "StringEquals", variable: "aws:PrincipalOrgID", values: [props.organizationId] },
            { test: "ArnLike", variable: "aws:PrincipalArn", values: [props.trustedRoleArnPattern] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, "this", {
      name: props.name,
      path: props.path,
      description: "Workload stacks accept, associate and propagate their spoke's Transit Gateway attachment and authorize its VPC on the endpoint zones through this role",
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    const ec2 = (type: string, id: string) => `arn:aws:ec2:${props.region}:${props.accountId}:${type}/${id}`;
    // A spoke's attachment is created in the spoke's account; accepting and tagging it from the hub names
    // the attachment in the hub's region, whichever account's ARN EC2 evaluates.
    const attachments = `arn:aws:ec2:${props.region}:*:transit-gateway-attachment/*`;
    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      statement: [
        { sid: "ReadTransitGateway", actions: [...HUB_ATTACH_ACTIONS.read], resources: ["*"] },
        { sid: "AcceptSpokeAttachments", actions: [...HUB_ATTACH_ACTIONS.attachment], resources: [attachments] },
        {
          sid: "TagAcceptedAttachments",
          actions: ["ec2:CreateTags"],
          resources: [attachments],
        },
        {
          sid: "AssociateAndPropagate",
          actions: [...HUB_ATTACH_ACTIONS.routeTable],
          resources: [attachments, ...props.routeTableIds.map((t) => ec2("transit-gateway-route-table", t))],
        },
        {
          sid: "AuthorizeZoneAssociations",
          actions: [...HUB_ATTACH_ACTIONS.zone],
          resources: props.zoneIds.map((z) => `arn:aws:route53:::hostedzone/${z}`),
        },
      ].filter((s) => s.resources.length > 0),
    });
    new IamRolePolicy(this, "permissions", { name: "hub-side-of-spokes", role: this.role.id, policy: policy.json });
    this.arn = this.role.arn;
  }
}

export interface CiReadRoleProps {
  /** Role name, e.g. `acme-ci-read`. */
  readonly name: string;
  /** IAM path, e.g. `/lz/`. */
  readonly path: string;
  /** The account of the one role that may assume it (the management account). */
  readonly trustedAccountId: string;
  /** ARN of that role, e.g. `arn:aws:iam::111111111111:role/lz/acme-ci-plan`. */
  readonly trustedRoleArn: string;
  /** Managed policies attached. */
  readonly managedPolicyArns: readonly string[];
}

/**
 * A read-only role in a member account for CI's plan role: ReadOnlyAccess, trusted by that one role. The
 * trust names the account and pins the caller with `aws:PrincipalArn` (the role's ARN, path included), so
 * the role can be created before the plan role exists, and a recreated plan role still matches
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn).
 */
export class CiReadRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: CiReadRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          sid: "CiPlanRole",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "AWS", identifiers: [`arn:aws:iam::${props.trustedAccountId}:root`] }],
          condition: [{ test: "ArnEquals", variable: "aws:PrincipalArn", values: [props.trustedRoleArn] }],
        },
      ],
    });
    this.role = new IamRole(this, "this", {
      name: props.name,
      path: props.path,
      description: "Landing zone CI: read-only, for plans on pull requests",
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    for (const arn of props.managedPolicyArns) new IamRolePolicyAttachment(this, arn.split("/").pop()!, { role: this.role.name, policyArn: arn });
  }
}
