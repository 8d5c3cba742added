/**
 * The rule packs, one per area. Everything else (the synth gate, the report,
 * SARIF, suppression validation) reads the rules from here.
 */
import { Area, Rule } from "./types";
import { baselineAppRules, baselineRules, baselineStackRules } from "./rules/baseline";
import { computeRules } from "./rules/compute";
import { containerRules } from "./rules/containers";
import { edgeRules } from "./rules/edge";
import { identityRules } from "./rules/identity";
import { loggingAppRules, loggingRules } from "./rules/logging";
import { networkRules } from "./rules/network";
import { organizationRules } from "./rules/organization";
import { stateAppRules, stateStackRules } from "./rules/state";
import { storageRules } from "./rules/storage";
import { securityServiceAppRules, securityServiceStackRules } from "./rules/security-services";

export interface RulePack {
  readonly area: Area;
  readonly title: string;
  readonly rules: readonly Rule[];
}

export const RULE_PACKS: readonly RulePack[] = [
  { area: "network", title: "Network", rules: networkRules },
  { area: "compute", title: "EC2", rules: computeRules },
  { area: "containers", title: "Containers (ECR, ECS, Batch, App Runner)", rules: containerRules },
  { area: "edge", title: "Load balancers and WAF", rules: edgeRules },
  { area: "storage", title: "Storage and keys (S3, KMS, SNS)", rules: storageRules },
  { area: "logging", title: "Logging and monitoring", rules: [...loggingRules, ...loggingAppRules] },
  { area: "identity", title: "Identity", rules: identityRules },
  { area: "organization", title: "Organization", rules: organizationRules },
  { area: "baseline", title: "Account baseline", rules: [...baselineRules, ...baselineStackRules, ...baselineAppRules, ...securityServiceStackRules, ...securityServiceAppRules] },
  { area: "state", title: "State and protection", rules: [...stateStackRules, ...stateAppRules] },
];

export const ALL_RULES: readonly Rule[] = RULE_PACKS.flatMap((p) => p.rules);

export const RULE_IDS: ReadonlySet<string> = new Set(ALL_RULES.map((r) => r.id));

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}

export * from "./types";
