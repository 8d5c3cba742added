/**
 * The compute half of a workload stack: maps the account's resolved
 * `compute` entries onto the compute modules. Construct ids come from config
 * names (`ecr-web`, `ecs-web`, `batch-etl`…), resource names are
 * `<landing zone>-<entry>`, and security groups are wired by name.
 */
import { Construct } from "constructs";
import { WafLogsContract } from "./contracts";
import { TerraformOutput } from "cdktf";
import { AppRunnerIngressEndpoint, AppRunnerServiceConstruct } from "../../modules/compute/apprunner";
import { BatchEnvironment } from "../../modules/compute/batch";
import { Ec2Group } from "../../modules/compute/ec2";
import { AlbAccessLogBucket, ContainerImage, FargateCluster, FargateService } from "../../modules/compute/ecs";
import { SessionAccess } from "../../modules/compute/session-access";
import { SpokeNetwork } from "../../modules/network/spoke";
import { EcrRepositoryConstruct } from "../../modules/registry";
import { endpointService } from "../config/endpoint-services";
import { ImageRef, LandingZoneConfig, WorkloadAccount } from "../config/types";
import { ALB_LOGS_ID, computeConstructId, ECS_CLUSTER_ID } from "./names";

export interface ComputeContext {
  readonly config: LandingZoneConfig;
  readonly account: WorkloadAccount;
  readonly accountId: string;
  readonly organizationId: string;
  readonly kmsKeyArn: string;
  readonly spoke: SpokeNetwork;
  readonly hubCidr: string;
  /** The account baseline's Session Manager key and log group in the home region, where the compute runs. */
  readonly session: SessionAccess;
  /** The logging account's destination the web ACLs' WAF logs are forwarded to (src/stacks/contracts.ts). */
  readonly wafLogs?: WafLogsContract;
}

/** Name of the account's ALB access-log bucket: globally unique through the account id, at most 42 characters. */
export const albLogBucketName = (lz: string, accountId: string): string => `${lz}-alb-logs-${accountId}`;

export function buildCompute(scope: Construct, ctx: ComputeContext): void {
  const { config, account, kmsKeyArn, spoke } = ctx;
  const { compute } = account;
  const region = config.homeRegion;
  const prefix = (name: string) => `${config.name}-${name}`;
  const network = { vpcId: spoke.vpcId, subnetIds: spoke.subnetIds("private"), kmsKeyArn, region };

  const repositories = new Map<string, EcrRepositoryConstruct>();
  for (const name of compute.ecr) {
    repositories.set(name, new EcrRepositoryConstruct(scope, computeConstructId.ecr(name), { name, kmsKeyArn, accountId: ctx.accountId, organizationId: ctx.organizationId }));
  }
  const image = (ref: ImageRef): ContainerImage => {
    if (ref.kind === "uri") return { uri: ref.uri, ecrRepositoryArn: ref.ecrRepositoryArn };
    const repo = repositories.get(ref.repository)!;
    return { uri: `${repo.url}:${ref.tag}`, ecrRepositoryArn: repo.arn };
  };

  /** Security group ids by entry name, for ec2 ingress rules. */
  const groups = new Map<string, string>();

  const ec2 = compute.ec2.map((e) => {
    const group = new Ec2Group(scope, computeConstructId.ec2(e.name), { ...network, name: prefix(e.name), instanceType: e.instanceType, count: e.count, volumeSize: e.volumeSize, amiId: e.ami, patchSchedule: e.patchSchedule, session: ctx.session });
    groups.set(e.name, group.securityGroupId);
    return group;
  });

  if (compute.ecs.length > 0) {
    // Exec sessions use the Session Manager key, so the one session-user policy opens shells in tasks too.
    const cluster = new FargateCluster(scope, ECS_CLUSTER_ID, { name: prefix(account.name), kmsKeyArn, execKeyArn: ctx.session.keyArn, logRetentionDays: config.logging.retentionDays });
    const logs = compute.ecs.some((s) => s.loadBalancer) ? new AlbAccessLogBucket(scope, ALB_LOGS_ID, { bucketName: albLogBucketName(config.name, ctx.accountId), accountId: ctx.accountId, region }) : undefined;
    for (const s of compute.ecs) {
      const lb = s.loadBalancer;
      const service = new FargateService(scope, computeConstructId.ecs(s.name), {
        ...network,
        name: prefix(s.name),
        cluster,
        image: image(s.image),
        cpu: s.cpu,
        memory: s.memory,
        port: s.port,
        desiredCount: s.desiredCount,
        autoscaling: s.autoscaling,
        secrets: s.secrets,
        environment: s.environment,
        command: s.command,
        scratch: s.scratch,
        executeCommand: s.executeCommand,
        logRetentionDays: config.logging.retentionDays,
        loadBalancer: lb && {
          internetFacing: lb.internetFacing,
          certificateArn: lb.certificateArn,
          healthCheckPath: lb.healthCheckPath,
          subnetIds: spoke.subnetIds(lb.internetFacing ? "public" : "private"),
          accessLogBucket: logs!.name,
          accessLogDependsOn: [logs!.policy],
          // Internal load balancers answer the spoke itself and the hub.
          allowedCidrs: lb.internetFacing ? undefined : [account.cidr, ctx.hubCidr],
          accountId: ctx.accountId,
          wafLogsDestinationArn: ctx.wafLogs?.destinationArn,
        },
      });
      groups.set(s.name, service.securityGroupId);
    }
  }

  for (const b of compute.batch) {
    const batch = new BatchEnvironment(scope, computeConstructId.batch(b.name), {
      ...network,
      name: prefix(b.name),
      platform: b.platform,
      maxVcpus: b.maxVcpus,
      instanceTypes: b.instanceTypes,
      jobs: b.jobs.map((j) => ({ ...j, image: image(j.image) })),
      submitterRoleArns: b.submitters,
      session: ctx.session,
      logRetentionDays: config.logging.retentionDays,
    });
    groups.set(b.name, batch.securityGroupId);
  }

  // Private App Runner services answer through one apprunner.requests endpoint in this spoke: the
  // ingress connection names a VPC and an endpoint, and keeping both in the service's own account
  // needs nothing of the hub. Reachable from the spoke and the hub, like an internal load balancer.
  const ingress = compute.appRunner.some((a) => !a.public)
    ? new AppRunnerIngressEndpoint(scope, "apprunner-ingress", {
        name: prefix(account.name),
        vpcId: spoke.vpcId,
        subnetIds: spoke.subnetIds("private"),
        allowedCidrs: [account.cidr, ctx.hubCidr],
        serviceName: endpointService("apprunner.requests", region).serviceName,
      })
    : undefined;
  for (const a of compute.appRunner) {
    const service = new AppRunnerServiceConstruct(scope, computeConstructId.appRunner(a.name), {
      ...network,
      ...a,
      name: prefix(a.name),
      image: image(a.image),
      accountId: ctx.accountId,
      ingress: a.public ? undefined : ingress!.ingress,
    });
    groups.set(a.name, service.securityGroupId);
    new TerraformOutput(scope, `apprunner_${a.name.replace(/-/g, "_")}_domain_name`, {
      value: service.domainName,
      description: `Domain name of the App Runner service ${a.name} (${a.public ? "public" : "private: answers only through the spoke's apprunner.requests endpoint"})`,
    });
  }

  compute.ec2.forEach((e, i) => {
    for (const rule of e.ingress) ec2[i].allowFrom({ port: rule.port, sourceName: rule.from.name, sourceSecurityGroupId: groups.get(rule.from.name)! });
  });
}
