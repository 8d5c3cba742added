/** Storage and key guardrails (S3, KMS, SNS), each proven both ways on constructs synthesized alone. */
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketAcl } from "@cdktf/provider-aws/lib/s3-bucket-acl";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { TerraformStack, TerraformVariable } from "cdktf";
import { KmsKeyConstruct } from "../../modules/kms";
import { SecureBucket } from "../../modules/secure-bucket";
import { check, expectFailure, resultsOf, rule } from "./helpers";

const KEY = "arn:aws:kms:us-east-1:111111111111:key/k";
/** The landing zone's secure bucket module, which every rule here must accept. */
const secure = (s: TerraformStack, kmsKeyArn: string | undefined = KEY) => new SecureBucket(s, "logs", { bucketName: "acme-logs", kmsKeyArn });
const plain = (s: TerraformStack) => new S3Bucket(s, "plain", { bucket: "acme-plain" });
const sse = (s: TerraformStack, bucket: S3Bucket, algo: string, key?: string) =>
  new S3BucketServerSideEncryptionConfigurationA(s, "sse", { bucket: bucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: algo, kmsMasterKeyId: key } }] });

describe("storage rules", () => {
  rule("s3-public-access-block", {
    address: "aws_s3_bucket.plain",
    reason: /^ignore_public_acls, restrict_public_buckets not true$/,
    good: (s) => secure(s),
    bad: (s) => new S3BucketPublicAccessBlock(s, "pab", { bucket: plain(s).id, blockPublicAcls: true, blockPublicPolicy: true }),
    path: "test/plain",
  });
  rule("s3-versioning", {
    address: "aws_s3_bucket.plain",
    reason: /^status = Suspended$/,
    good: (s) => secure(s),
    bad: (s) => new S3BucketVersioningA(s, "versioning", { bucket: plain(s).id, versioningConfiguration: { status: "Suspended" } }),
  });
  rule("s3-kms-encryption", { address: "aws_s3_bucket.plain", reason: /^sse_algorithm = AES256$/, good: (s) => secure(s), bad: (s) => sse(s, plain(s), "AES256") });

  it("accepts SSE-S3 on a bucket that receives load balancer access logs, and says why", () => {
    const report = check((s) => {
      const bucket = plain(s);
      sse(s, bucket, "AES256");
      new Lb(s, "alb", { name: "web", accessLogs: { bucket: bucket.bucket, enabled: true } });
    });
    expect(resultsOf(report, "s3-kms-encryption")[0]).toMatchObject({ status: "pass", detail: "SSE-S3, required for access logs from aws_lb.alb" });
  });

  it("recognizes a log bucket whose name holds another stack's value, named the same way by its logging source", () => {
    const report = check((s) => {
      const account = new TerraformVariable(s, "account", { type: "string" });
      const name = `acme-s3-access-logs-${account.stringValue}`;
      const logs = new S3Bucket(s, "access-logs", { bucket: name });
      sse(s, logs, "AES256");
      new S3BucketLoggingA(s, "archive-logging", { bucket: "acme-archive", targetBucket: name, targetPrefix: "archive/" });
    });
    expect(resultsOf(report, "s3-kms-encryption")[0]).toMatchObject({ status: "pass", detail: "SSE-S3, required for S3 server access logs from aws_s3_bucket_logging.archive_logging" });
  });

  it("flags aws:kms without a key, which silently uses the AWS-managed aws/s3 key", () => {
    expectFailure(check((s) => sse(s, plain(s), "aws:kms")), "s3-kms-encryption", "aws_s3_bucket.plain", "aws:kms without kms_master_key_id uses the AWS-managed aws/s3 key");
  });

  rule("s3-tls-only", {
    address: "aws_s3_bucket.plain",
    reason: /^no Deny on aws:SecureTransport = false$/,
    good: (s) => secure(s),
    bad: (s) => new S3BucketPolicy(s, "policy", { bucket: plain(s).id, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::acme-plain/*" }] }) }),
  });
  rule("s3-policy-not-public", {
    address: "aws_s3_bucket_policy.policy",
    reason: /^bucket policy: Public allow "\*" without conditions$/,
    good: (s) => secure(s),
    bad: (s) => new S3BucketPolicy(s, "policy", { bucket: plain(s).id, policy: JSON.stringify({ Statement: [{ Sid: "Public", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-plain/*" }] }) }),
    path: "test/policy",
  });
  rule("s3-owner-enforced", {
    address: "aws_s3_bucket.plain",
    reason: /^object_ownership = ObjectWriter$/,
    good: (s) => secure(s),
    bad: (s) => new S3BucketOwnershipControls(s, "ownership", { bucket: plain(s).id, rule: { objectOwnership: "ObjectWriter" } }),
  });
  rule("s3-no-public-acl", {
    address: "aws_s3_bucket_acl.acl",
    reason: /^acl = "public-read"$/,
    good: (s) => new S3BucketAcl(s, "acl", { bucket: plain(s).id, acl: "private" }),
    bad: (s) => new S3BucketAcl(s, "acl", { bucket: plain(s).id, acl: "public-read" }),
    path: "test/acl",
  });
  rule("s3-lifecycle", {
    address: "aws_s3_bucket.plain",
    reason: /^no Enabled rule$/,
    good: (s) => secure(s),
    bad: (s) => new S3BucketLifecycleConfiguration(s, "lifecycle", { bucket: plain(s).id, rule: [{ id: "off", status: "Disabled", filter: [{}] }] }),
  });

  it("finds a bucket's companions by its literal name as well as by reference", () => {
    const report = check((s) => {
      plain(s);
      new S3BucketVersioningA(s, "versioning", { bucket: "acme-plain", versioningConfiguration: { status: "Enabled" } });
    });
    expect(resultsOf(report, "s3-versioning")[0].status).toBe("pass");
  });

  rule("kms-rotation", {
    address: "aws_kms_key.key",
    reason: /^enable_key_rotation is not true$/,
    good: (s) => new KmsKeyConstruct(s, "key", { alias: "acme/logs", description: "logs", accountId: "111111111111" }),
    bad: (s) => new KmsKey(s, "key", { description: "logs" }),
  });
  it("does not ask asymmetric keys to rotate", () => {
    expect(resultsOf(check((s) => new KmsKey(s, "key", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" })), "kms-rotation")).toEqual([]);
  });
  rule("kms-policy-not-public", {
    address: "aws_kms_key.key",
    reason: /^key policy: a statement allow "\*" without conditions$/,
    good: (s) => new KmsKeyConstruct(s, "key", { alias: "acme/logs", description: "logs", accountId: "111111111111" }),
    bad: (s) => new KmsKey(s, "key", { enableKeyRotation: true, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }] }) }),
  });
  rule("kms-deletion-window", {
    address: "aws_kms_key.key",
    reason: /^deletion_window_in_days = 7$/,
    good: (s) => new KmsKeyConstruct(s, "key", { alias: "acme/logs", description: "logs", accountId: "111111111111" }),
    bad: (s) => new KmsKey(s, "key", { enableKeyRotation: true, deletionWindowInDays: 7 }),
  });
  rule("sns-kms", {
    address: "aws_sns_topic.alarms",
    reason: /^no kms_master_key_id$/,
    good: (s) => new SnsTopic(s, "alarms", { name: "alarms", kmsMasterKeyId: KEY }),
    bad: (s) => new SnsTopic(s, "alarms", { name: "alarms" }),
  });
});
