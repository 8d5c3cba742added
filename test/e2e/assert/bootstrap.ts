/** bootstrap: the state bucket and its key, as a user's CI would inspect them. */
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from "@aws-sdk/client-kms";
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { stateKeyAlias } from "../../../src/stacks/names";
import { StackContext } from "./context";

export async function assertBootstrap(ctx: StackContext): Promise<void> {
  const { config } = ctx;
  const inManagement = await ctx.aws.in(config.organization.managementAccountId);
  const s3 = new S3Client(inManagement);
  const Bucket = config.state.bucket;

  const key = await new KMSClient(inManagement).send(new DescribeKeyCommand({ KeyId: `alias/${stateKeyAlias(config.name)}` }));
  expect(key.KeyMetadata?.Enabled).toBe(true);
  expect(key.KeyMetadata?.Arn).toBe((await ctx.outputs()).state_key_arn);
  const rotation = await new KMSClient(inManagement).send(new GetKeyRotationStatusCommand({ KeyId: key.KeyMetadata!.KeyId }));
  expect(rotation.KeyRotationEnabled).toBe(true);

  expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe("Enabled");
  const [rule] = (await s3.send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration?.Rules ?? [];
  expect(rule.ApplyServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: "aws:kms", KMSMasterKeyID: key.KeyMetadata?.Arn });
  expect(rule.BucketKeyEnabled).toBe(true);
  expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration).toEqual({
    BlockPublicAcls: true,
    IgnorePublicAcls: true,
    BlockPublicPolicy: true,
    RestrictPublicBuckets: true,
  });
  const ownership = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }));
  expect(ownership.OwnershipControls?.Rules?.[0].ObjectOwnership).toBe("BucketOwnerEnforced");

  const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy!);
  const tlsOnly = policy.Statement.find((s: { Sid?: string }) => s.Sid === "DenyInsecureTransport");
  expect(tlsOnly).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });

  const lifecycle = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
  expect(lifecycle.Rules?.some((r) => r.Status === "Enabled" && (r.NoncurrentVersionExpiration?.NoncurrentDays ?? 0) > 0)).toBe(true);
}
