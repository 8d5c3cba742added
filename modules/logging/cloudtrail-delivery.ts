/**
 * What CloudTrail sends when it delivers a trail, as the CloudTrail user guide
 * documents it: the one place the bucket policy, the key policy, the delivery
 * role and the access proofs take these facts from.
 */

// The service principal CloudTrail acts as when it checks and writes the bucket and uses the key is
// SERVICE_PRINCIPALS.cloudTrail (aws/service-principals.ts), shared with the organization's trusted access and the guardrails.

/**
 * Where a trail writes in its bucket: log files under `AWSLogs/<account id>/CloudTrail/…` and, for an
 * organization trail, `AWSLogs/<organization id>/<account id>/CloudTrail/…`; digest files likewise
 * under `…/CloudTrail-Digest/…`.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 */
export const cloudTrailPrefix = (ownerId: string): string => `AWSLogs/${ownerId}/`;

/**
 * Object keys of digest files, in account and organization trails alike (`*` spans `/` in an S3
 * resource ARN). See `cloudTrailPrefix`.
 */
export const CLOUDTRAIL_DIGEST_KEYS = "AWSLogs/*/CloudTrail-Digest/*";

/**
 * The encryption context key S3 sends to KMS, on CloudTrail's behalf, with the trail's ARN as its
 * value (beside `aws:s3:arn`, the object). "How AWS CloudTrail uses AWS KMS":
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-kms-works-with-cloudtrail.html
 */
export const CLOUDTRAIL_ENCRYPTION_CONTEXT = "kms:EncryptionContext:aws:cloudtrail:arn";
