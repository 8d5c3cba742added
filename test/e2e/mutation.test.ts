/**
 * Mutation test of a grant, applied with Terraform as a user would: the ALB access-log bucket the
 * landing zone synthesizes (modules/compute/ecs AlbAccessLogBucket) and a load balancer logging to
 * it, once as synthesized and once with the ELB log-delivery statement cut out of the bucket policy.
 * ELB checks the bucket policy when access logs are turned on and refuses with "Access Denied for
 * bucket" (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html#attach-bucket-policy);
 * the emulator's elbv2 extension models that check, so the broken grant fails the apply here as it
 * would on AWS, and the synthesized one applies.
 */
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AlbAccessLogBucket } from "../../modules/compute/ecs";
import { ManifestStack } from "../../src/terraform/manifest";
import { emulatorEnv, TerraformError, tfStep } from "./helpers/deploy";
import { Emulator, startMoto } from "./helpers/moto";

jest.setTimeout(5 * 60_000);

const ACCOUNT = "111111111111";
const REGION = "us-east-1";
/** ELB's log-delivery account in us-east-1 (the page above): the principal the bucket policy must name. */
const ELB_ACCOUNT_US_EAST_1 = "127311923021";

/** Synthesizes the bucket and a load balancer logging to it into `dir`; returns the stack directory. */
function synthAlbWithLogs(dir: string, name: string): ManifestStack {
  const bucketName = `${name}-alb-logs`;
  const app = new App({ outdir: dir });
  const stack = new TerraformStack(app, "alb-logs");
  // Absolute: cdktf's default local state sits in the working directory, shared by both runs.
  new LocalBackend(stack, { path: join(dir, "terraform.tfstate") });
  new AwsProvider(stack, "aws", { region: REGION, allowedAccountIds: [ACCOUNT] });
  const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.40.0.0/16" });
  const subnets = ["a", "b"].map((az, i) => new Subnet(stack, `subnet-${az}`, { vpcId: vpc.id, cidrBlock: `10.40.${i}.0/24`, availabilityZone: `${REGION}${az}` }));
  const logs = new AlbAccessLogBucket(stack, "alb-logs", { bucketName, accountId: ACCOUNT, region: REGION });
  new Lb(stack, "alb", {
    name,
    internal: true,
    loadBalancerType: "application",
    subnets: subnets.map((s) => s.id),
    accessLogs: { bucket: logs.name, prefix: name, enabled: true },
    dependsOn: [logs.policy],
  });
  app.synth();
  return { name: "alb-logs", dir: join(dir, "stacks", "alb-logs"), dependencies: [] };
}

/** Removes from the stack's policy documents every statement naming ELB's log-delivery account. */
function cutElbGrant(stack: ManifestStack): number {
  const file = join(stack.dir, "cdk.tf.json");
  const json = JSON.parse(readFileSync(file, "utf8"));
  let cut = 0;
  for (const doc of Object.values(json.data.aws_iam_policy_document) as { statement: unknown[] }[]) {
    const kept = doc.statement.filter((s) => !JSON.stringify(s).includes(ELB_ACCOUNT_US_EAST_1));
    cut += doc.statement.length - kept.length;
    doc.statement = kept;
  }
  writeFileSync(file, JSON.stringify(json, null, 2));
  return cut;
}

describe("a broken grant fails the apply as AWS would (mutation test)", () => {
  let emulator: Emulator;
  let workDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "lz-e2e-mutation-"));
    emulator = await startMoto(workDir, undefined, { accountId: ACCOUNT });
    env = emulatorEnv(emulator, join(tmpdir(), "lz-test-terraform"), REGION);
  });

  afterAll(async () => {
    await emulator?.stop();
    if (!process.env.LZ_E2E_KEEP) rmSync(workDir, { recursive: true, force: true });
  });

  it("applies the synthesized ALB log bucket policy and a load balancer that logs to it", async () => {
    const stack = synthAlbWithLogs(join(workDir, "intact"), "mutation-intact");
    await tfStep(stack, ["init", "-input=false"], env);
    await tfStep(stack, ["apply", "-input=false", "-auto-approve"], env);
  });

  it("fails the apply with ELB's Access Denied when the ELB statement is cut from the bucket policy", async () => {
    const stack = synthAlbWithLogs(join(workDir, "mutated"), "mutation-broken");
    expect(cutElbGrant(stack)).toBe(1);
    await tfStep(stack, ["init", "-input=false"], env);
    const failure = await tfStep(stack, ["apply", "-input=false", "-auto-approve"], env).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(TerraformError);
    expect((failure as TerraformError).message).toMatch(/Access Denied for bucket: mutation-broken-alb-logs/);
  });
});
