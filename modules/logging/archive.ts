/**
 * The log archive: the bucket the organization trail delivers to (SSE-KMS
 * with the logging key, Glacier then expiry, optional Object Lock in
 * governance mode) and a separate bucket for its S3 server access logs
 * (SSE-S3, since S3 log delivery cannot use KMS, and never Object Lock, which
 * S3 refuses on an access-log target). Both carry every secure-bucket
 * protection and `prevent_destroy`.
 *
 * The archive's policy lets CloudTrail write only for this organization's
 * trail: `aws:SourceArn` is the trail ARN, which carries the management
 * account's id because the management account owns organization trails, and
 * objects land under `AWSLogs/<organization id>/` (plus the management
 * account's own prefix, used if the trail ever stops being an organization
 * trail), as the CloudTrail user guide's organization bucket policy has it:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html
 *
 * ## No S3 Bucket Key on the archive
 * "Configure AWS KMS key policies for CloudTrail": "If you are using an
 * existing S3 bucket with an S3 Bucket Key, kms:Decrypt permissions are
 * required to create or update a trail with SSE-KMS encryption enabled."
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 * The guide's statement for that grants CloudTrail kms:Decrypt with no
 * condition, and no page says which encryption context, if any, comes with
 * that Decrypt; and with a Bucket Key, "the bucket ARN is used as the
 * encryption context" instead of each object's (S3 user guide, "Using
 * server-side encryption with AWS KMS keys (SSE-KMS)",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html).
 * Rather than give the log writer the
 * right to decrypt the audit log on a guess, the archive has no Bucket Key:
 * each log file is encrypted under the context the CloudTrail guide documents
 * ("How AWS CloudTrail uses AWS KMS": the trail ARN and the object ARN), which
 * the key policy checks, and CloudTrail needs only kms:GenerateDataKey* and
 * kms:DescribeKey. The cost is one KMS request per log file written and read;
 * CloudTrail's own writes carry no key usage charge (same page), and an
 * organization trail writes a file per account and region about every five
 * minutes, far below KMS request quotas.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-kms-works-with-cloudtrail.html
 *
 * ## Digest files are exempt from the "aws:kms only" deny
 * The archive refuses uploads that do not ask for SSE-KMS, except digest
 * files (`CLOUDTRAIL_DIGEST_KEYS`: every `CloudTrail-Digest/` folder under
 * `AWSLogs/`). The CloudTrail guide has said
 * "Enabling server-side encryption encrypts the log files but not the digest
 * files with SSE-KMS. Digest files are encrypted with Amazon S3-managed
 * encryption keys (SSE-S3)" ("Encrypting CloudTrail log files with AWS KMS
 * keys"), while its newer pages speak of log and digest files encrypted with
 * SSE-KMS. A digest uploaded with SSE-S3 or without a header would be refused
 * by the deny, and log file validation would break silently; with the
 * exemption it works either way. TLS-only and the CloudTrail statements still
 * apply to digest files.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
 */
import { Construct } from "constructs";
import { SecureBucket } from "../secure-bucket";
import { CLOUDTRAIL_DIGEST_KEYS, cloudTrailPrefix } from "./cloudtrail-delivery";
import { SERVICE_PRINCIPALS } from "../../aws/service-principals";
import { configBucketStatements } from "./config-delivery";

export interface LogArchiveProps {
  /** Name of the archive bucket. */
  readonly bucketName: string;
  /** Name of the bucket receiving the archive's server access logs. */
  readonly accessLogBucketName: string;
  /** The logging account, which owns both buckets. */
  readonly accountId: string;
  /** KMS key for the archive's default encryption. */
  readonly kmsKeyArn: string;
  /** ARN of the organization trail allowed to write. */
  readonly trailArn: string;
  /** Organization id (o-...); the trail writes under AWSLogs/<id>/. */
  readonly organizationId: string;
  /** The management account, owner of the trail. */
  readonly managementAccountId: string;
  /** Days before archived logs move to Glacier Flexible Retrieval. */
  readonly transitionToGlacierDays: number;
  /** Days before archived logs (and access logs) expire. */
  readonly expireAfterDays: number;
  /** Object Lock in GOVERNANCE mode on the archive with this default retention. @default off */
  readonly objectLockGovernanceDays?: number;
  /**
   * A bucket for AWS Config's delivery channels (never Object Lock, which AWS Config refuses), SSE-KMS
   * with the archive's key, the archive's lifecycle and access logging: AWS Config of `accountIds`
   * writes under `<keyPrefix>/AWSLogs/<account>/Config/` (see config-delivery.ts).
   * @default no Config bucket
   */
  readonly config?: { readonly bucketName: string; readonly keyPrefix: string; readonly accountIds: readonly string[] };
}

