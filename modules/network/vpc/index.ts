/**
 * # network/vpc
 * A VPC cut into subnet tiers per availability zone, each tier and zone with
 * its own route table: `public` (IGW, NAT), `private` (workloads, endpoints)
 * and `transit` (small subnets for a Transit Gateway attachment). Every tier
 * is optional, so the hub (all three) and a spoke (private + transit, public
 * only for an internet-facing ALB) share this module. DNS support and
 * hostnames are on, no subnet maps public IPs on launch, and the default
 * security group is taken over with no rules at all.
 *
 * Egress is opt-in: an internet gateway comes with a public tier, NAT gateways
 * only when asked (`per-az`: one per zone, each zone's private and transit
 * tables routing to its own; `single`: one in the first zone). An S3 gateway
 * endpoint sits on the private and transit tables; gateway endpoints do not
 * work across a Transit Gateway, so every VPC needs its own. Its policy is
 * left at full access on purpose: ECR image layers and OS/SSM packages come
 * from AWS-owned buckets through presigned or anonymous requests, which an
 * `aws:PrincipalOrgID` condition would break.
 *
 * Routes to other networks (a Transit Gateway) are added with `addRoutes`.
 */
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route, RouteConfig } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import { VpcZone } from "./zones";

export * from "./zones";

export type SubnetTier = "public" | "private" | "transit";
export const SUBNET_TIERS: readonly SubnetTier[] = ["public", "private", "transit"];
export type NatMode = "per-az" | "single" | "none";

export interface VpcProps {
  /** Name tag prefix for every resource, e.g. `acme-hub`. */
  readonly name: string;
  /** The VPC's IPv4 block. */
  readonly cidr: string;
  /** Zones to spread subnets across; the subnet lists are index-aligned with it. */
  readonly zones: readonly VpcZone[];
  /** Subnet CIDRs per tier, one per zone. A tier left out is not created. */
  readonly subnets: Partial<Record<SubnetTier, readonly string[]>>;
  /**
   * Attach an internet gateway; public route tables send 0.0.0.0/0 to it. Needs a public tier.
   * @default true when there is a public tier
   */
  readonly internetGateway?: boolean;
  /**
   * NAT gateways in the public tier, routed from the private and transit tiers.
   * @default "none"
   */
  readonly natGateways?: NatMode;
  /**
   * Tiers whose route tables get the S3 gateway endpoint; an empty list creates none.
   * @default ["private", "transit"] (those present)
   */
  readonly s3GatewayEndpointTiers?: readonly SubnetTier[];
  /** Region of the VPC, for the S3 endpoint's service name. */
  readonly region: string;
}

/** One tier in one zone: its subnet and route table. */
export interface TierSubnet {
  readonly tier: SubnetTier;
  readonly zone: VpcZone;
  readonly subnet: Subnet;
  readonly routeTable: RouteTable;
  /** Construct scope holding this subnet's resources; routes added later go here. */
  readonly scope: Construct;
}

export class NetworkVpc extends Construct {
  readonly vpc: Vpc;
  readonly vpcId: string;
  readonly cidr: string;
  /** The tiers this VPC has, in public/private/transit order. */
  readonly tiers: readonly SubnetTier[];
  readonly internetGateway?: InternetGateway;
  /** NAT gateways by zone key (one for `single`). */
  readonly natGateways: Readonly<Record<string, NatGateway>> = {};
  readonly s3Endpoint?: VpcEndpoint;
  readonly defaultSecurityGroup: DefaultSecurityGroup;
  private readonly cells: TierSubnet[] = [];

