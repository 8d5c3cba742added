/**
 * Which config key caused a finding. Stacks and construct ids come from
 * config names, so a result's construct path (as synth writes it in each
 * resource's `metadata.path`) leads back to the key that produced it:
 *
 * - `workload-payments-prod/ecs-web/load-balancer/this` -> `accounts[2].ecs[0].loadBalancer`
 * - `workload-payments-prod/batch-etl/job-transform` -> `accounts[2].batch[0].jobs[0]`
 * - `logging/baseline/...`, or the `network` stack itself -> that account's `accounts[i]`
 * - `network/endpoints/ecr.api/...` -> `network.hub.interfaceEndpoints[3]`
 * - `organization/ous/workloads-prod` -> `organization.organizationalUnits[2]`
 * - `bootstrap/state/bucket/...` -> `state.bucket`
 *
 * The path is then cut back to the deepest key the file really has (a
 * default the user never wrote has no line), so line:col always point at
 * text in the file.
 */
import { ouConstructId } from "../../modules/organization/units";
import type { ConfigSource } from "../config/load";
import { ConfigPath } from "../config/problem";
import type { Account, LandingZoneConfig, WorkloadAccount } from "../config/types";
import type { RuleResult } from "../policy/types";
import { accessStackName, ALB_LOGS_ID, BOOTSTRAP, computeConstructId, ECS_CLUSTER_ID, LOGGING, NETWORK, ORGANIZATION } from "../stacks/names";

export interface ConfigLocation {
  readonly path: ConfigPath;
  readonly line?: number;
  readonly col?: number;
}

/** Backend rules are about state.*, wherever they fire. */
const STATE_RULES = new Set(["state-encrypted", "state-kms", "state-locking", "state-remote-backend"]);

/** Construct ids every member-account stack holds for its account as a whole (see src/stacks/account-stack.ts, workload.ts). */
const ACCOUNT_WIDE = new Set(["baseline", "workload-key", "zones"]);

/** The entry of a workload's compute a construct id names, with the path inside it for a known child. */
function computePath(account: WorkloadAccount, id: string, rest: readonly string[]): ConfigPath | undefined {
  const { compute } = account;
  const j = {
    ecr: compute.ecr.findIndex((r) => computeConstructId.ecr(r) === id),
    ec2: compute.ec2.findIndex((e) => computeConstructId.ec2(e.name) === id),
    ecs: compute.ecs.findIndex((e) => computeConstructId.ecs(e.name) === id),
    batch: compute.batch.findIndex((e) => computeConstructId.batch(e.name) === id),
    appRunner: compute.appRunner.findIndex((e) => computeConstructId.appRunner(e.name) === id),
  };
  if (j.ecs >= 0) return ["ecs", j.ecs, ...(rest[0] === "load-balancer" ? ["loadBalancer"] : [])];
  if (j.batch >= 0) {
    const k = compute.batch[j.batch].jobs.findIndex((job) => rest[0] === `job-${job.name}`);
    return ["batch", j.batch, ...(k >= 0 ? ["jobs", k] : [])];
  }
  for (const kind of ["ecr", "ec2", "appRunner"] as const) if (j[kind] >= 0) return [kind, j[kind]];
  // Shared by the account's ECS services.
  if (id === ECS_CLUSTER_ID || id === ALB_LOGS_ID) return ["ecs"];
  return undefined;
}

/** The config path of the account a stack deploys into, for stacks that belong to one account. */
function accountOfStack(stack: string, config: LandingZoneConfig): { index: number; account: Account } | undefined {
  const account =
    stack === LOGGING ? config.loggingAccount
    : stack === NETWORK ? config.networkAccount
    : (config.workloads.find((w) => w.stackName === stack) ??
      config.accounts.find((a) => accessStackName(a.name) === stack) ??
      config.accounts.find((a) => a.type === (stack as Account["type"])));
  if (!account) return undefined;
  return { index: config.accounts.findIndex((a) => a.name === account.name), account };
}

/** The config key path that produced a result's subject (before trimming to what the file holds). */
function producingPath(result: RuleResult, config: LandingZoneConfig): ConfigPath {
  if (result.suppressedBy !== undefined) return ["suppressions", result.suppressedBy];
  if (STATE_RULES.has(result.rule)) return ["state"];
  const [stack, id, ...rest] = result.path.split("/");
  if (stack === BOOTSTRAP) return id === "state" && rest[0] === "bucket" ? ["state", "bucket"] : ["state"];
  if (stack === ORGANIZATION) {
    if (id === "ous") {
      const units = config.organization.organizationalUnits;
      // An OU implied by a longer path (Workloads for Workloads/Prod) points at the first entry that implies it.
      const k = units.findIndex((u) => u.split("/").some((_, i, parts) => ouConstructId(parts.slice(0, i + 1).join("/")) === rest[0]));
      return k >= 0 ? ["organization", "organizationalUnits", k] : ["organization", "organizationalUnits"];
    }
    // One keyed aws_organizations_account holds every member account.
    if (id === "account") return ["accounts"];
    if (id === "cloudtrail-delegated-admin") return ["accounts", config.accounts.findIndex((a) => a.name === config.loggingAccount.name)];
    if (id === "scp" && rest[0]?.startsWith("region-guard")) return ["allowedRegions"];
    return ["organization"];
  }
  const owner = accountOfStack(stack, config);
  if (!owner) return [];
  const accountPath: ConfigPath = ["accounts", owner.index];
  if (id === undefined || ACCOUNT_WIDE.has(id)) return accountPath;
  if (stack === LOGGING) return id === "archive" ? ["logging", "archive"] : ["logging"];
  if (stack === NETWORK) {
    if (id === "endpoints") {
      const k = config.network.hub.interfaceEndpoints.findIndex((e) => e.service === rest[0]);
      return ["network", "hub", "interfaceEndpoints", ...(k >= 0 ? [k] : [])];
    }
    if (id === "transit-gateway") return ["network", "hub", "transitGatewayAsn"];
    if (id === "hub" && rest[0]?.startsWith("nat-")) return ["network", "hub", "natGateways"];
    return ["network", "hub"];
  }
  const workload = config.workloads.find((w) => w.stackName === stack);
  if (!workload) return accountPath;
  if (id === "spoke") return [...accountPath, "cidr"];
  const entry = computePath(workload, id, rest);
  return entry ? [...accountPath, ...entry] : accountPath;
}

/** The deepest prefix of `path` that the file's data holds (all of it when there is no file). */
function present(path: ConfigPath, input: unknown): ConfigPath {
  if (input === undefined) return path;
  let node: unknown = input;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next = node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[key] : undefined;
    if (next === undefined) return path.slice(0, i);
    node = next;
  }
  return path;
}

/** The config key path that produced a result's subject, as far as the file spells it out. */
export function configPathFor(result: RuleResult, config: LandingZoneConfig, input?: unknown): ConfigPath {
  return present(producingPath(result, config), input);
}

/** The config location of a result: key path plus line:col when the key is in the file. */
export function locateResult(result: RuleResult, config: LandingZoneConfig, source?: ConfigSource): ConfigLocation {
  const path = configPathFor(result, config, source?.input);
  return { path, ...source?.locate(path) };
}
