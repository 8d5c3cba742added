/** Reading documents built with Fn.jsonencode, as cdktf writes them. */
import { jsonencodeArgument } from "../../src/policy/hcl-expression";

describe("jsonencode arguments", () => {
  it("reads objects, tuples, strings, numbers and booleans, keeping references opaque", () => {
    const doc = '${jsonencode({"schemaVersion" = "1.0", "inputs" = {"kmsKeyId" = aws_kms_key.k.key_id, "idle" = "20", "on" = true, "n" = 3, "list" = ["a", {"b" = null}]}})}';
    expect(jsonencodeArgument(doc)).toEqual({ schemaVersion: "1.0", inputs: { kmsKeyId: "${aws_kms_key.k.key_id}", idle: "20", on: true, n: 3, list: ["a", { b: null }] } });
  });

  it("keeps interpolations, escapes and function calls", () => {
    const doc = '${jsonencode({"arn" = "${aws_s3_bucket.b.arn}/*", "quote" = "say \\"hi\\"", "joined" = join(",", ["a", "b"])})}';
    expect(jsonencodeArgument(doc)).toEqual({ arn: "${aws_s3_bucket.b.arn}/*", quote: 'say "hi"', joined: '${join(",", ["a", "b"])}' });
  });

  it("gives up on anything that is not exactly one jsonencode call", () => {
    expect(jsonencodeArgument('${file("x.json")}')).toBeUndefined();
    expect(jsonencodeArgument('${jsonencode({"a" = })}')).toBeUndefined();
    expect(jsonencodeArgument('prefix ${jsonencode({})}')).toBeUndefined();
  });
});
