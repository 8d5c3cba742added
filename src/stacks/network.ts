/**
 * network: the hub every workload account routes through, in the network
 * account. The hub VPC (public, private and transit tiers, NAT per config),
 * its flow logs, the Transit Gateway shared with the organization, and the
 * central interface endpoints with one private hosted zone per service.
 * Workload stacks attach to it through `hub` (see modules/network/index.ts
 * for which side creates what).
 */
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ConfigDelivery } from "../../modules/security/recorder";
import { HubAttachRole, roleArn } from "../../modules/access";
import { InterfaceEndpoints } from "../../modules/endpoints";
import { KmsKeyConstruct } from "../../modules/kms";
import { logsKeyStatement, VpcFlowLogs } from "../../modules/network/flow-logs";
import { TransitGateway } from "../../modules/network/transit-gateway";
import { AvailabilityZones, NetworkVpc, SUBNET_TIERS } from "../../modules/network/vpc";
import { LandingZoneConfig } from "../config/types";
import { AccountStack } from "./account-stack";
import { deployerRoleName, hubRoleName, LZ_ROLE_PATH, NETWORK } from "./names";

/** What workload stacks need from the hub; tokens resolve through this stack's outputs. */
export interface HubExports {
  readonly vpcId: string;
  readonly hubCidr: string;
  readonly transitGatewayId: string;
  /** TGW route table spoke attachments associate with. */
  readonly spokesRouteTableId: string;
  /** TGW route table spoke attachments propagate into. */
  readonly hubRouteTableId: string;
  /** Service short name (e.g. ecr.dkr) -> private hosted zone id. */
  readonly endpointZoneIds: Readonly<Record<string, string>>;
}

/** The organization, from the organization stack. */
export interface OrganizationRefs {
  /** o-…, for the endpoint policies' aws:PrincipalOrgID. */
  readonly organizationId: string;
  /** The principal the Transit Gateway is shared with. */
  readonly organizationArn: string;
}

export class NetworkStack extends AccountStack {
  readonly hub: HubExports;
  readonly vpc: NetworkVpc;
  readonly transitGateway: TransitGateway;
  readonly endpoints: InterfaceEndpoints;
  readonly hubRole: HubAttachRole;

  /** @param configDelivery where the account's AWS Config recorders deliver (the logging stack's Config bucket) */
  constructor(scope: Construct, config: LandingZoneConfig, accountId: string, organization: OrganizationRefs, configDelivery?: ConfigDelivery) {
    super(scope, NETWORK, config, { name: config.networkAccount.name, id: accountId, assumeRole: true }, { configDelivery });
    const hub = config.network.hub;
    const region = config.homeRegion;
    const pool = config.network.workloadCidrPool;
    const name = `${config.name}-hub`;

    const zones = new AvailabilityZones(this, "zones", { count: hub.availabilityZones });
    this.vpc = new NetworkVpc(this, "hub", { name, cidr: hub.cidr, zones: zones.zones, subnets: hub.subnets, natGateways: hub.natGateways, region });

    const key = new KmsKeyConstruct(this, "logs-key", {
      alias: `${config.name}/network-logs`,
      description: `Encrypts the ${config.name} network account's log groups`,
      accountId,
      statements: [logsKeyStatement(region, accountId)],
    });
    new VpcFlowLogs(this, "hub-flow-logs", { name, vpcId: this.vpc.vpcId, accountId, kmsKeyArn: key.arn, retentionDays: config.logging.retentionDays });

    this.transitGateway = new TransitGateway(this, "transit-gateway", {
      name: config.name,
      amazonSideAsn: hub.transitGatewayAsn,
      hubVpcId: this.vpc.vpcId,
      hubSubnetIds: this.vpc.subnetIds("transit"),
      isolatedCidrs: [pool],
      organizationArn: organization.organizationArn,
    });
    // Every hub table sends the workload pool to the TGW: endpoint replies (private),
    // forwarded spoke egress (transit) and NAT replies (public).
    this.vpc.addRoutes("workloads", SUBNET_TIERS, { destinationCidrBlock: pool, transitGatewayId: this.transitGateway.id, dependsOn: [this.transitGateway.hubAttachment] });

    this.endpoints = new InterfaceEndpoints(this, "endpoints", {
      name,
      vpcId: this.vpc.vpcId,
      subnetIds: this.vpc.subnetIds("private"),
      allowedCidrs: [hub.cidr, pool],
      organizationId: organization.organizationId,
      services: hub.interfaceEndpoints,
    });

    // The hub side of every spoke, for the workload stacks' deployers: see modules/access.
    this.hubRole = new HubAttachRole(this, "hub-attach-role", {
      name: hubRoleName(config.name),
      path: LZ_ROLE_PATH,
      organizationId: organization.organizationId,
      trustedRoleArnPattern: roleArn("*", LZ_ROLE_PATH, deployerRoleName(config.name)),
      region,
      accountId,
      routeTableIds: [this.transitGateway.spokesRouteTable.id, this.transitGateway.hubRouteTable.id],
      zoneIds: Object.values(this.endpoints.zoneIds),
    });

    this.hub = {
      vpcId: this.vpc.vpcId,
      hubCidr: hub.cidr,
      transitGatewayId: this.transitGateway.id,
      spokesRouteTableId: this.transitGateway.spokesRouteTable.id,
      hubRouteTableId: this.transitGateway.hubRouteTable.id,
      endpointZoneIds: this.endpoints.zoneIds,
    };
    new TerraformOutput(this, "hub_vpc_id", { value: this.hub.vpcId, description: "Hub VPC id" });
    new TerraformOutput(this, "hub_cidr", { value: this.hub.hubCidr, description: "Hub VPC CIDR" });
    new TerraformOutput(this, "transit_gateway_id", { value: this.hub.transitGatewayId, description: "Transit Gateway shared with the organization" });
    new TerraformOutput(this, "transit_gateway_spokes_route_table_id", { value: this.hub.spokesRouteTableId, description: "TGW route table spoke attachments associate with" });
    new TerraformOutput(this, "transit_gateway_hub_route_table_id", { value: this.hub.hubRouteTableId, description: "TGW route table spoke attachments propagate into" });
    new TerraformOutput(this, "endpoint_zone_ids", { value: this.hub.endpointZoneIds, description: "Private hosted zone id per interface endpoint service" });
  }
}
