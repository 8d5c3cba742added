/**
 * # network/spoke
 * A workload VPC on the hub's Transit Gateway, built from the `vpc` and
 * `flow-logs` modules: private subnets per zone for workloads, small transit
 * subnets for the attachment, and public subnets only when an
 * internet-facing load balancer needs them (then an internet gateway for
 * the load balancer alone: no NAT, no public IPs on launch). The private
 * route tables send 0.0.0.0/0 to the Transit Gateway, so all egress leaves
 * through the hub's NAT. The VPC has its own S3 gateway endpoint (gateway
 * endpoints do not work across a TGW), flow logs for ALL traffic to a
 * KMS-encrypted log group, and a default security group without rules.
 *
 * Both sides of each cross-account pair are here (see
 * `modules/network/index.ts`): the spoke's own provider creates the
 * attachment, routes and zone associations; `hubProvider`, acting in the
 * network account, accepts the attachment, associates it with the `spokes`
 * route table, propagates it into `hub`, and authorizes the association of
 * this VPC with every central endpoint zone.
 */
import { Ec2TransitGatewayRouteTableAssociation } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-association";
import { Ec2TransitGatewayRouteTablePropagation } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-propagation";
import { Ec2TransitGatewayVpcAttachment } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment";
import { Ec2TransitGatewayVpcAttachmentAccepter } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment-accepter";
import { Route53VpcAssociationAuthorization } from "@cdktf/provider-aws/lib/route53-vpc-association-authorization";
import { Route53ZoneAssociation } from "@cdktf/provider-aws/lib/route53-zone-association";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { VpcFlowLogs } from "../flow-logs";
import { NetworkVpc, SubnetTier, VpcZone } from "../vpc";

/** What the spoke needs from the hub (the network stack's `HubExports`). */
export interface HubAttachmentTarget {
  readonly transitGatewayId: string;
  /** TGW route table the spoke's attachment associates with. */
  readonly spokesRouteTableId: string;
  /** TGW route table the spoke's attachment propagates into. */
  readonly hubRouteTableId: string;
  /** Service short name → central endpoint private hosted zone id. */
  readonly endpointZoneIds: Readonly<Record<string, string>>;
}

export interface SpokeProps {
  /** Name tag prefix, e.g. `acme-payments-prod`. */
  readonly name: string;
  /** The spoke's CIDR. */
  readonly cidr: string;
  /** Zones, index-aligned with the subnet lists. */
  readonly zones: readonly VpcZone[];
  /** Subnet CIDRs per zone; `public` is used only with `publicSubnets`. */
  readonly subnets: { readonly private: readonly string[]; readonly transit: readonly string[]; readonly public: readonly string[] };
  /**
   * Public subnets and an internet gateway, for internet-facing load balancers only.
   * @default false
   */
  readonly publicSubnets?: boolean;
  readonly region: string;
  /** The spoke's account (flow-log role trust). */
  readonly accountId: string;
  /** KMS key for the flow-log group; must let CloudWatch Logs of the account use it. */
  readonly kmsKeyArn: string;
  /**
   * Days to keep flow logs.
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  readonly hub: HubAttachmentTarget;
  /** Provider acting in the network (hub) account. */
  readonly hubProvider: TerraformProvider;
}

export class SpokeNetwork extends Construct {
  readonly vpc: NetworkVpc;
  readonly vpcId: string;
  readonly attachment: Ec2TransitGatewayVpcAttachment;
  readonly accepter: Ec2TransitGatewayVpcAttachmentAccepter;
  readonly flowLogs: VpcFlowLogs;

  constructor(scope: Construct, id: string, props: SpokeProps) {
    super(scope, id);
    const { name, hub, hubProvider } = props;
    const subnets: Partial<Record<SubnetTier, readonly string[]>> = { private: props.subnets.private, transit: props.subnets.transit };
    if (props.publicSubnets) subnets.public = props.subnets.public;
    this.vpc = new NetworkVpc(this, "vpc", { name, cidr: props.cidr, zones: props.zones, subnets, natGateways: "none", s3GatewayEndpointTiers: ["private"], region: props.region });
    this.vpcId = this.vpc.vpcId;
    this.flowLogs = new VpcFlowLogs(this, "flow-logs", { name, vpcId: this.vpcId, accountId: props.accountId, kmsKeyArn: props.kmsKeyArn, retentionDays: props.flowLogRetentionDays });

    // Spoke side: the attachment. Default route table settings cannot be set on a shared TGW.
    this.attachment = new Ec2TransitGatewayVpcAttachment(this, "attachment", {
      transitGatewayId: hub.transitGatewayId,
      vpcId: this.vpcId,
      subnetIds: this.vpc.subnetIds("transit"),
      dnsSupport: "enable",
      tags: { Name: name },
    });
    // Hub side: accept, associate with `spokes` (default route to the hub), propagate into `hub` (the way back).
    this.accepter = new Ec2TransitGatewayVpcAttachmentAccepter(this, "accepter", {
      provider: hubProvider,
      transitGatewayAttachmentId: this.attachment.id,
      transitGatewayDefaultRouteTableAssociation: false,
      transitGatewayDefaultRouteTablePropagation: false,
      tags: { Name: name },
    });
    new Ec2TransitGatewayRouteTableAssociation(this, "spokes-association", {
      provider: hubProvider,
      transitGatewayAttachmentId: this.accepter.transitGatewayAttachmentId,
      transitGatewayRouteTableId: hub.spokesRouteTableId,
    });
    new Ec2TransitGatewayRouteTablePropagation(this, "hub-propagation", {
      provider: hubProvider,
      transitGatewayAttachmentId: this.accepter.transitGatewayAttachmentId,
      transitGatewayRouteTableId: hub.hubRouteTableId,
    });
    // A route to a TGW fails until the attachment is accepted.
    this.vpc.addRoutes("default", ["private"], { destinationCidrBlock: "0.0.0.0/0", transitGatewayId: hub.transitGatewayId, dependsOn: [this.accepter] });

    // Central endpoint DNS: the hub authorizes, the spoke associates.
    for (const service of Object.keys(hub.endpointZoneIds).sort()) {
      const scope = new Construct(this, `dns-${service}`);
      const zoneId = hub.endpointZoneIds[service];
      const authorization = new Route53VpcAssociationAuthorization(scope, "authorization", { provider: hubProvider, vpcId: this.vpcId, zoneId });
      new Route53ZoneAssociation(scope, "association", { vpcId: authorization.vpcId, zoneId: authorization.zoneId });
    }
  }

  /** Subnet ids of `tier`, in zone order. */
  subnetIds(tier: SubnetTier): string[] {
    return this.vpc.subnetIds(tier);
  }
}
