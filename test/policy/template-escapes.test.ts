/**
 * `$${` and `%%{` (what modules/shared/literal.ts writes for a user's `${` / `%{`) are literal
 * text to Terraform, so the policy readers read them as literals, not as expressions.
 */
import { literal } from "../../modules/shared/literal";
import { isExpression, strOf, unescapeTemplate, UNKNOWN } from "../../src/policy/values";

describe("template escapes in policy readers", () => {
  it.each(["${aws:username}", "home/${aws:userid}/*", "100%{done}", "$${already}", "plain"])("reads literal(%j) back as the user wrote it", (text) => {
    expect(isExpression(literal(text))).toBe(false);
    expect(strOf(literal(text))).toBe(text);
    expect(unescapeTemplate(literal(text))).toBe(text);
  });

  it("still treats a real interpolation as unknown, also next to an escape", () => {
    expect(strOf("${aws_kms_key.k.arn}")).toBe(UNKNOWN);
    expect(strOf("$${x}-${aws_s3_bucket.b.id}")).toBe(UNKNOWN);
    expect(isExpression("$$${var.x}")).toBe(false); // "$" then the escape "$${": the text "$${var.x}"
  });
});
