/**
 * The compute a workload account's config declares, read back in that
 * account: EC2 instances running in the private subnets, spread across AZs,
 * IMDSv2 only (hop limit 1), no public IP, encrypted root, no ingress but the
 * configured groups; the ECS cluster (Container Insights) and Fargate
 * services (private, no public IP, circuit breaker, read-only non-privileged
 * containers, secrets by ARN) with their ALB (scheme, subnets, hardening
 * attributes, TLS 1.3 HTTPS listener, HTTP redirect); Batch on-demand and spot
 * environments, the critical and default queues and hardened job
 * definitions; ECR repositories with scan on push, immutable tags and the
 * account key.
 *
 * The WAF web ACL, ECS autoscaling and patching: workload-operations.ts.
 * Not asserted: App Runner (moto 5.2.1 has no App Runner API; the harness
 * leaves it out of the apply).
 */
import { BatchClient, DescribeComputeEnvironmentsCommand, DescribeJobDefinitionsCommand, DescribeJobQueuesCommand } from "@aws-sdk/client-batch";
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeVolumesCommand, EC2Client, SecurityGroup } from "@aws-sdk/client-ec2";
import { DescribeRepositoriesCommand, ECRClient } from "@aws-sdk/client-ecr";
import { DescribeClustersCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { TLS_POLICY } from "../../../modules/compute/ecs/load-balancer";
import { boundedName, NAME_LIMITS } from "../../../modules/compute/resource-names";
import { ComputeRef, EcsService, WorkloadAccount } from "../../../src/config/types";
import { albLogBucketName } from "../../../src/stacks/workload-compute";
import { ClientOptions } from "../helpers/aws";
import { accountIdOf } from "./accounts";
import { StackContext } from "./context";
import { assertKey } from "./kms";
import { byVpc, FoundVpc } from "./vpc";

export async function assertWorkloadCompute(ctx: StackContext, account: WorkloadAccount, client: ClientOptions, vpc: FoundVpc): Promise<void> {
  const lz = ctx.config.name;
  const prefix = (name: string) => `${lz}-${name}`;
  const key = await assertKey(client, `${lz}/workload`);
  const ec2 = new EC2Client(client);
  const privateSubnets = vpc.subnets.private!.map((s) => s.SubnetId!);
  const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: byVpc(vpc.vpcId) }))).SecurityGroups ?? [];
  const group = (name: string): SecurityGroup => {
    const found = groups.find((g) => g.GroupName === name);
    expect({ securityGroup: name, exists: found !== undefined }).toEqual({ securityGroup: name, exists: true });
    return found!;
  };
  const groupOf = (ref: ComputeRef): SecurityGroup => group({ ec2: prefix(ref.name), ecs: `${prefix(ref.name)}-tasks`, batch: `${prefix(ref.name)}-batch`, appRunner: `${prefix(ref.name)}-apprunner` }[ref.kind]);
  const { compute } = account;

  for (const e of compute.ec2) {
    const names = Array.from({ length: e.count }, (_, i) => `${prefix(e.name)}-${i + 1}`);
    const reservations = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "tag:Name", Values: names }, { Name: "instance-state-name", Values: ["running"] }] }));
    const instances = (reservations.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    const sg = group(prefix(e.name));
    expect(
      names.map((name) => {
        const i = instances.find((x) => x.Tags?.some((t) => t.Key === "Name" && t.Value === name));
        return { name, type: i?.InstanceType, subnet: i?.SubnetId, publicIp: i?.PublicIpAddress, imds: [i?.MetadataOptions?.HttpTokens, i?.MetadataOptions?.HttpPutResponseHopLimit], groups: i?.SecurityGroups?.map((g) => g.GroupId) };
      }),
    ).toEqual(names.map((name, n) => ({ name, type: e.instanceType, subnet: privateSubnets[n % privateSubnets.length], publicIp: undefined, imds: ["required", 1], groups: [sg.GroupId] })));
    const volumes = (await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: "attachment.instance-id", Values: instances.map((i) => i.InstanceId!) }] }))).Volumes ?? [];
    expect(volumes.map((v) => ({ encrypted: v.Encrypted, key: v.KmsKeyId, type: v.VolumeType, size: v.Size }))).toEqual(
      instances.map(() => ({ encrypted: true, key: key.Arn, type: "gp3", size: e.volumeSize })),
    );
    // No ingress but the configured sources, each on its port only.
    const ingress = (sg.IpPermissions ?? []).flatMap((p) => (p.UserIdGroupPairs ?? []).map((pair) => ({ port: [p.FromPort, p.ToPort], from: pair.GroupId })));
    expect({ group: sg.GroupName, ingress, cidrs: (sg.IpPermissions ?? []).flatMap((p) => p.IpRanges ?? []) }).toEqual({
      group: sg.GroupName,
      ingress: e.ingress.map((rule) => ({ port: [rule.port, rule.port], from: groupOf(rule.from).GroupId })),
      cidrs: [],
    });
  }

  if (compute.ecs.length > 0) {
    const ecs = new ECSClient(client);
    const cluster = prefix(account.name);
    const [found] = (await ecs.send(new DescribeClustersCommand({ clusters: [cluster], include: ["SETTINGS", "CONFIGURATIONS"] }))).clusters ?? [];
    expect({ cluster, status: found?.status, settings: found?.settings }).toEqual({ cluster, status: "ACTIVE", settings: [{ name: "containerInsights", value: "enabled" }] });
    for (const s of compute.ecs) {
      const [service] = (await ecs.send(new DescribeServicesCommand({ cluster, services: [prefix(s.name)] }))).services ?? [];
      const network = service?.networkConfiguration?.awsvpcConfiguration;
      expect({
        service: s.name,
        status: service?.status,
        launchType: service?.launchType,
        desired: service?.desiredCount,
        publicIp: network?.assignPublicIp,
        subnets: [...(network?.subnets ?? [])].sort(),
        groups: network?.securityGroups,
        circuitBreaker: service?.deploymentConfiguration?.deploymentCircuitBreaker,
      }).toEqual({
        service: s.name,
        status: "ACTIVE",
        launchType: "FARGATE",
        desired: s.desiredCount,
        publicIp: "DISABLED",
        subnets: [...privateSubnets].sort(),
        groups: [group(`${prefix(s.name)}-tasks`).GroupId],
        circuitBreaker: { enable: true, rollback: true },
      });
      const task = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service!.taskDefinition }))).taskDefinition!;
      const [container] = task.containerDefinitions ?? [];
      expect({
        service: s.name,
        network: task.networkMode,
        compatibilities: task.requiresCompatibilities,
        size: [task.cpu, task.memory],
        readonlyRoot: container?.readonlyRootFilesystem,
        privileged: container?.privileged,
        secrets: Object.fromEntries((container?.secrets ?? []).map((x) => [x.name, x.valueFrom])),
        secretsInEnvironment: (container?.environment ?? []).filter((v) => v.name! in s.secrets).map((v) => v.name),
        log: container?.logConfiguration?.logDriver,
        separateRoles: task.executionRoleArn !== undefined && task.taskRoleArn !== undefined && task.executionRoleArn !== task.taskRoleArn,
      }).toEqual({
        service: s.name,
        network: "awsvpc",
        compatibilities: ["FARGATE"],
        size: [String(s.cpu), String(s.memory)],
        readonlyRoot: true,
        privileged: false,
        secrets: s.secrets,
        secretsInEnvironment: [],
        log: "awslogs",
        separateRoles: true,
      });
      if (s.loadBalancer) await assertLoadBalancer(ctx, account, client, vpc, s);
    }
  }

  const batch = new BatchClient(client);
  for (const b of compute.batch) {
    const name = (...parts: string[]) => boundedName([prefix(b.name), ...parts], NAME_LIMITS.batch);
    const fargate = b.platform === "fargate";
    const environments = (await batch.send(new DescribeComputeEnvironmentsCommand({ computeEnvironments: [name("on-demand"), name("spot")] }))).computeEnvironments ?? [];
    const env = (kind: string) => environments.find((c) => c.computeEnvironmentName === name(kind));
    const sg = group(`${prefix(b.name)}-batch`);
    for (const [kind, type, allocation] of [
      ["on-demand", fargate ? "FARGATE" : "EC2", fargate ? undefined : "BEST_FIT_PROGRESSIVE"],
      ["spot", fargate ? "FARGATE_SPOT" : "SPOT", fargate ? undefined : "SPOT_PRICE_CAPACITY_OPTIMIZED"],
    ] as const) {
      const c = env(kind);
      const resources = c?.computeResources;
      expect({
        environment: name(kind),
        type: c?.type,
        state: c?.state,
        resources: resources?.type,
        allocation: resources?.allocationStrategy,
        maxVcpus: resources?.maxvCpus,
        subnets: [...(resources?.subnets ?? [])].sort(),
        groups: resources?.securityGroupIds,
      }).toEqual({ environment: name(kind), type: "MANAGED", state: "ENABLED", resources: type, allocation, maxVcpus: b.maxVcpus, subnets: [...privateSubnets].sort(), groups: [sg.GroupId] });
    }
    const queues = (await batch.send(new DescribeJobQueuesCommand({ jobQueues: [name("critical"), name("default")] }))).jobQueues ?? [];
    const order = (queue: string) => {
      const q = queues.find((x) => x.jobQueueName === name(queue));
      return { queue, state: q?.state, order: [...(q?.computeEnvironmentOrder ?? [])].sort((x, y) => x.order! - y.order!).map((o) => o.computeEnvironment) };
    };
    expect([order("critical"), order("default")]).toEqual([
      { queue: "critical", state: "ENABLED", order: [env("on-demand")?.computeEnvironmentArn] },
      { queue: "default", state: "ENABLED", order: [env("spot")?.computeEnvironmentArn, env("on-demand")?.computeEnvironmentArn] },
    ]);
    for (const job of b.jobs) {
      const definitions = (await batch.send(new DescribeJobDefinitionsCommand({ jobDefinitionName: name(job.name), status: "ACTIVE" }))).jobDefinitions ?? [];
      const d = definitions.sort((x, y) => y.revision! - x.revision!)[0];
      const container = d?.containerProperties;
      expect({
        job: job.name,
        platform: d?.platformCapabilities,
        retries: d?.retryStrategy?.attempts,
        readonlyRoot: container?.readonlyRootFilesystem,
        privileged: container?.privileged,
        publicIp: container?.networkConfiguration?.assignPublicIp,
        separateRoles: container?.jobRoleArn !== undefined && container?.executionRoleArn !== undefined && container.jobRoleArn !== container.executionRoleArn,
        log: container?.logConfiguration?.logDriver,
      }).toEqual({
        job: job.name,
        platform: [fargate ? "FARGATE" : "EC2"],
        retries: job.retries,
        readonlyRoot: true,
        privileged: false,
        publicIp: fargate ? "DISABLED" : undefined,
        separateRoles: true,
        log: "awslogs",
      });
    }
  }

  if (compute.ecr.length > 0) {
    const repositories = (await new ECRClient(client).send(new DescribeRepositoriesCommand({ repositoryNames: [...compute.ecr] }))).repositories ?? [];
    expect(
      repositories
        .map((r) => ({ name: r.repositoryName, tags: r.imageTagMutability, scanOnPush: r.imageScanningConfiguration?.scanOnPush, encryption: r.encryptionConfiguration }))
        .sort((x, y) => x.name!.localeCompare(y.name!)),
    ).toEqual([...compute.ecr].sort().map((name) => ({ name, tags: "IMMUTABLE", scanOnPush: true, encryption: { encryptionType: "KMS", kmsKey: key.Arn } })));
  }
}

