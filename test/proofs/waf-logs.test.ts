/**
* Access proofs for AWS WAF's log delivery into the web ACL's CloudWatch Logs group, evaluated on the
 * bundled example's synthesized workload stack. WAF delivers through CloudWatch Logs' vended-log
 * delivery: delivery.logs.amazonaws.com creates streams and puts events in the `aws-waf-logs-…` group,
 * with the web ACL's account as aws:SourceAccount and a log delivery of that account and Region as
 * aws:SourceArn — AWS, "Logs sent to CloudWatch Logs"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html); the group
 * must be named `aws-waf-logs-…` in the web ACL's account and Region — AWS WAF, "Sending web ACL traffic logs
 * to an Amazon CloudWatch Logs log group" (https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html).
 */
import { SERVICE_PRINCIPALS } from "../../aws/service-principals";
import { WAF_LOG_NAME_PREFIX } from "../../aws/waf";
import { exampleConfig, synthConfig } from "../helpers/synth";
import { expectDecision, PolicyJson, policyOf, Request } from "./harness";
import { logsDestinationArn } from "../../aws/logs";
import { WAF_LOGS_PREFIX } from "../../modules/logging/waf-logs";
import { wafLogsBucketName, wafLogsDestinationName } from "../../src/stacks/names";

const config = exampleConfig();
const out = synthConfig(config);
// Every workload stack with a web ACL.
const withAcl = config.workloads.filter((w) => Object.keys(out.stack(w.stackName).resource?.aws_wafv2_web_acl ?? {}).length > 0);
const OTHER = "999999999999";

describe("AWS WAF → the web ACL's log group (CloudWatch Logs: Logs sent to CloudWatch Logs; AWS WAF: CloudWatch Logs destination)", () => {
  it("has at least one web ACL in the example to prove", () => {
    expect(withAcl.length).toBeGreaterThan(0);
  });

  it.each(withAcl.map((w) => [w.stackName, w.id!] as const))("%s: lets log delivery of its own account write into its aws-waf-logs- group, and nobody else", async (stackName, account) => {
    const stack = out.stack(stackName);
    const region = config.homeRegion;
    for (const [name, group] of Object.entries(stack.resource.aws_cloudwatch_log_group as Record<string, { name: string }>).filter(([, g]) => g.name.startsWith(WAF_LOG_NAME_PREFIX))) {
      const policy = Object.values(stack.resource.aws_cloudwatch_log_resource_policy as Record<string, { policy_document: string }>)
        .map((p) => JSON.parse(p.policy_document) as PolicyJson)
        .find((p) => JSON.stringify(p).includes(`log-group:${group.name}:`));
      expect({ name, policy: Boolean(policy) }).toEqual({ name, policy: true });
      const stream = `arn:aws:logs:${region}:${account}:log-group:${group.name}:log-stream:${region}_${group.name.slice(WAF_LOG_NAME_PREFIX.length)}_0`;
      const request = (action: string, sourceAccount = account, principal: string = SERVICE_PRINCIPALS.logDelivery): Request => ({
        principal,
        action,
        resource: stream,
        resourceAccount: account,
        context: { "aws:SourceAccount": sourceAccount, "aws:SourceArn": `arn:aws:logs:${region}:${sourceAccount}:delivery-source:waf` },
      });
      await expectDecision(request("logs:CreateLogStream"), { resource: policy! }, "Allowed");
      await expectDecision(request("logs:PutLogEvents"), { resource: policy! }, "Allowed");
      await expectDecision(request("logs:PutLogEvents", OTHER), { resource: policy! }, "ImplicitlyDenied");
      await expectDecision(request("logs:DeleteLogGroup"), { resource: policy! }, "ImplicitlyDenied");
      await expectDecision(request("logs:PutLogEvents", account, "logs.amazonaws.com"), { resource: policy! }, "ImplicitlyDenied");
    }
  });
});

/**
 * The logging account's end: the workload accounts subscribe their web ACLs' log groups to its CloudWatch Logs
 * destination, CloudWatch Logs assumes the destination's role to put the events into the Firehose stream, and
 * Firehose writes them to the KMS-encrypted bucket. AWS WAF itself cannot log across accounts ("you set up an
 * Amazon S3 bucket from the same account as you use to manage the web ACL",
 * https://docs.aws.amazon.com/waf/latest/developerguide/logging-s3.html), hence the subscription.
 * - destination policy and CloudWatch Logs' role: "Step 2: Create a destination",
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateFirehoseStreamDestination.html
 * - the sender: "Step 4: Create a subscription filter",
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateSubscriptionFilterFirehose.html
 * - Firehose's role, the bucket and the key: "Grant Firehose access to an Amazon S3 destination",
 *   https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3
 */
