/** The HCL writer: values from the stack's JSON, block-or-attribute from cdktf's annotations, each cdktf 0.21 exporter bug it avoids. */
import { hclValue, quoteTemplate, renderStack, shapeOf, shapesOf } from "../../src/hcl/render";

/** cdktf's annotation of one attribute, as `toHclTerraform()` resolves it. */
const attr = (value: unknown, storageClassType = "string") => ({ value, isBlock: false, type: "simple", storageClassType });
const blockOf = (value: unknown) => ({ value, isBlock: true, type: "list", storageClassType: "SomeList" });

describe("HCL writer", () => {
  describe("quoteTemplate", () => {
    it("escapes the literal parts of a JSON document and keeps its interpolations (hashicorp/terraform-cdk#3911)", () => {
      expect(quoteTemplate('{"Resource":"${aws_s3_bucket.b.arn}/*"}')).toBe('"{\\"Resource\\":\\"${aws_s3_bucket.b.arn}/*\\"}"');
    });
    it("leaves quotes inside an interpolation alone", () => {
      const raw = '${jsonencode({"Version" = "2012-10-17", "Resource" = "${aws_s3_bucket.b.arn}/*"})}';
      expect(quoteTemplate(raw)).toBe(`"${raw}"`);
    });
    it("escapes backslashes, quotes and newlines in literal text, never making a heredoc", () => {
      expect(quoteTemplate('a\\nb "c"\nd')).toBe('"a\\\\nb \\"c\\"\\nd"');
    });
    it("keeps template escapes and directives as JSON syntax reads them", () => {
      expect(quoteTemplate("$${x} %%{y} %{ if true }z%{ endif }")).toBe('"$${x} %%{y} %{ if true }z%{ endif }"');
    });
  });

  describe("hclValue", () => {
    it("keeps a string of digits a string (cdktf wrote account-id outputs as numbers, dropping leading zeros)", () => {
      expect(hclValue("012345678901")).toBe('"012345678901"');
    });
    it("keeps a string starting with a bracket a string (cdktf wrote it raw)", () => {
      expect(hclValue("[x]")).toBe('"[x]"');
    });
    it("writes numbers, booleans, null, lists and objects as literals and constructors, quoting keys that are not identifiers", () => {
      expect(hclValue({ a: 1, "lz:name": [true, null], null: {} })).toBe(['{', "a = 1", '"lz:name" = [', "true,", "null,", "]", '"null" = {}', "}"].join("\n"));
    });
  });

  describe("shapeOf", () => {
    it("takes nested blocks from cdktf's annotations, through lists, and attributes stay attributes", () => {
      const shape = shapeOf({ name: attr("n"), tags: { value: { a: "b" }, isBlock: false, type: "map", storageClassType: "stringMap" }, rule: blockOf([{ filter: blockOf({ prefix: attr("p") }) }]) });
      expect(Object.keys(shape.blocks)).toEqual(["rule"]);
      expect(Object.keys(shape.blocks.rule.blocks)).toEqual(["filter"]);
    });
    it("treats an attribute cdktf could not type, holding an object, as blocks all the way down (the WAF statement)", () => {
      expect(shapeOf({ statement: attr({ managed_rule_group_statement: {} }, "any") }).blocks.statement.untyped).toBe(true);
    });
  });

  describe("renderStack", () => {
    const json = {
      terraform: { backend: { s3: { bucket: "b", assume_role: { role_arn: "arn:aws:iam::1:role/r" } } }, required_providers: { aws: { source: "aws", version: "5.100.0" } } },
      provider: { aws: [{ region: "us-east-1" }, { alias: "network", region: "us-east-1", default_tags: [{ tags: { "lz:name": "acme" } }] }] },
      resource: {
        aws_security_group: { sg: { "//": { metadata: { path: "s/sg" } }, name: "sg", egress: [], ingress: [], lifecycle: { ignore_changes: ["tags"] }, depends_on: ["aws_s3_bucket.b"], provider: "aws.network" } },
        aws_wafv2_web_acl: { w: { name: "w", rule: [{ name: "r", statement: { managed_rule_group_statement: { name: "m", rule_action_override: [{ name: "a", action_to_use: { count: {} } }] } } }] } },
      },
      output: { account: { value: "012345678901" } },
      import: [{ to: 'aws_organizations_account.account["log-archive"]', id: "222222222222" }],
    };
    const shapes = shapesOf([
      { provider: { aws: [{ region: attr("us-east-1"), alias: attr("network"), default_tags: blockOf([{ tags: attr({}, "stringMap") }]) }] } },
      { resource: { aws_security_group: { sg: { egress: blockOf([]), ingress: blockOf([]) } } } },
      { resource: { aws_wafv2_web_acl: { w: { name: attr("w"), rule: blockOf([{ statement: attr({}, "any") }]) } } } },
    ]);
    const hcl = renderStack(json, shapes);

    it("writes required_providers first, then the backend, with object settings as attributes", () => {
      expect(hcl).toMatch(/^terraform \{\n {2}required_providers \{\n {4}aws = \{\n {6}source = "aws"\n {6}version = "5.100.0"\n {4}\}\n {2}\}\n {2}backend "s3" \{\n {4}bucket = "b"\n {4}assume_role = \{/);
    });

    it("writes blocks where cdktf's annotations say so, per provider alias", () => {
      expect(hcl).toContain('provider "aws" {\n  alias = "network"\n  region = "us-east-1"\n  default_tags {\n    tags = {\n      "lz:name" = "acme"\n    }\n  }\n}');
    });

    it("writes an empty egress list, which means no rules rather than unmanaged; drops the comment key", () => {
      expect(hcl).toContain('resource "aws_security_group" "sg" {\n  name = "sg"\n  egress = []\n  ingress = []\n');
      expect(hcl).not.toContain("//");
    });

    it("writes references in depends_on, ignore_changes, provider and import bare", () => {
      expect(hcl).toContain("  lifecycle {\n    ignore_changes = [\n      tags,\n    ]\n  }\n  depends_on = [\n    aws_s3_bucket.b,\n  ]\n  provider = aws.network\n");
      expect(hcl).toContain('import {\n  to = aws_organizations_account.account["log-archive"]\n  id = "222222222222"\n}');
    });

    it("writes the untyped WAF statement as nested blocks, lists of objects as repeated blocks", () => {
      expect(hcl).toContain(
        ["    statement {", "      managed_rule_group_statement {", '        name = "m"', "        rule_action_override {", '          name = "a"', "          action_to_use {", "            count {", "            }", "          }", "        }", "      }", "    }"].join("\n"),
      );
    });

    it("keeps an output's string a string", () => {
      expect(hcl).toContain('output "account" {\n  value = "012345678901"\n}');
    });

    it("refuses a top-level block it cannot write rather than dropping it", () => {
      expect(() => renderStack({ module: { m: { source: "./m" } } }, new Map())).toThrow(/does not support top-level "module" blocks/);
    });

    it("writes a variable's type constraint as a type expression (the read-only switch is an ephemeral bool)", () => {
      const out = renderStack({ variable: { lz_read_only: { type: "bool", default: false, ephemeral: true } } }, new Map());
      expect(out).toBe('variable "lz_read_only" {\n  type = bool\n  default = false\n  ephemeral = true\n}\n');
      expect(() => renderStack({ variable: { v: { type: "object({a=string})" } } }, new Map())).toThrow('variable.v: type constraint "object({a=string})" is not supported in HCL output');
    });

    it("writes a provider's dynamic block with its content in the block's shape", () => {
      const json = { provider: { aws: [{ alias: "network", dynamic: { assume_role: { for_each: "${var.x ? [\"a\"] : [\"b\", \"c\"]}", content: { role_arn: "${assume_role.value}", session_name: "s" } } } }] } };
      expect(renderStack(json, new Map())).toBe(
        'provider "aws" {\n  alias = "network"\n  dynamic "assume_role" {\n    for_each = "${var.x ? [\"a\"] : [\"b\", \"c\"]}"\n    content {\n      role_arn = "${assume_role.value}"\n      session_name = "s"\n    }\n  }\n}\n',
      );
    });

    it("refuses a meta-argument reference that is not a reference", () => {
      expect(() => renderStack({ resource: { aws_s3_bucket: { b: { depends_on: ["${aws_s3_bucket.a}"] } } } }, new Map())).toThrow(/resource\.aws_s3_bucket\.b\.depends_on: "\$\{aws_s3_bucket\.a\}" is not a reference/);
    });
  });
});
