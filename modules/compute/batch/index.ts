/**
 * # compute/batch
 * An AWS Batch environment for one team: an on-demand compute environment
 * (FARGATE, or EC2 with the hardened launch template) and a spot one
 * (FARGATE_SPOT, or EC2 SPOT with SPOT_PRICE_CAPACITY_OPTIMIZED), both in
 * private subnets behind a security group without ingress; a *critical*
 * queue on on-demand and a *default* queue on spot first, then on-demand;
 * job definitions with separate execution and job roles, a read-only root,
 * not privileged, no public IP, logs in a KMS-encrypted group; an IAM policy
 * attached to each submitter role allowing SubmitJob on these queues and
 * definitions only; and an EventBridge rule sending FAILED jobs to an
 * encrypted SNS topic.
 */
import { jsonencode } from "../../shared/jsonencode";
import { BatchComputeEnvironment, BatchComputeEnvironmentComputeResources } from "@cdktf/provider-aws/lib/batch-compute-environment";
import { BatchJobDefinition } from "@cdktf/provider-aws/lib/batch-job-definition";
import { BatchJobQueue } from "@cdktf/provider-aws/lib/batch-job-queue";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";
import { PULL_ACTIONS } from "../../registry";
import { HardenedLaunchTemplate } from "../ec2/launch-template";
import { ContainerImage } from "../ecs/service";
import { encryptedLogGroup } from "../log-group";
import { boundedName, NAME_LIMITS } from "../resource-names";
import { environmentList, secretList, secretReadStatements } from "../secrets";
import { ServiceRole } from "../service-role";
import { SessionAccess, sessionAccessStatements } from "../session-access";
import { EVENTS_PRINCIPAL } from "../../../aws/events";

export interface BatchJobSpec {
  /** Job name (the definition is <environment>-<job>). */
  readonly name: string;
  readonly image: ContainerImage;
  /** vCPUs (Fargate: 0.25-16 in Fargate's steps). */
  readonly vcpus: number;
  /** Memory in MiB. */
  readonly memory: number;
  /** @default the image's command */
  readonly command?: readonly string[];
  /** NAME → Secrets Manager / SSM ARN. @default none */
  readonly secrets?: Readonly<Record<string, string>>;
  /** @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Attempts. @default 1 */
  readonly retries?: number;
  /** Seconds per attempt. @default 3600 */
  readonly timeoutSeconds?: number;
}

export interface BatchEnvironmentProps {
  /** Name prefix of every resource, e.g. acme-etl. */
  readonly name: string;
  /** @default fargate */
  readonly platform?: "fargate" | "ec2";
  /** @default 16 */
  readonly maxVcpus?: number;
  /** ec2 only. @default ["optimal"] */
  readonly instanceTypes?: readonly string[];
  readonly vpcId: string;
  /** Private subnets. */
  readonly subnetIds: string[];
  /** Account key: logs, EBS, SNS. */
  readonly kmsKeyArn: string;
  readonly region: string;
  readonly jobs: readonly BatchJobSpec[];
  /** IAM role ARNs of this account allowed to submit here. @default none */
  readonly submitterRoleArns?: readonly string[];
  /**
   * The account's Session Manager key and log group in this region (EC2 platform): the container
   * instances' role may decrypt sessions with the key and write the session logs.
   * @default no session key permissions
   */
  readonly session?: SessionAccess;
  /** @default 365 */
  readonly logRetentionDays?: number;
}

/** The role name of an IAM role ARN (the last path segment). */
export const roleNameOf = (arn: string): string => arn.slice(arn.lastIndexOf("/") + 1);

export class BatchEnvironment extends Construct {
  readonly securityGroup: SecurityGroup;
  /** The compute environments' security group id, for other groups' ingress rules. */
  readonly securityGroupId: string;
  readonly onDemand: BatchComputeEnvironment;
  readonly spot: BatchComputeEnvironment;
  readonly criticalQueue: BatchJobQueue;
  readonly defaultQueue: BatchJobQueue;
  readonly jobDefinitions: BatchJobDefinition[] = [];
  readonly executionRole: ServiceRole;
  readonly jobRole: ServiceRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly submitPolicy: IamPolicy;
  readonly alarmTopic: SnsTopic;

