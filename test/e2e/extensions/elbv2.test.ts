/**
 * test/e2e/moto/extensions/elbv2.py through the AWS SDK, in the workload
 * account: access logs are accepted only into a bucket whose policy lets the
 * Region's ELB principal write, as AWS checks by writing a test file, and a
 * load balancer created without a scheme is internet-facing, as AWS makes it.
 */
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateLoadBalancerCommand, DescribeLoadBalancerAttributesCommand, ElasticLoadBalancingV2Client, ModifyLoadBalancerAttributesCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { ClientOptions } from "../helpers/aws";
import { REGION, WORKLOAD, smallOrganization, vpcWithSubnet } from "../helpers/small-organization";
import { synthConfig } from "../../helpers/synth";
import { policyOf } from "../../proofs/harness";

jest.setTimeout(60_000);
const world = smallOrganization();

describe("elbv2 access logs", () => {
  // AWS: enabling access logs writes ELBAccessLogTestFile as the Region's ELB principal and fails with
  // "Access Denied for bucket" unless the bucket policy allows it
  // (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
  async function loadBalancer(options: ClientOptions, cidr: string, name: string): Promise<string> {
    const ec2 = new EC2Client(options);
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
    const subnets = await Promise.all(
      ["a", "b"].map(async (az, i) => (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr.replace(/\.0\.0\/20$/, `.${i}.0/24`), AvailabilityZone: `${options.region}${az}` }))).Subnet!.SubnetId!),
    );
    return (await new ElasticLoadBalancingV2Client(options).send(new CreateLoadBalancerCommand({ Name: name, Type: "application", Scheme: "internal", Subnets: subnets }))).LoadBalancers![0].LoadBalancerArn!;
  }
  const enable = (arn: string, bucket: string, prefix: string) =>
    new ModifyLoadBalancerAttributesCommand({
      LoadBalancerArn: arn,
      Attributes: [
        { Key: "access_logs.s3.enabled", Value: "true" },
        { Key: "access_logs.s3.bucket", Value: bucket },
        { Key: "access_logs.s3.prefix", Value: prefix },
      ],
    });
  // The SDK names error code InvalidConfigurationRequest by its shape, InvalidConfigurationRequestException.
  const refused = (bucket: string) => ({ name: "InvalidConfigurationRequestException", message: `Access Denied for bucket: ${bucket}. Please check S3bucket permission` });

  it("refuses access logs until the bucket policy lets the Region's ELB account write under the prefix, and accepts the landing zone's policy", async () => {
    // The example's own ALB log bucket policy for analytics-dev (555555555555), played in the spoke account.
    const synth = synthConfig();
    const stack = synth.stack("workload-analytics-dev");
    const ours = policyOf(stack, "aws_s3_bucket_policy.alb_logs_bucket_bucket_policy", "policy");
    const lb = Object.values(stack.resource.aws_lb)[0] as { access_logs: { bucket: string; prefix: string } };
    const mutated = (statements: Record<string, unknown>[]) => JSON.stringify({ ...ours, Statement: statements });
    const account = "555555555555";
    expect(lb.access_logs.bucket).toBe(`acme-alb-logs-${account}`);
    const Bucket = lb.access_logs.bucket.replace(account, WORKLOAD);
    const policyFor = (json: string) => json.split(account).join(WORKLOAD);

    const s3 = new S3Client(world.spoke);
    await s3.send(new CreateBucketCommand({ Bucket }));
    const arn = await loadBalancer(world.spoke, "10.28.0.0/20", "logged");
    const elb = new ElasticLoadBalancingV2Client(world.spoke);

    // No policy at all: the load balancer came first.
    await expect(elb.send(enable(arn, Bucket, lb.access_logs.prefix))).rejects.toMatchObject(refused(Bucket));
    // Mutation: the ELB statement removed.
    const withoutElb = ours.Statement.filter((st) => st.Sid !== "ElbLogDelivery");
    expect(withoutElb).toHaveLength(ours.Statement.length - 1);
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policyFor(mutated(withoutElb)) }));
    await expect(elb.send(enable(arn, Bucket, lb.access_logs.prefix))).rejects.toMatchObject(refused(Bucket));
    // Mutation: the service principal of newer Regions instead of us-east-1's ELB account.
    const wrongPrincipal = ours.Statement.map((st) => (st.Sid === "ElbLogDelivery" ? { ...st, Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" } } : st));
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policyFor(mutated(wrongPrincipal)) }));
    await expect(elb.send(enable(arn, Bucket, lb.access_logs.prefix))).rejects.toMatchObject(refused(Bucket));
    // Mutation: another account's log prefix.
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policyFor(mutated(ours.Statement)).split(`AWSLogs/${WORKLOAD}/`).join("AWSLogs/999999999999/") }));
    await expect(elb.send(enable(arn, Bucket, lb.access_logs.prefix))).rejects.toMatchObject(refused(Bucket));
    // The landing zone's policy.
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policyFor(mutated(ours.Statement)) }));
    await elb.send(enable(arn, Bucket, lb.access_logs.prefix));
    const attributes = (await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }))).Attributes!;
    expect(Object.fromEntries(attributes.filter((a) => a.Key!.startsWith("access_logs.s3")).map((a) => [a.Key, a.Value]))).toEqual({
      "access_logs.s3.enabled": "true",
      "access_logs.s3.bucket": Bucket,
      "access_logs.s3.prefix": lb.access_logs.prefix,
    });
  });

  it("wants the log delivery service principal in a Region opened since August 2022, and a bucket that exists", async () => {
    const options = { ...world.spoke, region: "il-central-1" };
    const Bucket = `alb-logs-il-${WORKLOAD}`;
    const s3 = new S3Client(options);
    await s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: "il-central-1" } }));
    const arn = await loadBalancer(options, "10.29.0.0/20", "logged-il");
    const elb = new ElasticLoadBalancingV2Client(options);
    const statement = (principal: object) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "s3:PutObject", Resource: `arn:aws:s3:::${Bucket}/web/AWSLogs/${WORKLOAD}/*` }] });
    await expect(elb.send(enable(arn, "no-such-bucket-444444444444", "web"))).rejects.toMatchObject({ name: "InvalidConfigurationRequestException" });
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(statement({ AWS: "arn:aws:iam::127311923021:root" })) }));
    await expect(elb.send(enable(arn, Bucket, "web"))).rejects.toMatchObject(refused(Bucket));
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(statement({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" })) }));
    await elb.send(enable(arn, Bucket, "web"));
  });
});

