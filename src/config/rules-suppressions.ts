/**
 * Semantic rules for `suppressions`: each names a known guardrail rule, once
 * per resource. Whether the resource exists is only known after the stacks
 * are built, so synth checks that (src/policy/engine.ts).
 */
import { RULE_IDS } from "../policy";
import { reading, Rule, RuleSpec } from "./rule-spec";

/** Up to three known ids sharing the most leading characters (or a word) with `id`. */
export function closestRuleIds(id: string): string[] {
  const words = id.split("-");
  const score = (known: string) => {
    let common = 0;
    while (common < id.length && id[common] === known[common]) common++;
    return common + words.filter((w) => w.length > 2 && known.includes(w)).length * 3;
  };
  return [...RULE_IDS].sort((a, b) => score(b) - score(a)).slice(0, 3);
}

export const suppressionRulesKnown: Rule = (c) =>
  c.suppressions.flatMap((s, i) =>
    RULE_IDS.has(s.rule) ? [] : [{ path: ["suppressions", i, "rule"], message: `unknown guardrail rule "${s.rule}"`, hint: `use a rule id from the finding or the report, e.g. ${closestRuleIds(s.rule).join(", ")}` }],
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

export const SUPPRESSION_RULES: readonly RuleSpec[] = [reading(suppressionRulesKnown, "suppressions"), reading(suppressionsUnique, "suppressions")];
