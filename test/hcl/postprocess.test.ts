/** Each repair of cdktf's HCL output, on the exact text cdktf 0.21 writes. */
import { blocksForUntypedAttributes, escapeStrings, indent, quoteTemplate, restoreEmptyLists, unquoteReferences } from "../../src/hcl/postprocess";

describe("HCL post-processing", () => {
  describe("quoteTemplate", () => {
    it("escapes the literal parts of a JSON document and keeps its interpolations", () => {
      expect(quoteTemplate('{"Resource":"${aws_s3_bucket.b.arn}/*"}')).toBe('"{\\"Resource\\":\\"${aws_s3_bucket.b.arn}/*\\"}"');
    });
    it("leaves quotes inside an interpolation alone", () => {
      const raw = '${jsonencode({"Version" = "2012-10-17", "Resource" = "${aws_s3_bucket.b.arn}/*"})}';
      expect(quoteTemplate(raw)).toBe(`"${raw}"`);
    });
    it("escapes backslashes, newlines and template directives in literal text", () => {
      expect(quoteTemplate('a\\nb "c"\n%{x}')).toBe('"a\\\\nb \\"c\\"\\n%%{x}"');
    });
  });

  it("rewrites a resource's JSON-document attribute from the JSON value (hashicorp/terraform-cdk#3911)", () => {
    const hcl = ['resource "aws_iam_policy" "p" {', 'name = "p1"', 'policy = "{"Statement":[{"Resource":"${aws_s3_bucket.b.arn}/*"}]}"', "}"].join("\n");
    const json = { resource: { aws_iam_policy: { p: { name: "p1", policy: '{"Statement":[{"Resource":"${aws_s3_bucket.b.arn}/*"}]}' } } } };
    expect(escapeStrings(hcl, json).split("\n")[2]).toBe('policy = "{\\"Statement\\":[{\\"Resource\\":\\"${aws_s3_bucket.b.arn}/*\\"}]}"');
  });

  it("restores backslashes cdktf loses in token-free strings, from the JSON value", () => {
    const hcl = ['resource "aws_ssm_document" "d" {', 'content = "{\\"commands\\":[\\"echo a\\nb\\"]}"', "}"].join("\n");
    const json = { resource: { aws_ssm_document: { d: { content: '{"commands":["echo a\\nb"]}' } } } };
    expect(escapeStrings(hcl, json).split("\n")[1]).toBe('content = "{\\"commands\\":[\\"echo a\\\\nb\\"]}"');
  });

  it("re-escapes raw interpolated strings in nested blocks and lists without the JSON", () => {
    const hcl = ['output "o" {', 'value = {', 'doc = "{"a":"${aws_x.y.id}"}"', "}", "}", 'list = [', '"{"b":"${aws_x.y.id}"}",', "]"].join("\n");
    const out = escapeStrings(hcl).split("\n");
    expect(out[2]).toBe('doc = "{\\"a\\":\\"${aws_x.y.id}\\"}"');
    expect(out[6]).toBe('"{\\"b\\":\\"${aws_x.y.id}\\"}",');
  });

  it("unquotes depends_on and ignore_changes references", () => {
    const hcl = ["depends_on = [", '"aws_s3_bucket_public_access_block.pab",', "]", "lifecycle {", "  ignore_changes = [", '"role_name",', "]", "}", 'tags = ["keep-quoted",', "]"].join("\n");
    expect(unquoteReferences(hcl).split("\n")).toEqual(["depends_on = [", "aws_s3_bucket_public_access_block.pab,", "]", "lifecycle {", "  ignore_changes = [", "role_name,", "]", "}", 'tags = ["keep-quoted",', "]"]);
  });

  it("unquotes the provider meta-argument of a resource, but no other provider string", () => {
    const hcl = ['resource "aws_ec2_transit_gateway_vpc_attachment_accepter" "a" {', 'provider = "aws.network"', "}", 'provider "aws" {', 'alias = "network"', "}", 'output "o" {', "value = {", 'provider = "aws.x"', "}", "}"].join("\n");
    const out = unquoteReferences(hcl).split("\n");
    expect(out[1]).toBe("provider = aws.network");
    expect(out[8]).toBe('provider = "aws.x"');
  });

  it("turns an attribute cdktf could not type (the WAF statement) into nested blocks", () => {
    const hcl = [
      "rule {",
      'name = "common"',
      "",
      "# Warning: The following attribute is of an unexpected type. Either there's a problem with the provider",
      "# We understand this is not ideal, so we suggest using JSON synthesis instead of HCL synthesis for this particular case.",
      "",
      "statement = {",
      "managed_rule_group_statement = {",
      'name = "AWSManagedRulesCommonRuleSet"',
      "rule_action_override = [",
      "{",
      'name = "SizeRestrictions_BODY"',
      "action_to_use = {",
      "count = {",
      "}",
      "}",
      "},",
      "]",
      'vendor_name = "AWS"',
      "}",
      "}",
      "",
      "}",
    ].join("\n");
    expect(indent(blocksForUntypedAttributes(hcl))).toBe(
      [
        "rule {",
        '  name = "common"',
        "  statement {",
        "    managed_rule_group_statement {",
        '      name = "AWSManagedRulesCommonRuleSet"',
        "      rule_action_override {",
        '        name = "SizeRestrictions_BODY"',
        "        action_to_use {",
        "          count {",
        "          }",
        "        }",
        "      }",
        '      vendor_name = "AWS"',
        "    }",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("restores an empty egress list, which means no rules rather than unmanaged", () => {
    const hcl = ['resource "aws_security_group" "sg" {', 'name = "sg"', "}"].join("\n");
    const json = { resource: { aws_security_group: { sg: { name: "sg", egress: [] } } } };
    expect(restoreEmptyLists(hcl, json).split("\n")).toEqual(['resource "aws_security_group" "sg" {', "egress = []", 'name = "sg"', "}"]);
  });

  it("indents by nesting, separates top-level blocks and leaves heredocs untouched", () => {
    const hcl = ['resource "a" "b" {', "x = <<EOF", "  keep {", "EOF", "tags = {", 'a = "b"', "}", "", "}", 'resource "a" "c" {', "}"].join("\n");
    expect(indent(hcl)).toBe(['resource "a" "b" {', "  x = <<EOF", "  keep {", "EOF", "  tags = {", '    a = "b"', "  }", "}", "", 'resource "a" "c" {', "}", ""].join("\n"));
  });
});
