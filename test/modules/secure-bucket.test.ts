/** The secure bucket's optional parts: Object Lock switched on in place, and access logging that waits for its target. */
import { SecureBucket } from "../../modules/secure-bucket";
import { synthModule } from "../helpers/module";
import { single } from "../helpers/synth";

describe("secure bucket", () => {
  it("enables Object Lock through its configuration, after versioning, so turning it on later never replaces the bucket", () => {
    const stack = synthModule((scope) => new SecureBucket(scope, "logs", { bucketName: "b", objectLockGovernanceDays: 30 }));
    expect(single(stack, "aws_s3_bucket").object_lock_enabled).toBeUndefined();
    expect(single(stack, "aws_s3_bucket_object_lock_configuration")).toMatchObject({
      object_lock_enabled: "Enabled",
      rule: { default_retention: { mode: "GOVERNANCE", days: 30 } },
      depends_on: ["aws_s3_bucket_versioning.logs_versioning"],
    });
  });

  it("has no Object Lock unless asked", () => {
    const stack = synthModule((scope) => new SecureBucket(scope, "logs", { bucketName: "b" }));
    expect(stack.resource.aws_s3_bucket_object_lock_configuration).toBeUndefined();
  });

  it("makes access logging wait for what it is told to, such as the target bucket's policy", () => {
    const stack = synthModule((scope) => {
      const target = new SecureBucket(scope, "target", { bucketName: "t" });
      new SecureBucket(scope, "source", { bucketName: "s", accessLogBucket: "t", accessLogDependsOn: [target.policy] });
    });
    expect(single(stack, "aws_s3_bucket_logging")).toMatchObject({ target_bucket: "t", target_prefix: "s/", depends_on: ["aws_s3_bucket_policy.target_bucket_policy"] });
  });
});
