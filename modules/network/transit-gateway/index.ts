/**
 * # network/transit-gateway
 * A hub-and-spoke Transit Gateway. Nothing happens by default: shared
 * attachments are never auto-accepted, and no attachment is associated with
 * or propagated into a default route table. Instead there are two route
 * tables:
 *
 * - `spokes`, which every spoke attachment associates with: 0.0.0.0/0 goes to
 *   the hub attachment, and `isolatedCidrs` (the workload pool) are
 *   blackholed, so spoke-to-spoke traffic is dropped at the TGW instead of
 *   hairpinning through the hub VPC;
 * - `hub`, which the hub attachment associates with and every spoke
 *   attachment propagates into: the way back to each spoke.
 *
 * The hub VPC attachment sits in the hub's transit subnets. With
 * `organizationArn` the gateway is shared through RAM with the organization
 * and no one outside it (`allow_external_principals = false`).
 * The spoke side of each pair is described in `modules/network/index.ts`.
 */
import { Ec2TransitGateway } from "@cdktf/provider-aws/lib/ec2-transit-gateway";
import { Ec2TransitGatewayRoute } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route";
import { Ec2TransitGatewayRouteTable } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route-table";
import { Ec2TransitGatewayRouteTableAssociation } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-association";
import { Ec2TransitGatewayVpcAttachment } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment";
import { RamPrincipalAssociation } from "@cdktf/provider-aws/lib/ram-principal-association";
import { RamResourceAssociation } from "@cdktf/provider-aws/lib/ram-resource-association";
import { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { Construct } from "constructs";

export interface TransitGatewayProps {
  /** Name tag prefix, e.g. `acme`. */
  readonly name: string;
  /** Private ASN of the Amazon side: 64512-65534 or 4200000000-4294967294. */
  readonly amazonSideAsn: number;
  /** The hub VPC, attached in `hubSubnetIds`. */
  readonly hubVpcId: string;
  /** Hub subnets for the attachment, one per zone (the transit tier). */
  readonly hubSubnetIds: string[];
  /**
   * Destinations spokes may not reach through the TGW, blackholed in the `spokes` table.
   * Give the workload pool to keep spokes apart.
   * @default none
   */
  readonly isolatedCidrs?: readonly string[];
  /**
   * Organization ARN to share the gateway with through RAM.
   * @default not shared
   */
  readonly organizationArn?: string;
  /**
   * Protect the gateway from `terraform destroy` and replacement.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

export class TransitGateway extends Construct {
  readonly transitGateway: Ec2TransitGateway;
  readonly id: string;
  readonly arn: string;
  /** Route table spoke attachments associate with. */
  readonly spokesRouteTable: Ec2TransitGatewayRouteTable;
  /** Route table the hub attachment associates with and spoke attachments propagate into. */
  readonly hubRouteTable: Ec2TransitGatewayRouteTable;
  readonly hubAttachment: Ec2TransitGatewayVpcAttachment;
  readonly share?: RamResourceShare;

  constructor(scope: Construct, id: string, props: TransitGatewayProps) {
    super(scope, id);
    this.transitGateway = new Ec2TransitGateway(this, "this", {
      description: `${props.name} hub`,
      amazonSideAsn: props.amazonSideAsn,
      autoAcceptSharedAttachments: "disable",
      defaultRouteTableAssociation: "disable",
      defaultRouteTablePropagation: "disable",
      dnsSupport: "enable",
      vpnEcmpSupport: "enable",
      multicastSupport: "disable",
      tags: { Name: props.name },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.id = this.transitGateway.id;
    this.arn = this.transitGateway.arn;
    const tgw = this.id;

    this.spokesRouteTable = new Ec2TransitGatewayRouteTable(this, "spokes", { transitGatewayId: tgw, tags: { Name: `${props.name}-spokes` } });
    this.hubRouteTable = new Ec2TransitGatewayRouteTable(this, "hub", { transitGatewayId: tgw, tags: { Name: `${props.name}-hub` } });

    this.hubAttachment = new Ec2TransitGatewayVpcAttachment(this, "hub-attachment", {
      transitGatewayId: tgw,
      vpcId: props.hubVpcId,
      subnetIds: props.hubSubnetIds,
      dnsSupport: "enable",
      transitGatewayDefaultRouteTableAssociation: false,
      transitGatewayDefaultRouteTablePropagation: false,
      tags: { Name: `${props.name}-hub` },
    });
    new Ec2TransitGatewayRouteTableAssociation(this, "hub-association", {
      transitGatewayAttachmentId: this.hubAttachment.id,
      transitGatewayRouteTableId: this.hubRouteTable.id,
    });
    new Ec2TransitGatewayRoute(this.spokesRouteTable, "default", {
      transitGatewayRouteTableId: this.spokesRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      transitGatewayAttachmentId: this.hubAttachment.id,
    });
    for (const cidr of props.isolatedCidrs ?? []) {
      new Ec2TransitGatewayRoute(this.spokesRouteTable, `isolate-${cidr.replace(/[./]/g, "-")}`, {
        transitGatewayRouteTableId: this.spokesRouteTable.id,
        destinationCidrBlock: cidr,
        blackhole: true,
      });
    }

    if (props.organizationArn !== undefined) {
      this.share = new RamResourceShare(this, "share", { name: `${props.name}-transit-gateway`, allowExternalPrincipals: false, tags: { Name: `${props.name}-transit-gateway` } });
      new RamResourceAssociation(this.share, "gateway", { resourceShareArn: this.share.arn, resourceArn: this.arn });
      new RamPrincipalAssociation(this.share, "organization", { resourceShareArn: this.share.arn, principal: props.organizationArn });
    }
  }
}