  constructor(scope: Construct, id: string, props: BatchEnvironmentProps) {
    super(scope, id);
    const { name, region } = props;
    const fargate = (props.platform ?? "fargate") === "fargate";
    const batchName = (...parts: string[]) => boundedName([name, ...parts], NAME_LIMITS.batch);

    this.securityGroup = new SecurityGroup(this, "security-group", { name: `${name}-batch`, description: `${name} batch jobs: no ingress`, vpcId: props.vpcId, tags: { Name: `${name}-batch` } });
    this.securityGroupId = this.securityGroup.id;
    new VpcSecurityGroupEgressRule(this, "egress", { securityGroupId: this.securityGroupId, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", description: "Egress through the hub (Transit Gateway, NAT)" });

    const network = { maxVcpus: props.maxVcpus ?? 16, subnets: props.subnetIds, securityGroupIds: [this.securityGroupId] };
    let onDemand: BatchComputeEnvironmentComputeResources;
    let spot: BatchComputeEnvironmentComputeResources;
    if (fargate) {
      onDemand = { ...network, type: "FARGATE" };
      spot = { ...network, type: "FARGATE_SPOT" };
    } else {
      const instanceRole = new ServiceRole(this, "instance-role", {
        name: boundedName([name, "batch-instance"], NAME_LIMITS.iamRole),
        service: "ec2.amazonaws.com",
        description: `Container instances of ${name}: ECS agent and Session Manager`,
        managedPolicies: ["service-role/AmazonEC2ContainerServiceforEC2Role", "AmazonSSMManagedInstanceCore"],
        statements: props.session && sessionAccessStatements(props.session),
      });
      const profile = new IamInstanceProfile(this, "instance-profile", { name: instanceRole.role.name, role: instanceRole.role.name });
      const template = new HardenedLaunchTemplate(this, "launch-template", { name: `${name}-batch`, kmsKeyArn: props.kmsKeyArn, volumeSize: 30, instanceTags: { Name: `${name}-batch` } });
      const ec2 = {
        ...network,
        minVcpus: 0,
        instanceType: [...(props.instanceTypes ?? ["optimal"])],
        instanceRole: profile.arn,
        launchTemplate: { launchTemplateId: template.id, version: String(template.latestVersion) },
        ec2Configuration: [{ imageType: "ECS_AL2023" }],
      };
      onDemand = { ...ec2, type: "EC2", allocationStrategy: "BEST_FIT_PROGRESSIVE" };
      spot = { ...ec2, type: "SPOT", allocationStrategy: "SPOT_PRICE_CAPACITY_OPTIMIZED" };
    }
    this.onDemand = new BatchComputeEnvironment(this, "on-demand", { computeEnvironmentName: batchName("on-demand"), type: "MANAGED", state: "ENABLED", computeResources: onDemand });
    this.spot = new BatchComputeEnvironment(this, "spot", { computeEnvironmentName: batchName("spot"), type: "MANAGED", state: "ENABLED", computeResources: spot });

    this.criticalQueue = new BatchJobQueue(this, "critical", {
      name: batchName("critical"),
      state: "ENABLED",
      priority: 100,
      computeEnvironmentOrder: [{ order: 1, computeEnvironment: this.onDemand.arn }],
    });
    this.defaultQueue = new BatchJobQueue(this, "default", {
      name: batchName("default"),
      state: "ENABLED",
      priority: 10,
      computeEnvironmentOrder: [
        { order: 1, computeEnvironment: this.spot.arn },
        { order: 2, computeEnvironment: this.onDemand.arn },
      ],
    });

    this.logGroup = encryptedLogGroup(this, "logs", { name: `/aws/batch/${name}`, kmsKeyArn: props.kmsKeyArn, retentionDays: props.logRetentionDays });
    const repositories = [...new Set(props.jobs.flatMap((j) => (j.image.ecrRepositoryArn ? [j.image.ecrRepositoryArn] : [])))];
    const pull: DataAwsIamPolicyDocumentStatement[] =
      repositories.length > 0
        ? [
            { sid: "EcrLogin", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
            { sid: "PullTheImages", actions: PULL_ACTIONS, resources: repositories },
          ]
        : [];
    this.executionRole = new ServiceRole(this, "execution-role", {
      name: boundedName([name, "batch-execution"], NAME_LIMITS.iamRole),
      service: "ecs-tasks.amazonaws.com",
      description: `ECS agent for ${name} jobs: pull images, write logs, read the listed secrets`,
      statements: [
        ...pull,
        { sid: "WriteLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${this.logGroup.arn}:*`] },
        ...secretReadStatements(
          props.jobs.flatMap((j) => Object.values(j.secrets ?? {})),
          props.kmsKeyArn,
          region,
        ),
      ],
    });
    this.jobRole = new ServiceRole(this, "job-role", {
      name: boundedName([name, "batch-job"], NAME_LIMITS.iamRole),
      service: "ecs-tasks.amazonaws.com",
      description: `Application role of ${name} jobs: grant what the jobs need here, nothing is granted by default`,
    });

    for (const job of props.jobs) {
      const container = {
        image: job.image.uri,
        command: job.command,
        jobRoleArn: this.jobRole.arn,
        executionRoleArn: this.executionRole.arn,
        resourceRequirements: [
          { type: "VCPU", value: String(job.vcpus) },
          { type: "MEMORY", value: String(job.memory) },
        ],
        readonlyRootFilesystem: true,
        privileged: false,
        environment: environmentList(job.environment ?? {}),
        secrets: secretList(job.secrets ?? {}),
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": this.logGroup.name, "awslogs-region": region, "awslogs-stream-prefix": job.name } },
        ...(fargate ? { networkConfiguration: { assignPublicIp: "DISABLED" }, fargatePlatformConfiguration: { platformVersion: "LATEST" } } : {}),
      };
      this.jobDefinitions.push(
        new BatchJobDefinition(this, `job-${job.name}`, {
          name: batchName(job.name),
          type: "container",
          platformCapabilities: [fargate ? "FARGATE" : "EC2"],
          propagateTags: true,
          retryStrategy: { attempts: job.retries ?? 1 },
          timeout: { attemptDurationSeconds: job.timeoutSeconds ?? 3600 },
          containerProperties: jsonencode(container),
        }),
      );
    }

    const submit = new DataAwsIamPolicyDocument(this, "submit-policy-document", {
      statement: [
        {
          sid: "SubmitToTheseQueuesAndDefinitionsOnly",
          actions: ["batch:SubmitJob"],
          resources: [this.criticalQueue.arn, this.defaultQueue.arn, ...this.jobDefinitions.flatMap((d) => [d.arnPrefix, `${d.arnPrefix}:*`])],
        },
        { sid: "FollowJobs", actions: ["batch:DescribeJobs", "batch:ListJobs", "batch:DescribeJobQueues", "batch:DescribeJobDefinitions"], resources: ["*"] },
      ],
    });
    this.submitPolicy = new IamPolicy(this, "submit-policy", { name: `${name}-batch-submit`, description: `Submit jobs to ${name} queues and definitions only`, policy: submit.json });
    for (const arn of props.submitterRoleArns ?? []) {
      const role = roleNameOf(arn);
      new IamRolePolicyAttachment(this, `submitter-${role}`, { role, policyArn: this.submitPolicy.arn });
    }

    this.alarmTopic = new SnsTopic(this, "failed-jobs-topic", { name: `${name}-batch-failed-jobs`, kmsMasterKeyId: props.kmsKeyArn });
    const rule = new CloudwatchEventRule(this, "failed-jobs", {
      name: boundedName([name, "batch-failed-jobs"], NAME_LIMITS.eventRule),
      description: `FAILED jobs of ${name}`,
      eventPattern: jsonencode({
        source: ["aws.batch"],
        "detail-type": ["Batch Job State Change"],
        detail: { status: ["FAILED"], jobQueue: [this.criticalQueue.arn, this.defaultQueue.arn] },
      }),
    });
    new CloudwatchEventTarget(this, "failed-jobs-target", { rule: rule.name, arn: this.alarmTopic.arn });
    const topicPolicy = new DataAwsIamPolicyDocument(this, "failed-jobs-topic-policy-document", {
      statement: [
        {
          sid: "EventBridgePublishesFailedJobs",
          principals: [{ type: "Service", identifiers: [EVENTS_PRINCIPAL] }],
          actions: ["sns:Publish"],
          resources: [this.alarmTopic.arn],
          condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [rule.arn] }],
        },
      ],
    });
    new SnsTopicPolicy(this, "failed-jobs-topic-policy", { arn: this.alarmTopic.arn, policy: topicPolicy.json });
  }
}
