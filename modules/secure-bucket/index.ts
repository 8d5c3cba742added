/**
 * # secure-bucket
 * An S3 bucket with every protection on: versioning, default encryption
 * (SSE-KMS, with a bucket key unless turned off, or SSE-S3 where a service
 * cannot use KMS), all four public-access-block flags, BucketOwnerEnforced,
 * a TLS-only policy that also refuses uploads that do not ask for the
 * bucket's encryption (no header, or another algorithm), a lifecycle that
 * aborts stale multipart uploads and expires old versions, optional server
 * access logging and Object Lock, and `prevent_destroy`. Key patterns a
 * service documents as uploaded with its own encryption header can be
 * exempted from the encryption-header deny (and only from that).
 *
 * Object Lock is switched on by the Object Lock configuration, not by the
 * bucket's `object_lock_enabled` argument: that argument forces a new bucket,
 * which `prevent_destroy` refuses, whereas S3 enables Object Lock in place on
 * a versioned bucket. Turning it on later is therefore an in-place change.
 */
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

export interface SecureBucketProps {
  readonly bucketName: string;
  /**
   * KMS key ARN for default encryption. Without it the bucket uses SSE-S3,
   * which only targets that cannot use KMS (S3 server access logs) should do.
   */
  readonly kmsKeyArn?: string;
  /**
   * Use an S3 Bucket Key with the KMS key: fewer KMS requests, but KMS then sees the bucket ARN as the
   * encryption context instead of each object's, and writers may need `kms:Decrypt` (CloudTrail does).
   * Ignored without `kmsKeyArn`.
   * @default true
   */
  readonly bucketKey?: boolean;
  /**
   * Object key patterns (relative to the bucket, `*` wildcards) exempt from the statement that denies
   * uploads asking for another encryption than the bucket's, for writers AWS documents as setting
   * their own (CloudTrail digest files). TLS-only and every other statement still apply there.
   * @default none
   */
  readonly encryptionHeaderExemptKeys?: string[];
  /** Extra bucket policy statements, e.g. CloudTrail delivery. The bucket ARN is `arn:aws:s3:::<bucketName>`. */
  readonly policyStatements?: DataAwsIamPolicyDocumentStatement[];
  /**
   * Days before noncurrent object versions expire.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /** Move current objects to Glacier Flexible Retrieval after this many days. @default never */
  readonly transitionToGlacierDays?: number;
  /** Expire current objects after this many days. @default never */
  readonly expireAfterDays?: number;
  /** Bucket receiving this bucket's server access logs. @default no access logging */
  readonly accessLogBucket?: string;
  /**
   * What access logging must wait for, typically the log bucket's policy that lets S3 deliver.
   * @default nothing
   */
  readonly accessLogDependsOn?: ITerraformDependable[];
  /** Object Lock in GOVERNANCE mode with this default retention in days. @default off */
  readonly objectLockGovernanceDays?: number;
  /**
   * Protect the bucket from `terraform destroy` and replacement.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  /** The bucket policy; services that check it on setup (CloudTrail) depend on it. */
  readonly policy: S3BucketPolicy;
  /** Bucket name (known at synth). */
  readonly name: string;
  /** Bucket ARN (known at synth). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.name = props.bucketName;
    this.arn = `arn:aws:s3:::${props.bucketName}`;
    this.bucket = new S3Bucket(this, "this", {
      bucket: props.bucketName,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const bucket = this.bucket.id;
    const versioning = new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        props.kmsKeyArn
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: props.bucketKey ?? true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });

    const exempt = (props.encryptionHeaderExemptKeys ?? []).map((key) => `${this.arn}/${key}`);
    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [this.arn, `${this.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        {
          sid: "DenyUnencryptedOrWrongEncryption",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:PutObject"],
          // Every object but the exempt keys: a Deny cannot be narrowed by an Allow.
          ...(exempt.length ? { notResources: exempt } : { resources: [`${this.arn}/*`] }),
          // IfExists: a request without the header is refused too, as is any other algorithm.
          condition: [{ test: "StringNotEqualsIfExists", variable: "s3:x-amz-server-side-encryption", values: [props.kmsKeyArn ? "aws:kms" : "AES256"] }],
        },
        ...(props.policyStatements ?? []),
      ],
    });
    // The policy waits for the public access block, or S3 may judge it public mid-apply.
    this.policy = new S3BucketPolicy(this, "bucket-policy", { bucket, policy: policy.json, dependsOn: [publicAccess] });

    const rules: S3BucketLifecycleConfigurationRule[] = [
      {
        id: "abort-incomplete-uploads-and-expire-old-versions",
        status: "Enabled",
        filter: [{}],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
      },
    ];
    if (props.transitionToGlacierDays !== undefined || props.expireAfterDays !== undefined) {
      rules.push({
        id: "archive",
        status: "Enabled",
        filter: [{}],
        transition: props.transitionToGlacierDays !== undefined ? [{ days: props.transitionToGlacierDays, storageClass: "GLACIER" }] : undefined,
        expiration: props.expireAfterDays !== undefined ? [{ days: props.expireAfterDays }] : undefined,
      });
    }
    new S3BucketLifecycleConfiguration(this, "lifecycle", { bucket, rule: rules });

    if (props.accessLogBucket) {
      new S3BucketLoggingA(this, "access-logging", {
        bucket,
        targetBucket: props.accessLogBucket,
        targetPrefix: `${props.bucketName}/`,
        dependsOn: props.accessLogDependsOn,
      });
    }
    if (props.objectLockGovernanceDays) {
      new S3BucketObjectLockConfigurationA(this, "object-lock", {
        bucket,
        objectLockEnabled: "Enabled",
        rule: { defaultRetention: { mode: "GOVERNANCE", days: props.objectLockGovernanceDays } },
        // S3 enables Object Lock only on a versioned bucket.
        dependsOn: [versioning],
      });
    }
  }
}
