/**
 * Access proofs for the organization trail's handshakes, evaluated on the bundled example's synthesized
 * logging stack: CloudTrail checks and writes the archive bucket, uses the logging key, assumes the
 * CloudWatch Logs delivery role, and that role writes the trail's log group and nothing else.
 *
 * Each request is the one the CloudTrail user guide says CloudTrail sends; the page is named beside it.
 */
import { SERVICE_PRINCIPALS } from "../../aws/service-principals";

const CLOUDTRAIL_PRINCIPAL = SERVICE_PRINCIPALS.cloudTrail;
import { trailLogGroupName } from "../../src/stacks/names";
import { exampleConfig, resources, synthConfig, TfJson } from "../helpers/synth";
import { expectDecision, PolicyJson, policyJson, policyOf, Request } from "./harness";

const config = exampleConfig();
const out = synthConfig(config);
const logging = out.stack("logging");

const ORG_ID = "o-a1b2c3d4e5";
const MANAGEMENT = config.organization.managementAccountId;
const LOGGING = config.loggingAccount.id!;
const REGION = config.homeRegion;
const TRAIL_ARN: string = logging.output.trail_arn.value;
const OTHER_TRAIL_ARN = TRAIL_ARN.replace(/trail\/.*$/, "trail/someone-elses-trail");
const OTHER_ACCOUNT_TRAIL_ARN = TRAIL_ARN.replace(`:${MANAGEMENT}:`, ":999999999999:");
const BUCKET: string = logging.output.archive_bucket.value;
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${LOGGING}:log-group:${trailLogGroupName(config.name)}`;
const KEY_ARN = `arn:aws:kms:${REGION}:${LOGGING}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROLE_ARN = `arn:aws:iam::${LOGGING}:role/${resources(logging, "aws_iam_role").trail_cloudwatch_role.name}`;

/** Values Terraform knows only at apply time, stated for the proofs. */
const refs = {
  "data.terraform_remote_state.remote_state_organization.outputs.organization_id": ORG_ID,
  "aws_cloudwatch_log_group.trail_log_group.arn": LOG_GROUP_ARN,
  "aws_kms_key.key.arn": KEY_ARN,
};

const bucketPolicy = policyOf(logging, "aws_s3_bucket_policy.archive_bucket_bucket_policy", "policy", refs);
const keyPolicy = policyOf(logging, "aws_kms_key.key", "policy", refs);
const trust = policyOf(logging, "aws_iam_role.trail_cloudwatch_role", "assume_role_policy", refs);
const rolePolicy = policyOf(logging, "aws_iam_role_policy.trail_cloudwatch_policy", "policy", refs);
/**
 * The SCPs in force on the logging account: they bind the delivery role, a principal of that account. AWS attaches
 * FullAWSAccess to every root, OU and account when SCPs are enabled; the organization stack adds its own at the root.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
const organization = out.stack("organization");
const FULL_AWS_ACCESS: PolicyJson = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const rootScps: PolicyJson[] = Object.entries(resources(organization, "aws_organizations_policy"))
  .filter(([, p]: [string, TfJson]) => (p.type ?? "SERVICE_CONTROL_POLICY") === "SERVICE_CONTROL_POLICY")
  .map(([name, p]: [string, TfJson]) => policyJson(organization, p.content, {}, `aws_organizations_policy.${name}.content`));
const scps: PolicyJson[][] = [[FULL_AWS_ACCESS, ...rootScps], [FULL_AWS_ACCESS], [FULL_AWS_ACCESS]];

/**
 * CloudTrail's requests to the bucket: "Amazon S3 bucket policy for CloudTrail" and, for organization
 * trails, "Creating a trail for an organization with the AWS CLI": GetBucketAcl on the bucket and
 * PutObject with `s3:x-amz-acl = bucket-owner-full-control`, each with the trail's ARN as `aws:SourceArn`.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html
 */
