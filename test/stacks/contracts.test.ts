/**
 * The contracts between stacks (src/stacks/contracts.ts): producers publish a
 * fixed set of outputs, consumers read them through their own remote state,
 * and no cdktf cross-stack reference is left, so a producer's JSON does not
 * depend on its consumers.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { App, TerraformOutput } from "cdktf";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stackGraph } from "../../src/app";
import { parseConfig } from "../../src/config/load";
import { NETWORK_OUTPUTS, ORGANIZATION_OUTPUTS } from "../../src/stacks/contracts";
import { danglingReferences, LzStack } from "../../src/stacks/lz-stack";
import { vend } from "../../src/vend/vend";
import { exampleText, synthConfig, TfJson } from "../helpers/synth";

const before = synthConfig();
const vended = vend(exampleText(), "landing-zone.yaml", { name: "new-team", email: "aws+new-team@acme.example", ou: "Workloads/Prod" });
const after = synthConfig(parseConfig(vended.text, "landing-zone.yaml"));
const raw = (out: typeof before, stack: string) => readFileSync(join(out.outdir, "stacks", stack, "cdk.tf.json"), "utf8");

describe("explicit contracts between stacks", () => {
  it("publishes the organization's fixed outputs: id, ARN, root id and the account name → id map", () => {
    const org = before.stack("organization");
    expect(Object.keys(org.output).sort()).toEqual(Object.values(ORGANIZATION_OUTPUTS).sort());
    expect(org.output.organization_id.value).toBe("${aws_organizations_organization.organization.id}");
    expect(org.output.organization_arn.value).toBe("${aws_organizations_organization.organization.arn}");
    expect(org.output.account_ids.value).toEqual({ "log-archive": "222222222222", network: "333333333333", "payments-prod": "444444444444", "analytics-dev": "555555555555", security: "666666666666" });
  });

  it("publishes the network's hub exports", () => {
    expect(Object.keys(before.stack("network").output).sort()).toEqual(Object.values(NETWORK_OUTPUTS).sort());
  });

  it("leaves no cdktf cross-stack reference in any stack", () => {
    for (const stack of before.stacks) expect(raw(before, stack)).not.toMatch(/cross[_-]stack/);
  });

  it("adding a workload account adds only its id-map entry to the organization's outputs and leaves the network stack byte-identical", () => {
    const [b, a] = [before.stack("organization").output, after.stack("organization").output];
    expect(a.account_ids.value).toEqual({ ...b.account_ids.value, "new-team": '${aws_organizations_account.account["new-team"].id}' });
    expect({ ...a, account_ids: undefined }).toEqual({ ...b, account_ids: undefined });
    expect(JSON.stringify({ ...a, account_ids: { ...a.account_ids, value: b.account_ids.value } }, null, 2)).toBe(JSON.stringify(b, null, 2));
    expect(raw(after, "network")).toBe(raw(before, "network"));
    // logging changes only in the AWS Config bucket and key policies, which name every account (aws:SourceAccount);
    // its outputs do not change, so no stack that reads them does.
    expect({ ...after.stack("logging"), data: undefined }).toEqual({ ...before.stack("logging"), data: undefined });
    expect(after.stack("logging").output).toEqual(before.stack("logging").output);
    // security changes only in Inspector: the new account is associated and activated in every allowed region.
    const inspector = /^aws_inspector2_(enabler|member_association)$/;
    const withoutInspector = (s: TfJson) => ({ ...s, resource: Object.fromEntries(Object.entries(s.resource).filter(([t]) => !inspector.test(t))) });
    expect(withoutInspector(after.stack("security"))).toEqual(withoutInspector(before.stack("security")));
    expect(Object.keys(after.stack("security").resource.aws_inspector2_member_association).filter((k) => !(k in before.stack("security").resource.aws_inspector2_member_association))).toEqual([
      "inspector_member_account_new_team",
      "inspector_us_west_2_member_account_new_team",
    ]);
    for (const w of ["workload-payments-prod", "workload-analytics-dev"]) expect(raw(after, w)).toBe(raw(before, w));
  });

  it("lets the new account's stacks read its id from the organization's account_ids map, through their own remote state on the backend's bucket and key", () => {
    const workload = after.stack("workload-new-team");
    const id = '${data.terraform_remote_state.remote_state_organization.outputs.account_ids["new-team"]}';
    expect(workload.provider.aws[0].allowed_account_ids).toEqual([id]);
    expect(after.stack("access-new-team").provider.aws[0].allowed_account_ids).toEqual([id]);
    expect(workload.data.terraform_remote_state.remote_state_organization).toEqual({
      backend: "s3",
      config: { ...workload.terraform.backend.s3, key: "organization/terraform.tfstate", use_lockfile: undefined },
      workspace: "${terraform.workspace}",
    });
    expect(workload.data.terraform_remote_state.remote_state_network.config.key).toBe("network/terraform.tfstate");
    expect(workload.resource.aws_ec2_transit_gateway_vpc_attachment.spoke_attachment.transit_gateway_id).toBe("${data.terraform_remote_state.remote_state_network.outputs.transit_gateway_id}");
  });

  it("records the dependencies on the stacks whose contracts a stack reads, so the waves stay right", () => {
    const stacks = after.manifest().stacks;
    expect(stacks["workload-new-team"].dependencies).toEqual(expect.arrayContaining(["organization", "network", "access-new-team", "bootstrap"]));
    expect(stacks["access-new-team"].dependencies).toEqual(expect.arrayContaining(["organization", "bootstrap"]));
    expect(stacks["identity-center"].dependencies).toEqual(expect.arrayContaining(["organization"]));
    expect(readdirSync(join(after.outdir, "stacks"))).toContain("workload-new-team");
  });

  it("refuses a value taken from another stack's construct (no cross-stack reference can slip past the skipped prepare pass)", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "lz-dangling-")) });
    const producer = new LzStack(app, "producer");
    new AwsProvider(producer, "aws", { region: "us-east-1" });
    const bucket = new S3Bucket(producer, "bucket", { bucket: "b" });
    const consumer = new LzStack(app, "consumer");
    new AwsProvider(consumer, "aws", { region: "us-east-1" });
    new TerraformOutput(consumer, "leak", { value: bucket.arn });
    expect(() => app.synth()).toThrow(/consumer references aws_s3_bucket\.bucket, which it does not declare: a value taken from another stack's construct\. Stacks share values only through their contracts/);
  });

  it("finds undeclared addresses inside any expression, and none in what synth writes", () => {
    expect(danglingReferences({ resource: { aws_x: { a: { v: "${jsonencode({k = aws_y.b.arn})}", w: "${aws_x.a.id}", d: "${data.aws_z.c.id}" } } } })).toEqual(["aws_y.b", "data.aws_z.c"]);
    // A dynamic block's iterator is local to it (the workload's network provider iterates its assume_role chain).
    expect(danglingReferences({ provider: { aws: [{ dynamic: { assume_role: { for_each: "${var.x}", content: { role_arn: "${assume_role.value}" } } } }] } })).toEqual([]);
    expect(danglingReferences({ provider: { aws: [{ role_arn: "${assume_role.value}" }] } })).toEqual(["assume_role.value"]);
    for (const stack of after.stacks) expect({ stack, dangling: danglingReferences(after.stack(stack)) }).toEqual({ stack, dangling: [] });
  });

  it("writes exactly the config's stack graph as the manifest's dependencies (one place for the waves, src/app.ts)", () => {
    const graph = stackGraph(parseConfig(vended.text, "landing-zone.yaml"));
    const stacks = after.manifest().stacks as Record<string, { dependencies: string[] }>;
    expect(Object.fromEntries(Object.entries(stacks).map(([n, s]) => [n, s.dependencies]))).toEqual(Object.fromEntries(graph));
  });
});
