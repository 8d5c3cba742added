/** The secure bucket's optional parts: Object Lock switched on in place, access logging that waits for its target, the bucket key, and keys exempt from the encryption-header deny. */
import { SecureBucket } from "../../modules/secure-bucket";
import { synthConstruct } from "../helpers/construct";
import { single, statements, TfJson } from "../helpers/synth";

describe("secure bucket", () => {
  it("enables Object Lock through its configuration, after versioning, so turning it on later never replaces the bucket", () => {
    const stack = synthConstruct((scope) => new SecureBucket(scope, "logs", { bucketName: "b", objectLockGovernanceDays: 30 }));
    expect(single(stack, "aws_s3_bucket").object_lock_enabled).toBeUndefined();
    expect(single(stack, "aws_s3_bucket_object_lock_configuration")).toMatchObject({
      object_lock_enabled: "Enabled",
      rule: { default_retention: { mode: "GOVERNANCE", days: 30 } },
      depends_on: ["aws_s3_bucket_versioning.logs_versioning"],
    });
  });

  it("has no Object Lock unless asked", () => {
    const stack = synthConstruct((scope) => new SecureBucket(scope, "logs", { bucketName: "b" }));
    expect(stack.resource.aws_s3_bucket_object_lock_configuration).toBeUndefined();
  });

  it("makes access logging wait for what it is told to, such as the target bucket's policy", () => {
    const stack = synthConstruct((scope) => {
      const target = new SecureBucket(scope, "target", { bucketName: "t" });
      new SecureBucket(scope, "source", { bucketName: "s", accessLogBucket: "t", accessLogDependsOn: [target.policy] });
    });
    expect(single(stack, "aws_s3_bucket_logging")).toMatchObject({ target_bucket: "t", target_prefix: "s/", depends_on: ["aws_s3_bucket_policy.target_bucket_policy"] });
  });

  it("uses an S3 Bucket Key with its KMS key unless told not to", () => {
    const rule = (bucketKey?: boolean) =>
      single(synthConstruct((scope) => new SecureBucket(scope, "b", { bucketName: "b", kmsKeyArn: "arn:aws:kms:us-east-1:1:key/k", bucketKey })), "aws_s3_bucket_server_side_encryption_configuration").rule[0];
    expect(rule().bucket_key_enabled).toBe(true);
    expect(rule(false).bucket_key_enabled).toBe(false);
  });

  it("exempts only the keys it is given from the deny on other encryption headers, and keeps denying plain HTTP everywhere", () => {
    const stack = synthConstruct((scope) => new SecureBucket(scope, "b", { bucketName: "b", kmsKeyArn: "arn:aws:kms:us-east-1:1:key/k", encryptionHeaderExemptKeys: ["AWSLogs/*/CloudTrail-Digest/*"] }));
    const policy = Object.fromEntries(statements(stack, "b_policy").map((st: TfJson) => [st.sid, st]));
    expect(policy.DenyUnencryptedOrWrongEncryption.resources).toBeUndefined();
    expect(policy.DenyUnencryptedOrWrongEncryption.not_resources).toEqual(["arn:aws:s3:::b/AWSLogs/*/CloudTrail-Digest/*"]);
    expect(policy.DenyInsecureTransport.resources).toEqual(["arn:aws:s3:::b", "arn:aws:s3:::b/*"]);
    const plain = synthConstruct((scope) => new SecureBucket(scope, "b", { bucketName: "b", kmsKeyArn: "arn:aws:kms:us-east-1:1:key/k" }));
    const deny = statements(plain, "b_policy").find((st: TfJson) => st.sid === "DenyUnencryptedOrWrongEncryption");
    expect(deny).toMatchObject({ resources: ["arn:aws:s3:::b/*"] });
    expect(deny?.not_resources).toBeUndefined();
  });
});
