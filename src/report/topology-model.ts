/**
 * The landing zone's shape for the topology picture: organization, hub and
 * spokes, and the trail's path to the logging account, from the resolved
 * config; each element also says whether the synthesized stacks hold it.
 */
import type { LandingZoneConfig } from "../config/types";
import type { StackModel } from "../policy/model";
import { ouConstructId } from "../../modules/organization/units";
import { LOGGING, NETWORK, ORGANIZATION } from "../stacks/names";

export interface AccountNode {
  readonly name: string;
  readonly id?: string;
  readonly type: "management" | "logging" | "network" | "security" | "workload";
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

/** What reaches a spoke from the internet, read from its synthesized stack. */
export interface Exposure {
  /** Public subnets (for an internet-facing ALB) and the spoke's internet gateway. */
  readonly publicSubnets: boolean;
  readonly igw: boolean;
  /** Internet-facing application load balancers, and how many of them a WAF web ACL guards. */
  readonly publicAlbs: number;
  readonly wafProtected: number;
  /** App Runner services reachable from the internet. */
  readonly publicAppRunner: number;
}

/** A spoke's compute, as short labels from the config: `ec2 api ×2 t3.small`, `ecs web`… */
export interface ComputeSummary {
  readonly labels: readonly string[];
  /** Instances, tasks and services counted together, for group totals. */
  readonly units: number;
}

export interface SpokeNode extends VpcNode {
  readonly cidrSource: "explicit" | "pool";
  /** The account's OU path. */
  readonly ou: string;
  readonly exposure: Exposure;
  readonly compute: ComputeSummary;
}

/** A service control policy and where it is attached (Root or OU paths). */
export interface ScpNode {
  readonly name: string;
  readonly attachedTo: readonly string[];
  readonly synthesized: boolean;
}

export interface Topology {
  readonly management: AccountNode;
  /** SCPs the organization stack holds, with their attachment targets. */
  readonly scps: readonly ScpNode[];
  /** Regions the region-guard SCP allows. */
  readonly allowedRegions: readonly string[];
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
  readonly spokes: readonly SpokeNode[];
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
    /** Object Lock default retention on the archive bucket, from the logging stack (else as configured). */
    readonly objectLock: { readonly mode: string; readonly days: number; readonly synthesized: boolean } | undefined;
  };
  readonly stacks: readonly string[];
}

function computeOf(w: LandingZoneConfig["workloads"][number]): ComputeSummary {
  const c = w.compute;
  const labels = [
    ...c.ec2.map((e) => `ec2 ${e.name} ×${e.count} ${e.instanceType}`),
    ...c.ecs.map((e) => `ecs ${e.name} ×${e.desiredCount}${e.loadBalancer ? (e.loadBalancer.internetFacing ? " public ALB" : " internal ALB") : ""}`),
    ...c.batch.map((b) => `batch ${b.name} (${b.platform}, ${b.jobs.length} job${b.jobs.length === 1 ? "" : "s"})`),
    ...c.appRunner.map((a) => `app runner ${a.name}${a.public ? " public" : ""}`),
    ...(c.ecr.length ? [`ecr ×${c.ecr.length}`] : []),
  ];
  const units = c.ec2.reduce((n, e) => n + e.count, 0) + c.ecs.reduce((n, e) => n + e.desiredCount, 0) + c.batch.length + c.appRunner.length;
  return { labels, units };
}

/** The resource types the topology reads (the report's reads: src/report/reads.ts). */
export const TOPOLOGY_READS: readonly string[] = [
  // internet exposure of a spoke
  "aws_lb", "aws_wafv2_web_acl_association", "aws_apprunner_service", "aws_internet_gateway",
  // SCPs and where they attach
  "aws_organizations_organizational_unit", "aws_organizations_policy_attachment", "aws_organizations_policy",
  // the hub, the spokes, the logging account
  "aws_nat_gateway", "aws_vpc", "aws_ec2_transit_gateway", "aws_vpc_endpoint",
  "aws_cloudtrail", "aws_s3_bucket", "aws_s3_bucket_object_lock_configuration", "aws_cloudwatch_log_group", "aws_cloudwatch_metric_alarm", "aws_sns_topic",
];

