/**
 * # WAF logs archive (logging account)
 * Where every workload account's AWS WAF logs end up: a CloudWatch Logs cross-account destination that
 * the workload accounts subscribe their web ACLs' `aws-waf-logs-…` log groups to, a Firehose stream
 * behind it, and a KMS-encrypted bucket the stream writes to.
 *
 * Why a subscription and not WAF writing here directly: AWS WAF logs only to a destination in the web
 * ACL's own account — "you set up an Amazon S3 bucket from the same account as you use to manage the web
 * ACL" (AWS WAF, "Sending web ACL traffic logs to an Amazon S3 bucket",
 * https://docs.aws.amazon.com/waf/latest/developerguide/logging-s3.html), and a log group "in the same
 * account" likewise (https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html). So each
 * web ACL logs to its local group and a subscription filter forwards every event here, the supported
 * cross-account path of CloudWatch Logs ("Cross-account cross-Region log data sharing using Firehose",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CrossAccountSubscriptions-Firehose.html).
 *
 * The destination must be in the log groups' Region; the stream and bucket may be elsewhere (same page).
 * One destination per Region in `regions`, all feeding the one stream in the stack's (home) Region.
 */
import { CloudwatchLogDestination } from "@cdktf/provider-aws/lib/cloudwatch-log-destination";
import { CloudwatchLogDestinationPolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-destination-policy";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { logsDestinationArn } from "../../aws/logs";
import { regionalServiceName, SERVICE_PRINCIPALS } from "../../aws/service-principals";
import { KmsKeyConstruct } from "../kms";
import { SecureBucket } from "../secure-bucket";

/** The pages each grant below follows. */
export const WAF_LOGS_PAGES = {
  /** CloudWatch Logs' role into the stream, and the destination's access policy (Step 2). */
  destination: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateFirehoseStreamDestination.html",
  /** Firehose's role into the bucket and its key. */
  firehoseS3: "https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3",
} as const;

/** Prefix of the objects the stream writes (Firehose appends YYYY/MM/dd/HH/). */
export const WAF_LOGS_PREFIX = "waf/";

/**
 * The destination's access policy: each sending account may subscribe its log groups to it
 * (logs:PutSubscriptionFilter on the destination), nobody else ("Step 2: Create a destination", step 8,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateFirehoseStreamDestination.html).
 */
export function wafLogsDestinationStatements(destinationArn: string, senderAccountIds: readonly string[]): DataAwsIamPolicyDocumentStatement[] {
  return [{ sid: "WorkloadAccountsSubscribe", principals: [{ type: "AWS", identifiers: [...senderAccountIds] }], actions: ["logs:PutSubscriptionFilter"], resources: [destinationArn] }];
}

/**
 * Trust of the role CloudWatch Logs assumes to put events into the stream: logs.amazonaws.com, only for
 * deliveries of the sending accounts (and the recipient's own test message at creation) in `regions`
 * (aws:SourceArn, "Step 2: Create a destination", step 4,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateFirehoseStreamDestination.html).
 */
export function wafLogsSubscriptionTrust(accountId: string, senderAccountIds: readonly string[], regions: readonly string[]): DataAwsIamPolicyDocumentStatement[] {
  const sources = regions.flatMap((r) => [...senderAccountIds, accountId].map((a) => `arn:aws:logs:${r}:${a}:*`));
  return [
    {
      sid: "CloudWatchLogsDeliversSubscriptions",
      actions: ["sts:AssumeRole"],
      principals: [{ type: "Service", identifiers: [SERVICE_PRINCIPALS.cloudWatchLogs] }],
      condition: [{ test: "StringLike", variable: "aws:SourceArn", values: sources }],
    },
  ];
}

export interface WafLogsArchiveProps {
  /** Name of the stream and of every Region's destination; prefixes the roles' names (at most 50 characters). */
  readonly name: string;
  /** Key alias prefix: the alias is `<namePrefix>/waf-logs`. */
  readonly namePrefix: string;
  /** Bucket name (globally unique). */
  readonly bucketName: string;
  /** The account that owns everything here (the logging account). */
  readonly accountId: string;
  /** The stream's, bucket's and key's Region. */
  readonly region: string;
  /** The accounts whose web ACLs' log groups subscribe (listed in the destination policy and the role's trust). */
  readonly senderAccountIds: readonly string[];
  /**
   * A destination in each Region whose log groups subscribe (a destination serves only its own Region),
   * with the provider acting there.
   * @default one, in `region`, through the stack's default provider
   */
  readonly destinations?: readonly { readonly region: string; readonly provider?: TerraformProvider }[];
  /**
   * Days before the logs expire.
   * @default 2555 (7 years)
   */
  readonly expireAfterDays?: number;
  /** Bucket receiving the bucket's server access logs. @default no access logging */
  readonly accessLogBucket?: string;
}

/** The logging account's end of WAF logging: destinations → Firehose → KMS-encrypted bucket. */
export class WafLogsArchive extends Construct {
  readonly key: KmsKeyConstruct;
  readonly bucket: SecureBucket;
  readonly stream: KinesisFirehoseDeliveryStream;
  /** The destinations, by Region. */
  readonly destinations: ReadonlyMap<string, CloudwatchLogDestination>;
  /** The name every Region's destination has. */
  readonly destinationName: string;

  constructor(scope: Construct, id: string, props: WafLogsArchiveProps) {
    super(scope, id);
    const { accountId, region, bucketName, senderAccountIds } = props;
    const name = props.name;
    const bucketArn = `arn:aws:s3:::${bucketName}`;
    const streamArn = `arn:aws:firehose:${region}:${accountId}:deliverystream/${name}`;
    const destinations = props.destinations ?? [{ region }];
    this.destinationName = name;

    // Firehose writes with SSE-KMS under this key; its role may use the key only through S3 for this bucket
    // (kms:ViaService, kms:EncryptionContext:aws:s3:arn — the bucket ARN, since the bucket uses a bucket key),
    // "Grant Firehose access to an Amazon S3 destination", https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3
    const keyUse: DataAwsIamPolicyDocumentStatement = {
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resources: ["*"],
      condition: [
        { test: "StringEquals", variable: "kms:ViaService", values: [regionalServiceName("s3", region)] },
        { test: "StringLike", variable: "kms:EncryptionContext:aws:s3:arn", values: [bucketArn, `${bucketArn}/${WAF_LOGS_PREFIX}*`] },
      ],
    };
    // The key policy only lets the account's IAM policies grant it (KmsKeyConstruct's default): Firehose's role
    // is in the same account, and naming it in the key policy would make CreateKey fail on a first apply
    // ("invalid principals") until the role exists.
    this.key = new KmsKeyConstruct(this, "key", {
      alias: `${props.namePrefix}/waf-logs`,
      description: "Encrypts every workload account's AWS WAF logs in the logging account",
      accountId,
    });
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName,
      kmsKeyArn: this.key.arn,
      expireAfterDays: props.expireAfterDays ?? 2555,
      accessLogBucket: props.accessLogBucket,
    });

    // Firehose's delivery role: trust firehose.amazonaws.com for this account (sts:ExternalId), write the bucket
    // (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3).
    const firehoseTrust = new DataAwsIamPolicyDocument(this, "firehose-trust", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: [SERVICE_PRINCIPALS.firehose] }],
          condition: [{ test: "StringEquals", variable: "sts:ExternalId", values: [accountId] }],
        },
      ],
    });
    const firehoseRole = new IamRole(this, "firehose-role", { name: `${name}-firehose`, description: "Firehose delivering WAF logs to their bucket", assumeRolePolicy: firehoseTrust.json, maxSessionDuration: 3600 });
    const firehoseAccess = new DataAwsIamPolicyDocument(this, "firehose-access", {
      statement: [
        { sid: "FindBucket", actions: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], resources: [bucketArn] },
        { sid: "WriteWafLogs", actions: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"], resources: [`${bucketArn}/*`] },
        { ...keyUse, sid: "EncryptWafLogs", resources: [this.key.arn] },
      ],
    });
    const firehosePolicy = new IamRolePolicy(this, "firehose-policy", { name: "deliver-waf-logs", role: firehoseRole.name, policy: firehoseAccess.json });

    this.stream = new KinesisFirehoseDeliveryStream(this, "stream", {
      name,
      destination: "extended_s3",
      serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
      extendedS3Configuration: {
        roleArn: firehoseRole.arn,
        bucketArn: this.bucket.bucket.arn,
        prefix: WAF_LOGS_PREFIX,
        errorOutputPrefix: "waf-errors/",
        // CloudWatch Logs sends subscription data gzip-compressed already.
        compressionFormat: "UNCOMPRESSED",
        kmsKeyArn: this.key.arn,
        bufferingInterval: 300,
        bufferingSize: 5,
      },
      dependsOn: [firehosePolicy, this.bucket.policy, this.key.key],
    });

    // CloudWatch Logs' role into the stream, for the senders' subscriptions (Step 2, steps 4-6,
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateFirehoseStreamDestination.html).
    const logsTrust = new DataAwsIamPolicyDocument(this, "subscription-trust", { statement: wafLogsSubscriptionTrust(accountId, senderAccountIds, destinations.map((d) => d.region)) });
    const logsRole = new IamRole(this, "subscription-role", { name: `${name}-subscription`, description: "CloudWatch Logs putting subscribed WAF logs into their Firehose stream", assumeRolePolicy: logsTrust.json, maxSessionDuration: 3600 });
    const logsAccess = new DataAwsIamPolicyDocument(this, "subscription-access", {
      statement: [{ sid: "PutIntoWafLogsStream", actions: ["firehose:PutRecord", "firehose:PutRecordBatch"], resources: [streamArn] }],
    });
    const logsPolicy = new IamRolePolicy(this, "subscription-policy", { name: "put-waf-logs", role: logsRole.name, policy: logsAccess.json });

    const byRegion = new Map<string, CloudwatchLogDestination>();
    for (const d of destinations) {
      const suffix = d.region === region ? "" : `-${d.region}`;
      // CloudWatch Logs sends a test message when the destination is created: the role's policy must exist (the
      // provider retries PutDestination's InvalidParameterException for 3 minutes while IAM propagates).
      const destination = new CloudwatchLogDestination(this, `destination${suffix}`, { name, roleArn: logsRole.arn, targetArn: this.stream.arn, provider: d.provider, dependsOn: [logsPolicy] });
      const access = new DataAwsIamPolicyDocument(this, `destination-access${suffix}`, { statement: wafLogsDestinationStatements(logsDestinationArn(d.region, accountId, name), senderAccountIds) });
      new CloudwatchLogDestinationPolicy(this, `destination-policy${suffix}`, {
        destinationName: destination.name,
        accessPolicy: access.json,
        provider: d.provider,
      });
      byRegion.set(d.region, destination);
    }
    this.destinations = byRegion;
  }
}
