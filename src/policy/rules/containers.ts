/** Container guardrails: ECR repositories, ECS task definitions, services and clusters, Batch job definitions, App Runner. */
import { SECRET_NAME } from "../../config/secret-names";
import { StackModel, TfElement } from "../model";
import { policyStatements } from "../policy-doc";
import { fail, pass, ResourceRule, unknown, Verdict } from "../types";
import { JsonObject } from "../json";
import { blockOf, blocksOf, boolOf, isObject, isSet, jsonOf, strOf, UNKNOWN } from "../values";
import { notPublic } from "./storage";

/** Container definitions of a task definition; UNKNOWN when built with jsonencode or references outside strings. */
function containers(e: TfElement): JsonObject[] | typeof UNKNOWN | undefined {
  const parsed = jsonOf(e.attrs.container_definitions);
  if (parsed === undefined) return undefined;
  if (parsed === UNKNOWN || !Array.isArray(parsed) || !parsed.every(isObject)) return UNKNOWN;
  return parsed as JsonObject[];
}

/** A job definition's container properties (single-container jobs). */
function jobContainer(e: TfElement): JsonObject | typeof UNKNOWN | undefined {
  const parsed = jsonOf(e.attrs.container_properties);
  if (parsed === undefined) return undefined;
  return isObject(parsed) ? parsed : UNKNOWN;
}

/** Applies `judge` to a Batch job definition's container properties: unknown while they are an expression, nothing without them. */
function onJobContainer(e: TfElement, judge: (c: JsonObject) => Verdict): Verdict | undefined {
  const c = jobContainer(e);
  if (c === UNKNOWN) return unknown("container_properties is known only at apply time");
  return c ? judge(c) : undefined;
}

/** What a judge says of one container: a problem, UNKNOWN when a value it needs is an expression, or undefined when fine. */
type ContainerJudgement = string | typeof UNKNOWN | undefined;

/** Applies `judge` to every container of a task definition. */
function perContainer(e: TfElement, judge: (c: JsonObject) => ContainerJudgement, ok: string, needs: string): Verdict {
  const list = containers(e);
  if (list === UNKNOWN) return unknown("container_definitions is an expression known only at apply time; build it with JSON.stringify or Fn.jsonencode of a literal");
  if (!list) return fail("no container definitions");
  const judged = list.map((c) => [String(c.name), judge(c)] as const);
  const problems = judged.filter(([, p]) => typeof p === "string");
  if (problems.length) return fail(problems.map(([n, p]) => `${n}: ${String(p)}`).join("; "));
  const opaque = judged.filter(([, p]) => p === UNKNOWN);
  if (opaque.length) return unknown(`${opaque.map(([n]) => n).join(", ")}: ${needs} is known only at apply time`);
  return pass(ok);
}

/** A container flag that must be `want`: the problem text when it is not, UNKNOWN for an expression. */
function flag(value: unknown, want: boolean, problem: string): ContainerJudgement {
  const v = boolOf(value);
  if (v === UNKNOWN) return UNKNOWN;
  return (v ?? false) === want ? undefined : problem;
}


function repoPolicyTarget(repo: TfElement, stack: StackModel): TfElement[] {
  return stack.pointingAt("aws_ecr_repository_policy", "repository", repo, typeof repo.attrs.name === "string" ? [repo.attrs.name] : []);
}

