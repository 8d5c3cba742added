/**
 * The landing zone's shape for the topology picture: organization, hub and
 * spokes, and the trail's path to the logging account, from the resolved
 * config; each element also says whether the synthesized stacks hold it.
 */
import type { LandingZoneConfig } from "../config/types";
import type { StackModel } from "../policy/model";
import { LOGGING, NETWORK } from "../stacks/names";

export interface AccountNode {
  readonly name: string;
  readonly id?: string;
  readonly type: "management" | "logging" | "network" | "workload";
  readonly ou?: string;
}

export interface OuNode {
  readonly path: string;
  readonly name: string;
  readonly depth: number;
  readonly accounts: readonly AccountNode[];
}

export interface VpcNode {
  readonly account: string;
  readonly cidr: string;
  readonly privateSubnets: readonly string[];
  readonly publicSubnets: readonly string[];
  readonly transitSubnets: readonly string[];
  /** True when the account's stack holds an aws_vpc. */
  readonly synthesized: boolean;
}

export interface Topology {
  readonly management: AccountNode;
  readonly ous: readonly OuNode[];
  readonly hub: VpcNode & {
    readonly azs: number;
    readonly natMode: "per-az" | "single";
    /** NAT gateways: in the network stack, else as the config plans them. */
    readonly nat: { readonly count: number; readonly synthesized: boolean };
    readonly igw: boolean;
    readonly tgw: { readonly asn: number; readonly synthesized: boolean };
    readonly endpoints: readonly string[];
    readonly endpointsSynthesized: number;
  };
  readonly spokes: readonly (VpcNode & { readonly cidrSource: "explicit" | "pool" })[];
  readonly logging: {
    readonly account: string;
    readonly retentionDays: number;
    readonly alarmEmail: string;
    readonly glacierDays: number;
    readonly expireDays: number;
    readonly trail: boolean;
    readonly archive: boolean;
    readonly logGroup: boolean;
    readonly alarms: number;
    readonly topic: boolean;
  };
  readonly stacks: readonly string[];
}

export function buildTopology(config: LandingZoneConfig, stacks: readonly StackModel[]): Topology {
  const stack = (name: string) => stacks.find((s) => s.name === name);
  const count = (name: string, type: string) => stack(name)?.ofType(type).length ?? 0;
  const anywhere = (type: string) => stacks.some((s) => s.ofType(type).length > 0);
  const ouPaths = new Set<string>();
  for (const ou of config.organization.organizationalUnits) {
    const parts = ou.split("/");
    for (let i = 1; i <= parts.length; i++) ouPaths.add(parts.slice(0, i).join("/"));
  }
  const ous = [...ouPaths].sort().map((path) => ({
    path,
    name: path.split("/").pop()!,
    depth: path.split("/").length - 1,
    accounts: config.accounts.filter((a) => a.ou === path).map((a) => ({ name: a.name, id: a.id, type: a.type, ou: a.ou })),
  }));
  const hub = config.network.hub;
  const natCount = count(NETWORK, "aws_nat_gateway");
  return {
    management: { name: "management", id: config.organization.managementAccountId, type: "management" },
    ous,
    hub: {
      account: config.networkAccount.name,
      cidr: hub.cidr,
      privateSubnets: hub.subnets.private,
      publicSubnets: hub.subnets.public,
      transitSubnets: hub.subnets.transit,
      synthesized: count(NETWORK, "aws_vpc") > 0,
      azs: hub.availabilityZones,
      natMode: hub.natGateways,
      nat: { count: natCount || (hub.natGateways === "per-az" ? hub.availabilityZones : 1), synthesized: natCount > 0 },
      igw: count(NETWORK, "aws_internet_gateway") > 0,
      tgw: { asn: hub.transitGatewayAsn, synthesized: count(NETWORK, "aws_ec2_transit_gateway") > 0 },
      endpoints: hub.interfaceEndpoints.map((e) => e.service),
      endpointsSynthesized: stack(NETWORK)?.ofType("aws_vpc_endpoint").filter((e) => e.attrs.vpc_endpoint_type === "Interface").length ?? 0,
    },
    // A retired account's spoke is gone (lz retire): the report lists the account among the retired ones.
    spokes: config.workloads.filter((w) => !w.retired).map((w) => ({
      account: w.name,
      cidr: w.cidr,
      cidrSource: w.cidrSource,
      privateSubnets: w.subnets.private,
      publicSubnets: w.subnets.public,
      transitSubnets: w.subnets.transit,
      synthesized: count(w.stackName, "aws_vpc") > 0,
    })),
    logging: {
      account: config.loggingAccount.name,
      retentionDays: config.logging.retentionDays,
      alarmEmail: config.logging.alarmEmail,
      glacierDays: config.logging.archive.transitionToGlacierDays,
      expireDays: config.logging.archive.expireAfterDays,
      trail: anywhere("aws_cloudtrail"),
      archive: count(LOGGING, "aws_s3_bucket") > 0,
      logGroup: count(LOGGING, "aws_cloudwatch_log_group") > 0,
      alarms: count(LOGGING, "aws_cloudwatch_metric_alarm"),
      topic: count(LOGGING, "aws_sns_topic") > 0,
    },
    stacks: stacks.map((s) => s.name),
  };
}
