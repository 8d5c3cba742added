/**
 * The HCL export is the JSON: every stack's cdk.tf (`lz synth --hcl`), read
 * back by HashiCorp's HCL parser (@cdktf/hcl2json), says exactly what the
 * same stack's cdk.tf.json says once both are in one canonical form (see
 * test/helpers/hcl-canonical.ts for each normalization and why it is only
 * syntax). Stacks and resources are whatever the synthesis produces: nothing
 * here lists them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LandingZoneConfig } from "../../src/config/types";
import { canonical, differences, Json, parseHclFiles, ProviderSchema, providerSchema } from "../helpers/hcl-canonical";
import { everyOptionConfig, synthTroublesome } from "../helpers/hcl-stacks";
import { exampleConfig, synthConfig } from "../helpers/synth";

jest.setTimeout(300_000);

interface Pair {
  readonly stack: string;
  readonly json: Json;
  readonly hcl: Json;
}

/** Synthesizes `config` twice, as JSON and as HCL, and pairs each stack's two renderings. */
function synthBoth(config: LandingZoneConfig): Pair[] {
  const asJson = synthConfig(config, false);
  const asHcl = synthConfig(config, true);
  expect(asHcl.stacks).toEqual(asJson.stacks);
  const files = asHcl.stacks.map((s) => join(asHcl.outdir, "stacks", s, "cdk.tf"));
  const parsed = parseHclFiles(files);
  return asJson.stacks.map((stack, i) => ({ stack, json: asJson.stack(stack), hcl: parsed[files[i]] }));
}

/** The stack cdktf's HCL exporter gets most wrong (test/helpers/hcl-stacks.ts), as JSON and as HCL. */
function troublesomePair(): Pair[] {
  const json = JSON.parse(readFileSync(join(synthTroublesome("json"), "cdk.tf.json"), "utf8"));
  const file = join(synthTroublesome("hcl"), "cdk.tf");
  return [{ stack: "trouble", json, hcl: parseHclFiles([file])[file] }];
}

describe.each([
  ["the bundled example", () => synthBoth(exampleConfig())],
  ["a config using every option", () => synthBoth(everyOptionConfig())],
  ["a stack of the constructs cdktf's HCL exporter gets wrong", troublesomePair],
])("HCL export of %s", (_name, synth) => {
  let pairs: Pair[];
  let schema: ProviderSchema;

  beforeAll(async () => {
    pairs = synth();
    schema = await providerSchema(pairs[0].json);
  });

  it("parses every stack's cdk.tf with HashiCorp's HCL parser", () => {
    for (const p of pairs) expect(p.hcl).toEqual(expect.objectContaining({ terraform: expect.anything() }));
  });

  it("says in every stack's cdk.tf exactly what its cdk.tf.json says", () => {
    const diffs = pairs.flatMap((p) => differences(canonical(p.json, schema, false), canonical(p.hcl, schema, true), p.stack));
    expect(diffs).toEqual([]);
  });
});

describe("the canonical form", () => {
  const schema: ProviderSchema = {
    provider: {},
    dataSources: {},
    resources: { aws_wafv2_web_acl: { attributes: { name: {} }, block_types: { rule: { block: { block_types: { statement: { block: {} } } } } } } },
  };
  const json = (rule: Json) => ({ resource: { aws_wafv2_web_acl: { w: { "//": { metadata: {} }, name: "w", rule, depends_on: ["aws_s3_bucket.b"], provider: "aws.network" } } } });
  const hcl = (rule: Json, name: Json = "w") => ({ resource: { aws_wafv2_web_acl: { w: [{ name, rule, depends_on: ["${aws_s3_bucket.b}"], provider: "${aws.network}" }] } } });

  it("treats one nested block written as an object like a list of one, and bare references like their interpolation", () => {
    expect(differences(canonical(json({ statement: { a: 1 } }), schema, false), canonical(hcl([{ statement: [{ a: 1 }] }]), schema, true))).toEqual([]);
  });

  it("keeps an attribute written where the schema wants a block (cdktf's untyped WAF statement)", () => {
    expect(differences(canonical(json({ statement: { a: 1 } }), schema, false), canonical(hcl([{ statement: { a: 1 } }]), schema, true))).toEqual([
      'resource.aws_wafv2_web_acl.w[0].rule[0].statement: JSON [{"a":1}] but HCL {"a":1}',
    ]);
  });

  it("keeps a number where the JSON has a string", () => {
    expect(differences(canonical(json([]), schema, false), canonical(hcl([], 42), schema, true))).toEqual(['resource.aws_wafv2_web_acl.w[0].name: JSON "w" but HCL 42']);
  });

  it("reads real HCL: a heredoc's trailing newline and a lost backslash are differences", () => {
    const file = join(mkdtempSync(join(tmpdir(), "lz-hcl-probe-")), "probe.tf");
    writeFileSync(file, ['output "a" {', "  value = <<EOF", "x", "EOF", "}", 'output "b" {', '  value = "a\\nb"', "}"].join("\n"));
    const parsed = canonical(parseHclFiles([file])[file], schema, true);
    expect(differences(canonical({ output: { a: { value: "x" }, b: { value: "a\\nb" } } }, schema, false), parsed)).toEqual([
      'output.a[0].value: JSON "x" but HCL "x\\n"',
      'output.b[0].value: JSON "a\\\\nb" but HCL "a\\nb"',
    ]);
  });
});
