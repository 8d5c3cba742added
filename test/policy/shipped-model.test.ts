/**
 * A worker thread of a parallel synth hands its stack models to the main thread partial: only the
 * types the app-wide rules read (AppRule.reads). Such a model answers exactly as the whole one for
 * those types and refuses every other question it cannot answer truthfully (NotShippedError), so a
 * rule that reads a type its `reads` omits fails loudly instead of passing on missing elements.
 * test/policy/helpers.ts checkApp runs every rule test both ways.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Testing } from "cdktf";
import { ALL_RULES } from "../../src/policy";
import { NotShippedError, SerializedStackModel, StackModel } from "../../src/policy/model";
import { AppRule } from "../../src/policy/types";
import { LzStack } from "../../src/stacks/lz-stack";

function model(): StackModel {
  const stack = new LzStack(Testing.app(), "s");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const bucket = new S3Bucket(stack, "bucket", { bucket: "b" });
  new CloudwatchLogGroup(stack, "group", { name: "g" });
  new DataAwsIamPolicyDocument(stack, "doc", { statement: [{ actions: ["s3:GetObject"], resources: ["*"] }] });
  const base = new DataAwsIamPolicyDocument(stack, "base", { statement: [{ actions: ["s3:ListBucket"], resources: ["*"] }] });
  const policy = new DataAwsIamPolicyDocument(stack, "policy", { sourcePolicyDocuments: [base.json], statement: [{ actions: ["s3:PutObject"], resources: ["*"] }] });
  new S3BucketPolicy(stack, "bucket-policy", { bucket: bucket.id, policy: policy.json });
  return new StackModel(stack);
}

describe("a stack model shipped with some types only", () => {
  const whole = model();
  const ship = (types: string[], follows: string[] = []) => new StackModel(JSON.parse(JSON.stringify(whole.toSerialized({ types: new Set(types), follows: new Set(follows) }))) as SerializedStackModel);
  const partial = ship(["aws_s3_bucket"]);

  it("answers as the whole model for the shipped types, and keeps providers, backend and construct paths", () => {
    expect(partial.partial).toBe(true);
    expect(whole.partial).toBe(false);
    expect(partial.ofType("aws_s3_bucket")).toEqual(whole.ofType("aws_s3_bucket"));
    expect(partial.resourcesOf(["aws_s3_bucket"])).toEqual(whole.resourcesOf(["aws_s3_bucket"]));
    expect(partial.get("aws_s3_bucket.bucket")).toEqual(whole.get("aws_s3_bucket.bucket"));
    expect(partial.referenced("${aws_s3_bucket.bucket.arn}")).toEqual(whole.referenced("${aws_s3_bucket.bucket.arn}"));
    expect(partial.providers).toEqual(whole.providers);
    expect(partial.constructPaths).toEqual(whole.constructPaths);
    expect([...partial.resourceCounts()]).toEqual([...whole.resourceCounts()]);
    expect([...whole.resourceCounts()]).toEqual([["aws_s3_bucket", 1], ["aws_cloudwatch_log_group", 1], ["aws_s3_bucket_policy", 1]]);
    for (const path of ["s/bucket", "s/group", "s/doc", "s/bucket-policy"]) expect(partial.hasElementAt(path)).toBe(true);
    expect(partial.hasElementAt("s/aws")).toBe(false);
    // Addresses that are no element (locals, variables, elements the stack does not have) are unknown to both.
    expect(partial.referenced("${local.x}")).toBeUndefined();
    expect(partial.get("aws_vpc.none")).toBeUndefined();
  });

  it("refuses what it was shipped without, naming the type and where to declare it", () => {
    const refusals: [string, () => unknown][] = [
      ["ofType", () => partial.ofType("aws_cloudwatch_log_group")],
      ["dataOfType", () => partial.dataOfType("aws_iam_policy_document")],
      ["get", () => partial.get("aws_cloudwatch_log_group.group")],
      ["referenced", () => partial.referenced("${data.aws_iam_policy_document.doc.json}")],
      ["resourcesOf", () => partial.resourcesOf(["aws_s3_bucket", "aws_cloudwatch_log_group"])],
      ["atPath", () => partial.atPath("s/group")],
      ["elements", () => partial.elements],
    ];
    for (const [name, ask] of refusals) {
      let error: unknown;
      try {
        ask();
      } catch (e) {
        error = e;
      }
      expect({ name, error: error instanceof NotShippedError }).toEqual({ name, error: true });
      expect((error as Error).message).toMatch(/^stack model s was shipped from a worker thread/);
    }
    expect(() => partial.ofType("aws_cloudwatch_log_group")).toThrow('add "aws_cloudwatch_log_group" to the reads of the app rule that reads it');
  });

  it("holds the elements of a followed type that shipped ones reference, transitively, and refuses the others", () => {
    const followed = ship(["aws_s3_bucket_policy"], ["aws_iam_policy_document"]);
    const policy = followed.ofType("aws_s3_bucket_policy")[0];
    expect(followed.referenced(policy.attrs.policy)).toEqual(whole.get("data.aws_iam_policy_document.policy"));
    expect(followed.get("data.aws_iam_policy_document.base")).toEqual(whole.get("data.aws_iam_policy_document.base")); // named by the document the policy names
    expect(() => followed.get("data.aws_iam_policy_document.doc")).toThrow(NotShippedError); // named by nothing shipped
    expect(() => followed.dataOfType("aws_iam_policy_document")).toThrow(NotShippedError); // not all of them
    expect(followed.get("aws_vpc.none")).toBeUndefined(); // a type the stack does not have
  });

  it("is whole without a type list", () => {
    const copy = new StackModel(JSON.parse(JSON.stringify(whole.toSerialized())) as SerializedStackModel);
    expect(copy.partial).toBe(false);
    expect(copy.elements).toEqual(whole.elements);
  });

  it("every app rule declares what it reads", () => {
    const appRules = ALL_RULES.filter((r): r is AppRule => r.scope === "app");
    expect(appRules.length).toBeGreaterThan(0);
    for (const r of appRules) expect({ id: r.id, reads: r.reads.length > 0 && r.reads.every((t) => /^aws_[a-z0-9_]+$/.test(t)) }).toEqual({ id: r.id, reads: true });
  });
});
