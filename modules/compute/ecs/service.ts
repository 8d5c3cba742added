/**
 * A Fargate service in private subnets: one container with a read-only root
 * file system (writable scratch volumes where the app writes, /tmp by
 * default), not privileged, logging through
 * awslogs to a KMS-encrypted log group, secrets injected by ARN. The
 * execution role may pull the image, write the logs and read only the listed
 * secrets; the task role is a separate, empty role (plus the exec channel
 * when `executeCommand`). No public IP, a deployment circuit breaker that
 * rolls back, target-tracking autoscaling on CPU, and optionally an HTTPS
 * load balancer whose security group alone may reach the app port.
 */
import { jsonencode } from "../../shared/jsonencode";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PULL_ACTIONS } from "../../registry";
import { encryptedLogGroup } from "../log-group";
import { boundedName, NAME_LIMITS } from "../resource-names";
import { environmentList, secretList, secretReadStatements } from "../secrets";
import { ServiceRole } from "../service-role";
import { sessionAccessStatements } from "../session-access";
import { FargateCluster } from "./cluster";
import { HttpsLoadBalancer } from "./load-balancer";
import { SERVICE_PRINCIPALS } from "../../../aws/service-principals";

export interface ContainerImage {
  /** Full image URI (may be a token, e.g. a repository URL + tag). */
  readonly uri: string;
  /** ARN of the private ECR repository, when the image comes from one: the execution role may pull from it only. */
  readonly ecrRepositoryArn?: string;
}

export interface FargateServiceProps {
  /** Service, task family and name prefix of its resources, e.g. acme-web. */
  readonly name: string;
  readonly cluster: FargateCluster;
  readonly image: ContainerImage;
  /** Fargate CPU units (a valid pair with `memory`). */
  readonly cpu: number;
  /** Memory in MiB. */
  readonly memory: number;
  /** Container port. */
  readonly port: number;
  /** @default 1 */
  readonly desiredCount?: number;
  /** @default min = max = desiredCount, 60% CPU */
  readonly autoscaling?: { readonly min: number; readonly max: number; readonly cpuTarget: number };
  /** NAME → Secrets Manager / SSM ARN. @default none */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Plain environment. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Command override. @default the image's */
  readonly command?: readonly string[];
  /**
   * Absolute paths the app writes to under its read-only root (nginx: /tmp, or /var/cache/nginx
   * and /var/run for the root image). Each is a Fargate task-storage bind mount (a task `volume`
   * without host), mounted read-write at that path and gone when the task stops. Fargate creates
   * these owned by root with mode 0755
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html), so a
   * non-essential init container first makes them world-writable with the sticky bit (1777, like
   * /tmp), and the app starts only once it succeeded: non-root images can write there too.
   * @default ["/tmp"]
   */
  readonly scratch?: readonly string[];
  /**
   * Image of that init container; it needs only `chmod`.
   * @default SCRATCH_INIT_IMAGE
   */
  readonly scratchInitImage?: string;
  /**
   * Allow `ecs execute-command` (sessions encrypted and logged by the cluster).
   * @default false
   */
  readonly executeCommand?: boolean;
  readonly vpcId: string;
  /** Private subnets for the tasks. */
  readonly subnetIds: string[];
  /** Account key for the log group. */
  readonly kmsKeyArn: string;
  readonly region: string;
  /**
   * Days to keep container logs (at least 365).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /** An HTTPS load balancer in front of the service. @default none */
  readonly loadBalancer?: {
    readonly internetFacing: boolean;
    readonly certificateArn: string;
    readonly healthCheckPath?: string;
    /** Public subnets when internet-facing, else private. */
    readonly subnetIds: string[];
    readonly accessLogBucket: string;
    /** What the load balancer waits for before enabling access logs: the log bucket's policy. @default nothing */
    readonly accessLogDependsOn?: ITerraformDependable[];
    /** @default 0.0.0.0/0 when internet-facing */
    readonly allowedCidrs?: string[];
    /** The account the load balancer is in: its web ACL's log delivery is scoped to it. */
    readonly accountId: string;
    /**
     * A CloudWatch Logs destination in another account that the web ACL's log group is subscribed to.
     * @default the WAF logs stay in this account
     */
    readonly wafLogsDestinationArn?: string;
  };
}

