/**
 * What hub and spoke VPCs share (modules/network/vpc, flow-logs): the VPC
 * with its CIDR and DNS, one subnet per tier and zone with the carved CIDRs,
 * no public IPs on launch, a default security group without rules, no
 * security group open on 22 or 3389, and flow logs (ALL) into a
 * KMS-encrypted log group with the configured retention.
 */
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeFlowLogsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  Filter,
  RouteTable,
  Subnet,
  Tag,
  VpcEndpoint,
} from "@aws-sdk/client-ec2";
import { SubnetTier } from "../../../modules/network/vpc";
import { ClientOptions } from "../helpers/aws";

export interface VpcExpectation {
  /** The VPC's Name tag; subnets are named <name>-<tier>-az<n>. */
  readonly name: string;
  readonly cidr: string;
  /** CIDRs per tier, zone by zone, as the config carved them. */
  readonly subnets: Partial<Record<SubnetTier, readonly string[]>>;
  /** Days the flow log group keeps events. */
  readonly retentionDays: number;
}

export interface FoundVpc {
  readonly vpcId: string;
  /** Subnets per tier, in zone order (az1, az2, …). */
  readonly subnets: Partial<Record<SubnetTier, Subnet[]>>;
  /** Route tables per tier, in zone order. */
  readonly routeTables: Partial<Record<SubnetTier, RouteTable[]>>;
}

export const byVpc = (vpcId: string): Filter[] => [{ Name: "vpc-id", Values: [vpcId] }];
export const tag = (tags: Tag[] | undefined, key: string): string | undefined => tags?.find((t) => t.Key === key)?.Value;

/** Finds the VPC named `expected.name` and checks its addressing, DNS, subnets and lockdown. */
export async function assertVpc(client: ClientOptions, expected: VpcExpectation): Promise<FoundVpc> {
  const ec2 = new EC2Client(client);
  const vpcs = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: [expected.name] }] }))).Vpcs ?? [];
  expect(vpcs.map((v) => ({ name: expected.name, cidr: v.CidrBlock, state: v.State }))).toEqual([{ name: expected.name, cidr: expected.cidr, state: "available" }]);
  const vpcId = vpcs[0].VpcId!;
  for (const Attribute of ["enableDnsSupport", "enableDnsHostnames"] as const) {
    const attribute = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute }));
    expect({ [Attribute]: (attribute.EnableDnsSupport ?? attribute.EnableDnsHostnames)?.Value }).toEqual({ [Attribute]: true });
  }

  const all = (await ec2.send(new DescribeSubnetsCommand({ Filters: byVpc(vpcId) }))).Subnets ?? [];
  const tiers = Object.keys(expected.subnets) as SubnetTier[];
  const zones = expected.subnets[tiers[0]]!.length;
  expect(all).toHaveLength(tiers.length * zones);
  const tables = (await ec2.send(new DescribeRouteTablesCommand({ Filters: byVpc(vpcId) }))).RouteTables ?? [];
  const subnets: Partial<Record<SubnetTier, Subnet[]>> = {};
  const routeTables: Partial<Record<SubnetTier, RouteTable[]>> = {};
  for (const tier of tiers) {
    const names = expected.subnets[tier]!.map((_, i) => `${expected.name}-${tier}-az${i + 1}`);
    const found = names.map((name) => all.find((s) => tag(s.Tags, "Name") === name));
    expect(found.map((s, i) => ({ subnet: names[i], cidr: s?.CidrBlock, publicIps: s?.MapPublicIpOnLaunch }))).toEqual(
      expected.subnets[tier]!.map((cidr, i) => ({ subnet: names[i], cidr, publicIps: false })),
    );
    // One subnet per zone: a tier never doubles up in an AZ.
    expect(new Set(found.map((s) => s!.AvailabilityZone)).size).toBe(zones);
    subnets[tier] = found as Subnet[];
    routeTables[tier] = found.map((s) => {
      const table = tables.find((t) => t.Associations?.some((a) => a.SubnetId === s!.SubnetId));
      expect({ subnet: tag(s!.Tags, "Name"), routeTable: table !== undefined }).toEqual({ subnet: tag(s!.Tags, "Name"), routeTable: true });
      return table!;
    });
  }

  const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: byVpc(vpcId) }))).SecurityGroups ?? [];
  const defaultGroup = groups.find((g) => g.GroupName === "default");
  expect({ ingress: defaultGroup?.IpPermissions, egress: defaultGroup?.IpPermissionsEgress }).toEqual({ ingress: [], egress: [] });
  // Bastion-free: no group lets SSH or RDP in, whatever its source.
  const adminPorts = groups.flatMap((g) =>
    (g.IpPermissions ?? [])
      .filter((p) => p.IpProtocol === "-1" || [22, 3389].some((port) => (p.FromPort ?? 0) <= port && port <= (p.ToPort ?? 65535)))
      .map((p) => `${g.GroupName}: ${p.IpProtocol} ${p.FromPort}-${p.ToPort}`),
  );
  expect(adminPorts).toEqual([]);

  await assertFlowLogs(client, vpcId, `/vpc/flow-logs/${expected.name}`, expected.retentionDays);
  return { vpcId, subnets, routeTables };
}

/** Flow logs of every packet of `vpcId` to `logGroupName`, KMS-encrypted, kept `retentionDays`. */
async function assertFlowLogs(client: ClientOptions, vpcId: string, logGroupName: string, retentionDays: number): Promise<void> {
  const flowLogs = (await new EC2Client(client).send(new DescribeFlowLogsCommand({ Filter: [{ Name: "resource-id", Values: [vpcId] }] }))).FlowLogs ?? [];
  expect(flowLogs.map((f) => ({ traffic: f.TrafficType, type: f.LogDestinationType, group: f.LogGroupName ?? f.LogDestination?.split(":log-group:")[1] }))).toEqual([
    { traffic: "ALL", type: "cloud-watch-logs", group: logGroupName },
  ]);
  const groups = (await new CloudWatchLogsClient(client).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }))).logGroups ?? [];
  const group = groups.find((g) => g.logGroupName === logGroupName);
  expect({ group: logGroupName, retention: group?.retentionInDays, encrypted: Boolean(group?.kmsKeyId) }).toEqual({ group: logGroupName, retention: retentionDays, encrypted: true });
}

/** The VPC's endpoints of `type`. */
export async function vpcEndpoints(client: ClientOptions, vpcId: string, type: "Interface" | "Gateway"): Promise<VpcEndpoint[]> {
  const all = (await new EC2Client(client).send(new DescribeVpcEndpointsCommand({ Filters: byVpc(vpcId) }))).VpcEndpoints ?? [];
  return all.filter((e) => e.VpcEndpointType === type);
}

/** The S3 gateway endpoint of `vpcId`, on exactly `routeTables`. */
export async function assertS3GatewayEndpoint(client: ClientOptions, vpcId: string, region: string, routeTables: readonly RouteTable[]): Promise<void> {
  const gateways = await vpcEndpoints(client, vpcId, "Gateway");
  expect(gateways.map((e) => ({ service: e.ServiceName, state: e.State?.toLowerCase(), routeTables: [...(e.RouteTableIds ?? [])].sort() }))).toEqual([
    { service: `com.amazonaws.${region}.s3`, state: "available", routeTables: routeTables.map((t) => t.RouteTableId!).sort() },
  ]);
}

/** The route of `table` to `destination`, if any. */
export const routeTo = (table: RouteTable, destination: string) => table.Routes?.find((r) => r.DestinationCidrBlock === destination);
