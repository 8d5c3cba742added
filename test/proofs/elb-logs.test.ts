/**
 * Access proof: Elastic Load Balancing writes Application Load Balancer access logs into the
 * account's ALB log bucket, in every Region the landing zone accepts, and nobody else writes there.
 *
 * AWS page: "Enable access logs for your Application Load Balancer", Step 2 "Attach a policy to
 * your S3 bucket",
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html#attach-bucket-policy
 * What ELB sends: s3:PutObject on `<bucket>/<prefix>/AWSLogs/<load balancer account>/…` (first the
 * test file `ELBAccessLogTestFile`, then the log files under `elasticloadbalancing/<region>/…`), as
 * the Region's Elastic Load Balancing account (`arn:aws:iam::<elb-account-id>:root`) in Regions
 * available before August 2022, else as `logdelivery.elasticloadbalancing.amazonaws.com`; over TLS.
 * The page documents no other context key for this write, so the proofs state none.
 */
import { ELB_LOG_DELIVERY_SERVICE, elbLogDeliveryPrincipal } from "../../aws/elb-log-delivery";
import { AlbAccessLogBucket } from "../../modules/compute/ecs";
import { AWS_REGIONS } from "../../src/config/regions";
import { synthConstruct } from "../helpers/construct";
import { exampleConfig, resources, synthConfig, TfJson } from "../helpers/synth";
import { Decision, expectDecision, policyOf, PolicyJson, Request } from "./harness";

const PAYMENTS = "444444444444";
const ANALYTICS = "555555555555";
const OTHER = "999999999999";
/** ELB accounts the page lists, written out here as the page prints them (not read from the product's table). */
const DOCUMENTED = { "us-east-1": "127311923021", "us-west-2": "797873946194" } as const;

/**
 * ELB's write. The page documents no encryption header (only that the bucket must use SSE-S3), so
 * the proofs that must allow try it both without the header and with `AES256`.
 */
const writeAs = (principal: string, bucket: string, key: string, account: string, sse?: string): Request => ({
  principal,
  action: "s3:PutObject",
  resource: `arn:aws:s3:::${bucket}/${key}`,
  resourceAccount: account,
  context: { "aws:SecureTransport": "true", ...(sse ? { "s3:x-amz-server-side-encryption": sse } : {}) },
});
const HEADERS = [undefined, "AES256"];

/**
 * The caller's own side of a cross-account write: the ELB account (AWS's) and the other accounts
 * here may do anything in their own account, so every decision below is the bucket policy's.
 */
const ALLOW_ALL: PolicyJson = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const decide = (request: Request, policy: PolicyJson, expected: Decision) =>
  expectDecision(request, { resource: policy, identity: request.principal.startsWith("arn:") ? [ALLOW_ALL] : [] }, expected);

/** The ALB log bucket's policy and the prefix each load balancer of the stack logs under. */
function albLogs(stack: TfJson): { bucket: string; policy: PolicyJson; prefixes: string[] } {
  const lbs = Object.values(resources(stack, "aws_lb"));
  const buckets = [...new Set(lbs.map((lb) => lb.access_logs.bucket as string))];
  expect(buckets).toHaveLength(1);
  return { bucket: buckets[0], policy: policyOf(stack, "aws_s3_bucket_policy.alb_logs_bucket_bucket_policy", "policy"), prefixes: lbs.map((lb) => lb.access_logs.prefix as string) };
}

