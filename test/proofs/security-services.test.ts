/**
 * Access proofs for the security services' grants, evaluated on the bundled example's synthesized
 * security and logging stacks: the security account's GuardDuty exports findings to the logging account's bucket with its key (cross-account), AWS Config assumes the
 * organization aggregator's role, and EventBridge publishes findings to the encrypted topic.
 *
 * Each request is the one the service's documentation says it sends; the page is named beside it.
 */
import { SERVICE_PRINCIPALS } from "../../aws/service-principals";
import { SECURITY_SERVICE_PRINCIPALS } from "../../aws/security-services";
import { findingRuleArn, findingRuleName } from "../../modules/security";
import { guardDutyFindingsBucketName } from "../../src/stacks/names";
import { exampleConfig, synthConfig } from "../helpers/synth";
import { expectDecision, policyOf, Request } from "./harness";

const config = exampleConfig();
const out = synthConfig(config);
const security = out.stack("security");
// GuardDuty's findings archive is in the logging account, written by the security account's detectors.
const logging = out.stack("logging");
const LOGGING = config.loggingAccount.id!;

const SECURITY = config.securityAccount.id!;
const OTHER = "999999999999";
const HOME = config.homeRegion;
const WEST = config.allowedRegions.find((r) => r !== HOME)!;
const BUCKET = guardDutyFindingsBucketName(config.name, LOGGING);
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const GD_KEY_ARN = `arn:aws:kms:${HOME}:${LOGGING}:key/1111aaaa-11aa-11aa-11aa-111111aaaaaa`;
const TOPIC_KEY_ARN = `arn:aws:kms:${HOME}:${SECURITY}:key/2222bbbb-22bb-22bb-22bb-222222bbbbbb`;
const TOPIC_ARN = `arn:aws:sns:${HOME}:${SECURITY}:${config.name}-security-findings`;
const detector = (region: string, account = SECURITY) => `arn:aws:guardduty:${region}:${account}:detector/12abc34d567e8fa901bc2d34e56789f0`;

/** Values Terraform knows only at apply time, stated for the proofs. */
const refs = {
  "aws_kms_key.guardduty_findings_key.arn": GD_KEY_ARN,
  "aws_kms_key.findings_key.arn": TOPIC_KEY_ARN,
  "aws_sns_topic.findings_topic.arn": TOPIC_ARN,
};

const bucketPolicy = policyOf(logging, "aws_s3_bucket_policy.guardduty_findings_bucket_bucket_policy", "policy", refs);
const gdKeyPolicy = policyOf(logging, "aws_kms_key.guardduty_findings_key", "policy", refs);
const aggregatorTrust = policyOf(security, "aws_iam_role.config_aggregator_role", "assume_role_policy", refs);
const topicPolicy = policyOf(security, "aws_sns_topic_policy.findings_topic_policy", "policy", refs);
const topicKeyPolicy = policyOf(security, "aws_kms_key.findings_key", "policy", refs);

/**
 * GuardDuty's export: "Step 2 – Attaching policy to your KMS key" and "Step 3 – Attaching policy to Amazon S3 bucket"
 * of https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html. GuardDuty checks the bucket's
 * location, then puts each findings file SSE-KMS with the key, with the detector's ARN as aws:SourceArn and the
 * detector's account as aws:SourceAccount; a detector in any region may export to the home-region bucket.
 */
