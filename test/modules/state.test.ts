/** The bootstrap state store: a hardened bucket and a rotating key, both protected from destroy. */
import { resources, single, statements, synthConfig } from "../helpers/synth";

describe("bootstrap state store", () => {
  const stack = synthConfig().stack("bootstrap");

  it("creates the state bucket from config and protects it from destroy", () => {
    expect(single(stack, "aws_s3_bucket")).toMatchObject({ bucket: "acme-tfstate-111111111111", lifecycle: { prevent_destroy: true } });
  });

  it("encrypts with its own rotating KMS key, protected from destroy", () => {
    expect(single(stack, "aws_kms_key")).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(single(stack, "aws_kms_alias").name).toBe("alias/acme/tfstate");
    expect(single(stack, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.state_key.arn}" }, bucket_key_enabled: true },
    ]);
  });

  it("versions the bucket and expires noncurrent versions", () => {
    expect(single(stack, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    const [rule] = single(stack, "aws_s3_bucket_lifecycle_configuration").rule;
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
    expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
  });

  it("blocks all public access and enforces bucket-owner ownership", () => {
    expect(single(stack, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(single(stack, "aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  it("denies plain HTTP and uploads that ask for other encryption", () => {
    const policy = statements(stack, "state_bucket_policy");
    expect(policy).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sid: "DenyInsecureTransport", effect: "Deny", condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] }),
        expect.objectContaining({ sid: "DenyUnencryptedOrWrongEncryption", effect: "Deny", actions: ["s3:PutObject"], condition: [{ test: "StringNotEqualsIfExists", variable: "s3:x-amz-server-side-encryption", values: ["aws:kms"] }] }),
      ]),
    );
    expect(single(stack, "aws_s3_bucket_policy").depends_on).toEqual(["aws_s3_bucket_public_access_block.state_bucket_public_access"]);
  });

  it("lets only the owning account administer the key", () => {
    const [admin] = statements(stack, "state_key_policy");
    expect(admin.principals).toEqual([{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:root"] }]);
    expect(Object.keys(resources(stack, "aws_kms_key"))).toEqual(["state_key"]);
  });
});