export class LogArchive extends Construct {
  readonly bucket: SecureBucket;
  readonly accessLogs: SecureBucket;
  /** AWS Config's delivery bucket, when `config` is given. */
  readonly configBucket?: SecureBucket;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const archiveArn = `arn:aws:s3:::${props.bucketName}`;
    const accessLogArn = `arn:aws:s3:::${props.accessLogBucketName}`;
    const configArn = props.config ? `arn:aws:s3:::${props.config.bucketName}` : undefined;
    const logged = [props.bucketName, ...(props.config ? [props.config.bucketName] : [])];
    this.accessLogs = new SecureBucket(this, "access-logs", {
      bucketName: props.accessLogBucketName,
      expireAfterDays: props.expireAfterDays,
      policyStatements: [
        {
          sid: "S3ServerAccessLogDelivery",
          principals: [{ type: "Service", identifiers: [SERVICE_PRINCIPALS.s3ServerAccessLogs] }],
          actions: ["s3:PutObject"],
          resources: logged.map((name) => `${accessLogArn}/${name}/*`),
          condition: [
            { test: "ArnLike", variable: "aws:SourceArn", values: logged.map((name) => `arn:aws:s3:::${name}`) },
            { test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] },
          ],
        },
      ],
    });

    const cloudtrail = [{ type: "Service", identifiers: [SERVICE_PRINCIPALS.cloudTrail] }];
    const fromTrail = { test: "StringEquals", variable: "aws:SourceArn", values: [props.trailArn] };
    const ownerFullControl = { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] };
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      kmsKeyArn: props.kmsKeyArn,
      // No Bucket Key, so CloudTrail needs no kms:Decrypt: see "No S3 Bucket Key on the archive" above.
      bucketKey: false,
      // Digest files may arrive with SSE-S3: see "Digest files are exempt" above.
      encryptionHeaderExemptKeys: [CLOUDTRAIL_DIGEST_KEYS],
      transitionToGlacierDays: props.transitionToGlacierDays,
      expireAfterDays: props.expireAfterDays,
      objectLockGovernanceDays: props.objectLockGovernanceDays,
      accessLogBucket: props.accessLogBucketName,
      accessLogDependsOn: [this.accessLogs.policy],
      policyStatements: [
        { sid: "CloudTrailAclCheck", principals: cloudtrail, actions: ["s3:GetBucketAcl"], resources: [archiveArn], condition: [fromTrail] },
        {
          sid: "CloudTrailWritesOrganizationLogs",
          principals: cloudtrail,
          actions: ["s3:PutObject"],
          resources: [`${archiveArn}/${cloudTrailPrefix(props.organizationId)}*`],
          condition: [fromTrail, ownerFullControl],
        },
        {
          sid: "CloudTrailWritesManagementAccountLogs",
          principals: cloudtrail,
          actions: ["s3:PutObject"],
          resources: [`${archiveArn}/${cloudTrailPrefix(props.managementAccountId)}*`],
          condition: [fromTrail, ownerFullControl],
        },
      ],
    });
    if (props.config && configArn) {
      this.configBucket = new SecureBucket(this, "config", {
        bucketName: props.config.bucketName,
        kmsKeyArn: props.kmsKeyArn,
        transitionToGlacierDays: props.transitionToGlacierDays,
        expireAfterDays: props.expireAfterDays,
        accessLogBucket: props.accessLogBucketName,
        accessLogDependsOn: [this.accessLogs.policy],
        policyStatements: configBucketStatements(configArn, props.config.keyPrefix, props.config.accountIds),
      });
    }
  }
}
