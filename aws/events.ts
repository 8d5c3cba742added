/**
 * Amazon EventBridge's service principal: it publishes rule targets (SNS topics, Batch jobs) and
 * needs the target's KMS key. AWS, "Amazon EventBridge permissions for Amazon SNS targets":
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
 */

/** EventBridge, as the principal of a resource policy or key policy. */
export const EVENTS_PRINCIPAL = "events.amazonaws.com";
