/** Every remote-state stack: its state object sits under its key in the state bucket, KMS-encrypted, unlocked. */
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { stateKey } from "../../../src/stacks/names";
import { StackContext } from "./context";

export async function assertRemoteState(ctx: StackContext): Promise<void> {
  const { config } = ctx;
  const s3 = new S3Client(await ctx.aws.in(config.organization.managementAccountId));
  const key = stateKey(ctx.stack);
  const head = await s3.send(new HeadObjectCommand({ Bucket: config.state.bucket, Key: key }));
  expect(head.ServerSideEncryption).toBe("aws:kms");
  expect(head.ContentLength).toBeGreaterThan(0);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: config.state.bucket, Prefix: `${ctx.stack}/` }));
  expect((listed.Contents ?? []).map((o) => o.Key)).toEqual([key]); // no lock file left behind
}
