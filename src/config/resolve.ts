/** Turns a schema-valid, rule-clean config into the resolved LandingZoneConfig. */
import { carveSubnets } from "./addressing";
import { allocate, Block, parseCidr } from "./cidr";
import { endpointService } from "./endpoint-services";
import { Problem } from "./problem";
import { resolveAccess, resolveBudgets } from "./resolve-access";
import { resolveCompute } from "./resolve-compute";
import { ParsedConfig } from "./schema";
import { Account, LandingZoneConfig, WorkloadAccount } from "./types";

function mustParse(cidr: string): Block {
  const block = parseCidr(cidr);
  if (typeof block === "string") throw new Error(block); // rules reject these before resolve runs
  return block;
}

/**
 * Assigns a CIDR to every workload account without one: first fit in the
 * pool, in config order, never overlapping an explicit block or the hub.
 * Returns the CIDR per account index, plus a problem per account the pool
 * cannot hold.
 */
export function allocateWorkloadCidrs(config: ParsedConfig): { cidrs: Map<number, string>; problems: Problem[] } {
  const pool = mustParse(config.network.workloadCidrPool);
  const taken = [mustParse(config.network.hub.cidr)];
  const cidrs = new Map<number, string>();
  const pending: number[] = [];
  config.accounts.forEach((a, i) => {
    if (a.type !== "workload") return;
    if (a.cidr) {
      taken.push(mustParse(a.cidr));
      cidrs.set(i, a.cidr);
    } else pending.push(i);
  });
  const blocks = allocate(pool, config.network.workloadCidrPrefix, taken, pending.length);
  const problems: Problem[] = [];
  pending.forEach((index, n) => {
    const block = blocks[n];
    if (block) cidrs.set(index, block.cidr);
    else
      problems.push({
        path: ["accounts", index],
        message: `network.workloadCidrPool ${pool.cidr} has no free /${config.network.workloadCidrPrefix} left for ${config.accounts[index].name}`,
        hint: "enlarge the pool, use a longer network.workloadCidrPrefix, or give this account an explicit cidr",
      });
  });
  return { cidrs, problems };
}

export function resolve(config: ParsedConfig): { config?: LandingZoneConfig; problems: Problem[] } {
  const { cidrs, problems } = allocateWorkloadCidrs(config);
  if (problems.length > 0) return { problems };
  const azs = config.network.hub.availabilityZones;
  const accounts: Account[] = config.accounts.map((a) => ({ name: a.name, type: a.type, id: a.id, email: a.email, ou: a.ou, retired: a.retired, ...(a.displayName ? { displayName: a.displayName } : {}) }));
  const workloads: WorkloadAccount[] = [];
  config.accounts.forEach((a, i) => {
    if (a.type !== "workload") return;
    const cidr = cidrs.get(i)!;
    const compute = resolveCompute(a);
    workloads.push({
      ...accounts[i],
      type: "workload",
      cidr,
      cidrSource: a.cidr ? "explicit" : "pool",
      subnets: carveSubnets(cidr, azs),
      stackName: `workload-${a.name}`,
      compute,
      publicSubnets: compute.ecs.some((s) => s.loadBalancer?.internetFacing),
    });
  });
  const resolved: LandingZoneConfig = {
    name: config.name,
    homeRegion: config.homeRegion,
    allowedRegions: config.allowedRegions,
    tags: config.tags,
    organization: config.organization,
    state: { bucket: config.state.bucket, region: config.state.region ?? config.homeRegion, bootstrapMigrated: config.state.bootstrapMigrated },
    accounts,
    loggingAccount: accounts.find((a) => a.type === "logging")!,
    networkAccount: accounts.find((a) => a.type === "network")!,
    securityAccount: accounts.find((a) => a.type === "security")!,
    workloads,
    network: {
      hub: {
        ...config.network.hub,
        subnets: carveSubnets(config.network.hub.cidr, azs),
        interfaceEndpoints: config.network.hub.interfaceEndpoints.map((service) => ({ service, ...endpointService(service, config.homeRegion) })),
      },
      workloadCidrPool: config.network.workloadCidrPool,
      workloadCidrPrefix: config.network.workloadCidrPrefix,
    },
    logging: config.logging,
    securityServices: { ...config.securityServices, email: config.securityServices.email ?? config.logging.alarmEmail },
    access: resolveAccess(config),
    budgets: resolveBudgets(config),
    ci: config.ci,
    suppressions: config.suppressions,
  };
  return { config: resolved, problems: [] };
}
