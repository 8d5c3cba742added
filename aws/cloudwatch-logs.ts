/**
 * CloudWatch Logs facts: the principal of vended-log delivery (WAF, VPC flow logs, …).
 */

/**
 * The principal that writes vended logs (WAF's among them) into a log group, as the log group's resource
 * policy must name it. AWS, "Logs sent to CloudWatch Logs":
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html
 */
export const LOG_DELIVERY_PRINCIPAL = "delivery.logs.amazonaws.com";
