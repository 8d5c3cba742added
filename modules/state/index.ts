/**
 * # state
 * The Terraform state store: a KMS key (rotation on) and a secure bucket that
 * every other stack's S3 backend writes to, with S3-native lock files. Old
 * state versions are kept for `noncurrentVersionExpirationDays` so a bad
 * apply can be rolled back.
 */
import { Construct } from "constructs";
import { KmsKeyConstruct } from "../kms";
import { SecureBucket } from "../secure-bucket";

export interface StateStoreProps {
  /** Name of the state bucket. */
  readonly bucketName: string;
  /** Account that owns the bucket and key. */
  readonly accountId: string;
  /** KMS alias without `alias/`. */
  readonly keyAlias: string;
  /**
   * Days to keep superseded state versions.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
}

export class StateStore extends Construct {
  readonly bucket: SecureBucket;
  readonly key: KmsKeyConstruct;

  constructor(scope: Construct, id: string, props: StateStoreProps) {
    super(scope, id);
    this.key = new KmsKeyConstruct(this, "key", {
      alias: props.keyAlias,
      description: `Encrypts Terraform state in s3://${props.bucketName}`,
      accountId: props.accountId,
    });
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      kmsKeyArn: this.key.arn,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays ?? 90,
    });
  }
}
