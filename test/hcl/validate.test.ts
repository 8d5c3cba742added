/**
 * Terraform layer for HCL: `lz synth --hcl` writes cdk.tf per stack, and
 * each validates on its own, for the example and for a config using every
 * option. A throwaway stack holding the constructs cdktf's exporter gets
 * wrong shows cdktf's own HCL is invalid and this project's is valid.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { everyOptionConfig, synthTroublesome } from "../helpers/hcl-stacks";
import { synthConfig } from "../helpers/synth";
import { inParallel, validateStack } from "../helpers/terraform";

// Two dozen terraform init + validate runs, three at a time: minutes on a loaded 2-core machine.
jest.setTimeout(900_000);

describe("terraform validate of HCL output", () => {
  const example = synthConfig(undefined, true);
  const everyOption = synthConfig(everyOptionConfig(), true);
  const stackDirs = [...example.stacks.map((s) => ["example", s, join(example.outdir, "stacks", s)]), ...everyOption.stacks.map((s) => ["every-option", s, join(everyOption.outdir, "stacks", s)])];
  const results = new Map<string, { code: number; output: string }>();
  let raw: { code: number; output: string };
  let repaired: { code: number; output: string };
  let repairedDir: string;

  beforeAll(async () => {
    repairedDir = synthTroublesome("hcl");
    const dirs = [...stackDirs.map(([, , dir]) => dir), synthTroublesome("raw"), repairedDir];
    const all = await inParallel(dirs, 3, async (dir) => {
      const r = await validateStack(dir);
      return { code: r.code, output: r.stdout + r.stderr };
    });
    stackDirs.forEach(([config, stack], i) => results.set(`${config} ${stack}`, all[i]));
    [raw, repaired] = all.slice(-2);
  });

  it("synthesizes every stack of both configs", () => {
    expect(example.stacks).toEqual(expect.arrayContaining(["bootstrap", "organization", "logging", "network", "workload-payments-prod", "workload-analytics-dev"]));
    expect(everyOption.stacks).toEqual(expect.arrayContaining([...example.stacks, "workload-sandbox"]));
  });

  it.each(stackDirs.map(([config, stack]) => [config, stack]))("accepts the %s config's %s stack's cdk.tf on its own, without warnings", (config, stack) => {
    const r = results.get(`${config} ${stack}`)!;
    expect(r.output).toContain("Success! The configuration is valid.");
    expect(r.output).not.toMatch(/Warning/);
    expect(r.code).toBe(0);
  });

  it("writes HCL only, one cdk.tf per stack", () => {
    expect(readFileSync(join(example.outdir, "stacks", "bootstrap", "cdk.tf"), "utf8")).toMatch(/^terraform \{\n {2}required_providers \{/);
  });

  it("shows cdktf's own HCL of JSON documents with references, WAF statements and quoted references is invalid", () => {
    expect(raw.code).not.toBe(0);
    expect(raw.output).toMatch(/Invalid character|Missing newline after argument|Unsupported argument/);
  });

  it("makes that stack valid once generated from the JSON", () => {
    expect(repaired.output).toContain("Success! The configuration is valid.");
    expect(repaired.output).not.toMatch(/Warning/);
    expect(repaired.code).toBe(0);
  });

  it("keeps what the JSON means: escaped documents, empty egress, WAF blocks, bare references, string outputs", () => {
    const hcl = readFileSync(join(repairedDir, "cdk.tf"), "utf8");
    expect(hcl).toContain('policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:GetObject\\",\\"Resource\\":\\"${aws_s3_bucket.bucket.arn}/*\\"}]}"');
    expect(hcl).toContain('\\"value\\":\\"say \\\\\\"hi\\\\\\"\\\\\\\\n\\"');
    expect(hcl).toContain('share = "C:\\\\share \\"admin\\""');
    expect(hcl).toContain('description = "Reads objects.\\nNothing else."');
    expect(hcl).toMatch(/resource "aws_security_group" "sg" \{\n(.*\n)*? {2}egress = \[\]/);
    expect(hcl).toMatch(/statement \{\n\s+managed_rule_group_statement \{/);
    expect(hcl).toMatch(/rule_action_override \{\n\s+name = "SizeRestrictions_BODY"\n\s+action_to_use \{\n\s+count \{\n\s+\}/);
    expect(hcl).toMatch(/depends_on = \[\n\s+aws_s3_bucket_public_access_block\.pab,/);
    expect(hcl).toMatch(/resource "aws_s3_bucket" "other-account-bucket" \{\n(.*\n)*? {2}provider = aws\.network\n/);
    expect(hcl).toMatch(/output "account_id" \{\n {2}value = "012345678901"\n\}/);
    expect(hcl).toMatch(/output "bracketed" \{\n {2}value = "\[not a list\]"\n\}/);
  });
});