  constructor(scope: Construct, id: string, props: VpcProps) {
    super(scope, id);
    const tiers = SUBNET_TIERS.filter((t) => props.subnets[t] !== undefined);
    checkProps(props, tiers);
    this.tiers = tiers;
    this.cidr = props.cidr;
    const tag = (suffix: string, extra: Record<string, string> = {}) => ({ Name: `${props.name}-${suffix}`, ...extra });

    this.vpc = new Vpc(this, "this", { cidrBlock: props.cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: { Name: props.name } });
    this.vpcId = this.vpc.id;

    // Take over the default security group and strip every rule from it.
    this.defaultSecurityGroup = new DefaultSecurityGroup(this, "default-sg", { vpcId: this.vpcId, ingress: [], egress: [], tags: tag("default-deny-all") });

    for (const tier of tiers) {
      props.zones.forEach((zone, i) => {
        const cell = new Construct(this, `${tier}-${zone.key}`);
        const subnet = new Subnet(cell, "this", {
          vpcId: this.vpcId,
          cidrBlock: props.subnets[tier]![i],
          availabilityZone: zone.availabilityZone,
          mapPublicIpOnLaunch: false,
          tags: tag(`${tier}-${zone.key}`, { "lz:tier": tier }),
        });
        const routeTable = new RouteTable(cell, "routes", { vpcId: this.vpcId, tags: tag(`${tier}-${zone.key}`, { "lz:tier": tier }) });
        new RouteTableAssociation(cell, "association", { subnetId: subnet.id, routeTableId: routeTable.id });
        this.cells.push({ tier, zone, subnet, routeTable, scope: cell });
      });
    }

    if (props.internetGateway ?? tiers.includes("public")) {
      const igw = new InternetGateway(this, "igw", { vpcId: this.vpcId, tags: tag("igw") });
      this.internetGateway = igw;
      this.addRoutes("default", ["public"], { destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
    }

    const nat = props.natGateways ?? "none";
    if (nat !== "none") {
      const natZones = nat === "single" ? [props.zones[0]] : props.zones;
      const gateways: Record<string, NatGateway> = {};
      for (const zone of natZones) {
        const scope = new Construct(this, `nat-${zone.key}`);
        const eip = new Eip(scope, "eip", { domain: "vpc", tags: tag(`nat-${zone.key}`) });
        gateways[zone.key] = new NatGateway(scope, "this", {
          allocationId: eip.allocationId,
          subnetId: this.cell("public", zone.key).subnet.id,
          tags: tag(`nat-${zone.key}`),
          dependsOn: [this.internetGateway!],
        });
      }
      this.natGateways = gateways;
      for (const cell of this.cells.filter((c) => c.tier !== "public")) {
        const gateway = gateways[cell.zone.key] ?? gateways[natZones[0].key];
        new Route(cell.scope, "default", { routeTableId: cell.routeTable.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: gateway.id });
      }
    }

    const s3Tiers = (props.s3GatewayEndpointTiers ?? ["private", "transit"]).filter((t) => tiers.includes(t));
    if (s3Tiers.length > 0) {
      this.s3Endpoint = new VpcEndpoint(this, "s3-endpoint", {
        vpcId: this.vpcId,
        serviceName: `com.amazonaws.${props.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: this.routeTableIds(s3Tiers),
        tags: tag("s3"),
      });
    }
  }

  /** Subnet ids of `tier`, in zone order. */
  subnetIds(tier: SubnetTier): string[] {
    return this.tierCells(tier).map((c) => c.subnet.id);
  }

  /** Route table ids of `tiers`, tier by tier, in zone order. */
  routeTableIds(tiers: readonly SubnetTier[]): string[] {
    return tiers.flatMap((t) => this.tierCells(t).map((c) => c.routeTable.id));
  }

  /** Every subnet of `tier` with its route table, in zone order. */
  tierCells(tier: SubnetTier): TierSubnet[] {
    if (!this.tiers.includes(tier)) throw new Error(`${this.node.path} has no ${tier} subnets`);
    return this.cells.filter((c) => c.tier === tier);
  }

  /**
   * Adds the same route to every route table of `tiers`, one `aws_route` each,
   * named `<vpc>_<tier>_<zone>_<id>`. Returns them in tier then zone order.
   */
  addRoutes(id: string, tiers: readonly SubnetTier[], route: Omit<RouteConfig, "routeTableId">): Route[] {
    return tiers.flatMap((t) => this.tierCells(t).map((c) => new Route(c.scope, id, { ...route, routeTableId: c.routeTable.id })));
  }

  private cell(tier: SubnetTier, zoneKey: string): TierSubnet {
    return this.tierCells(tier).find((c) => c.zone.key === zoneKey)!;
  }
}

function checkProps(props: VpcProps, tiers: readonly SubnetTier[]): void {
  const where = `VPC ${props.name}`;
  if (props.zones.length === 0) throw new Error(`${where}: needs at least one zone`);
  const keys = new Set(props.zones.map((z) => z.key));
  if (keys.size !== props.zones.length) throw new Error(`${where}: zone keys must be unique`);
  for (const tier of tiers) {
    const n = props.subnets[tier]!.length;
    if (n !== props.zones.length) throw new Error(`${where}: ${tier} has ${n} subnets for ${props.zones.length} zones; give one per zone`);
  }
  if (props.internetGateway && !tiers.includes("public")) throw new Error(`${where}: an internet gateway needs a public tier`);
  if ((props.natGateways ?? "none") !== "none" && (!tiers.includes("public") || props.internetGateway === false)) {
    throw new Error(`${where}: NAT gateways need a public tier with an internet gateway`);
  }
}
