/** Container guardrails (ECR, ECS, Batch, App Runner), each proven both ways on constructs synthesized alone. */
import { ApprunnerService, ApprunnerServiceConfig } from "@cdktf/provider-aws/lib/apprunner-service";
import { BatchJobDefinition } from "@cdktf/provider-aws/lib/batch-job-definition";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository, EcrRepositoryConfig } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { EcsCluster, EcsClusterConfig } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsService, EcsServiceConfig } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { Fn, TerraformStack } from "cdktf";
import { check, expectFailure, resultsOf, rule } from "./helpers";

const repo = (s: TerraformStack, o: Partial<EcrRepositoryConfig> = {}) =>
  new EcrRepository(s, "repo", {
    name: "web",
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: "arn:aws:kms:us-east-1:1:key/k" }],
    ...o,
  });

/** A container definition as the landing zone writes it, with overrides. */
const container = (o: Record<string, unknown> = {}) => ({
  name: "web",
  image: "web:1",
  readonlyRootFilesystem: true,
  privileged: false,
  logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/web" } },
  secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:1:secret:db" }],
  environment: [{ name: "PORT", value: "8080" }],
  ...o,
});
const task = (s: TerraformStack, c = container(), networkMode = "awsvpc") =>
  new EcsTaskDefinition(s, "task", {
    family: "web",
    networkMode,
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    executionRoleArn: "arn:aws:iam::1:role/exec",
    taskRoleArn: "arn:aws:iam::1:role/task",
    containerDefinitions: JSON.stringify([c]),
  });
const service = (s: TerraformStack, o: Partial<EcsServiceConfig> = {}) =>
  new EcsService(s, "service", {
    name: "web",
    networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: false },
    deploymentCircuitBreaker: { enable: true, rollback: true },
    ...o,
  });
const cluster = (s: TerraformStack, o: Partial<EcsClusterConfig> = {}) =>
  new EcsCluster(s, "cluster", {
    name: "apps",
    setting: [{ name: "containerInsights", value: "enabled" }],
    configuration: {
      executeCommandConfiguration: { kmsKeyId: "arn:aws:kms:us-east-1:1:key/k", logging: "OVERRIDE", logConfiguration: { cloudWatchLogGroupName: "/ecs/exec", cloudWatchEncryptionEnabled: true } },
    },
    ...o,
  });
const job = (s: TerraformStack, o: Record<string, unknown> = {}) =>
  new BatchJobDefinition(s, "job", {
    name: "transform",
    type: "container",
    platformCapabilities: ["FARGATE"],
    containerProperties: JSON.stringify({ image: "etl:1", readonlyRootFilesystem: true, networkConfiguration: { assignPublicIp: "DISABLED" }, ...o }),
  });
const appRunner = (s: TerraformStack, o: Partial<ApprunnerServiceConfig> = {}) =>
  new ApprunnerService(s, "portal", {
    serviceName: "portal",
    sourceConfiguration: { imageRepository: { imageIdentifier: "1.dkr.ecr.us-east-1.amazonaws.com/portal:1", imageRepositoryType: "ECR" } },
    networkConfiguration: { egressConfiguration: { egressType: "VPC", vpcConnectorArn: "arn:aws:apprunner:us-east-1:1:vpcconnector/spoke" } },
    encryptionConfiguration: { kmsKey: "arn:aws:kms:us-east-1:1:key/k" },
    ...o,
  });