describe("workload accounts → the logging account's WAF log destination → Firehose → bucket (CloudWatch Logs: Cross-account cross-Region log data sharing using Firehose)", () => {
  const logging = out.stack("logging");
  const LOGGING = config.loggingAccount.id!;
  const region = config.homeRegion;
  const name = wafLogsDestinationName(config.name);
  const destinationArn = logsDestinationArn(region, LOGGING, name);
  const streamArn = `arn:aws:firehose:${region}:${LOGGING}:deliverystream/${name}`;
  const bucketArn = `arn:aws:s3:::${wafLogsBucketName(config.name, LOGGING)}`;
  const KEY_ARN = `arn:aws:kms:${region}:${LOGGING}:key/2222bbbb-22bb-22bb-22bb-222222bbbbbb`;
  const firehoseRole = `arn:aws:iam::${LOGGING}:role/${name}-firehose`;
  const subscriptionRole = `arn:aws:iam::${LOGGING}:role/${name}-subscription`;
  const refs = { "aws_kms_key.waf_logs_key.arn": KEY_ARN };
  const destinationPolicy = policyOf(logging, "aws_cloudwatch_log_destination_policy.waf_logs_destination_policy", "access_policy", refs);
  const subscriptionTrust = policyOf(logging, "aws_iam_role.waf_logs_subscription_role", "assume_role_policy", refs);
  const subscriptionAccess = policyOf(logging, "aws_iam_role_policy.waf_logs_subscription_policy", "policy", refs);
  const firehoseTrust = policyOf(logging, "aws_iam_role.waf_logs_firehose_role", "assume_role_policy", refs);
  const firehoseAccess = policyOf(logging, "aws_iam_role_policy.waf_logs_firehose_policy", "policy", refs);
  const bucketPolicy = policyOf(logging, "aws_s3_bucket_policy.waf_logs_bucket_bucket_policy", "policy", refs);
  const keyPolicy = policyOf(logging, "aws_kms_key.waf_logs_key", "policy", refs);
  const admin: PolicyJson = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
  const senders = withAcl.map((w) => w.id!);
  // Member accounts without a web ACL (the logging account itself is the recipient: its own principals and its test message are its own).
  const others = config.accounts.map((a) => a.id!).filter((id) => !senders.includes(id) && id !== LOGGING);

  it("each workload with a web ACL subscribes its log group: its deployer may call logs:PutSubscriptionFilter on the destination", async () => {
    expect(senders.length).toBeGreaterThan(0);
    for (const account of senders) {
      const stack = out.stack(withAcl.find((w) => w.id === account)!.stackName);
      const filters = Object.values(stack.resource.aws_cloudwatch_log_subscription_filter as Record<string, { destination_arn: string; log_group_name: string }>);
      expect(filters.map((f) => f.destination_arn)).toEqual(filters.map(() => destinationArn));
      const deployer = `arn:aws:iam::${account}:role/lz/${config.name}-deployer`;
      await expectDecision({ principal: deployer, action: "logs:PutSubscriptionFilter", resource: destinationArn, resourceAccount: LOGGING }, { identity: [admin], resource: destinationPolicy }, "Allowed");
    }
  });

  it("refuses a subscription from any other account, the organization's own accounts without a web ACL included", async () => {
    expect(others.length).toBeGreaterThan(0);
    for (const account of [...others, OTHER]) {
      const principal = `arn:aws:iam::${account}:role/lz/${config.name}-deployer`;
      await expectDecision({ principal, action: "logs:PutSubscriptionFilter", resource: destinationArn, resourceAccount: LOGGING }, { identity: [admin], resource: destinationPolicy }, "ImplicitlyDenied");
    }
  });

  it("lets CloudWatch Logs assume the destination's role for the senders' (and the recipient's test) deliveries in the home region only, and put records into the one stream", async () => {
    const assume = (account: string, r = region) => ({
      principal: SERVICE_PRINCIPALS.cloudWatchLogs,
      action: "sts:AssumeRole",
      resource: subscriptionRole,
      resourceAccount: LOGGING,
      context: { "aws:SourceArn": `arn:aws:logs:${r}:${account}:log-group:${WAF_LOG_NAME_PREFIX}${config.name}-web:*` },
    });
    for (const account of [...senders, LOGGING]) await expectDecision(assume(account), { resource: subscriptionTrust }, "Allowed");
    for (const account of [...others, OTHER]) await expectDecision(assume(account), { resource: subscriptionTrust }, "ImplicitlyDenied");
    await expectDecision(assume(senders[0], "eu-west-1"), { resource: subscriptionTrust }, "ImplicitlyDenied");
    await expectDecision({ ...assume(senders[0]), principal: SERVICE_PRINCIPALS.logDelivery }, { resource: subscriptionTrust }, "ImplicitlyDenied");
    for (const action of ["firehose:PutRecord", "firehose:PutRecordBatch"]) {
      await expectDecision({ principal: subscriptionRole, action, resource: streamArn, resourceAccount: LOGGING }, { identity: [subscriptionAccess] }, "Allowed");
    }
    await expectDecision({ principal: subscriptionRole, action: "firehose:PutRecordBatch", resource: `${streamArn}-other`, resourceAccount: LOGGING }, { identity: [subscriptionAccess] }, "ImplicitlyDenied");
    await expectDecision({ principal: subscriptionRole, action: "firehose:DeleteDeliveryStream", resource: streamArn, resourceAccount: LOGGING }, { identity: [subscriptionAccess] }, "ImplicitlyDenied");
  });

  it("lets Firehose assume its role for this account only (sts:ExternalId) and write SSE-KMS objects into the bucket", async () => {
    const assume = (externalId: string) => ({ principal: SERVICE_PRINCIPALS.firehose, action: "sts:AssumeRole", resource: firehoseRole, resourceAccount: LOGGING, context: { "sts:ExternalId": externalId } });
    await expectDecision(assume(LOGGING), { resource: firehoseTrust }, "Allowed");
    await expectDecision(assume(OTHER), { resource: firehoseTrust }, "ImplicitlyDenied");
    const object = `${bucketArn}/${WAF_LOGS_PREFIX}2026/11/30/04/${config.name}-waf-logs-1-2026-11-30-04-00-00-abc`;
    const put = (context: Record<string, string>) => ({ principal: firehoseRole, action: "s3:PutObject", resource: object, resourceAccount: LOGGING, context: { "aws:SecureTransport": "true", ...context } });
    const kms = { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN };
    await expectDecision(put(kms), { identity: [firehoseAccess], resource: bucketPolicy }, "Allowed");
    await expectDecision({ principal: firehoseRole, action: "s3:GetBucketLocation", resource: bucketArn, resourceAccount: LOGGING, context: { "aws:SecureTransport": "true" } }, { identity: [firehoseAccess], resource: bucketPolicy }, "Allowed");
    // The bucket refuses an upload that does not ask for SSE-KMS, so the stream must name the key.
    await expectDecision(put({}), { identity: [firehoseAccess], resource: bucketPolicy }, "ExplicitlyDenied");
    await expectDecision(put({ "s3:x-amz-server-side-encryption": "AES256" }), { identity: [firehoseAccess], resource: bucketPolicy }, "ExplicitlyDenied");
    await expectDecision({ ...put(kms), context: { ...put(kms).context, "aws:SecureTransport": "false" } }, { identity: [firehoseAccess], resource: bucketPolicy }, "ExplicitlyDenied");
  });

  it("lets Firehose's role use the key only through S3 for this bucket; nobody else in the account without IAM permission", async () => {
    const use = (action: string, context: Record<string, string>, principal = firehoseRole) => ({ principal, action, resource: KEY_ARN, resourceAccount: LOGGING, context });
    const viaS3 = { "kms:ViaService": `s3.${region}.amazonaws.com`, "kms:EncryptionContext:aws:s3:arn": bucketArn };
    // The key policy delegates to the account's IAM policies ("Allows access to the AWS account and enables IAM
    // policies", https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html): the role's policy grants it.
    for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
      await expectDecision(use(action, viaS3), { identity: [firehoseAccess], resource: keyPolicy }, "Allowed");
      await expectDecision(use(action, viaS3), { resource: keyPolicy }, "ImplicitlyDenied");
    }
    await expectDecision(use("kms:GenerateDataKey", { ...viaS3, "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::another-bucket" }), { identity: [firehoseAccess], resource: keyPolicy }, "ImplicitlyDenied");
    await expectDecision(use("kms:GenerateDataKey", { ...viaS3, "kms:ViaService": `sqs.${region}.amazonaws.com` }), { identity: [firehoseAccess], resource: keyPolicy }, "ImplicitlyDenied");
    await expectDecision(use("kms:Decrypt", viaS3, `arn:aws:iam::${LOGGING}:role/someone-else`), { resource: keyPolicy }, "ImplicitlyDenied");
    await expectDecision(use("kms:Decrypt", viaS3, `arn:aws:iam::${OTHER}:role/${name}-firehose`), { identity: [admin], resource: keyPolicy }, "ImplicitlyDenied");
  });
});