function s3Request(action: string, resource: string, context: Record<string, string>): Request {
  return {
    principal: CLOUDTRAIL_PRINCIPAL,
    action,
    resource,
    resourceAccount: LOGGING,
    context: { "aws:SecureTransport": "true", "aws:SourceArn": TRAIL_ARN, "aws:SourceAccount": MANAGEMENT, ...context },
  };
}
/** A log file as CloudTrail writes it: SSE-KMS with the trail's key, bucket-owner-full-control. */
const logFileHeaders = { "s3:x-amz-acl": "bucket-owner-full-control", "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN };
const day = "2026/11/29";
const orgLogFile = `${BUCKET_ARN}/AWSLogs/${ORG_ID}/444444444444/CloudTrail/${REGION}/${day}/444444444444_CloudTrail_${REGION}_20261129T2150Z_a1b2.json.gz`;
const managementLogFile = `${BUCKET_ARN}/AWSLogs/${MANAGEMENT}/CloudTrail/${REGION}/${day}/${MANAGEMENT}_CloudTrail_${REGION}_20261129T2150Z_c3d4.json.gz`;
/** Digest files: "CloudTrail digest file structure", digest file location (organization trails add the organization id). */
const orgDigestFile = `${BUCKET_ARN}/AWSLogs/${ORG_ID}/444444444444/CloudTrail-Digest/${REGION}/${day}/444444444444_CloudTrail-Digest_${REGION}_acme-organization-trail_${REGION}_20261129T215000Z.json.gz`;
const managementDigestFile = `${BUCKET_ARN}/AWSLogs/${MANAGEMENT}/CloudTrail-Digest/${REGION}/${day}/${MANAGEMENT}_CloudTrail-Digest_${REGION}_acme-organization-trail_${REGION}_20261129T215000Z.json.gz`;

describe("CloudTrail → archive bucket (CloudTrail user guide: Amazon S3 bucket policy for CloudTrail; organization trails)", () => {
  it("lets the organization trail check the bucket ACL, and no other trail", async () => {
    await expectDecision(s3Request("s3:GetBucketAcl", BUCKET_ARN, {}), { resource: bucketPolicy }, "Allowed");
    await expectDecision(s3Request("s3:GetBucketAcl", BUCKET_ARN, { "aws:SourceArn": OTHER_TRAIL_ARN }), { resource: bucketPolicy }, "ImplicitlyDenied");
    await expectDecision(s3Request("s3:GetBucketAcl", BUCKET_ARN, { "aws:SourceArn": OTHER_ACCOUNT_TRAIL_ARN, "aws:SourceAccount": "999999999999" }), { resource: bucketPolicy }, "ImplicitlyDenied");
  });

  it.each([
    ["the organization prefix AWSLogs/<org id>/", orgLogFile],
    ["the management account prefix AWSLogs/<management account>/", managementLogFile],
  ])("lets the trail write log files under %s, SSE-KMS with bucket-owner-full-control", async (_, file) => {
    await expectDecision(s3Request("s3:PutObject", file, logFileHeaders), { resource: bucketPolicy }, "Allowed");
  });

  it("refuses the trail's writes under any other prefix, and writes from another trail or another account's trail", async () => {
    await expectDecision(s3Request("s3:PutObject", `${BUCKET_ARN}/AWSLogs/999999999999/CloudTrail/${REGION}/${day}/x.json.gz`, logFileHeaders), { resource: bucketPolicy }, "ImplicitlyDenied");
    await expectDecision(s3Request("s3:PutObject", `${BUCKET_ARN}/elsewhere/x.json.gz`, logFileHeaders), { resource: bucketPolicy }, "ImplicitlyDenied");
    await expectDecision(s3Request("s3:PutObject", orgLogFile, { ...logFileHeaders, "aws:SourceArn": OTHER_TRAIL_ARN }), { resource: bucketPolicy }, "ImplicitlyDenied");
    await expectDecision(s3Request("s3:PutObject", orgLogFile, { ...logFileHeaders, "aws:SourceArn": OTHER_ACCOUNT_TRAIL_ARN, "aws:SourceAccount": "999999999999" }), { resource: bucketPolicy }, "ImplicitlyDenied");
  });

  it("refuses a log file without bucket-owner-full-control, without aws:kms, with SSE-S3, or over plain HTTP", async () => {
    const { "s3:x-amz-acl": _acl, ...noAcl } = logFileHeaders;
    await expectDecision(s3Request("s3:PutObject", orgLogFile, noAcl), { resource: bucketPolicy }, "ImplicitlyDenied");
    const { "s3:x-amz-server-side-encryption": _sse, "s3:x-amz-server-side-encryption-aws-kms-key-id": _key, ...noSse } = logFileHeaders;
    await expectDecision(s3Request("s3:PutObject", orgLogFile, noSse), { resource: bucketPolicy }, "ExplicitlyDenied");
    await expectDecision(s3Request("s3:PutObject", orgLogFile, { ...noSse, "s3:x-amz-server-side-encryption": "AES256" }), { resource: bucketPolicy }, "ExplicitlyDenied");
    await expectDecision(s3Request("s3:PutObject", orgLogFile, { ...logFileHeaders, "aws:SecureTransport": "false" }), { resource: bucketPolicy }, "ExplicitlyDenied");
  });

  // "Encrypting CloudTrail log files with AWS KMS keys (SSE-KMS)": "Digest files are encrypted with Amazon
  // S3-managed encryption keys (SSE-S3)" even when log files use SSE-KMS; newer pages say SSE-KMS. Either way works.
  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
  it.each([
    ["SSE-S3 (AES256)", { "s3:x-amz-server-side-encryption": "AES256" }],
    ["no encryption header", {}],
    ["SSE-KMS", { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN }],
  ])("lets the trail write digest files with %s, under both prefixes", async (_, sse) => {
    for (const file of [orgDigestFile, managementDigestFile]) {
      await expectDecision(s3Request("s3:PutObject", file, { "s3:x-amz-acl": "bucket-owner-full-control", ...sse }), { resource: bucketPolicy }, "Allowed");
    }
  });

  it("still refuses digest files over plain HTTP or from another trail", async () => {
    const headers = { "s3:x-amz-acl": "bucket-owner-full-control", "s3:x-amz-server-side-encryption": "AES256" };
    await expectDecision(s3Request("s3:PutObject", orgDigestFile, { ...headers, "aws:SecureTransport": "false" }), { resource: bucketPolicy }, "ExplicitlyDenied");
    await expectDecision(s3Request("s3:PutObject", orgDigestFile, { ...headers, "aws:SourceArn": OTHER_TRAIL_ARN }), { resource: bucketPolicy }, "ImplicitlyDenied");
  });
});

/**
 * CloudTrail's requests to the key: "How AWS CloudTrail uses AWS KMS": S3 calls GenerateDataKey on
 * CloudTrail's behalf with the encryption context `aws:cloudtrail:arn` (the trail) and `aws:s3:arn`
 * (the log file); "Configure AWS KMS key policies for CloudTrail" adds `aws:SourceArn` and DescribeKey.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-kms-works-with-cloudtrail.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
function kmsRequest(action: string, context: Record<string, string>): Request {
  return {
    principal: CLOUDTRAIL_PRINCIPAL,
    action,
    resource: KEY_ARN,
    resourceAccount: LOGGING,
    context: { "aws:SecureTransport": "true", "aws:SourceArn": TRAIL_ARN, "aws:SourceAccount": MANAGEMENT, ...context },
  };
}
const encryptionContext = (trail: string, object: string) => ({ "kms:EncryptionContext:aws:cloudtrail:arn": trail, "kms:EncryptionContext:aws:s3:arn": object });

describe("CloudTrail → logging key (CloudTrail user guide: How AWS CloudTrail uses AWS KMS)", () => {
  it("lets the trail generate data keys for its log files and digest files, and describe the key", async () => {
    await expectDecision(kmsRequest("kms:GenerateDataKey", encryptionContext(TRAIL_ARN, orgLogFile)), { resource: keyPolicy }, "Allowed");
    await expectDecision(kmsRequest("kms:GenerateDataKey", encryptionContext(TRAIL_ARN, orgDigestFile)), { resource: keyPolicy }, "Allowed");
    // CreateTrail/UpdateTrail: the check GenerateDataKey names the bucket path instead of a file.
    await expectDecision(kmsRequest("kms:GenerateDataKey", encryptionContext(TRAIL_ARN, `${BUCKET_ARN}/AWSLogs/${ORG_ID}/`)), { resource: keyPolicy }, "Allowed");
    await expectDecision(kmsRequest("kms:DescribeKey", {}), { resource: keyPolicy }, "Allowed");
  });

  it("refuses another trail, another account's trail, and a request without CloudTrail's encryption context", async () => {
    await expectDecision(kmsRequest("kms:GenerateDataKey", { ...encryptionContext(OTHER_TRAIL_ARN, orgLogFile), "aws:SourceArn": OTHER_TRAIL_ARN }), { resource: keyPolicy }, "ImplicitlyDenied");
    await expectDecision(
      kmsRequest("kms:GenerateDataKey", { ...encryptionContext(OTHER_ACCOUNT_TRAIL_ARN, orgLogFile), "aws:SourceArn": OTHER_ACCOUNT_TRAIL_ARN, "aws:SourceAccount": "999999999999" }),
      { resource: keyPolicy },
      "ImplicitlyDenied",
    );
    await expectDecision(kmsRequest("kms:GenerateDataKey", { "kms:EncryptionContext:aws:s3:arn": orgLogFile }), { resource: keyPolicy }, "ImplicitlyDenied");
    await expectDecision(kmsRequest("kms:DescribeKey", { "aws:SourceArn": OTHER_TRAIL_ARN }), { resource: keyPolicy }, "ImplicitlyDenied");
  });

  it("gives CloudTrail no kms:Decrypt, which it needs only with an S3 Bucket Key, and the archive has none", async () => {
    await expectDecision(kmsRequest("kms:Decrypt", encryptionContext(TRAIL_ARN, orgLogFile)), { resource: keyPolicy }, "ImplicitlyDenied");
    const sse = resources(logging, "aws_s3_bucket_server_side_encryption_configuration").archive_bucket_encryption;
    expect(sse.rule[0].bucket_key_enabled).toBe(false);
  });
});

/**
 * CloudTrail assumes the delivery role ("Sending events to CloudWatch Logs": the role trusts
 * cloudtrail.amazonaws.com, no condition; CloudTrail documents no aws:SourceArn for this call), and the
 * role creates streams and puts events in the trail's group ("Role policy document for CloudTrail to use
 * CloudWatch Logs for monitoring": CreateLogStream, PutLogEvents; organization trail streams are named
 * `<organization id>_…`).
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
 */
describe("CloudTrail → CloudWatch Logs delivery role (CloudTrail user guide: Sending events to CloudWatch Logs)", () => {
  const assume = (principal: string, context: Record<string, string> = {}): Request => ({ principal, action: "sts:AssumeRole", resource: ROLE_ARN, resourceAccount: LOGGING, context });

  it("lets CloudTrail assume the role with the request it sends, which carries no aws:SourceArn", async () => {
    await expectDecision(assume(CLOUDTRAIL_PRINCIPAL), { resource: trust }, "Allowed");
  });

  it("lets no other service and no other account assume it", async () => {
    await expectDecision(assume("logs.amazonaws.com"), { resource: trust }, "ImplicitlyDenied");
    await expectDecision(assume("arn:aws:iam::999999999999:role/Admin"), { resource: trust }, "ImplicitlyDenied");
    await expectDecision(assume(`arn:aws:iam::${LOGGING}:role/SomeRole`), { resource: trust }, "ImplicitlyDenied");
  });

  const stream = (name: string) => `${LOG_GROUP_ARN}:log-stream:${name}`;
  const write = (action: string, resource: string): Request => ({
    principal: ROLE_ARN,
    action,
    resource,
    resourceAccount: LOGGING,
    context: { "aws:SecureTransport": "true", "aws:PrincipalArn": ROLE_ARN, "aws:PrincipalAccount": LOGGING, "aws:RequestedRegion": REGION },
  });
  const asRole = { identity: [rolePolicy], scps };

  it.each([
    ["the organization's streams", `${ORG_ID}_CloudTrail_${REGION}`],
    ["the management account's streams", `${MANAGEMENT}_CloudTrail_${REGION}`],
  ])("lets the role create and write %s in the trail's group, under the organization's SCPs", async (_, name) => {
    await expectDecision(write("logs:CreateLogStream", stream(name)), asRole, "Allowed");
    await expectDecision(write("logs:PutLogEvents", stream(name)), asRole, "Allowed");
  });

  it("refuses the role any other log group, and anything but writing", async () => {
    const other = `arn:aws:logs:${REGION}:${LOGGING}:log-group:/other/group:log-stream:${ORG_ID}_CloudTrail_${REGION}`;
    await expectDecision(write("logs:CreateLogStream", other), asRole, "ImplicitlyDenied");
    await expectDecision(write("logs:PutLogEvents", other), asRole, "ImplicitlyDenied");
    await expectDecision(write("logs:GetLogEvents", stream(`${ORG_ID}_CloudTrail_${REGION}`)), asRole, "ImplicitlyDenied");
    // The role's own policy grants no deletion; the organization's SCPs deny it besides.
    for (const [action, resource] of [["logs:DeleteLogStream", stream(`${ORG_ID}_CloudTrail_${REGION}`)], ["logs:DeleteLogGroup", LOG_GROUP_ARN]]) {
      await expectDecision(write(action, resource), { identity: [rolePolicy] }, "ImplicitlyDenied");
      await expectDecision(write(action, resource), asRole, "ExplicitlyDenied");
    }
  });
});
