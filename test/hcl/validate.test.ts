/**
 * Terraform layer for HCL: `lz synth --hcl` writes cdk.tf per stack, and
 * each validates on its own. A throwaway stack holding the constructs
 * cdktf's exporter gets wrong shows the repair is what makes it valid.
 */
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SsmDocument } from "@cdktf/provider-aws/lib/ssm-document";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { App, TerraformStack } from "cdktf";
import { StackSynthesizer } from "cdktf/lib/synthesize/synthesizer";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HclStackSynthesizer } from "../../src/hcl/synthesizer";
import { synthConfig } from "../helpers/synth";
import { inParallel, validateStack } from "../helpers/terraform";

jest.setTimeout(240_000);

/** Resources whose HCL cdktf 0.21 renders invalid or lossy. */
function troublesome(stack: TerraformStack): void {
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const bucket = new S3Bucket(stack, "bucket", { bucket: "acme-example" });
  const pab = new S3BucketPublicAccessBlock(stack, "pab", { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  new IamPolicy(stack, "policy", { name: "read", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `${bucket.arn}/*` }] }), dependsOn: [pab] });
  new EcsTaskDefinition(stack, "task", { family: "web", containerDefinitions: JSON.stringify([{ name: "web", image: "web:1", environment: [{ name: "GREETING", value: 'say "hi"\\n' }], logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": bucket.bucket } } }]) });
  new SsmDocument(stack, "prefs", { name: "SSM-SessionManagerRunShell", documentType: "Session", content: JSON.stringify({ schemaVersion: "1.0", sessionType: "Standard_Stream", inputs: { s3BucketName: bucket.bucket } }) });
  new CloudwatchEventRule(stack, "rule", { name: "failed", eventPattern: JSON.stringify({ source: ["aws.s3"], resources: [bucket.arn] }) });
  new SecurityGroup(stack, "sg", { name: "closed", egress: [], lifecycle: { ignoreChanges: ["tags"] } });
  const network = new AwsProvider(stack, "network", { region: "us-east-1", alias: "network" });
  new S3Bucket(stack, "other-account-bucket", { provider: network, bucket: "acme-network-example" });
  const visibility = { cloudwatchMetricsEnabled: true, metricName: "web", sampledRequestsEnabled: true };
  new Wafv2WebAcl(stack, "waf", {
    name: "web",
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    visibilityConfig: visibility,
    rule: [{ name: "common", priority: 1, overrideAction: { none: {} }, statement: { managed_rule_group_statement: { name: "AWSManagedRulesCommonRuleSet", vendor_name: "AWS" } }, visibilityConfig: visibility }],
  });
}

function synthHcl(repair: boolean): string {
  const outdir = mkdtempSync(join(tmpdir(), "lz-hcl-"));
  const app = new App({ outdir, hclOutput: true });
  const stack = new TerraformStack(app, "trouble");
  troublesome(stack);
  stack.synthesizer = repair ? new HclStackSynthesizer(stack) : new StackSynthesizer(stack, false, true);
  app.synth();
  return join(outdir, "stacks", "trouble");
}

describe("terraform validate of HCL output", () => {
  const example = synthConfig(undefined, true);
  const results = new Map<string, { code: number; output: string }>();
  let raw: { code: number; output: string };
  let repaired: { code: number; output: string };
  let repairedDir: string;

  beforeAll(async () => {
    repairedDir = synthHcl(true);
    const dirs = [...example.stacks.map((s) => join(example.outdir, "stacks", s)), synthHcl(false), repairedDir];
    const all = await inParallel(dirs, 3, async (dir) => {
      const r = await validateStack(dir);
      return { code: r.code, output: r.stdout + r.stderr };
    });
    example.stacks.forEach((s, i) => results.set(s, all[i]));
    [raw, repaired] = all.slice(-2);
  });

  it.each(["bootstrap", "organization", "logging", "network", "workload-payments-prod", "workload-analytics-dev"])("accepts the %s stack's cdk.tf on its own, without warnings", (stack) => {
    const r = results.get(stack)!;
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

  it("makes that stack valid once repaired", () => {
    expect(repaired.output).toContain("Success! The configuration is valid.");
    expect(repaired.output).not.toMatch(/Warning/);
    expect(repaired.code).toBe(0);
  });

  it("keeps what the JSON means: escaped documents, empty egress, WAF blocks", () => {
    const hcl = readFileSync(join(repairedDir, "cdk.tf"), "utf8");
    expect(hcl).toContain('policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:GetObject\\",\\"Resource\\":\\"${aws_s3_bucket.bucket.arn}/*\\"}]}"');
    expect(hcl).toContain('\\"value\\":\\"say \\\\\\"hi\\\\\\"\\\\\\\\n\\"');
    expect(hcl).toMatch(/resource "aws_security_group" "sg" \{\n {2}egress = \[\]/);
    expect(hcl).toMatch(/statement \{\n\s+managed_rule_group_statement \{/);
    expect(hcl).toMatch(/depends_on = \[\n\s+aws_s3_bucket_public_access_block\.pab,/);
    expect(hcl).toMatch(/resource "aws_s3_bucket" "other-account-bucket" \{\n(.*\n)*? {2}provider = aws\.network\n/);
  });
});
