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

/**
 * The principal that writes vended logs (WAF's among them) into a log group, as the log group's resource
 * policy must name it. AWS, "Logs sent to CloudWatch Logs":
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html
 */
export const LOG_DELIVERY_PRINCIPAL = "delivery.logs.amazonaws.com";
