/**
 * The config as every command loads it: src/config's loader with the
 * guardrail rule ids of src/policy injected, so that a suppression naming an
 * unknown rule is refused at validate time. This is the one place that joins
 * the two: src/policy reads the config, src/config never imports the policy.
 */
import * as config from "./config/load";
import { LandingZoneConfig } from "./config/types";
import { RULE_IDS } from "./policy";

const OPTIONS: config.LoadOptions = { guardrailRuleIds: RULE_IDS };

/** Reads and validates `file` (see src/config/load.ts), suppressions included. */
export function loadConfig(file: string): LandingZoneConfig {
  return config.loadConfig(file, OPTIONS);
}

/** Parses and validates config text; `file` names it in messages. */
export function parseConfig(text: string, file?: string): LandingZoneConfig {
  return config.parseConfig(text, file, OPTIONS);
}