describe.each(Object.entries(DOCUMENTED))("ELB log delivery in the example, home Region %s", (region, elbAccount) => {
  const synth = synthConfig({ ...exampleConfig(), homeRegion: region });
  const cases = [
    { name: "payments-prod", account: PAYMENTS, stack: synth.stack("workload-payments-prod") },
    { name: "analytics-dev", account: ANALYTICS, stack: synth.stack("workload-analytics-dev") },
  ];

  it.each(cases)("lets the Region's ELB account write the test file and logs of every load balancer of $name", async ({ account, stack }) => {
    const { bucket, policy, prefixes } = albLogs(stack);
    expect(prefixes.length).toBeGreaterThan(0);
    for (const prefix of prefixes) {
      for (const key of [`${prefix}/AWSLogs/${account}/ELBAccessLogTestFile`, `${prefix}/AWSLogs/${account}/elasticloadbalancing/${region}/2026/01/31/${account}_elasticloadbalancing_${region}_app.x.log.gz`]) {
        for (const sse of HEADERS) await decide(writeAs(`arn:aws:iam::${elbAccount}:root`, bucket, key, account, sse), policy, "Allowed");
      }
    }
  });

  it.each(cases)("denies ELB writing another account's logs, and every other principal, in $name's bucket", async ({ account, stack }) => {
    const { bucket, policy, prefixes } = albLogs(stack);
    const key = `${prefixes[0]}/AWSLogs/${account}/ELBAccessLogTestFile`;
    // Another account's load balancer pointed at this bucket writes under its own account id.
    await decide(writeAs(`arn:aws:iam::${elbAccount}:root`, bucket, `${prefixes[0]}/AWSLogs/${OTHER}/ELBAccessLogTestFile`, account, "AES256"), policy, "ImplicitlyDenied");
    // Outside the AWSLogs tree.
    await decide(writeAs(`arn:aws:iam::${elbAccount}:root`, bucket, `${prefixes[0]}/other.txt`, account, "AES256"), policy, "ImplicitlyDenied");
    for (const principal of [
      `arn:aws:iam::${Object.values(DOCUMENTED).find((a) => a !== elbAccount)}:root`, // the other Region's ELB account
      ELB_LOG_DELIVERY_SERVICE, // not this Region's principal
      "delivery.logs.amazonaws.com",
      `arn:aws:iam::${OTHER}:root`,
      `arn:aws:iam::${OTHER}:role/someone`,
    ]) {
      for (const sse of HEADERS) await decide(writeAs(principal, bucket, key, account, sse), policy, "ImplicitlyDenied");
    }
    // Plain HTTP is refused even for ELB.
    await decide({ ...writeAs(`arn:aws:iam::${elbAccount}:root`, bucket, key, account), context: { "aws:SecureTransport": "false" } }, policy, "ExplicitlyDenied");
  });
});

describe("ELB log delivery in every Region the landing zone accepts", () => {
  const bucket = "acme-alb-logs-444444444444";
  const policyIn = (region: string): PolicyJson => {
    const stack = synthConstruct((s) => new AlbAccessLogBucket(s, "alb-logs", { bucketName: bucket, accountId: PAYMENTS, region }));
    return policyOf(stack, "aws_s3_bucket_policy.alb_logs_bucket_bucket_policy", "policy");
  };
  const principalOf = (region: string): string => {
    const p = elbLogDeliveryPrincipal(region);
    return p.identifiers[0];
  };

  it.each([...AWS_REGIONS])("%s: the Region's principal writes under this account's prefix; other principals and accounts are denied", async (region) => {
    const policy = policyIn(region);
    const principal = principalOf(region);
    const key = `acme-web/AWSLogs/${PAYMENTS}/ELBAccessLogTestFile`;
    for (const sse of HEADERS) await decide(writeAs(principal, bucket, key, PAYMENTS, sse), policy, "Allowed");
    await decide(writeAs(principal, bucket, `acme-web/AWSLogs/${OTHER}/ELBAccessLogTestFile`, PAYMENTS, "AES256"), policy, "ImplicitlyDenied");
    const others = [`arn:aws:iam::${OTHER}:root`, principal === ELB_LOG_DELIVERY_SERVICE ? `arn:aws:iam::${DOCUMENTED["us-east-1"]}:root` : ELB_LOG_DELIVERY_SERVICE];
    for (const other of others) for (const sse of HEADERS) await decide(writeAs(other, bucket, key, PAYMENTS, sse), policy, "ImplicitlyDenied");
  });
});
