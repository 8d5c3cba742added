/**
 * workload-<name>: the spoke in the workload account and the hub side of its
 * pairs in the network account. The VPC with the account's resolved CIDR and
 * tiers (public only for an internet-facing ALB; no NAT ever), flow logs, the
 * S3 gateway endpoint; the TGW attachment to the hub's TGW, accepted,
 * associated with the spokes table and propagated into hub, with the private
 * tables' default route on the TGW; the spoke VPC in every endpoint zone;
 * then the account's key, baseline and compute (workload-compute.ts), its
 * WAF, autoscaling and patching (workload-operations.ts).
 */
import {
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  EC2Client,
  GetTransitGatewayRouteTableAssociationsCommand,
  GetTransitGatewayRouteTablePropagationsCommand,
} from "@aws-sdk/client-ec2";
import { GetHostedZoneCommand, Route53Client } from "@aws-sdk/client-route-53";
import { WorkloadAccount } from "../../../src/config/types";
import { NETWORK } from "../../../src/stacks/names";
import { accountIdOf } from "./accounts";
import { assertAccountBaseline } from "./baseline";
import { StackContext } from "./context";
import { assertKey } from "./kms";
import { HubOutputs } from "./network";
import { assertS3GatewayEndpoint, assertVpc, byVpc, routeTo } from "./vpc";
import { assertWorkloadCompute } from "./workload-compute";
import { assertWorkloadOperations } from "./workload-operations";

export async function assertWorkload(ctx: StackContext): Promise<void> {
  const { config } = ctx;
  const account = config.workloads.find((w) => w.stackName === ctx.stack);
  if (!account) throw new Error(`no workload account in the config has stack ${ctx.stack}`);
  const hub = (await ctx.outputsOf(NETWORK)) as unknown as HubOutputs;
  const client = await ctx.aws.in(await accountIdOf(ctx, account));
  const ec2 = new EC2Client(client);

  const subnets = { private: account.subnets.private, transit: account.subnets.transit, ...(account.publicSubnets ? { public: account.subnets.public } : {}) };
  const vpc = await assertVpc(client, { name: `${config.name}-${account.name}`, cidr: account.cidr, subnets, retentionDays: config.logging.retentionDays });
  const igws = (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: "attachment.vpc-id", Values: [vpc.vpcId] }] }))).InternetGateways ?? [];
  expect({ internetGateways: igws.length }).toEqual({ internetGateways: account.publicSubnets ? 1 : 0 });
  const nats = ((await ec2.send(new DescribeNatGatewaysCommand({ Filter: byVpc(vpc.vpcId) }))).NatGateways ?? []).filter((n) => n.State !== "deleted");
  expect(nats).toEqual([]);
  await assertS3GatewayEndpoint(client, vpc.vpcId, config.homeRegion, vpc.routeTables.private!);

  // The attachment, created here on the hub's TGW; egress goes through it.
  const attachments = (await ec2.send(new DescribeTransitGatewayVpcAttachmentsCommand({ Filters: byVpc(vpc.vpcId) }))).TransitGatewayVpcAttachments ?? [];
  expect(attachments.map((a) => ({ tgw: a.TransitGatewayId, state: a.State, subnets: [...(a.SubnetIds ?? [])].sort() }))).toEqual([
    { tgw: hub.transit_gateway_id, state: "available", subnets: vpc.subnets.transit!.map((s) => s.SubnetId).sort() },
  ]);
  const attachmentId = attachments[0].TransitGatewayAttachmentId!;
  for (const table of vpc.routeTables.private!) expect(routeTo(table, "0.0.0.0/0")?.TransitGatewayId).toBe(hub.transit_gateway_id);
  await assertHubSide(ctx, account, hub, attachmentId, vpc.vpcId);

  await assertKey(client, `${config.name}/workload`);
  await assertAccountBaseline(client, config.name, config.logging.retentionDays, config.allowedRegions);
  await assertWorkloadCompute(ctx, account, client, vpc);
  await assertWorkloadOperations(ctx, client);
}

/** In the network account: the attachment accepted, associated with spokes, propagated into hub; the spoke in every endpoint zone. */
async function assertHubSide(ctx: StackContext, account: WorkloadAccount, hub: HubOutputs, attachmentId: string, vpcId: string): Promise<void> {
  const { config } = ctx;
  const network = await ctx.aws.in(await accountIdOf(ctx, config.networkAccount));
  const ec2 = new EC2Client(network);
  const [seen] = (await ec2.send(new DescribeTransitGatewayVpcAttachmentsCommand({ TransitGatewayAttachmentIds: [attachmentId] }))).TransitGatewayVpcAttachments ?? [];
  expect({ account: account.name, state: seen?.State, vpcOwner: seen?.VpcOwnerId }).toEqual({ account: account.name, state: "available", vpcOwner: await accountIdOf(ctx, account) });
  const associations = (await ec2.send(new GetTransitGatewayRouteTableAssociationsCommand({ TransitGatewayRouteTableId: hub.transit_gateway_spokes_route_table_id }))).Associations ?? [];
  expect(associations.filter((a) => a.TransitGatewayAttachmentId === attachmentId).map((a) => a.State)).toEqual(["associated"]);
  const propagations = (await ec2.send(new GetTransitGatewayRouteTablePropagationsCommand({ TransitGatewayRouteTableId: hub.transit_gateway_hub_route_table_id })))
    .TransitGatewayRouteTablePropagations ?? [];
  expect(propagations.filter((p) => p.TransitGatewayAttachmentId === attachmentId).map((p) => p.State)).toEqual(["enabled"]);

  const route53 = new Route53Client(network);
  for (const [service, zoneId] of Object.entries(hub.endpoint_zone_ids)) {
    const zone = await route53.send(new GetHostedZoneCommand({ Id: zoneId }));
    expect({ service, vpcs: zone.VPCs }).toEqual({ service, vpcs: expect.arrayContaining([{ VPCId: vpcId, VPCRegion: config.homeRegion }]) });
  }
}
