/** The one scanner of Terraform template strings, shared by the HCL writer and the policy readers. */
import { interpolationEnd } from "../../src/hcl/template";
import { isWholeExpression, templatePattern } from "../../src/policy/values";

describe("interpolationEnd", () => {
  it("ends after the brace that closes the interpolation, skipping braces in quoted strings and nested templates", () => {
    const s = '${jsonencode({ a = "}", b = "${x.y}" })}-tail';
    expect(s.slice(0, interpolationEnd(s, 0))).toBe('${jsonencode({ a = "}", b = "${x.y}" })}');
  });

  it("runs to the end of a string that never closes", () => {
    expect(interpolationEnd("${aws_s3_bucket.b", 0)).toBe("${aws_s3_bucket.b".length);
  });
});

describe("the policy readers on the shared scanner", () => {
  it("tell a whole expression from a template with literal text", () => {
    expect(isWholeExpression('${lookup(var.m, "}")}')).toBe(true);
    expect(isWholeExpression("${aws_s3_bucket.b.arn}/*")).toBe(false);
  });

  it("match the literal parts of a template and anything for its interpolations", () => {
    expect(templatePattern('arn:aws:s3:::${format("%s}", var.b)}/*').test("arn:aws:s3:::logs/*")).toBe(true);
  });
});