describe("elbv2 load balancer scheme", () => {
  it("makes a load balancer created without a scheme internet-facing", async () => {
    const ec2 = new EC2Client(world.spoke);
    const { vpcId, subnetId } = await vpcWithSubnet(world.spoke, "10.27.0.0/20");
    const second = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.27.1.0/24", AvailabilityZone: `${REGION}b` }))).Subnet!.SubnetId!;
    const elb = new ElasticLoadBalancingV2Client(world.spoke);
    const created = await elb.send(new CreateLoadBalancerCommand({ Name: "public", Type: "application", Subnets: [subnetId, second] }));
    expect(created.LoadBalancers![0].Scheme).toBe("internet-facing");
    const internal = await elb.send(new CreateLoadBalancerCommand({ Name: "private", Type: "application", Scheme: "internal", Subnets: [subnetId, second] }));
    expect(internal.LoadBalancers![0].Scheme).toBe("internal");
  });

  it("refuses a scheme other than internet-facing or internal", async () => {
    const ec2 = new EC2Client(world.spoke);
    const { vpcId, subnetId } = await vpcWithSubnet(world.spoke, "10.36.0.0/20");
    const second = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.36.1.0/24", AvailabilityZone: `${REGION}b` }))).Subnet!.SubnetId!;
    await expect(
      new ElasticLoadBalancingV2Client(world.spoke).send(new CreateLoadBalancerCommand({ Name: "sideways", Type: "application", Scheme: "external" as "internal", Subnets: [subnetId, second] })),
    ).rejects.toMatchObject({ name: "ValidationError" });
  });
});
