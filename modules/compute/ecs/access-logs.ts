/**
 * The bucket Application Load Balancers of an account write access logs to.
 * ALB log delivery supports only SSE-S3, so this is the one secure bucket
 * without a KMS key; delivery is granted to the regional ELB account and the
 * log-delivery service principal, for this account's log prefix only.
 */
import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { Construct } from "constructs";
import { SecureBucket } from "../../secure-bucket";

export interface AlbAccessLogBucketProps {
  readonly bucketName: string;
  /** Account whose load balancers write here. */
  readonly accountId: string;
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

  constructor(scope: Construct, id: string, props: AlbAccessLogBucketProps) {
    super(scope, id);
    const arn = `arn:aws:s3:::${props.bucketName}`;
    const elb = new DataAwsElbServiceAccount(this, "elb-account", {});
    const logs = `${arn}/*/AWSLogs/${props.accountId}/*`;
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      transitionToGlacierDays: 90,
      expireAfterDays: props.expireAfterDays ?? 365,
      policyStatements: [
        { sid: "ElbAccountDelivers", principals: [{ type: "AWS", identifiers: [elb.arn] }], actions: ["s3:PutObject"], resources: [logs] },
        { sid: "ElbLogDeliveryServiceDelivers", principals: [{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }], actions: ["s3:PutObject"], resources: [logs] },
      ],
    });
    this.name = this.bucket.name;
  }
}
