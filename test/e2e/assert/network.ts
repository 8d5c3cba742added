/**
 * network: the hub in the network account. The VPC with its tiers, NAT as
 * configured (each AZ routing to its own in per-az), the IGW, flow logs; the
 * Transit Gateway with the configured ASN, defaults off, its two route tables
 * and its RAM share to the organization; every interface endpoint with one
 * private hosted zone per service under the name clients resolve; and the
 * account baseline.
 */
import {
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeSecurityGroupsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  EC2Client,
  SearchTransitGatewayRoutesCommand,
} from "@aws-sdk/client-ec2";
import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetResourceShareAssociationsCommand, GetResourceSharesCommand, RAMClient } from "@aws-sdk/client-ram";
import { GetHostedZoneCommand, ListResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import { SUBNET_TIERS } from "../../../modules/network/vpc";
import { assertHubRole } from "./access";
import { accountIdOf } from "./accounts";
import { assertAccountBaseline } from "./baseline";
import { StackContext } from "./context";
import { assertS3GatewayEndpoint, assertVpc, byVpc, routeTo, vpcEndpoints } from "./vpc";

/** The network stack's outputs, as the workload stacks read them. */
export interface HubOutputs {
  readonly hub_vpc_id: string;
  readonly hub_cidr: string;
  readonly transit_gateway_id: string;
  readonly transit_gateway_spokes_route_table_id: string;
  readonly transit_gateway_hub_route_table_id: string;
  readonly endpoint_zone_ids: Record<string, string>;
}

export async function assertNetwork(ctx: StackContext): Promise<void> {
  const { config } = ctx;
  const hub = config.network.hub;
  const region = config.homeRegion;
  const pool = config.network.workloadCidrPool;
  const outputs = (await ctx.outputs()) as unknown as HubOutputs;
  const client = await ctx.aws.in(await accountIdOf(ctx, config.networkAccount));
  const ec2 = new EC2Client(client);

  const vpc = await assertVpc(client, { name: `${config.name}-hub`, cidr: hub.cidr, subnets: hub.subnets, retentionDays: config.logging.retentionDays });
  expect({ vpc: vpc.vpcId, cidr: outputs.hub_cidr }).toEqual({ vpc: outputs.hub_vpc_id, cidr: hub.cidr });

  const igws = (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: "attachment.vpc-id", Values: [vpc.vpcId] }] }))).InternetGateways ?? [];
  expect(igws).toHaveLength(1);
  for (const table of vpc.routeTables.public!) expect(routeTo(table, "0.0.0.0/0")?.GatewayId).toBe(igws[0].InternetGatewayId);

  // NAT: one per AZ in its public subnet (per-az) or one in the first; private and transit tables route to their own AZ's.
  const nats = ((await ec2.send(new DescribeNatGatewaysCommand({ Filter: byVpc(vpc.vpcId) }))).NatGateways ?? []).filter((n) => n.State === "available");
  const publicSubnets = vpc.subnets.public!;
  const natSubnets = hub.natGateways === "per-az" ? publicSubnets : publicSubnets.slice(0, 1);
  expect(nats.map((n) => n.SubnetId).sort()).toEqual(natSubnets.map((s) => s.SubnetId).sort());
  for (const tier of ["private", "transit"] as const) {
    vpc.routeTables[tier]!.forEach((table, i) => {
      const natSubnet = hub.natGateways === "per-az" ? publicSubnets[i] : publicSubnets[0];
      const nat = nats.find((n) => n.SubnetId === natSubnet.SubnetId);
      expect({ table: `${tier}-az${i + 1}`, nat: routeTo(table, "0.0.0.0/0")?.NatGatewayId }).toEqual({ table: `${tier}-az${i + 1}`, nat: nat?.NatGatewayId });
    });
  }

  // Transit Gateway: the configured ASN, nothing automatic, exactly the spokes and hub route tables.
  const tgwId = outputs.transit_gateway_id;
  const [tgw] = (await ec2.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [tgwId] }))).TransitGateways ?? [];
  expect({ state: tgw?.State, ...pick(tgw?.Options, ["AmazonSideAsn", "AutoAcceptSharedAttachments", "DefaultRouteTableAssociation", "DefaultRouteTablePropagation"]) }).toEqual({
    state: "available",
    AmazonSideAsn: hub.transitGatewayAsn,
    AutoAcceptSharedAttachments: "disable",
    DefaultRouteTableAssociation: "disable",
    DefaultRouteTablePropagation: "disable",
  });
  const tables = (await ec2.send(new DescribeTransitGatewayRouteTablesCommand({ Filters: [{ Name: "transit-gateway-id", Values: [tgwId] }] }))).TransitGatewayRouteTables ?? [];
  expect(tables.map((t) => t.TransitGatewayRouteTableId).sort()).toEqual([outputs.transit_gateway_spokes_route_table_id, outputs.transit_gateway_hub_route_table_id].sort());
  const [hubAttachment] = (await ec2.send(new DescribeTransitGatewayVpcAttachmentsCommand({ Filters: [{ Name: "vpc-id", Values: [vpc.vpcId] }] }))).TransitGatewayVpcAttachments ?? [];
  expect({ state: hubAttachment?.State, subnets: [...(hubAttachment?.SubnetIds ?? [])].sort() }).toEqual({ state: "available", subnets: vpc.subnets.transit!.map((s) => s.SubnetId).sort() });
  // spokes: everything to the hub, the workload pool a blackhole (no spoke-to-spoke).
  const spokeRoutes = await ec2.send(
    new SearchTransitGatewayRoutesCommand({ TransitGatewayRouteTableId: outputs.transit_gateway_spokes_route_table_id, Filters: [{ Name: "type", Values: ["static"] }] }),
  );
  const routes = (spokeRoutes.Routes ?? []).map((r) => ({ cidr: r.DestinationCidrBlock, state: r.State, to: r.TransitGatewayAttachments?.[0]?.TransitGatewayAttachmentId }));
  expect(routes).toEqual(
    expect.arrayContaining([
      { cidr: "0.0.0.0/0", state: "active", to: hubAttachment.TransitGatewayAttachmentId },
      { cidr: pool, state: "blackhole", to: undefined },
    ]),
  );
  // Every hub subnet sends the workload pool back through the TGW.
  for (const tier of SUBNET_TIERS) for (const table of vpc.routeTables[tier]!) expect(routeTo(table, pool)?.TransitGatewayId).toBe(tgwId);

  // RAM: the TGW shared with the organization only.
  const ram = new RAMClient(client);
  const shares = (await ram.send(new GetResourceSharesCommand({ resourceOwner: "SELF", name: `${config.name}-transit-gateway` }))).resourceShares ?? [];
  expect(shares.map((s) => ({ status: s.status, external: s.allowExternalPrincipals }))).toEqual([{ status: "ACTIVE", external: false }]);
  const associated = async (associationType: "PRINCIPAL" | "RESOURCE") =>
    ((await ram.send(new GetResourceShareAssociationsCommand({ associationType, resourceShareArns: [shares[0].resourceShareArn!] }))).resourceShareAssociations ?? [])
      .filter((a) => a.status === "ASSOCIATED")
      .map((a) => a.associatedEntity);
  const organization = await new OrganizationsClient(await ctx.aws.in(config.organization.managementAccountId)).send(new DescribeOrganizationCommand({}));
  expect(await associated("PRINCIPAL")).toEqual([organization.Organization!.Arn]);
  expect(await associated("RESOURCE")).toEqual([tgw.TransitGatewayArn]);

  await assertInterfaceEndpoints(ctx, outputs, vpc.subnets.private!.map((s) => s.SubnetId!), vpc.vpcId, organization.Organization!.Id!);
  await assertS3GatewayEndpoint(client, vpc.vpcId, region, [...vpc.routeTables.private!, ...vpc.routeTables.transit!]);
  await assertAccountBaseline(client, config.name, config.logging.retentionDays, config.allowedRegions);
  await assertHubRole(client, organization.Organization!.Id!, config.name);
}

