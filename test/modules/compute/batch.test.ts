/** compute/batch: on-demand and spot environments, critical and default queues, hardened jobs, per-team submission, failed-job alarms. */
import { BatchEnvironment, BatchEnvironmentProps, roleNameOf } from "../../../modules/compute/batch";
import { synthConstruct } from "../../helpers/construct";
import { decodeJsonencode } from "../../helpers/jsonencode";
import { resources, single, statements, TfJson } from "../../helpers/synth";

const KEY = "arn:aws:kms:us-east-1:444444444444:key/k";

function synthBatch(extra: Partial<BatchEnvironmentProps> = {}): TfJson {
  return synthConstruct(
    (s) =>
      new BatchEnvironment(s, "etl", {
        name: "acme-etl",
        maxVcpus: 64,
        vpcId: "vpc-1",
        subnetIds: ["private-a", "private-b"],
        kmsKeyArn: KEY,
        region: "us-east-1",
        jobs: [
          { name: "transform", image: { uri: "repo/etl:1", ecrRepositoryArn: "arn:aws:ecr:us-east-1:444444444444:repository/etl" }, vcpus: 1, memory: 2048, secrets: { TOKEN: "arn:aws:ssm:us-east-1:444444444444:parameter/etl/token" } },
          { name: "load", image: { uri: "public.ecr.aws/x/y:2" }, vcpus: 0.5, memory: 1024, retries: 3, timeoutSeconds: 600 },
        ],
        submitterRoleArns: ["arn:aws:iam::444444444444:role/teams/data-team"],
        ...extra,
      }),
  );
}

describe("batch on fargate", () => {
  const stack = synthBatch();
  const envs = resources(stack, "aws_batch_compute_environment");
  const queues = resources(stack, "aws_batch_job_queue");

  it("has an on-demand FARGATE and a FARGATE_SPOT environment in private subnets behind a security group", () => {
    expect(envs["etl_on_demand"].compute_resources).toMatchObject({ type: "FARGATE", max_vcpus: 64, subnets: ["private-a", "private-b"], security_group_ids: ["${aws_security_group.etl_security_group.id}"] });
    expect(envs["etl_spot"].compute_resources).toMatchObject({ type: "FARGATE_SPOT", subnets: ["private-a", "private-b"] });
    expect(resources(stack, "aws_vpc_security_group_ingress_rule")).toEqual({});
  });

  it("queues critical work on on-demand only, and default work on spot first, then on-demand", () => {
    expect(queues["etl_critical"].compute_environment_order).toEqual([{ order: 1, compute_environment: "${aws_batch_compute_environment.etl_on_demand.arn}" }]);
    expect(queues["etl_default"].compute_environment_order).toEqual([
      { order: 1, compute_environment: "${aws_batch_compute_environment.etl_spot.arn}" },
      { order: 2, compute_environment: "${aws_batch_compute_environment.etl_on_demand.arn}" },
    ]);
    expect(queues["etl_critical"].priority).toBeGreaterThan(queues["etl_default"].priority);
  });

  it("defines jobs with separate execution and job roles, a read-only root, not privileged and no public IP", () => {
    const job = resources(stack, "aws_batch_job_definition")["etl_job_transform"];
    expect(job).toMatchObject({ name: "acme-etl-transform", type: "container", platform_capabilities: ["FARGATE"], propagate_tags: true });
    const props = decodeJsonencode(job.container_properties);
    expect(props).toMatchObject({
      readonlyRootFilesystem: true,
      privileged: false,
      networkConfiguration: { assignPublicIp: "DISABLED" },
      executionRoleArn: "${aws_iam_role.etl_execution_role.arn}",
      jobRoleArn: "${aws_iam_role.etl_job_role.arn}",
      resourceRequirements: [
        { type: "VCPU", value: "1" },
        { type: "MEMORY", value: "2048" },
      ],
      secrets: [{ name: "TOKEN", valueFrom: "arn:aws:ssm:us-east-1:444444444444:parameter/etl/token" }],
    });
    expect(resources(stack, "aws_batch_job_definition")["etl_job_load"]).toMatchObject({ retry_strategy: { attempts: 3 }, timeout: { attempt_duration_seconds: 600 } });
  });

  it("logs jobs to a KMS-encrypted log group", () => {
    const props = decodeJsonencode(resources(stack, "aws_batch_job_definition")["etl_job_transform"].container_properties);
    expect(props.logConfiguration).toMatchObject({ logDriver: "awslogs", options: { "awslogs-group": "${aws_cloudwatch_log_group.etl_logs.name}" } });
    expect(single(stack, "aws_cloudwatch_log_group")).toMatchObject({ kms_key_id: KEY, retention_in_days: 365 });
  });

  it("lets the execution role pull only the jobs' ECR images and read only their secrets; the job role gets nothing", () => {
    const policy = Object.fromEntries(statements(stack, "etl_execution_role_policy_document").map((s) => [s.sid, s]));
    expect(policy.PullTheImages.resources).toEqual(["arn:aws:ecr:us-east-1:444444444444:repository/etl"]);
    expect(policy.ReadListedParameters.resources).toEqual(["arn:aws:ssm:us-east-1:444444444444:parameter/etl/token"]);
    expect(resources(stack, "aws_iam_role_policy")["etl_job_role_policy"]).toBeUndefined();
  });

  it("attaches a policy to each submitter role that allows SubmitJob on these queues and definitions only", () => {
    const [submit, follow] = statements(stack, "etl_submit_policy_document");
    expect(submit.actions).toEqual(["batch:SubmitJob"]);
    expect(submit.resources).toEqual([
      "${aws_batch_job_queue.etl_critical.arn}",
      "${aws_batch_job_queue.etl_default.arn}",
      "${aws_batch_job_definition.etl_job_transform.arn_prefix}",
      "${aws_batch_job_definition.etl_job_transform.arn_prefix}:*",
      "${aws_batch_job_definition.etl_job_load.arn_prefix}",
      "${aws_batch_job_definition.etl_job_load.arn_prefix}:*",
    ]);
    expect(follow.actions.every((a: string) => a.startsWith("batch:Describe") || a.startsWith("batch:List"))).toBe(true);
    expect(single(stack, "aws_iam_role_policy_attachment")).toEqual({ role: "data-team", policy_arn: "${aws_iam_policy.etl_submit_policy.arn}" });
    expect(roleNameOf("arn:aws:iam::444444444444:role/teams/data-team")).toBe("data-team");
  });

  it("sends FAILED jobs of its queues to an encrypted SNS topic through EventBridge", () => {
    const rule = single(stack, "aws_cloudwatch_event_rule");
    expect(decodeJsonencode(rule.event_pattern)).toEqual({
      source: ["aws.batch"],
      "detail-type": ["Batch Job State Change"],
      detail: { status: ["FAILED"], jobQueue: ["${aws_batch_job_queue.etl_critical.arn}", "${aws_batch_job_queue.etl_default.arn}"] },
    });
    expect(single(stack, "aws_cloudwatch_event_target")).toMatchObject({ rule: "${aws_cloudwatch_event_rule.etl_failed_jobs.name}", arn: "${aws_sns_topic.etl_failed_jobs_topic.arn}" });
    expect(single(stack, "aws_sns_topic").kms_master_key_id).toBe(KEY);
    const [publish] = statements(stack, "etl_failed_jobs_topic_policy_document");
    expect(publish).toMatchObject({ actions: ["sns:Publish"], principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }] });
    expect(publish.condition).toEqual([{ test: "ArnEquals", variable: "aws:SourceArn", values: ["${aws_cloudwatch_event_rule.etl_failed_jobs.arn}"] }]);
  });
});

