/**
 * AWS WAF managed rule groups of the baseline.
 * AWS, "Baseline rule groups":
 * https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
 */

/** AWS managed WAF rule groups applied to internet-facing load balancers, in priority order. */
export const MANAGED_RULE_GROUPS: readonly string[] = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"];