export const containerRules: ResourceRule[] = [
  {
    id: "ecr-scan-on-push",
    area: "containers",
    scope: "resource",
    severity: "error",
    title: "ECR repositories scan images on push",
    description: "Scanning on push reports known CVEs before an image is deployed.",
    message: "repository does not scan images on push",
    fix: "set image_scanning_configuration { scan_on_push = true }",
    refs: { fsbp: "ECR.1", checkov: "CKV_AWS_163" },
    types: ["aws_ecr_repository"],
    check(e, stack) {
      const registry = stack.ofType("aws_ecr_registry_scanning_configuration")[0];
      if (registry) return pass(`registry scanning configured (${registry.address})`);
      const cfg = blockOf(e.attrs.image_scanning_configuration);
      if (cfg === UNKNOWN) return unknown("image_scanning_configuration is known only at apply time");
      const v = boolOf(cfg?.scan_on_push);
      if (v === UNKNOWN) return unknown("scan_on_push is known only at apply time");
      return v === true ? pass("scan_on_push = true") : fail("scan_on_push is not enabled");
    },
  },
  {
    id: "ecr-immutable-tags",
    area: "containers",
    scope: "resource",
    severity: "error",
    title: "ECR image tags are immutable",
    description: "A mutable tag lets anyone with push rights replace what production runs under the same name.",
    message: "repository tags are mutable",
    fix: 'set image_tag_mutability = "IMMUTABLE"',
    refs: { fsbp: "ECR.2", checkov: "CKV_AWS_51" },
    types: ["aws_ecr_repository"],
    check(e) {
      const v = strOf(e.attrs.image_tag_mutability);
      if (v === UNKNOWN) return unknown("image_tag_mutability is known only at apply time");
      return v?.startsWith("IMMUTABLE") ? pass(`image_tag_mutability = "${v}"`) : fail(`image_tag_mutability = "${v ?? "MUTABLE"}"`);
    },
  },
  {
    id: "ecr-lifecycle-policy",
    area: "containers",
    scope: "resource",
    severity: "warning",
    title: "ECR repositories have a lifecycle policy",
    description: "Old images pile up cost and keep vulnerable layers pullable.",
    message: "repository has no lifecycle policy",
    fix: "add an aws_ecr_lifecycle_policy for the repository",
    refs: { fsbp: "ECR.3" },
    types: ["aws_ecr_repository"],
    check(e, stack) {
      const policies = stack.pointingAt("aws_ecr_lifecycle_policy", "repository", e, typeof e.attrs.name === "string" ? [e.attrs.name] : []);
      if (policies.length) return pass(policies[0].address);
      return stack.hasOpaque("aws_ecr_lifecycle_policy", "repository") ? unknown("a lifecycle policy's repository is known only at apply time") : fail("no aws_ecr_lifecycle_policy refers to this repository");
    },
  },
  {
    id: "ecr-kms",
    area: "containers",
    scope: "resource",
    severity: "error",
    title: "ECR repositories are encrypted with KMS",
    description: "KMS encryption puts image access under a key policy the landing zone controls.",
    message: "repository uses the default AES256 encryption",
    fix: 'set encryption_configuration { encryption_type = "KMS", kms_key = <account key ARN> }',
    refs: { checkov: "CKV_AWS_136" },
    coverage: "encryption",
    types: ["aws_ecr_repository"],
    check(e) {
      const cfg = blockOf(e.attrs.encryption_configuration);
      if (cfg === UNKNOWN) return unknown("encryption_configuration is known only at apply time");
      const type = strOf(cfg?.encryption_type);
      if (type === UNKNOWN) return unknown("encryption_type is known only at apply time");
      return type === "KMS" ? pass(isSet(cfg?.kms_key) ? "KMS with a customer-managed key" : "KMS (AWS-managed key)") : fail(`encryption_type = "${type ?? "AES256"}"`);
    },
  },
  {
    id: "ecr-policy-not-public",
    area: "containers",
    scope: "resource",
    severity: "error",
    title: "ECR repository policies do not grant access to everyone",
    description: "A wildcard principal without conditions makes images pullable by any AWS account.",
    message: "repository policy allows any principal",
    fix: "name the accounts, or add an aws:PrincipalOrgID condition to the statement",
    refs: { checkov: "CKV_AWS_32" },
    types: ["aws_ecr_repository"],
    check(e, stack) {
      const policies = repoPolicyTarget(e, stack);
      const verdicts = policies.map((p) => notPublic(policyStatements(p.attrs.policy, stack), p.address));
      const worst = verdicts.find((v) => v.status === "fail") ?? verdicts.find((v) => v.status === "unknown");
      if (worst) return worst;
      return pass(policies.length ? "policy names its principals" : "no repository policy (account-only access)");
    },
  },
  {
    id: "ecs-no-privileged",
    area: "containers",
    scope: "resource",
    severity: "error",
    title: "ECS containers are not privileged",
    description: "A privileged container has root on the host.",
    message: "container runs privileged",
    fix: "remove privileged (or set it to false) in the container definition",
    refs: { fsbp: "ECS.4", checkov: "CKV_AWS_334" },
    types: ["aws_ecs_task_definition"],
    check: (e) => perContainer(e, (c) => flag(c.privileged, false, "privileged: true"), "no privileged container", "privileged"),
  },
  {
    id: "ecs-readonly-root",
    area: "containers",
    scope: "resource",
    severity: "error",
    title: "ECS containers have a read-only root filesystem",
    description: "A read-only root stops an attacker from persisting tools or changing binaries in the container.",
    message: "container root filesystem is writable",
    fix: "set readonlyRootFilesystem: true (mount a volume for paths the app writes)",
    refs: { fsbp: "ECS.5", checkov: "CKV_AWS_336" },
    types: ["aws_ecs_task_definition"],
    check: (e) => perContainer(e, (c) => flag(c.readonlyRootFilesystem, true, "readonlyRootFilesystem is not true"), "every root filesystem read-only", "readonlyRootFilesystem"),
  },
  {
    id: "ecs-no-secrets-in-environment",
    area: "containers",
    scope: "resource",
    severity: "error",
    title: "ECS secrets come from Secrets Manager or SSM, never environment literals",
    description: "Environment values are visible to anyone who can describe the task definition.",
    message: "secret-looking value in a container's environment",
    fix: "move it to `secrets` with valueFrom = the Secrets Manager or SSM parameter ARN",
    refs: { fsbp: "ECS.8" },
    types: ["aws_ecs_task_definition"],
    check: (e) =>
      perContainer(
        e,
        (c) => {
          const env = Array.isArray(c.environment) ? c.environment.filter(isObject) : [];
          const names = env.map((v) => String(v.name)).filter((n) => SECRET_NAME.test(n));
          return names.length ? `environment ${names.join(", ")}` : undefined;
        },
        "no secret-looking environment variables",
        "environment",
      ),
  },
  {
    id: "ecs-logging",
    area: "containers",
    scope: "resource",
    severity: "error",
    title: "ECS containers send logs to a log driver",
    description: "Without a log configuration, container output is lost when the task stops.",
    message: "container has no log configuration",
    fix: 'set logConfiguration: { logDriver: "awslogs", options: { awslogs-group, awslogs-region, awslogs-stream-prefix } }',
    refs: { fsbp: "ECS.9" },
    coverage: "logging",
    types: ["aws_ecs_task_definition"],
    check: (e) => perContainer(e, (c) => (isObject(c.logConfiguration) && c.logConfiguration.logDriver ? undefined : "no logConfiguration"), "every container logs", "logConfiguration"),
  },
  {
    id: "ecs-awsvpc",
    area: "containers",
    scope: "resource",
    severity: "error",
    title: "ECS tasks use awsvpc networking",
    description: "awsvpc gives each task its own ENI and security group; host mode shares the host's network namespace.",
    message: "task definition does not use awsvpc networking",
    fix: 'set network_mode = "awsvpc"',
    refs: { fsbp: "ECS.1" },
    types: ["aws_ecs_task_definition"],
    check(e) {
      const v = strOf(e.attrs.network_mode);
      if (v === UNKNOWN) return unknown("network_mode is known only at apply time");
      return v === "awsvpc" ? pass('network_mode = "awsvpc"') : fail(`network_mode = "${v ?? "bridge"}"`);
    },
  },
  {
    id: "ecs-separate-roles",
    area: "containers",
    scope: "resource",
    severity: "warning",
    title: "ECS tasks have a task role distinct from the execution role",
    description: "The execution role pulls images and secrets for ECS; the app's own permissions belong to a separate, least-privilege task role.",
    message: "task role missing or equal to the execution role",
    fix: "set task_role_arn to a role of its own",
    refs: {},
    types: ["aws_ecs_task_definition"],
    check(e) {
      const task = e.attrs.task_role_arn;
      const exec = e.attrs.execution_role_arn;
      if (!isSet(task)) return fail("no task_role_arn");
      return task === exec ? fail("task_role_arn equals execution_role_arn") : pass("separate task and execution roles");
    },
  },
  {
    id: "ecs-service-no-public-ip",
    area: "containers",
    scope: "resource",
    severity: "error",
    title: "ECS services assign no public IPs",
    description: "Tasks sit in private subnets behind the load balancer.",
    message: "service assigns public IPs",
    fix: "set network_configuration.assign_public_ip = false",
    refs: { fsbp: "ECS.2", checkov: "CKV_AWS_333" },
    types: ["aws_ecs_service"],
    check(e) {
      const cfg = blockOf(e.attrs.network_configuration);
      if (cfg === UNKNOWN) return unknown("network_configuration is known only at apply time");
      const v = boolOf(cfg?.assign_public_ip);
      if (v === UNKNOWN) return unknown("assign_public_ip is known only at apply time");
      return v === true ? fail("assign_public_ip = true") : pass("assign_public_ip is false");
    },
  },
  {
    id: "ecs-circuit-breaker",
    area: "containers",
    scope: "resource",
    severity: "warning",
    title: "ECS services roll back failed deployments",
    description: "The deployment circuit breaker stops a broken release from replacing healthy tasks.",
    message: "service has no deployment circuit breaker with rollback",
    fix: "set deployment_circuit_breaker { enable = true, rollback = true }",
    refs: {},
    types: ["aws_ecs_service"],
    check(e) {
      const cb = blockOf(e.attrs.deployment_circuit_breaker);
      if (cb === UNKNOWN || boolOf(cb?.enable) === UNKNOWN || boolOf(cb?.rollback) === UNKNOWN) return unknown("deployment_circuit_breaker is known only at apply time");
      return boolOf(cb?.enable) === true && boolOf(cb?.rollback) === true ? pass("circuit breaker with rollback") : fail("circuit breaker or rollback off");
    },
  },
  {
    id: "ecs-container-insights",
    area: "containers",
    scope: "resource",
    severity: "warning",
    title: "ECS clusters have Container Insights on",
    description: "Container Insights collects task-level metrics needed to investigate incidents.",
    message: "cluster has Container Insights off",
    fix: 'add setting { name = "containerInsights", value = "enabled" }',
    refs: { fsbp: "ECS.12", checkov: "CKV_AWS_65" },
    types: ["aws_ecs_cluster"],
    check(e) {
      const settings = blocksOf(e.attrs.setting);
      if (settings === UNKNOWN) return unknown("cluster settings are known only at apply time");
      const ci = settings.find((s) => s.name === "containerInsights");
      const value = strOf(ci?.value);
      if (value === UNKNOWN) return unknown("the containerInsights value is known only at apply time");
      return value && ["enabled", "enhanced"].includes(value) ? pass(`containerInsights = ${value}`) : fail("containerInsights not enabled");
    },
  },
  {
    id: "ecs-exec-logging",
    area: "containers",
    scope: "resource",
    severity: "warning",
    title: "ECS Exec sessions are logged, encrypted with a customer key",
    description: "ECS Exec is a shell into a running task; its sessions must be recorded and encrypted.",
    message: "cluster does not log ECS Exec sessions to an encrypted destination",
    fix: 'set configuration.execute_command_configuration { kms_key_id, logging = "OVERRIDE", log_configuration { cloud_watch_log_group_name, cloud_watch_encryption_enabled = true } }',
    refs: { checkov: "CKV_AWS_224" },
    coverage: "logging",
    types: ["aws_ecs_cluster"],
    check(e) {
      const cfg = blockOf(e.attrs.configuration);
      if (cfg === UNKNOWN) return unknown("configuration is known only at apply time");
      const exec = blockOf(cfg?.execute_command_configuration);
      if (exec === UNKNOWN) return unknown("execute_command_configuration is known only at apply time");
      const log = blockOf(exec?.log_configuration);
      if (log === UNKNOWN) return unknown("log_configuration is known only at apply time");
      if (strOf(exec?.logging) === UNKNOWN) return unknown("execute_command_configuration.logging is known only at apply time");
      const missing = [
        !isSet(exec?.kms_key_id) && "kms_key_id",
        exec?.logging !== "OVERRIDE" && 'logging = "OVERRIDE"',
        !isSet(log?.cloud_watch_log_group_name) && "log_configuration.cloud_watch_log_group_name",
        boolOf(log?.cloud_watch_encryption_enabled) !== true && "cloud_watch_encryption_enabled",
      ].filter(Boolean);
      return missing.length ? fail(`missing ${missing.join(", ")}`) : pass("exec sessions logged to an encrypted log group");
    },
  },
  {
    id: "batch-job-not-privileged",
    area: "containers",
    scope: "resource",
    severity: "error",
    title: "Batch jobs do not run privileged containers",
    description: "A privileged container has root on the host.",
    message: "job definition runs a privileged container",
    fix: "remove privileged from container_properties",
    refs: { checkov: "CKV_AWS_210" },
    types: ["aws_batch_job_definition"],
    check: (e) =>
      onJobContainer(e, (c) => {
        const v = boolOf(c.privileged);
        if (v === UNKNOWN) return unknown("privileged is known only at apply time");
        return v === true ? fail("privileged: true") : pass("not privileged");
      }),
  },
  {
    id: "batch-job-readonly-root",
    area: "containers",
    scope: "resource",
    severity: "error",
    title: "Batch job containers have a read-only root filesystem",
    description: "A read-only root stops a job from changing its own image at run time.",
    message: "job container root filesystem is writable",
    fix: "set readonlyRootFilesystem: true in container_properties",
    refs: {},
    types: ["aws_batch_job_definition"],
    check: (e) =>
      onJobContainer(e, (c) => {
        const v = boolOf(c.readonlyRootFilesystem);
        if (v === UNKNOWN) return unknown("readonlyRootFilesystem is known only at apply time");
        return v === true ? pass("readonlyRootFilesystem: true") : fail("readonlyRootFilesystem is not true");
      }),
  },
  {
    id: "batch-job-no-public-ip",
    area: "containers",
    scope: "resource",
    severity: "error",
    title: "Batch Fargate jobs get no public IP",
    description: "Jobs run in private subnets and reach the internet, if at all, through the hub NAT.",
    message: "job definition assigns a public IP",
    fix: 'set networkConfiguration: { assignPublicIp: "DISABLED" } in container_properties',
    refs: {},
    types: ["aws_batch_job_definition"],
    check: (e) =>
      onJobContainer(e, (c) => {
        const net = isObject(c.networkConfiguration) ? c.networkConfiguration : {};
        const v = strOf(net.assignPublicIp);
        if (v === UNKNOWN) return unknown("assignPublicIp is known only at apply time");
        return v === "ENABLED" ? fail('assignPublicIp: "ENABLED"') : pass(`assignPublicIp: ${v ?? "DISABLED (default)"}`);
      }),
  },
  {
    id: "apprunner-vpc-egress",
    area: "containers",
    scope: "resource",
    severity: "error",
    title: "App Runner services send outbound traffic through the VPC",
    description: "With VPC egress, App Runner traffic leaves through the hub NAT and its controls instead of App Runner's own internet path.",
    message: "App Runner service egresses to the internet directly",
    fix: 'set network_configuration { egress_configuration { egress_type = "VPC", vpc_connector_arn = <connector> } }',
    refs: {},
    types: ["aws_apprunner_service"],
    check(e) {
      const net = blockOf(e.attrs.network_configuration);
      if (net === UNKNOWN) return unknown("network_configuration is known only at apply time");
      const egress = blockOf(net?.egress_configuration);
      if (egress === UNKNOWN) return unknown("egress_configuration is known only at apply time");
      const type = strOf(egress?.egress_type);
      if (type === UNKNOWN) return unknown("egress_type is known only at apply time");
      return type === "VPC" && isSet(egress?.vpc_connector_arn) ? pass("egress through a VPC connector") : fail(`egress_type = "${String(egress?.egress_type ?? "DEFAULT")}"`);
    },
  },
  {
    id: "apprunner-kms",
    area: "containers",
    scope: "resource",
    severity: "warning",
    title: "App Runner services are encrypted with a customer-managed key",
    description: "A customer-managed key keeps the service's stored source and configuration under the landing zone's key policy.",
    message: "App Runner service uses the AWS-managed key",
    fix: "set encryption_configuration { kms_key = <account key ARN> }",
    refs: {},
    coverage: "encryption",
    types: ["aws_apprunner_service"],
    check(e) {
      const enc = blockOf(e.attrs.encryption_configuration);
      if (enc === UNKNOWN) return unknown("encryption_configuration is known only at apply time");
      return isSet(enc?.kms_key) ? pass("kms_key set") : fail("no encryption_configuration.kms_key");
    },
  },
];
