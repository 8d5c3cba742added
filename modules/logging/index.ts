/**
 * # logging
 * Organization-wide audit logging, in the logging account: the organization
 * CloudTrail (created there as CloudTrail delegated administrator), its S3
 * archive and access-log buckets, its CloudWatch Logs group in the logging
 * account, the key policy for the logging KMS key, and the CIS AWS
 * Foundations v3.0.0 4.1-4.15 metric filters and alarms.
 *
 * CloudWatch Logs delivery: the trail's log group and its delivery role live
 * in the logging account, because CloudTrail requires both to exist in the
 * account that calls CreateTrail, the delegated administrator. See trail.ts
 * and https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
 */
export * from "./archive";
export * from "./cis-alarms";
export * from "./cloudtrail-delivery";
export * from "./key-policy";
export * from "./trail";
export * from "./config-delivery";
export * from "./waf-logs";
