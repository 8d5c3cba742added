/**
 * Which config key caused a finding: stacks and construct ids come from
 * config names, so a construct path leads back to the account, the compute
 * entry or the section that produced it.
 */
import type { ConfigSource } from "../config/load";
import { ConfigPath } from "../config/problem";
import type { LandingZoneConfig } from "../config/types";
import type { RuleResult } from "../policy/types";
import { BOOTSTRAP, LOGGING, NETWORK, ORGANIZATION } from "../stacks/names";

export interface ConfigLocation {
  readonly path: ConfigPath;
  readonly line?: number;
  readonly col?: number;
}

/** Backend rules are about state.*, wherever they fire. */
const STATE_RULES = new Set(["state-encrypted", "state-kms", "state-locking", "state-remote-backend"]);

/**
 * The entry under accounts[i] (in any list of objects with a `name`, such as
 * ec2 or ecs) whose name a construct id on the path carries: `web`, `ecs-web` or `web-alb`.
 */
function computeEntry(input: unknown, index: number, segments: readonly string[]): ConfigPath {
  const account = (input as { accounts?: Record<string, unknown>[] })?.accounts?.[index];
  if (!account || typeof account !== "object") return [];
  for (const [key, value] of Object.entries(account)) {
    if (!Array.isArray(value)) continue;
    const named = (v: unknown) => {
      const name = typeof v === "object" && v !== null ? (v as { name?: unknown }).name : undefined;
      return typeof name === "string" && segments.some((s) => s === name || s.endsWith(`-${name}`) || s.startsWith(`${name}-`));
    };
    const j = value.findIndex(named);
    if (j >= 0) return [key, j];
  }
  return [];
}

/** The config key path that produced a result's subject. */
export function configPathFor(result: RuleResult, config: LandingZoneConfig, input?: unknown): ConfigPath {
  if (result.suppressedBy !== undefined) return ["suppressions", result.suppressedBy];
  if (STATE_RULES.has(result.rule)) return ["state"];
  const segments = result.path.split("/");
  const accountIndex = (name: string) => config.accounts.findIndex((a) => a.name === name);
  if (result.stack === BOOTSTRAP) return ["state"];
  if (result.stack === ORGANIZATION) {
    const account = segments.map((s) => /^account-(.+)$/.exec(s)?.[1]).find((n) => n !== undefined && accountIndex(n) >= 0);
    return account ? ["accounts", accountIndex(account)] : ["organization"];
  }
  if (result.stack === LOGGING) return ["logging"];
  if (result.stack === NETWORK) return ["network", "hub"];
  const workload = config.workloads.find((w) => w.stackName === result.stack);
  if (workload) {
    const i = accountIndex(workload.name);
    return ["accounts", i, ...computeEntry(input, i, segments)];
  }
  return [];
}

/** The config location of a result: key path plus line:col when the key is in the file. */
export function locateResult(result: RuleResult, config: LandingZoneConfig, source?: ConfigSource): ConfigLocation {
  const path = configPathFor(result, config, source?.input);
  return { path, ...source?.locate(path) };
}
