/**
 * Semantic rules for `suppressions`: each names a known guardrail rule, once
 * per resource. Whether the resource exists is only known after the stacks
 * are built, so synth checks that (src/policy/engine.ts). Which rule ids exist
 * is the policy's to say: the caller passes them in.
 */
import { nearest } from "./did-you-mean";
import { reading, Rule, RuleSpec } from "./rule-spec";

/**
 * Each suppression names one of `ruleIds`. The ids are the guardrail rules of
 * src/policy; they are injected (src/load-config.ts) because the policy reads
 * the config, never the other way round.
 */
export const suppressionRulesKnown =
  (ruleIds: ReadonlySet<string>): Rule =>
  (c) =>
    c.suppressions.flatMap((s, i) =>
      ruleIds.has(s.rule)
        ? []
        : [{ path: ["suppressions", i, "rule"], message: `unknown guardrail rule "${s.rule}"`, hint: `use a rule id from the finding or the report, e.g. ${nearest(s.rule, ruleIds).join(", ")}` }],
    );

export const suppressionsUnique: Rule = (c) => {
  const seen = new Map<string, number>();
  return c.suppressions.flatMap((s, i) => {
    const key = `${s.rule} ${s.resource}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return [];
    }
    return [{ path: ["suppressions", i], message: `suppresses ${s.rule} on ${s.resource} again (already suppressions[${first}])`, hint: "remove the duplicate" }];
  });
};

/** The suppression rules; naming a known rule is checked only when the guardrail rule ids are given. */
export function suppressionRules(ruleIds?: ReadonlySet<string>): RuleSpec[] {
  return [...(ruleIds ? [reading(suppressionRulesKnown(ruleIds), "suppressions")] : []), reading(suppressionsUnique, "suppressions")];
}
