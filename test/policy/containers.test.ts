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
import { check, resultsOf, rule } from "./helpers";

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
  rule("ecr-scan-on-push", { good: (s) => repo(s), bad: (s) => repo(s, { imageScanningConfiguration: { scanOnPush: false } }), path: "test/repo" });
  rule("ecr-immutable-tags", { good: (s) => repo(s), bad: (s) => repo(s, { imageTagMutability: "MUTABLE" }), detail: /MUTABLE/ });
  rule("ecr-lifecycle-policy", {
    good: (s) => new EcrLifecyclePolicy(s, "lifecycle", { repository: repo(s).name, policy: JSON.stringify({ rules: [] }) }),
    bad: (s) => repo(s),
  });
  rule("ecr-kms", { good: (s) => repo(s), bad: (s) => repo(s, { encryptionConfiguration: [{ encryptionType: "AES256" }] }), detail: /AES256/ });
  rule("ecr-policy-not-public", {
    good: (s) =>
      new EcrRepositoryPolicy(s, "policy", {
        repository: repo(s).name,
        policy: JSON.stringify({ Statement: [{ Sid: "Org", Effect: "Allow", Principal: "*", Action: "ecr:BatchGetImage", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } }] }),
      }),
    bad: (s) => new EcrRepositoryPolicy(s, "policy", { repository: repo(s).name, policy: JSON.stringify({ Statement: [{ Sid: "Anyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "ecr:*" }] }) }),
    detail: /Anyone allow "\*" without conditions/,
  });

  rule("ecs-no-privileged", { good: (s) => task(s), bad: (s) => task(s, container({ privileged: true })), detail: /web: privileged: true/ });
  rule("ecs-readonly-root", { good: (s) => task(s), bad: (s) => task(s, container({ readonlyRootFilesystem: false })) });
  rule("ecs-no-secrets-in-environment", {
    good: (s) => task(s),
    bad: (s) => task(s, container({ environment: [{ name: "DB_PASSWORD", value: "hunter2" }] })),
    detail: /environment DB_PASSWORD/,
  });
  rule("ecs-logging", { good: (s) => task(s), bad: (s) => task(s, container({ logConfiguration: undefined })) });
  rule("ecs-awsvpc", { good: (s) => task(s), bad: (s) => task(s, container(), "host"), detail: /network_mode = "host"/ });
  rule("ecs-separate-roles", {
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
    expect(resultsOf(report, "ecs-no-privileged")[0]).toMatchObject({ status: "fail", detail: "web: privileged: true" });
  });

  it("cannot judge container definitions only known at apply time, and says so", () => {
    const report = check((s) => new EcsTaskDefinition(s, "task", { family: "web", containerDefinitions: Fn.file("containers.json") }));
    expect(resultsOf(report, "ecs-no-privileged")[0]).toMatchObject({ status: "unknown", detail: expect.stringMatching(/known only at apply time/) });
  });

  rule("ecs-service-no-public-ip", { good: (s) => service(s), bad: (s) => service(s, { networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: true } }) });
  rule("ecs-circuit-breaker", { good: (s) => service(s), bad: (s) => service(s, { deploymentCircuitBreaker: { enable: true, rollback: false } }) });
  rule("ecs-container-insights", { good: (s) => cluster(s), bad: (s) => cluster(s, { setting: [{ name: "containerInsights", value: "disabled" }] }) });
  rule("ecs-exec-logging", { good: (s) => cluster(s), bad: (s) => cluster(s, { configuration: undefined }), detail: /missing kms_key_id/ });

  rule("batch-job-not-privileged", { good: (s) => job(s), bad: (s) => job(s, { privileged: true }) });
  rule("batch-job-readonly-root", { good: (s) => job(s), bad: (s) => job(s, { readonlyRootFilesystem: false }) });
  rule("batch-job-no-public-ip", { good: (s) => job(s), bad: (s) => job(s, { networkConfiguration: { assignPublicIp: "ENABLED" } }) });

  rule("apprunner-vpc-egress", { good: (s) => appRunner(s), bad: (s) => appRunner(s, { networkConfiguration: { egressConfiguration: { egressType: "DEFAULT" } } }), detail: /DEFAULT/ });
  rule("apprunner-kms", { good: (s) => appRunner(s), bad: (s) => appRunner(s, { encryptionConfiguration: undefined }) });
});