function exposureOf(model: StackModel | undefined, w: LandingZoneConfig["workloads"][number]): Exposure {
  if (!model) {
    const albs = w.compute.ecs.filter((e) => e.loadBalancer?.internetFacing).length;
    return { publicSubnets: w.publicSubnets, igw: w.publicSubnets, publicAlbs: albs, wafProtected: 0, publicAppRunner: w.compute.appRunner.filter((a) => a.public).length };
  }
  const albs = model.ofType("aws_lb").filter((lb) => lb.attrs.internal === false);
  const guarded = new Set(model.ofType("aws_wafv2_web_acl_association").map((a) => String(a.attrs.resource_arn)));
  const appRunner = model.ofType("aws_apprunner_service").filter((a) => {
    const ingress = (a.attrs.network_configuration as { ingress_configuration?: { is_publicly_accessible?: boolean } } | undefined)?.ingress_configuration;
    return ingress?.is_publicly_accessible !== false;
  });
  return {
    publicSubnets: w.publicSubnets,
    igw: model.ofType("aws_internet_gateway").length > 0,
    publicAlbs: albs.length,
    wafProtected: albs.filter((lb) => guarded.has(`\${${lb.address}.arn}`)).length,
    publicAppRunner: appRunner.length,
  };
}

/** SCPs and their attachment targets, mapped from resource references back to Root or OU paths. */
function scpsOf(org: StackModel | undefined, ouPaths: readonly string[]): ScpNode[] {
  if (!org) return [];
  const pathById = new Map(ouPaths.map((p) => [ouConstructId(p), p]));
  const ouByAddress = new Map(org.ofType("aws_organizations_organizational_unit").map((ou) => [ou.address, pathById.get(ou.path.split("/").pop()!) ?? String(ou.attrs.name)]));
  const targetName = (ref: unknown): string => {
    const s = String(ref);
    if (/\.roots\[0\]\.id\}$/.test(s)) return "Root";
    const ou = /^\$\{(aws_organizations_organizational_unit\.[^.]+)\.id\}$/.exec(s);
    if (ou) return `OU ${ouByAddress.get(ou[1]) ?? ou[1]}`;
    return s;
  };
  const attachments = org.ofType("aws_organizations_policy_attachment");
  return org.ofType("aws_organizations_policy").filter((p) => p.attrs.type === "SERVICE_CONTROL_POLICY" || p.attrs.type === undefined).map((p) => ({
    name: String(p.attrs.name),
    attachedTo: attachments.filter((a) => a.attrs.policy_id === `\${${p.address}.id}`).map((a) => targetName(a.attrs.target_id)),
    synthesized: true,
  }));
}

export function buildTopology(config: LandingZoneConfig, stacks: readonly StackModel[]): Topology {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const stack = (name: string) => byName.get(name);
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
  const models = byName;
  const lock = stack(LOGGING)?.ofType("aws_s3_bucket_object_lock_configuration")[0];
  const lockRule = (lock?.attrs.rule as { default_retention?: { mode?: string; days?: number } } | undefined)?.default_retention;
  const lockDays = config.logging.archive.objectLockGovernanceDays;
  return {
    management: { name: "management", id: config.organization.managementAccountId, type: "management" },
    scps: scpsOf(stack(ORGANIZATION), [...ouPaths]),
    allowedRegions: config.allowedRegions,
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
      ou: w.ou,
      cidr: w.cidr,
      cidrSource: w.cidrSource,
      exposure: exposureOf(models.get(w.stackName), w),
      compute: computeOf(w),
      privateSubnets: w.subnets.private,
      publicSubnets: w.subnets.public,
      transitSubnets: w.subnets.transit,
      synthesized: (models.get(w.stackName)?.ofType("aws_vpc").length ?? 0) > 0,
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
      objectLock:
        lockRule ? { mode: String(lockRule.mode), days: Number(lockRule.days), synthesized: true }
        : lockDays ? { mode: "GOVERNANCE", days: lockDays, synthesized: false }
        : undefined,
    },
    stacks: stacks.map((s) => s.name),
  };
}