/** BusyBox from the Docker Official Images on ECR Public: makes the scratch volumes writable. */
export const SCRATCH_INIT_IMAGE = "public.ecr.aws/docker/library/busybox:1.37";
/** Name of the init container that prepares the scratch volumes. */
export const SCRATCH_INIT_CONTAINER = "scratch-permissions";

/** Task volume name of a scratch path: `/tmp` → `tmp`, `/var/cache/nginx` → `var_cache_nginx`. */
export function scratchVolumeName(path: string): string {
  return path.replace(/^\/+/, "").replace(/\//g, "_").replace(/[^A-Za-z0-9_-]/g, "-");
}

export class FargateService extends Construct {
  readonly service: EcsService;
  readonly taskDefinition: EcsTaskDefinition;
  readonly executionRole: ServiceRole;
  readonly taskRole: ServiceRole;
  readonly securityGroup: SecurityGroup;
  /** The tasks' security group id, for other groups' ingress rules. */
  readonly securityGroupId: string;
  readonly logGroup: CloudwatchLogGroup;
  readonly loadBalancer?: HttpsLoadBalancer;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const { name, region, cluster } = props;
    const secrets = props.secrets ?? {};
    this.logGroup = encryptedLogGroup(this, "logs", { name: `/ecs/${name}`, kmsKeyArn: props.kmsKeyArn, retentionDays: props.logRetentionDays });

    const pull: DataAwsIamPolicyDocumentStatement[] = props.image.ecrRepositoryArn
      ? [
          { sid: "EcrLogin", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
          { sid: "PullTheImage", actions: PULL_ACTIONS, resources: [props.image.ecrRepositoryArn] },
        ]
      : [];
    this.executionRole = new ServiceRole(this, "execution-role", {
      name: boundedName([name, "execution"], NAME_LIMITS.iamRole),
      service: SERVICE_PRINCIPALS.ecsTasks,
      description: `ECS agent for ${name}: pull the image, write logs, read the listed secrets`,
      statements: [
        ...pull,
        { sid: "WriteLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${this.logGroup.arn}:*`] },
        ...secretReadStatements(Object.values(secrets), props.kmsKeyArn, region),
      ],
    });
    const exec: DataAwsIamPolicyDocumentStatement[] = props.executeCommand
      ? [
          // The task role's ECS Exec permissions: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
          ...sessionAccessStatements({ keyArn: cluster.kmsKeyArn, logGroupArn: cluster.execLogGroup.arn }, "ExecuteCommand"),
        ]
      : [];
    this.taskRole = new ServiceRole(this, "task-role", {
      name: boundedName([name, "task"], NAME_LIMITS.iamRole),
      service: SERVICE_PRINCIPALS.ecsTasks,
      description: `Application role of ${name}: grant what the app needs here, nothing is granted by default`,
      statements: exec,
    });

    const scratch = props.scratch ?? ["/tmp"];
    const names = scratch.map(scratchVolumeName);
    const clash = names.find((n, i) => names.indexOf(n) !== i);
    if (clash) throw new Error(`${name}: scratch paths ${scratch.filter((p) => scratchVolumeName(p) === clash).join(" and ")} would share the volume name "${clash}"`);
    const mountPoints = scratch.map((path) => ({ sourceVolume: scratchVolumeName(path), containerPath: path, readOnly: false }));
    const logConfiguration = { logDriver: "awslogs", options: { "awslogs-group": this.logGroup.name, "awslogs-region": region, "awslogs-stream-prefix": name } };
    const container = {
      name,
      image: props.image.uri,
      essential: true,
      readonlyRootFilesystem: true,
      privileged: false,
      command: props.command,
      portMappings: [{ containerPort: props.port, hostPort: props.port, protocol: "tcp" }],
      environment: environmentList(props.environment ?? {}),
      secrets: secretList(secrets),
      mountPoints,
      linuxParameters: { initProcessEnabled: props.executeCommand ?? false },
      logConfiguration,
      dependsOn: scratch.length ? [{ containerName: SCRATCH_INIT_CONTAINER, condition: "SUCCESS" }] : undefined,
    };
    // Runs once before the app, as root (the volumes are root's), read-only and unprivileged too.
    const scratchInit = {
      name: SCRATCH_INIT_CONTAINER,
      image: props.scratchInitImage ?? SCRATCH_INIT_IMAGE,
      essential: false,
      readonlyRootFilesystem: true,
      privileged: false,
      user: "0",
      command: ["chmod", "1777", ...scratch],
      mountPoints,
      logConfiguration,
    };
    this.taskDefinition = new EcsTaskDefinition(this, "task-definition", {
      family: name,
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: String(props.cpu),
      memory: String(props.memory),
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      // No host: Fargate task storage, one volume per scratch path.
      volume: mountPoints.map((m) => ({ name: m.sourceVolume })),
      // The app first: the load balancer, exec and readers address it by name, the init second.
      containerDefinitions: jsonencode(scratch.length ? [container, scratchInit] : [container]),
    });

    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${name}-tasks`,
      description: `${name} tasks: ingress only from its load balancer`,
      vpcId: props.vpcId,
      tags: { Name: `${name}-tasks` },
    });
    this.securityGroupId = this.securityGroup.id;
    new VpcSecurityGroupEgressRule(this, "egress", { securityGroupId: this.securityGroupId, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", description: "Egress through the hub (Transit Gateway, NAT)" });

    if (props.loadBalancer) {
      const lb = props.loadBalancer;
      this.loadBalancer = new HttpsLoadBalancer(this, "load-balancer", {
        name,
        vpcId: props.vpcId,
        subnetIds: lb.subnetIds,
        internetFacing: lb.internetFacing,
        certificateArn: lb.certificateArn,
        accessLogBucket: lb.accessLogBucket,
        accessLogDependsOn: lb.accessLogDependsOn,
        targetPort: props.port,
        healthCheckPath: lb.healthCheckPath,
        allowedCidrs: lb.allowedCidrs,
        wafLogs: { kmsKeyArn: props.kmsKeyArn, retentionDays: props.logRetentionDays, accountId: lb.accountId, region, forwardTo: lb.wafLogsDestinationArn },
      });
      this.loadBalancer.allowTo("tasks", this.securityGroupId, props.port);
    }

    const desired = props.desiredCount ?? 1;
    this.service = new EcsService(this, "this", {
      name,
      cluster: cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: desired,
      launchType: "FARGATE",
      platformVersion: "LATEST",
      networkConfiguration: { subnets: props.subnetIds, securityGroups: [this.securityGroupId], assignPublicIp: false },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      enableExecuteCommand: props.executeCommand ?? false,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      loadBalancer: this.loadBalancer ? [{ targetGroupArn: this.loadBalancer.targetGroup.arn, containerName: name, containerPort: props.port }] : undefined,
      healthCheckGracePeriodSeconds: this.loadBalancer ? 60 : undefined,
      // The target group must belong to a load balancer before a service can use it.
      dependsOn: this.loadBalancer ? [this.loadBalancer.httpsListener] : undefined,
      // Autoscaling owns the running count after creation.
      lifecycle: { ignoreChanges: ["desired_count"] },
    });

    const scaling = props.autoscaling ?? { min: desired, max: desired, cpuTarget: 60 };
    const target = new AppautoscalingTarget(this, "scaling-target", {
      serviceNamespace: "ecs",
      resourceId: `service/${cluster.name}/${this.service.name}`,
      scalableDimension: "ecs:service:DesiredCount",
      minCapacity: scaling.min,
      maxCapacity: scaling.max,
    });
    new AppautoscalingPolicy(this, "scaling-policy", {
      name: `${name}-cpu`,
      policyType: "TargetTrackingScaling",
      serviceNamespace: target.serviceNamespace,
      resourceId: target.resourceId,
      scalableDimension: target.scalableDimension,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: scaling.cpuTarget,
        predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        scaleInCooldown: 120,
        scaleOutCooldown: 60,
      },
    });
  }
}
