/**
 * network: the hub every workload account routes through, in the network
 * account. The hub VPC (public, private and transit tiers, NAT per config),
 * its flow logs, the Transit Gateway shared with the organization, and the
 * central interface endpoints with one private hosted zone per service.
 * Workload stacks attach to it through `hub` (see modules/network/index.ts
 * for which side creates what).
 */
import { Construct } from "constructs";
import { HubAttachRole, roleArn } from "../../modules/access";
import { InterfaceEndpoints } from "../../modules/endpoints";
import { KmsKeyConstruct } from "../../modules/kms";
import { logsKeyStatement, VpcFlowLogs } from "../../modules/network/flow-logs";
import { TransitGateway } from "../../modules/network/transit-gateway";
import { AvailabilityZones, NetworkVpc, SUBNET_TIERS } from "../../modules/network/vpc";
import { LandingZoneConfig } from "../config/types";
import { AccountStack } from "./account-stack";
import { HubExports, publishHub, readConfigDelivery, readOrganization } from "./contracts";
import { deployerRoleName, hubRoleName, LZ_ROLE_PATH, NETWORK } from "./names";

export type { HubExports } from "./contracts";

export class NetworkStack extends AccountStack {
  readonly hub: HubExports;
  readonly vpc: NetworkVpc;
  readonly transitGateway: TransitGateway;
  readonly endpoints: InterfaceEndpoints;
  readonly hubRole: HubAttachRole;

  constructor(scope: Construct, config: LandingZoneConfig) {
    // The account's AWS Config recorders deliver to the logging stack's Config bucket (its contract).
    super(scope, NETWORK, config, (self) => ({ name: config.networkAccount.name, id: readOrganization(self, config).accountIdOf(config.networkAccount), assumeRole: true }), { configDelivery: (self) => readConfigDelivery(self, config) });
    const organization = readOrganization(this, config);
    const accountId = this.accountId;
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
    // The contract workload stacks read through remote state (src/stacks/contracts.ts).
    publishHub(this, this.hub);
  }
}