/** Each configured service: an endpoint in the private subnets behind the HTTPS-only group, and its zone with the alias records. */
/** `organizationId`: read from Organizations, since a greenfield config has no organization.id. */
async function assertInterfaceEndpoints(ctx: StackContext, outputs: HubOutputs, privateSubnetIds: string[], vpcId: string, organizationId: string): Promise<void> {
  const { config } = ctx;
  const hub = config.network.hub;
  const client = await ctx.aws.in(await accountIdOf(ctx, config.networkAccount));
  const endpoints = await vpcEndpoints(client, vpcId, "Interface");
  expect(endpoints.map((e) => e.ServiceName).sort()).toEqual(hub.interfaceEndpoints.map((s) => s.serviceName).sort());

  const [group] = (await new EC2Client(client).send(new DescribeSecurityGroupsCommand({ Filters: [...byVpc(vpcId), { Name: "group-name", Values: [`${config.name}-hub-endpoints`] }] }))).SecurityGroups ?? [];
  expect((group?.IpPermissions ?? []).map((p) => ({ protocol: p.IpProtocol, from: p.FromPort, to: p.ToPort, cidrs: (p.IpRanges ?? []).map((r) => r.CidrIp).sort() }))).toEqual([
    { protocol: "tcp", from: 443, to: 443, cidrs: [hub.cidr, config.network.workloadCidrPool].sort() },
  ]);

  expect(Object.keys(outputs.endpoint_zone_ids).sort()).toEqual(hub.interfaceEndpoints.filter((s) => s.zoneName).map((s) => s.service).sort());
  const route53 = new Route53Client(client);
  for (const spec of hub.interfaceEndpoints) {
    const endpoint = endpoints.find((e) => e.ServiceName === spec.serviceName)!;
    expect({ service: spec.service, subnets: [...(endpoint.SubnetIds ?? [])].sort(), groups: endpoint.Groups?.map((g) => g.GroupId) }).toEqual({
      service: spec.service,
      subnets: [...privateSubnetIds].sort(),
      groups: [group.GroupId],
    });
    if (spec.supportsPolicy) expect(endpoint.PolicyDocument).toContain(organizationId);
    // A service without a zone (apprunner.requests) is reached by other names; see src/config/endpoint-services.ts.
    if (!spec.zoneName) continue;

    const zone = await route53.send(new GetHostedZoneCommand({ Id: outputs.endpoint_zone_ids[spec.service] }));
    expect({ service: spec.service, name: zone.HostedZone?.Name, private: zone.HostedZone?.Config?.PrivateZone }).toEqual({ service: spec.service, name: `${spec.zoneName}.`, private: true });
    expect(zone.VPCs).toEqual(expect.arrayContaining([{ VPCId: vpcId, VPCRegion: config.homeRegion }]));
    const records = (await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.HostedZone!.Id }))).ResourceRecordSets ?? [];
    // Route 53 returns a wildcard's asterisk escaped as \052, as AWS documents.
    const aliases = records
      .filter((r) => r.Type === "A" && r.AliasTarget)
      .map((r) => ({ name: r.Name?.replace(/^\\052\./, "*."), target: r.AliasTarget!.DNSName?.replace(/\.$/, "") }));
    const target = endpoint.DnsEntries?.[0]?.DnsName;
    const expected = [`${spec.zoneName}.`, ...(spec.wildcard ? [`*.${spec.zoneName}.`] : [])].map((name) => ({ name, target }));
    expect(aliases.sort((a, b) => a.name!.localeCompare(b.name!))).toEqual(expected.sort((a, b) => a.name.localeCompare(b.name)));
  }
}

const pick = <T extends object, K extends keyof T>(o: T | undefined, keys: K[]): Partial<Pick<T, K>> => Object.fromEntries(keys.map((k) => [k, o?.[k]])) as Partial<Pick<T, K>>;
