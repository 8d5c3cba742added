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
 * trail).
 */
import { Construct } from "constructs";
import { SecureBucket } from "../secure-bucket";
import { CLOUDTRAIL_PRINCIPAL } from "./cloudtrail-delivery";

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
}

export class LogArchive extends Construct {
  readonly bucket: SecureBucket;
  readonly accessLogs: SecureBucket;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const archiveArn = `arn:aws:s3:::${props.bucketName}`;
    const accessLogArn = `arn:aws:s3:::${props.accessLogBucketName}`;
    this.accessLogs = new SecureBucket(this, "access-logs", {
      bucketName: props.accessLogBucketName,
      expireAfterDays: props.expireAfterDays,
      policyStatements: [
        {
          sid: "S3ServerAccessLogDelivery",
          principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
          actions: ["s3:PutObject"],
          resources: [`${accessLogArn}/${props.bucketName}/*`],
          condition: [
            { test: "ArnLike", variable: "aws:SourceArn", values: [archiveArn] },
            { test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] },
          ],
        },
      ],
    });

    const cloudtrail = [{ type: "Service", identifiers: [CLOUDTRAIL_PRINCIPAL] }];
    const fromTrail = { test: "StringEquals", variable: "aws:SourceArn", values: [props.trailArn] };
    const ownerFullControl = { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] };
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      kmsKeyArn: props.kmsKeyArn,
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
          resources: [`${archiveArn}/AWSLogs/${props.organizationId}/*`],
          condition: [fromTrail, ownerFullControl],
        },
        {
          sid: "CloudTrailWritesManagementAccountLogs",
          principals: cloudtrail,
          actions: ["s3:PutObject"],
          resources: [`${archiveArn}/AWSLogs/${props.managementAccountId}/*`],
          condition: [fromTrail, ownerFullControl],
        },
      ],
    });
  }
}
