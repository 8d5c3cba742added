/**
 * The bucket Application Load Balancers of an account write access logs to.
 * ALB log delivery supports only SSE-S3, so this is the one secure bucket
 * without a KMS key. Delivery is granted to the principal AWS documents for
 * the bucket's Region (the Region's ELB account, or the log delivery service
 * in Regions opened since August 2022: see aws/elb-log-delivery.ts), for this
 * account's log prefix only. Load balancers must wait for `policy`: ELB
 * checks it when access logs are enabled and refuses with "Access Denied for
 * bucket" if it is not there yet.
 */
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Construct } from "constructs";
import { SecureBucket } from "../../secure-bucket";
import { elbLogDeliveryPrincipal } from "../../../aws/elb-log-delivery";

export interface AlbAccessLogBucketProps {
  readonly bucketName: string;
  /** Account whose load balancers write here. */
  readonly accountId: string;
  /** Region of the bucket and of the load balancers writing to it (ELB delivers only within a Region). */
  readonly region: string;
  /**
   * Days to keep access logs.
   * @default 365
   */
  readonly expireAfterDays?: number;
}

export class AlbAccessLogBucket extends Construct {
  readonly bucket: SecureBucket;
  /** Bucket name, for the load balancers' access_logs. */
  readonly name: string;
  /** The policy that lets ELB deliver: load balancers logging here depend on it. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: AlbAccessLogBucketProps) {
    super(scope, id);
    const arn = `arn:aws:s3:::${props.bucketName}`;
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      transitionToGlacierDays: 90,
      expireAfterDays: props.expireAfterDays ?? 365,
      // ELB's page documents no encryption header on its writes, only that the bucket must use
      // SSE-S3 (buckets defaulting to SSE-KMS refuse ELB, so it relies on the bucket default). The
      // deny on a missing or other header would then refuse every log: ELB's keys are exempt from it
      // (TLS-only still applies), and the bucket default encrypts them with SSE-S3.
      encryptionHeaderExemptKeys: [`*/AWSLogs/${props.accountId}/*`],
      policyStatements: [
        // What ELB sends: s3:PutObject on <bucket>/<prefix>/AWSLogs/<account>/… as the Region's
        // principal, per https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html#attach-bucket-policy
        { sid: "ElbLogDelivery", principals: [elbLogDeliveryPrincipal(props.region)], actions: ["s3:PutObject"], resources: [`${arn}/*/AWSLogs/${props.accountId}/*`] },
      ],
    });
    this.name = this.bucket.name;
    this.policy = this.bucket.policy;
  }
}
