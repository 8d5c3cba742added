/**
 * The security services' emulator extensions (test/e2e/moto/extensions/guardduty.py, securityhub.py,
 * config.py) through signed calls and the AWS SDK: what designating a delegated administrator enables
 * (GuardDuty's detector, Security Hub's hub), as AWS does, and AWS Config's refusal of a delivery
 * channel whose bucket or key in another account does not grant Config, as AWS checks on
 * PutDeliveryChannel (https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html).
 */
import { KMSClient, CreateKeyCommand } from "@aws-sdk/client-kms";
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { ClientOptions } from "../helpers/aws";
import { signedCall } from "../helpers/signed";
import { NETWORK, REGION, WORKLOAD, smallOrganization } from "../helpers/small-organization";
import { exampleConfig, synthConfig } from "../../helpers/synth";
import { policyOf } from "../../proofs/harness";

jest.setTimeout(60_000);
const world = smallOrganization();

describe("security services delegation", () => {
  it("enables GuardDuty in the delegated administrator's account and Region, once, as AWS does", async () => {
    await signedCall(world.management, "eu-west-1", "guardduty", "POST", "/admin/enable", { adminAccountId: WORKLOAD });
    await signedCall(world.management, "eu-west-1", "guardduty", "POST", "/admin/enable", { adminAccountId: WORKLOAD });
    const { adminAccounts } = await signedCall(world.management, "eu-west-1", "guardduty", "GET", "/admin");
    expect(adminAccounts).toEqual([{ adminAccountId: WORKLOAD, adminStatus: "ENABLED" }]);
    const { detectorIds } = await signedCall(world.spoke, "eu-west-1", "guardduty", "GET", "/detector");
    expect(detectorIds).toHaveLength(1);
    expect((await signedCall(world.spoke, "eu-west-1", "guardduty", "GET", `/detector/${detectorIds[0]}`)).status).toBe("ENABLED");
    expect((await signedCall(world.hub, "eu-west-1", "guardduty", "GET", "/detector")).detectorIds).toEqual([]);
  });

  it("tags and untags a detector by its ARN, as the provider does for an adopted detector", async () => {
    const [id] = (await signedCall(world.spoke, "eu-west-1", "guardduty", "GET", "/detector")).detectorIds;
    const path = `/tags/${encodeURIComponent(`arn:aws:guardduty:eu-west-1:${WORKLOAD}:detector/${id}`)}`;
    await signedCall(world.spoke, "eu-west-1", "guardduty", "POST", path, { tags: { "lz:stack": "security", team: "sec" } });
    expect((await signedCall(world.spoke, "eu-west-1", "guardduty", "GET", `/detector/${id}`)).tags).toEqual({ "lz:stack": "security", team: "sec" });
    await signedCall(world.spoke, "eu-west-1", "guardduty", "DELETE", `${path}?tagKeys=team`);
    expect((await signedCall(world.spoke, "eu-west-1", "guardduty", "GET", path)).tags).toEqual({ "lz:stack": "security" });
  });

  it("enables Security Hub in the delegated administrator's account and lists it as ENABLED", async () => {
    await expect(signedCall(world.spoke, "eu-west-1", "securityhub", "GET", "/accounts")).rejects.toThrow(/HTTP 4/);
    await signedCall(world.management, "eu-west-1", "securityhub", "POST", "/organization/admin/enable", { AdminAccountId: WORKLOAD });
    const { AdminAccounts } = await signedCall(world.management, "eu-west-1", "securityhub", "GET", "/organization/admin");
    expect(AdminAccounts).toEqual([{ AccountId: WORKLOAD, Status: "ENABLED" }]);
    expect((await signedCall(world.spoke, "eu-west-1", "securityhub", "GET", "/accounts")).HubArn).toMatch(new RegExp(`^arn:aws:securityhub:eu-west-1:${WORKLOAD}:hub/default$`));
  });
});

describe("AWS Config delivery to another account's bucket (config extension)", () => {
  // The example's logging stack moved into this emulator's workload account; the network account records.
  const config = exampleConfig();
  const logging = synthConfig(config).stack("logging");
  const here = (v: unknown) => JSON.parse(JSON.stringify(v).split(config.loggingAccount.id!).join(WORKLOAD));
  const configCall = (client: ClientOptions, action: string, body: object) => signedCall(client, REGION, "config", "POST", "/", body, `StarlingDoveService.${action}`);
  let bucket: string;
  let keyArn: string;

  beforeAll(async () => {
    bucket = here(logging.output.config_bucket.value);
    await new S3Client(world.spoke).send(new CreateBucketCommand({ Bucket: bucket }));
    keyArn = (await new KMSClient(world.spoke).send(new CreateKeyCommand({ Policy: JSON.stringify(here(policyOf(logging, "aws_kms_key.key", "policy", {}))) }))).KeyMetadata!.Arn!;
    await configCall(world.hub, "PutConfigurationRecorder", {
      ConfigurationRecorder: { name: "acme", roleARN: `arn:aws:iam::${NETWORK}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
    });
  });

  const channel = () => ({ DeliveryChannel: { name: "acme", s3BucketName: bucket, s3KeyPrefix: "config", s3KmsKeyArn: keyArn } });

  it("refuses a delivery channel whose bucket policy does not grant AWS Config (InsufficientDeliveryPolicyException), and a bucket that does not exist", async () => {
    await expect(configCall(world.hub, "PutDeliveryChannel", channel())).rejects.toThrow(/InsufficientDeliveryPolicyException/);
    await expect(configCall(world.hub, "PutDeliveryChannel", { DeliveryChannel: { ...channel().DeliveryChannel, s3BucketName: "no-such-bucket-acme" } })).rejects.toThrow(/NoSuchBucketException/);
  });

  it("accepts the example's own Config bucket policy and logging key policy, and reads the channel back", async () => {
    await new S3Client(world.spoke).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(here(policyOf(logging, "aws_s3_bucket_policy.archive_config_bucket_policy", "policy", {}))) }));
    await configCall(world.hub, "PutDeliveryChannel", channel());
    const { DeliveryChannels } = await configCall(world.hub, "DescribeDeliveryChannels", {});
    expect(DeliveryChannels).toEqual([expect.objectContaining({ name: "acme", s3BucketName: bucket, s3KeyPrefix: "config", s3KmsKeyArn: keyArn })]);
  });
});
