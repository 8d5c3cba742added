/** Inputs for the HCL export tests: a config using every option, and a stack of the constructs cdktf's HCL exporter gets wrong. */
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SsmDocument } from "@cdktf/provider-aws/lib/ssm-document";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { StackSynthesizer } from "cdktf/lib/synthesize/synthesizer";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { LandingZoneConfig } from "../../src/config/types";
import { HclStackSynthesizer } from "../../src/hcl/synthesizer";
import { exampleText } from "./synth";

/**
 * The example with every option the example leaves at its default or off:
 * an adopted organization, a vended account, default tags, a migrated
 * bootstrap, a single NAT gateway, no Object Lock, EC2 with a pinned AMI and
 * no ingress, ECS with execute-command and a command, Batch jobs with
 * secrets, public and private App Runner services with secrets.
 */
export function everyOptionConfig(): LandingZoneConfig {
  const doc = parseDocument(exampleText());
  doc.setIn(["organization", "id"], "o-a1b2c3d4e5");
  // Tags hold only what AWS accepts (validation refuses quotes, backslashes and braces in tags); the
  // App Runner environment below carries the strings that need escaping.
  doc.setIn(["tags"], doc.createNode({ "cost-center": "0042", owner: "platform core team", path: "/data/n:@+=" }));
  doc.setIn(["state", "bootstrapMigrated"], true);
  doc.setIn(["network", "hub", "natGateways"], "single");
  doc.deleteIn(["logging", "archive", "objectLockGovernanceDays"]);
  const accounts = doc.get("accounts") as { items: unknown[] };
  accounts.items.push(doc.createNode({ name: "sandbox", type: "workload", email: "aws+sandbox@acme.example", ou: "Workloads/NonProd" }));
  const payments = ["accounts", 2];
  doc.addIn([...payments, "ec2"], doc.createNode({ name: "worker", instanceType: "t4g.small", ami: "ami-0123456789abcdef0", patchSchedule: "rate(7 days)" }));
  doc.setIn([...payments, "ecs", 0, "executeCommand"], true);
  doc.setIn([...payments, "ecs", 0, "command"], doc.createNode(["serve", "--port", "8080", '--banner=say "hi"']));
  doc.setIn([...payments, "ecs", 0, "environment", "PATTERN"], '^\\d+ "quoted" 100%{done}$');
  doc.setIn([...payments, "batch", 0, "jobs", 0, "secrets"], doc.createNode({ API_KEY: "arn:aws:ssm:us-east-1:444444444444:parameter/etl/api-key" }));
  doc.setIn([...payments, "batch", 0, "jobs", 0, "environment"], doc.createNode({ MODE: "full", WINDOWS_PATH: "C:\\data" }));
  doc.setIn([...payments, "batch", 0, "jobs", 0, "command"], doc.createNode(["run", "--date", "Ref::date"]));
  doc.setIn([...payments, "appRunner", 0, "public"], true);
  doc.addIn(
    [...payments, "appRunner"],
    doc.createNode({ name: "admin", image: "portal", tag: "1.0.0", secrets: { TOKEN: "arn:aws:secretsmanager:us-east-1:444444444444:secret:admin/token-AbCdEf" }, environment: { MODE: "admin", MATCH: '^\\d+ "quoted"$', MULTI: "line1\nline2" } }),
  );
  return parseConfig(doc.toString(), "landing-zone.yaml");
}

/**
 * Resources whose HCL cdktf 0.21 renders invalid or lossy: JSON documents
 * with references, backslashes and quotes at any depth, a multi-line string,
 * an empty egress list, quoted references, an untyped WAF statement, and
 * outputs a type guesser turns into numbers or raw HCL.
 */
export function troublesome(stack: TerraformStack): void {
  new AwsProvider(stack, "aws", { region: "us-east-1", defaultTags: [{ tags: { share: 'C:\\share "admin"' } }] });
  const bucket = new S3Bucket(stack, "bucket", { bucket: "acme-example" });
  const pab = new S3BucketPublicAccessBlock(stack, "pab", { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  new IamPolicy(stack, "policy", { name: "read", description: "Reads objects.\nNothing else.", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `${bucket.arn}/*` }] }), dependsOn: [pab] });
  new EcsTaskDefinition(stack, "task", { family: "web", containerDefinitions: JSON.stringify([{ name: "web", image: "web:1", environment: [{ name: "GREETING", value: 'say "hi"\\n' }], logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": bucket.bucket } } }]) });
  new SsmDocument(stack, "prefs", { name: "SSM-SessionManagerRunShell", documentType: "Session", content: JSON.stringify({ schemaVersion: "1.0", sessionType: "Standard_Stream", inputs: { s3BucketName: bucket.bucket } }) });
  new CloudwatchEventRule(stack, "rule", { name: "failed", eventPattern: JSON.stringify({ source: ["aws.s3"], resources: [bucket.arn] }) });
  new SecurityGroup(stack, "sg", {
    name: "closed",
    egress: [],
    ingress: [{ description: "https from the VPC", fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["10.0.0.0/8"] }],
    lifecycle: { ignoreChanges: ["tags"] },
  });
  new TerraformOutput(stack, "account_id", { value: "012345678901" });
  new TerraformOutput(stack, "bracketed", { value: "[not a list]" });
  const network = new AwsProvider(stack, "network", { region: "us-east-1", alias: "network" });
  new S3Bucket(stack, "other-account-bucket", { provider: network, bucket: "acme-network-example" });
  const visibility = { cloudwatchMetricsEnabled: true, metricName: "web", sampledRequestsEnabled: true };
  new Wafv2WebAcl(stack, "waf", {
    name: "web",
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    visibilityConfig: visibility,
    rule: [{ name: "common", priority: 1, overrideAction: { none: {} }, statement: {
          managed_rule_group_statement: {
            name: "AWSManagedRulesCommonRuleSet",
            vendor_name: "AWS",
            rule_action_override: [
              { name: "SizeRestrictions_BODY", action_to_use: { count: {} } },
              { name: "NoUserAgent_HEADER", action_to_use: { count: {} } },
            ],
          },
        }, visibilityConfig: visibility }],
  });
}

/**
 * Synthesizes the troublesome stack into a fresh directory and returns the
 * stack's directory: as cdktf's raw HCL, as this project's HCL, or as JSON.
 */
export function synthTroublesome(as: "raw" | "hcl" | "json"): string {
  const outdir = mkdtempSync(join(tmpdir(), "lz-hcl-"));
  const app = new App({ outdir, hclOutput: as !== "json" });
  const stack = new TerraformStack(app, "trouble");
  troublesome(stack);
  if (as !== "json") stack.synthesizer = as === "hcl" ? new HclStackSynthesizer(stack) : new StackSynthesizer(stack, false, true);
  app.synth();
  return join(outdir, "stacks", "trouble");
}

