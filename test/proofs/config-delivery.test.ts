/**
 * Access proofs for AWS Config's delivery from every account to the logging account's Config bucket,
 * encrypted with the logging key, evaluated on the bundled example's synthesized logging stack.
 *
 * The recorders use AWS Config's service-linked role, so AWS Config delivers as its service principal
 * config.amazonaws.com with the recording account as aws:SourceAccount:
 * - bucket: "Permissions for the Amazon S3 Bucket for the AWS Config Delivery Channel",
 *   https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html — GetBucketAcl and
 *   ListBucket on the bucket, then PutObject of `<prefix>/AWSLogs/<account>/Config/...` with
 *   `x-amz-acl: bucket-owner-full-control`;
 * - key: "Permissions for the KMS Key for the AWS Config Delivery Channel",
 *   https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html — kms:GenerateDataKey
 *   and kms:Decrypt ("When Using Service-Linked Roles").
 */
import { SECURITY_SERVICE_PRINCIPALS } from "../../aws/security-services";
import { CONFIG_KEY_PREFIX, configBucketName } from "../../src/stacks/names";
import { exampleConfig, synthConfig } from "../helpers/synth";
import { expectDecision, policyOf, Request } from "./harness";

const config = exampleConfig();
const logging = synthConfig(config).stack("logging");
const LOGGING = config.loggingAccount.id!;
const OUTSIDER = "999999999999";
const BUCKET_ARN = `arn:aws:s3:::${configBucketName(config.name, LOGGING)}`;
const KEY_ARN = `arn:aws:kms:${config.homeRegion}:${LOGGING}:key/1111aaaa-11aa-11aa-11aa-111111aaaaaa`;
const refs = { "aws_kms_key.key.arn": KEY_ARN };
const bucketPolicy = policyOf(logging, "aws_s3_bucket_policy.archive_config_bucket_policy", "policy", refs);
const keyPolicy = policyOf(logging, "aws_kms_key.key", "policy", refs);

/** Every account of the organization: the management account and each member. */
const ACCOUNTS = [config.organization.managementAccountId, ...config.accounts.map((a) => a.id!)];
const object = (account: string, region = config.homeRegion) =>
  `${BUCKET_ARN}/${CONFIG_KEY_PREFIX}/AWSLogs/${account}/Config/${region}/2026/11/30/ConfigHistory/${account}_Config_${region}_ConfigHistory_AWS::EC2::Instance_20261130T000000Z_20261130T060000Z_1.json.gz`;

function configRequest(action: string, resource: string, account: string, extra: Record<string, string> = {}, principal: string = SECURITY_SERVICE_PRINCIPALS.config): Request {
  return { principal, action, resource, resourceAccount: LOGGING, context: { "aws:SecureTransport": "true", "aws:SourceAccount": account, ...extra } };
}
const put = { "s3:x-amz-acl": "bucket-owner-full-control", "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN };

describe("AWS Config → the logging account's Config bucket and key (AWS Config developer guide: Permissions for the Amazon S3 Bucket / for the KMS Key)", () => {
  it.each(ACCOUNTS)("lets AWS Config of account %s check the bucket, deliver under its own path and encrypt with the key", async (account) => {
    await expectDecision(configRequest("s3:GetBucketAcl", BUCKET_ARN, account), { resource: bucketPolicy }, "Allowed");
    await expectDecision(configRequest("s3:ListBucket", BUCKET_ARN, account), { resource: bucketPolicy }, "Allowed");
    for (const region of config.allowedRegions) await expectDecision(configRequest("s3:PutObject", object(account, region), account, put), { resource: bucketPolicy }, "Allowed");
    await expectDecision(configRequest("kms:GenerateDataKey", KEY_ARN, account), { resource: keyPolicy }, "Allowed");
    await expectDecision(configRequest("kms:Decrypt", KEY_ARN, account), { resource: keyPolicy }, "Allowed");
  });

  // With s3KmsKeyArn set, AWS Config asks for SSE-KMS with that key on each PutObject (DeliveryChannel,
  // https://docs.aws.amazon.com/config/latest/APIReference/API_DeliveryChannel.html). The bucket's deny refuses
  // an upload without the header or with SSE-S3, so every channel must name the key (test/stacks/security.test.ts).
  it("refuses a delivery without SSE-KMS: the channel must name the logging key", async () => {
    const [account] = ACCOUNTS;
    await expectDecision(configRequest("s3:PutObject", object(account), account, { "s3:x-amz-acl": "bucket-owner-full-control" }), { resource: bucketPolicy }, "ExplicitlyDenied");
    await expectDecision(configRequest("s3:PutObject", object(account), account, { "s3:x-amz-acl": "bucket-owner-full-control", "s3:x-amz-server-side-encryption": "AES256" }), { resource: bucketPolicy }, "ExplicitlyDenied");
  });

  it("refuses an account outside the organization, on the bucket and on the key", async () => {
    await expectDecision(configRequest("s3:GetBucketAcl", BUCKET_ARN, OUTSIDER), { resource: bucketPolicy }, "ImplicitlyDenied");
    await expectDecision(configRequest("s3:PutObject", object(OUTSIDER), OUTSIDER, put), { resource: bucketPolicy }, "ImplicitlyDenied");
    await expectDecision(configRequest("kms:GenerateDataKey", KEY_ARN, OUTSIDER), { resource: keyPolicy }, "ImplicitlyDenied");
  });

  it("refuses a write outside the Config prefix, without bucket-owner-full-control, over plain HTTP, or by another service", async () => {
    const [account] = ACCOUNTS;
    await expectDecision(configRequest("s3:PutObject", `${BUCKET_ARN}/AWSLogs/${account}/Config/x.json.gz`, account, put), { resource: bucketPolicy }, "ImplicitlyDenied");
    await expectDecision(configRequest("s3:PutObject", object(account), account, { ...put, "s3:x-amz-acl": "private" }), { resource: bucketPolicy }, "ImplicitlyDenied");
    await expectDecision(configRequest("s3:PutObject", object(account), account, { ...put, "aws:SecureTransport": "false" }), { resource: bucketPolicy }, "ExplicitlyDenied");
    await expectDecision(configRequest("s3:PutObject", object(account), account, put, SECURITY_SERVICE_PRINCIPALS.guardDuty), { resource: bucketPolicy }, "ImplicitlyDenied");
  });

  it("gives AWS Config nothing to read the deliveries back", async () => {
    await expectDecision(configRequest("s3:GetObject", object(ACCOUNTS[0]), ACCOUNTS[0]), { resource: bucketPolicy }, "ImplicitlyDenied");
  });
});