describe("container rules", () => {
  rule("ecr-scan-on-push", { address: "aws_ecr_repository.repo", reason: /^scan_on_push is not enabled$/, good: (s) => repo(s), bad: (s) => repo(s, { imageScanningConfiguration: { scanOnPush: false } }), path: "test/repo" });
  rule("ecr-immutable-tags", { address: "aws_ecr_repository.repo", reason: /^image_tag_mutability = "MUTABLE"$/, good: (s) => repo(s), bad: (s) => repo(s, { imageTagMutability: "MUTABLE" }) });
  rule("ecr-lifecycle-policy", {
    address: "aws_ecr_repository.repo",
    reason: /^no aws_ecr_lifecycle_policy refers to this repository$/,
    good: (s) => new EcrLifecyclePolicy(s, "lifecycle", { repository: repo(s).name, policy: JSON.stringify({ rules: [] }) }),
    bad: (s) => repo(s),
  });
  rule("ecr-kms", { address: "aws_ecr_repository.repo", reason: /^encryption_type = "AES256"$/, good: (s) => repo(s), bad: (s) => repo(s, { encryptionConfiguration: [{ encryptionType: "AES256" }] }) });
  rule("ecr-policy-not-public", {
    address: "aws_ecr_repository.repo",
    reason: /^aws_ecr_repository_policy\.policy: Anyone allow "\*" without conditions$/,
    good: (s) =>
      new EcrRepositoryPolicy(s, "policy", {
        repository: repo(s).name,
        policy: JSON.stringify({ Statement: [{ Sid: "Org", Effect: "Allow", Principal: "*", Action: "ecr:BatchGetImage", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } }] }),
      }),
    bad: (s) => new EcrRepositoryPolicy(s, "policy", { repository: repo(s).name, policy: JSON.stringify({ Statement: [{ Sid: "Anyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "ecr:*" }] }) }),
  });

  rule("ecs-no-privileged", { address: "aws_ecs_task_definition.task", reason: /^web: privileged: true$/, good: (s) => task(s), bad: (s) => task(s, container({ privileged: true })) });
  rule("ecs-readonly-root", { address: "aws_ecs_task_definition.task", reason: /^web: readonlyRootFilesystem is not true$/, good: (s) => task(s), bad: (s) => task(s, container({ readonlyRootFilesystem: false })) });
  rule("ecs-no-secrets-in-environment", {
    address: "aws_ecs_task_definition.task",
    reason: /^web: environment DB_PASSWORD$/,
    good: (s) => task(s),
    bad: (s) => task(s, container({ environment: [{ name: "DB_PASSWORD", value: "hunter2" }] })),
  });
  rule("ecs-logging", { address: "aws_ecs_task_definition.task", reason: /^web: no logConfiguration$/, good: (s) => task(s), bad: (s) => task(s, container({ logConfiguration: undefined })) });
  rule("ecs-awsvpc", { address: "aws_ecs_task_definition.task", reason: /^network_mode = "host"$/, good: (s) => task(s), bad: (s) => task(s, container(), "host") });
  rule("ecs-separate-roles", {
    address: "aws_ecs_task_definition.task",
    reason: /^task_role_arn equals execution_role_arn$/,
    good: (s) => task(s),
    bad: (s) => new EcsTaskDefinition(s, "task", { family: "web", networkMode: "awsvpc", executionRoleArn: "arn:aws:iam::1:role/exec", taskRoleArn: "arn:aws:iam::1:role/exec", containerDefinitions: JSON.stringify([container()]) }),
  });

  it("reads container definitions that reference other resources, as written at synth", () => {
    const report = check((s) => {
      const repository = repo(s);
      task(s, container({ image: `${repository.repositoryUrl}:1` }));
    });
    expect(resultsOf(report, "ecs-readonly-root")[0].status).toBe("pass");
  });

  it("reads container definitions built with Fn.jsonencode", () => {
    const report = check((s) => new EcsTaskDefinition(s, "task", { family: "web", containerDefinitions: Fn.jsonencode([container({ privileged: true })]) }));
    expectFailure(report, "ecs-no-privileged", "aws_ecs_task_definition.task", "web: privileged: true");
  });

  it("cannot judge container definitions only known at apply time, and says so", () => {
    const report = check((s) => new EcsTaskDefinition(s, "task", { family: "web", containerDefinitions: Fn.file("containers.json") }));
    expect(resultsOf(report, "ecs-no-privileged")[0]).toMatchObject({ status: "unknown", detail: expect.stringMatching(/known only at apply time/) });
  });

  rule("ecs-service-no-public-ip", { address: "aws_ecs_service.service", reason: /^assign_public_ip = true$/, good: (s) => service(s), bad: (s) => service(s, { networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: true } }) });
  rule("ecs-circuit-breaker", { address: "aws_ecs_service.service", reason: /^circuit breaker or rollback off$/, good: (s) => service(s), bad: (s) => service(s, { deploymentCircuitBreaker: { enable: true, rollback: false } }) });
  rule("ecs-container-insights", { address: "aws_ecs_cluster.cluster", reason: /^containerInsights not enabled$/, good: (s) => cluster(s), bad: (s) => cluster(s, { setting: [{ name: "containerInsights", value: "disabled" }] }) });
  rule("ecs-exec-logging", { address: "aws_ecs_cluster.cluster", reason: /^missing kms_key_id, logging = "OVERRIDE", log_configuration\.cloud_watch_log_group_name, cloud_watch_encryption_enabled$/, good: (s) => cluster(s), bad: (s) => cluster(s, { configuration: undefined }) });

  rule("batch-job-not-privileged", { address: "aws_batch_job_definition.job", reason: /^privileged: true$/, good: (s) => job(s), bad: (s) => job(s, { privileged: true }) });
  rule("batch-job-readonly-root", { address: "aws_batch_job_definition.job", reason: /^readonlyRootFilesystem is not true$/, good: (s) => job(s), bad: (s) => job(s, { readonlyRootFilesystem: false }) });
  rule("batch-job-no-public-ip", { address: "aws_batch_job_definition.job", reason: /^assignPublicIp: "ENABLED"$/, good: (s) => job(s), bad: (s) => job(s, { networkConfiguration: { assignPublicIp: "ENABLED" } }) });

  rule("apprunner-vpc-egress", { address: "aws_apprunner_service.portal", reason: /^egress_type = "DEFAULT"$/, good: (s) => appRunner(s), bad: (s) => appRunner(s, { networkConfiguration: { egressConfiguration: { egressType: "DEFAULT" } } }) });
  rule("apprunner-kms", { address: "aws_apprunner_service.portal", reason: /^no encryption_configuration\.kms_key$/, good: (s) => appRunner(s), bad: (s) => appRunner(s, { encryptionConfiguration: undefined }) });
});