/** The service's ALB: scheme and subnets as configured, hardened attributes, TLS 1.3 HTTPS with the certificate, HTTP only redirecting. */
async function assertLoadBalancer(ctx: StackContext, account: WorkloadAccount, client: ClientOptions, vpc: FoundVpc, s: EcsService): Promise<void> {
  const lb = s.loadBalancer!;
  const name = boundedName([`${ctx.config.name}-${s.name}`], NAME_LIMITS.loadBalancer);
  const elb = new ElasticLoadBalancingV2Client(client);
  const [found] = (await elb.send(new DescribeLoadBalancersCommand({ Names: [name] }))).LoadBalancers ?? [];
  const subnets = (lb.internetFacing ? vpc.subnets.public! : vpc.subnets.private!).map((x) => x.SubnetId!).sort();
  expect({ name, type: found?.Type, scheme: found?.Scheme, subnets: (found?.AvailabilityZones ?? []).map((z) => z.SubnetId).sort() }).toEqual({
    name,
    type: "application",
    scheme: lb.internetFacing ? "internet-facing" : "internal",
    subnets,
  });
  const attributes = Object.fromEntries(
    ((await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: found!.LoadBalancerArn }))).Attributes ?? []).map((a) => [a.Key, a.Value]),
  );
  expect(attributes).toMatchObject({
    "routing.http.drop_invalid_header_fields.enabled": "true",
    "deletion_protection.enabled": "true",
    "routing.http.desync_mitigation_mode": "strictest",
    "access_logs.s3.enabled": "true",
    "access_logs.s3.bucket": albLogBucketName(ctx.config.name, await accountIdOf(ctx, account)),
  });
  const listeners = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: found!.LoadBalancerArn }))).Listeners ?? [];
  const summary = listeners
    .map((l) => ({
      port: l.Port,
      protocol: l.Protocol,
      // A TLS policy only exists on HTTPS listeners (moto also names one on HTTP).
      policy: l.Protocol === "HTTPS" ? l.SslPolicy : undefined,
      certificates: l.Certificates?.map((c) => c.CertificateArn),
      action: l.DefaultActions?.map((a) => (a.Type === "redirect" ? [a.Type, a.RedirectConfig?.Protocol, a.RedirectConfig?.Port, a.RedirectConfig?.StatusCode] : [a.Type])),
    }))
    .sort((x, y) => x.port! - y.port!);
  expect(summary).toEqual([
    { port: 80, protocol: "HTTP", policy: undefined, certificates: undefined, action: [["redirect", "HTTPS", "443", "HTTP_301"]] },
    { port: 443, protocol: "HTTPS", policy: TLS_POLICY, certificates: [lb.certificateArn], action: [["forward"]] },
  ]);
}
