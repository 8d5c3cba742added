/** The proof harness itself: policy documents render as the provider renders them, and decisions follow AWS's evaluation logic. */
import { documentJson, expectDecision, policyOf, simulate } from "./harness";

const stack = {
  data: {
    aws_iam_policy_document: {
      trust: {
        statement: [
          {
            actions: ["s3:PutObject"],
            principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
            resources: ["${aws_s3_bucket.b.arn}/AWSLogs/*"],
            condition: [{ test: "StringEquals", variable: "aws:SourceArn", values: ["${aws_cloudtrail.t.arn}"] }],
          },
          { effect: "Deny", actions: ["s3:*"], principals: [{ type: "*", identifiers: ["*"] }], resources: ["${aws_s3_bucket.b.arn}/*"],
            condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] },
        ],
      },
    },
  },
  resource: { aws_s3_bucket_policy: { p: { policy: "${data.aws_iam_policy_document.trust.json}" } } },
};
const refs = { "aws_s3_bucket.b.arn": "arn:aws:s3:::b", "aws_cloudtrail.t.arn": "arn:aws:cloudtrail:us-east-1:222222222222:trail/t" };
const put = (sourceArn: string, secure = "true") => ({
  principal: "cloudtrail.amazonaws.com",
  action: "s3:PutObject",
  resource: "arn:aws:s3:::b/AWSLogs/o-1/x.json.gz",
  resourceAccount: "222222222222",
  context: { "aws:SourceArn": sourceArn, "aws:SecureTransport": secure },
});

describe("access proof harness", () => {
  it("renders a policy document with every reference replaced and single values unwrapped", () => {
    const doc = documentJson(stack, "trust", refs);
    expect(doc.Statement[0]).toEqual({
      Effect: "Allow",
      Action: "s3:PutObject",
      Resource: "arn:aws:s3:::b/AWSLogs/*",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:222222222222:trail/t" } },
    });
  });

  it("renders the provider's &{…} escape as the IAM policy variable ${…}", () => {
    const own = { data: { aws_iam_policy_document: { d: { statement: [{ actions: ["ssm:TerminateSession"], resources: ["arn:aws:ssm:*:*:session/&{aws:userid}-*"] }] } } } };
    expect(documentJson(own, "d", {}).Statement[0].Resource).toBe("arn:aws:ssm:*:*:session/${aws:userid}-*");
  });

  it("refuses to evaluate a policy with a reference the proof did not give a value for", () => {
    expect(() => policyOf(stack, "aws_s3_bucket_policy.p", "policy", {})).toThrow(/no value given for \$\{aws_s3_bucket\.b\.arn\}/);
  });

  it("allows the request the statement was written for, and denies other sources and plain HTTP", async () => {
    const resource = policyOf(stack, "aws_s3_bucket_policy.p", "policy", refs);
    await expectDecision(put(refs["aws_cloudtrail.t.arn"]), { resource }, "Allowed");
    await expectDecision(put("arn:aws:cloudtrail:us-east-1:999999999999:trail/other"), { resource }, "ImplicitlyDenied");
    await expectDecision(put(refs["aws_cloudtrail.t.arn"], "false"), { resource }, "ExplicitlyDenied");
  });

  it("lets an SCP deny what an identity policy allows", async () => {
    const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
    const denyStop = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "cloudtrail:StopLogging", Resource: "*" }] };
    const request = { principal: "arn:aws:iam::444444444444:role/admin", action: "cloudtrail:StopLogging", resource: "arn:aws:cloudtrail:us-east-1:222222222222:trail/t", resourceAccount: "444444444444" };
    expect((await simulate(request, { identity: [allowAll], scps: [[allowAll, denyStop]] })).decision).toBe("ExplicitlyDenied");
    expect((await simulate(request, { identity: [allowAll], scps: [[allowAll]] })).decision).toBe("Allowed");
  });

  describe("context keys", () => {
    const keyPolicy = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "kms:GenerateDataKey*",
          Resource: "*",
          Condition: { StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111111111111:trail/*" } },
        },
      ],
    };
    const generate = (context: Record<string, string>) => ({
      principal: "cloudtrail.amazonaws.com",
      action: "kms:GenerateDataKey",
      resource: "arn:aws:kms:us-east-1:222222222222:key/k",
      resourceAccount: "222222222222",
      context,
    });

    it("evaluates kms:EncryptionContext:<key> conditions, which iam-simulate's safe engine would drop", async () => {
      await expectDecision(generate({ "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:us-east-1:111111111111:trail/t" }), { resource: keyPolicy }, "Allowed");
      await expectDecision(generate({ "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:us-east-1:999999999999:trail/t" }), { resource: keyPolicy }, "ImplicitlyDenied");
      await expectDecision(generate({}), { resource: keyPolicy }, "ImplicitlyDenied");
    });

    it("refuses a context key the request cannot carry, instead of silently ignoring it", async () => {
      await expect(simulate(generate({ "s3:x-amz-acl": "bucket-owner-full-control" }), { resource: keyPolicy })).rejects.toThrow(/kms:GenerateDataKey has no context key s3:x-amz-acl/);
    });
  });
});