function guardDuty(action: string, resource: string, region: string, account = SECURITY, extra: Record<string, string> = {}): Request {
  return {
    principal: SECURITY_SERVICE_PRINCIPALS.guardDuty,
    action,
    resource,
    resourceAccount: LOGGING,
    context: { "aws:SecureTransport": "true", "aws:SourceArn": detector(region, account), "aws:SourceAccount": account, ...extra },
  };
}
const findingsFile = (region: string) => `${BUCKET_ARN}/AWSLogs/${SECURITY}/GuardDuty/${region}/2026/11/29/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d.jsonl.gz`;
const sseKms = { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": GD_KEY_ARN };

describe("GuardDuty → findings bucket and key (GuardDuty user guide: Exporting generated findings to Amazon S3 buckets)", () => {
  it.each([HOME, WEST])("lets the security account's detector in %s find the bucket and write findings, encrypted with the key", async (region) => {
    await expectDecision(guardDuty("s3:GetBucketLocation", BUCKET_ARN, region), { resource: bucketPolicy }, "Allowed");
    await expectDecision(guardDuty("s3:PutObject", findingsFile(region), region, SECURITY, sseKms), { resource: bucketPolicy }, "Allowed");
    await expectDecision(guardDuty("kms:GenerateDataKey", GD_KEY_ARN, region), { resource: gdKeyPolicy }, "Allowed");
  });

  it("refuses another account's detector, on the bucket and on the key", async () => {
    await expectDecision(guardDuty("s3:PutObject", findingsFile(HOME), HOME, OTHER, sseKms), { resource: bucketPolicy }, "ImplicitlyDenied");
    await expectDecision(guardDuty("kms:GenerateDataKey", GD_KEY_ARN, HOME, OTHER), { resource: gdKeyPolicy }, "ImplicitlyDenied");
  });

  it("refuses a detector in a region the landing zone does not allow", async () => {
    await expectDecision(guardDuty("s3:PutObject", findingsFile("eu-west-1"), "eu-west-1", SECURITY, sseKms), { resource: bucketPolicy }, "ImplicitlyDenied");
  });

  it("refuses plain HTTP and an upload that does not ask for SSE-KMS", async () => {
    await expectDecision(guardDuty("s3:PutObject", findingsFile(HOME), HOME, SECURITY, { ...sseKms, "aws:SecureTransport": "false" }), { resource: bucketPolicy }, "ExplicitlyDenied");
    await expectDecision(guardDuty("s3:PutObject", findingsFile(HOME), HOME, SECURITY, { "s3:x-amz-server-side-encryption": "AES256" }), { resource: bucketPolicy }, "ExplicitlyDenied");
  });

  it("gives GuardDuty nothing but data keys, and nothing to read the findings back", async () => {
    await expectDecision(guardDuty("kms:Decrypt", GD_KEY_ARN, HOME), { resource: gdKeyPolicy }, "ImplicitlyDenied");
    await expectDecision(guardDuty("s3:GetObject", findingsFile(HOME), HOME), { resource: bucketPolicy }, "ImplicitlyDenied");
  });
});

/**
 * The organization aggregator's role: AWS Config assumes it ("Add an aggregator for an organization",
 * https://docs.aws.amazon.com/config/latest/developerguide/set-up-aggregator-cli.html), with the aggregator's
 * account as aws:SourceAccount ("Preventing cross-service confused deputy",
 * https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html).
 */
describe("AWS Config → organization aggregator role (AWS Config developer guide: setting up an aggregator)", () => {
  const assume = (principal: string, account: string): Request => ({
    principal,
    action: "sts:AssumeRole",
    resource: `arn:aws:iam::${SECURITY}:role/${config.name}-config-aggregator`,
    resourceAccount: SECURITY,
    context: { "aws:SourceAccount": account },
  });

  it("lets AWS Config assume it for the security account's aggregator", async () => {
    await expectDecision(assume(SECURITY_SERVICE_PRINCIPALS.config, SECURITY), { resource: aggregatorTrust }, "Allowed");
  });

  it("refuses AWS Config acting for another account, and any other service", async () => {
    await expectDecision(assume(SECURITY_SERVICE_PRINCIPALS.config, OTHER), { resource: aggregatorTrust }, "ImplicitlyDenied");
    await expectDecision(assume(SECURITY_SERVICE_PRINCIPALS.guardDuty, SECURITY), { resource: aggregatorTrust }, "ImplicitlyDenied");
  });
});

/**
 * EventBridge → the findings topic: the topic policy of "Amazon SNS permissions"
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions): EventBridge
 * publishes with the rule's ARN as aws:SourceArn. The topic's key: "Enable compatibility between event sources from
 * AWS services and encrypted topics" (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services):
 * EventBridge needs kms:GenerateDataKey* and kms:Decrypt.
 */
describe("EventBridge → encrypted findings topic (EventBridge user guide: Amazon SNS permissions; SNS key management)", () => {
  const rule = (name: string, account = SECURITY) => findingRuleArn(HOME, account, findingRuleName(config.name, name));
  const publish = (sourceArn: string, principal: string = SERVICE_PRINCIPALS.events): Request => ({
    principal,
    action: "sns:Publish",
    resource: TOPIC_ARN,
    resourceAccount: SECURITY,
    context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": SECURITY },
  });
  const kms = (action: string, account = SECURITY, sourceArn = rule("guardduty", account)): Request => ({
    principal: SERVICE_PRINCIPALS.events,
    action,
    resource: TOPIC_KEY_ARN,
    resourceAccount: SECURITY,
    context: { "aws:SourceAccount": account, "aws:SourceArn": sourceArn },
  });

  it.each(["guardduty", "securityhub", "inspector", "access-analyzer"])("lets the %s findings rule publish", async (name) => {
    await expectDecision(publish(rule(name)), { resource: topicPolicy }, "Allowed");
  });

  it("refuses another rule, another account's rule and another service", async () => {
    await expectDecision(publish(findingRuleArn(HOME, SECURITY, "someone-elses-rule")), { resource: topicPolicy }, "ImplicitlyDenied");
    await expectDecision(publish(rule("guardduty", OTHER)), { resource: topicPolicy }, "ImplicitlyDenied");
    await expectDecision(publish(rule("guardduty"), "s3.amazonaws.com"), { resource: topicPolicy }, "ImplicitlyDenied");
  });

  it("lets EventBridge use the topic key for the finding rules only", async () => {
    await expectDecision(kms("kms:GenerateDataKey"), { resource: topicKeyPolicy }, "Allowed");
    await expectDecision(kms("kms:Decrypt", SECURITY, rule("inspector")), { resource: topicKeyPolicy }, "Allowed");
    await expectDecision(kms("kms:GenerateDataKey", OTHER), { resource: topicKeyPolicy }, "ImplicitlyDenied");
    await expectDecision(kms("kms:GenerateDataKey", SECURITY, findingRuleArn(HOME, SECURITY, "someone-elses-rule")), { resource: topicKeyPolicy }, "ImplicitlyDenied");
    await expectDecision(kms("kms:ScheduleKeyDeletion"), { resource: topicKeyPolicy }, "ImplicitlyDenied");
  });
});
