/**
 * AWS WAF managed rule groups of the baseline.
 * AWS, "Baseline rule groups":
 * https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
 */

/** AWS managed WAF rule groups applied to internet-facing load balancers, in priority order. */
export const MANAGED_RULE_GROUPS: readonly string[] = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"];

/**
 * AWS WAF delivers web ACL logs only to a CloudWatch Logs group (or S3 bucket, Firehose stream) whose name
 * starts with this, in the web ACL's account and Region. AWS, "Sending web ACL traffic logs to an Amazon
 * CloudWatch Logs log group": https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
 */
export const WAF_LOG_NAME_PREFIX = "aws-waf-logs-";