describe("batch on ec2", () => {
  const stack = synthBatch({ platform: "ec2", instanceTypes: ["m6i", "c6i"] });
  const envs = resources(stack, "aws_batch_compute_environment");

  it("launches on-demand EC2 and SPOT with price-capacity-optimized allocation, from the hardened launch template", () => {
    expect(envs["etl_on_demand"].compute_resources).toMatchObject({ type: "EC2", allocation_strategy: "BEST_FIT_PROGRESSIVE", instance_type: ["m6i", "c6i"], min_vcpus: 0 });
    expect(envs["etl_spot"].compute_resources).toMatchObject({ type: "SPOT", allocation_strategy: "SPOT_PRICE_CAPACITY_OPTIMIZED" });
    for (const env of Object.values(envs)) {
      expect(env.compute_resources.launch_template).toEqual({ launch_template_id: "${aws_launch_template.etl_launch_template.id}", version: "${aws_launch_template.etl_launch_template.latest_version}" });
      expect(env.compute_resources.instance_role).toBe("${aws_iam_instance_profile.etl_instance_profile.arn}");
    }
    const template = single(stack, "aws_launch_template");
    expect(template.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1 });
    expect(template.block_device_mappings[0].ebs).toMatchObject({ encrypted: "true", kms_key_id: KEY, volume_type: "gp3" });
  });

  it("runs EC2 job definitions unprivileged with a read-only root (no Fargate network settings)", () => {
    const job = resources(stack, "aws_batch_job_definition")["etl_job_transform"];
    expect(job.platform_capabilities).toEqual(["EC2"]);
    const props = decodeJsonencode(job.container_properties);
    expect(props).toMatchObject({ readonlyRootFilesystem: true, privileged: false });
    expect(props.networkConfiguration).toBeUndefined();
  });
});

describe("batch on ec2 Session Manager access", () => {
  const SESSION = { keyArn: "arn:aws:kms:us-east-1:444444444444:key/session", logGroupArn: "arn:aws:logs:us-east-1:444444444444:log-group:/acme/ssm/sessions" };

  it("lets the container instances' role decrypt sessions with the session key", () => {
    const stack = synthBatch({ platform: "ec2", session: SESSION });
    const bySid = Object.fromEntries(statements(stack, "etl_instance_role_policy_document").map((st) => [st.sid, st]));
    expect(bySid.SessionDecrypt).toMatchObject({ actions: ["kms:Decrypt"], resources: [SESSION.keyArn] });
    expect(bySid.SessionChannel.actions).toContain("ssmmessages:OpenDataChannel");
    expect(resources(stack, "aws_iam_role_policy").etl_instance_role_policy.role).toBe("${aws_iam_role.etl_instance_role.id}");
  });

  it("has no instance role on Fargate, so nothing to grant", () => {
    const stack = synthBatch({ session: SESSION });
    expect(stack.data.aws_iam_policy_document.etl_instance_role_policy_document).toBeUndefined();
  });
});
