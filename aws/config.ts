/**
 * AWS Config facts the recorders, their delivery bucket and key, and the SCPs share.
 * - Service-linked role: "Using Service-Linked Roles for AWS Config",
 *   https://docs.aws.amazon.com/config/latest/developerguide/using-service-linked-roles.html
 * - Where delivered objects land: "Permissions for the Amazon S3 Bucket for the AWS Config Delivery Channel",
 *   https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
 */

/** The service-linked role a configuration recorder uses (created once per account). */
export const CONFIG_SERVICE_LINKED_ROLE = "AWSServiceRoleForConfig";

/** The IAM path of AWS Config's service-linked role. */
export const CONFIG_SERVICE_LINKED_ROLE_PATH = "/aws-service-role/config.amazonaws.com/";

/** Where AWS Config writes below the delivery channel's prefix: `<prefix>/AWSLogs/<account>/Config/...`. */
export const configObjectKeys = (prefix: string, accountId: string): string => `${prefix}/AWSLogs/${accountId}/Config/*`;

/** The recording strategy that records every resource type the Region supports. */
export const ALL_SUPPORTED_RESOURCE_TYPES = "ALL_SUPPORTED_RESOURCE_TYPES";
