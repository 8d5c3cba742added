/** compute/ecs: Fargate services that are private, read-only and least-privilege, behind an HTTPS-only load balancer. */
import {
  AlbAccessLogBucket,
  FargateCluster,
  FargateService,
  FargateServiceProps,
  SCRATCH_INIT_CONTAINER,
  SCRATCH_INIT_IMAGE,
  TLS_POLICY,
} from "../../../modules/compute/ecs";
import { ELB_ACCOUNT_BY_REGION, elbLogDeliveryPrincipal } from "../../../aws/elb-log-delivery";
import { AWS_REGIONS } from "../../../src/config/regions";
import { synthConstruct } from "../../helpers/construct";
import { decodeJsonencode } from "../../helpers/jsonencode";
import { resources, single, statements, TfJson } from "../../helpers/synth";

const KEY = "arn:aws:kms:us-east-1:444444444444:key/k";
const SECRET = "arn:aws:secretsmanager:us-east-1:444444444444:secret:payments/db-password-AbCdEf";
const PARAM = "arn:aws:ssm:us-east-1:444444444444:parameter/payments/api-key";

function synthService(extra: Partial<FargateServiceProps> = {}): TfJson {
  return synthConstruct((s) => {
    const cluster = new FargateCluster(s, "cluster", { name: "acme-payments", kmsKeyArn: KEY });
    new FargateService(s, "web", {
      name: "acme-web",
      cluster,
      image: { uri: "444444444444.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0", ecrRepositoryArn: "arn:aws:ecr:us-east-1:444444444444:repository/web" },
      cpu: 256,
      memory: 512,
      port: 8080,
      desiredCount: 2,
      autoscaling: { min: 2, max: 10, cpuTarget: 60 },
      secrets: { DB_PASSWORD: SECRET, API_KEY: PARAM },
      environment: { LOG_LEVEL: "info" },
      vpcId: "vpc-1",
      subnetIds: ["private-a", "private-b"],
      kmsKeyArn: KEY,
      region: "us-east-1",
      loadBalancer: { internetFacing: true, certificateArn: "arn:aws:acm:us-east-1:444444444444:certificate/c", healthCheckPath: "/health", subnetIds: ["public-a", "public-b"], accessLogBucket: "acme-alb-logs-444444444444", accountId: "444444444444" },
      ...extra,
    });
  });
}

describe("fargate cluster", () => {
  const stack = synthService();

  it("turns Container Insights on", () => {
    expect(single(stack, "aws_ecs_cluster").setting).toEqual([{ name: "containerInsights", value: "enabled" }]);
  });

  it("encrypts execute-command sessions and logs them to a KMS log group kept a year", () => {
    expect(single(stack, "aws_ecs_cluster").configuration.execute_command_configuration).toEqual({
      kms_key_id: KEY,
      logging: "OVERRIDE",
      log_configuration: { cloud_watch_log_group_name: "${aws_cloudwatch_log_group.cluster_exec_logs.name}", cloud_watch_encryption_enabled: true },
    });
    expect(resources(stack, "aws_cloudwatch_log_group")["cluster_exec_logs"]).toMatchObject({ kms_key_id: KEY, retention_in_days: 365, lifecycle: { prevent_destroy: true } });
  });
});

describe("fargate cluster with the Session Manager key", () => {
  const SESSION_KEY = "arn:aws:kms:us-east-1:444444444444:key/session";
  const stack = synthConstruct((s) => {
    const cluster = new FargateCluster(s, "cluster", { name: "acme-payments", kmsKeyArn: KEY, execKeyArn: SESSION_KEY });
    new FargateService(s, "web", { name: "acme-web", cluster, image: { uri: "public.ecr.aws/x/y:1" }, cpu: 256, memory: 512, port: 8080, vpcId: "vpc-1", subnetIds: ["a"], kmsKeyArn: KEY, region: "us-east-1", executeCommand: true });
  });

  it("encrypts exec sessions with the session key and keeps the log group on the account key", () => {
    expect(single(stack, "aws_ecs_cluster").configuration.execute_command_configuration.kms_key_id).toBe(SESSION_KEY);
    expect(resources(stack, "aws_cloudwatch_log_group").cluster_exec_logs.kms_key_id).toBe(KEY);
  });

  it("lets tasks that allow exec decrypt with the session key", () => {
    const decrypt = statements(stack, "web_task_role_policy_document").find((st) => st.sid === "ExecuteCommandDecrypt");
    expect(decrypt).toMatchObject({ actions: ["kms:Decrypt"], resources: [SESSION_KEY] });
  });
});

describe("fargate service", () => {
  const stack = synthService();
  const task = single(stack, "aws_ecs_task_definition");
  const [container] = decodeJsonencode(task.container_definitions) as TfJson[];

  it("runs awsvpc tasks on Fargate with a read-only, unprivileged container", () => {
    expect(task).toMatchObject({ network_mode: "awsvpc", requires_compatibilities: ["FARGATE"], cpu: "256", memory: "512" });
    expect(container).toMatchObject({ readonlyRootFilesystem: true, privileged: false, essential: true });
    expect(container.mountPoints).toEqual([{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
    expect(task.volume).toEqual([{ name: "tmp" }]);
  });

  it("mounts each scratch path as a Fargate task-storage volume (no host), read-write, in the app container", () => {
    const custom = synthService({ scratch: ["/var/cache/nginx", "/tmp"] });
    const def = single(custom, "aws_ecs_task_definition");
    const [app] = decodeJsonencode(def.container_definitions) as TfJson[];
    expect(def.volume).toEqual([{ name: "var_cache_nginx" }, { name: "tmp" }]);
    expect(app.mountPoints).toEqual([
      { sourceVolume: "var_cache_nginx", containerPath: "/var/cache/nginx", readOnly: false },
      { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
    ]);
    expect(app).toMatchObject({ name: "acme-web", readonlyRootFilesystem: true, essential: true });
  });

  it("makes the scratch volumes writable for non-root images first: a read-only init container chmods them 1777, and the app waits for it", () => {
    const custom = synthService({ scratch: ["/var/cache/nginx", "/tmp"] });
    const [app, init] = decodeJsonencode(single(custom, "aws_ecs_task_definition").container_definitions) as TfJson[];
    expect(init).toEqual({
      name: SCRATCH_INIT_CONTAINER,
      image: SCRATCH_INIT_IMAGE,
      essential: false,
      readonlyRootFilesystem: true,
      privileged: false,
      user: "0",
      command: ["chmod", "1777", "/var/cache/nginx", "/tmp"],
      mountPoints: app.mountPoints,
      logConfiguration: app.logConfiguration,
    });
    expect(app.dependsOn).toEqual([{ containerName: SCRATCH_INIT_CONTAINER, condition: "SUCCESS" }]);
  });

  it("has no volume and no init container when there is no scratch directory", () => {
    const none = synthService({ scratch: [] });
    const def = single(none, "aws_ecs_task_definition");
    const containers = decodeJsonencode(def.container_definitions) as TfJson[];
    expect(containers.map((c) => c.name)).toEqual(["acme-web"]);
    expect(containers[0].mountPoints).toEqual([]);
    expect(containers[0].dependsOn).toBeUndefined();
    expect(def.volume ?? []).toEqual([]);
  });

  it("refuses scratch paths whose volumes would share a name", () => {
    expect(() => synthService({ scratch: ["/var/cache", "/var_cache"] })).toThrow(/scratch paths \/var\/cache and \/var_cache would share the volume name "var_cache"/);
  });

  it("logs through awslogs to its own KMS log group kept at least 365 days", () => {
    expect(container.logConfiguration).toEqual({
      logDriver: "awslogs",
      options: { "awslogs-group": "${aws_cloudwatch_log_group.web_logs.name}", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "acme-web" },
    });
    expect(resources(stack, "aws_cloudwatch_log_group")["web_logs"]).toMatchObject({ kms_key_id: KEY, retention_in_days: 365 });
  });

  it("injects secrets by ARN and keeps them out of the environment", () => {
    expect(container.secrets).toEqual([
      { name: "API_KEY", valueFrom: PARAM },
      { name: "DB_PASSWORD", valueFrom: SECRET },
    ]);
    expect(container.environment).toEqual([{ name: "LOG_LEVEL", value: "info" }]);
    expect(JSON.stringify(container.environment)).not.toContain("arn:");
  });

  it("separates the execution role from the task role", () => {
    expect(task.execution_role_arn).toBe("${aws_iam_role.web_execution_role.arn}");
    expect(task.task_role_arn).toBe("${aws_iam_role.web_task_role.arn}");
    const roles = resources(stack, "aws_iam_role");
    expect(roles["web_execution_role"].name).not.toBe(roles["web_task_role"].name);
  });

  it("lets the execution role pull the image, write its logs and read only the listed secrets", () => {
    const policy = statements(stack, "web_execution_role_policy_document");
    const bySid = Object.fromEntries(policy.map((s) => [s.sid, s]));
    expect(bySid.PullTheImage.resources).toEqual(["arn:aws:ecr:us-east-1:444444444444:repository/web"]);
    expect(bySid.WriteLogs.resources).toEqual(["${aws_cloudwatch_log_group.web_logs.arn}:*"]);
    expect(bySid.ReadListedSecrets).toMatchObject({ actions: ["secretsmanager:GetSecretValue"], resources: [SECRET] });
    expect(bySid.ReadListedParameters.resources).toEqual([PARAM]);
    expect(policy.flatMap((s) => s.resources).filter((r: string) => r === "*")).toEqual(["*"]); // ecr:GetAuthorizationToken only
    expect(bySid.EcrLogin.actions).toEqual(["ecr:GetAuthorizationToken"]);
  });

  it("grants the task role nothing by default", () => {
    expect(stack.data.aws_iam_policy_document["web_task_role_policy_document"]).toBeUndefined();
    expect(Object.keys(resources(stack, "aws_iam_role_policy"))).toEqual(["web_execution_role_policy"]);
    expect(statements(stack, "web_task_role_trust")[0].principals).toEqual([{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }]);
  });

  it("gives the task role the exec channel and exec logs only when executeCommand is on", () => {
    const exec = synthService({ executeCommand: true });
    const sids = statements(exec, "web_task_role_policy_document").map((s) => s.sid);
    expect(sids).toEqual(["ExecuteCommandChannel", "ExecuteCommandDecrypt", "ExecuteCommandLogs", "ExecuteCommandLogStreams"]);
    expect(single(exec, "aws_ecs_service").enable_execute_command).toBe(true);
    expect(single(stack, "aws_ecs_service").enable_execute_command).toBe(false);
  });

  it("runs in private subnets without public IPs, rolling back failed deployments", () => {
    const service = single(stack, "aws_ecs_service");
    expect(service.network_configuration).toEqual({ subnets: ["private-a", "private-b"], security_groups: ["${aws_security_group.web_security_group.id}"], assign_public_ip: false });
    expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
    expect(service).toMatchObject({ launch_type: "FARGATE", desired_count: 2, lifecycle: { ignore_changes: ["desired_count"] } });
  });

  it("scales on average CPU between min and max", () => {
    expect(single(stack, "aws_appautoscaling_target")).toMatchObject({ min_capacity: 2, max_capacity: 10, scalable_dimension: "ecs:service:DesiredCount", service_namespace: "ecs" });
    expect(single(stack, "aws_appautoscaling_policy")).toMatchObject({
      policy_type: "TargetTrackingScaling",
      target_tracking_scaling_policy_configuration: { target_value: 60, predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageCPUUtilization" } },
    });
  });
});

describe("https load balancer", () => {
  const stack = synthService();
  const lb = single(stack, "aws_lb");
  const listeners = resources(stack, "aws_lb_listener");

  it("serves HTTPS with the TLS 1.3 policy and the certificate", () => {
    expect(listeners["web_load_balancer_https"]).toMatchObject({ port: 443, protocol: "HTTPS", ssl_policy: TLS_POLICY, certificate_arn: "arn:aws:acm:us-east-1:444444444444:certificate/c" });
    expect(TLS_POLICY).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
  });

  it("only redirects plain HTTP to HTTPS", () => {
    expect(listeners["web_load_balancer_http_redirect"]).toMatchObject({
      port: 80,
      protocol: "HTTP",
      default_action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }],
    });
  });

  it("drops invalid headers, resists desync, is protected from deletion and logs access to S3", () => {
    expect(lb).toMatchObject({
      drop_invalid_header_fields: true,
      desync_mitigation_mode: "strictest",
      enable_deletion_protection: true,
      internal: false,
      subnets: ["public-a", "public-b"],
      access_logs: { bucket: "acme-alb-logs-444444444444", enabled: true, prefix: "acme-web" },
    });
  });

  it("puts AWS WAF with the managed common and known-bad-inputs rules in front when internet-facing", () => {
    const acl = single(stack, "aws_wafv2_web_acl");
    expect(acl).toMatchObject({ scope: "REGIONAL", default_action: { allow: {} } });
    expect(JSON.parse(acl.rule_json).map((r: TfJson) => [r.Priority, r.Statement.ManagedRuleGroupStatement])).toEqual([
      [1, { VendorName: "AWS", Name: "AWSManagedRulesCommonRuleSet" }],
      [2, { VendorName: "AWS", Name: "AWSManagedRulesKnownBadInputsRuleSet" }],
    ]);
    expect(single(stack, "aws_wafv2_web_acl_association")).toEqual({ resource_arn: "${aws_lb.web_load_balancer.arn}", web_acl_arn: "${aws_wafv2_web_acl.web_load_balancer_waf.arn}" });
  });

  it("logs every request the web ACL sees to an encrypted aws-waf-logs- log group in the account, after its delivery policy exists", () => {
    expect(resources(stack, "aws_cloudwatch_log_group").web_load_balancer_waf_logs).toMatchObject({ name: "aws-waf-logs-acme-web", kms_key_id: KEY, retention_in_days: 365 });
    expect(single(stack, "aws_wafv2_web_acl_logging_configuration")).toMatchObject({
      resource_arn: "${aws_wafv2_web_acl.web_load_balancer_waf.arn}",
      log_destination_configs: ["${aws_cloudwatch_log_group.web_load_balancer_waf_logs.arn}"],
      depends_on: ["aws_cloudwatch_log_resource_policy.web_load_balancer_waf_logs_policy"],
    });
    expect(JSON.parse(single(stack, "aws_cloudwatch_log_resource_policy").policy_document).Statement[0].Resource).toEqual([
      "arn:aws:logs:us-east-1:444444444444:log-group:aws-waf-logs-acme-web:log-stream:*",
    ]);
  });

  it("keeps the WAF logs in the account when no destination is given", () => {
    expect(stack.resource.aws_cloudwatch_log_subscription_filter).toBeUndefined();
  });

  it("forwards every event of the WAF log group to the given destination in another account (WAF logs only in its own account)", () => {
    const destination = "arn:aws:logs:us-east-1:222222222222:destination:acme-waf-logs";
    const forwarded = synthService({ loadBalancer: { internetFacing: true, certificateArn: "arn:aws:acm:us-east-1:444444444444:certificate/c", subnetIds: ["public-a", "public-b"], accessLogBucket: "acme-alb-logs-444444444444", accountId: "444444444444", wafLogsDestinationArn: destination } });
    expect(single(forwarded, "aws_cloudwatch_log_subscription_filter")).toEqual({
      name: "to-logging-account",
      log_group_name: "${aws_cloudwatch_log_group.web_load_balancer_waf_logs.name}",
      filter_pattern: "",
      destination_arn: destination,
    });
  });

  it("chains security groups: the load balancer reaches the tasks on the app port only, and nothing else reaches them", () => {
    const albSg = "${aws_security_group.web_load_balancer_security_group.id}";
    const taskSg = "${aws_security_group.web_security_group.id}";
    const ingress = Object.values(resources(stack, "aws_vpc_security_group_ingress_rule"));
    expect(ingress.filter((r) => r.security_group_id === taskSg)).toEqual([expect.objectContaining({ referenced_security_group_id: albSg, ip_protocol: "tcp", from_port: 8080, to_port: 8080 })]);
    expect(ingress.filter((r) => r.security_group_id === albSg).map((r) => [r.cidr_ipv4, r.from_port, r.to_port])).toEqual(
      expect.arrayContaining([
        ["0.0.0.0/0", 443, 443],
        ["0.0.0.0/0", 80, 80],
      ]),
    );
    expect(ingress.filter((r) => r.security_group_id === albSg)).toHaveLength(2);
    const albEgress = Object.values(resources(stack, "aws_vpc_security_group_egress_rule")).filter((r) => r.security_group_id === albSg);
    expect(albEgress).toEqual([expect.objectContaining({ referenced_security_group_id: taskSg, from_port: 8080, to_port: 8080 })]);
  });

  it("forwards to the tasks by IP with the configured health check, and the service waits for the listener", () => {
    expect(single(stack, "aws_lb_target_group")).toMatchObject({ target_type: "ip", port: 8080, protocol: "HTTP", health_check: { path: "/health" } });
    expect(single(stack, "aws_ecs_service").depends_on).toEqual(["aws_lb_listener.web_load_balancer_https"]);
  });

  it("is internal, without WAF, and open only to the given CIDRs when not internet-facing", () => {
    const internal = synthService({
      loadBalancer: { internetFacing: false, certificateArn: "arn:c", subnetIds: ["private-a", "private-b"], accessLogBucket: "logs", allowedCidrs: ["10.16.0.0/20", "10.0.0.0/16"], accountId: "444444444444" },
    });
    expect(single(internal, "aws_lb")).toMatchObject({ internal: true, subnets: ["private-a", "private-b"] });
    expect(resources(internal, "aws_wafv2_web_acl")).toEqual({});
    const cidrs = Object.values(resources(internal, "aws_vpc_security_group_ingress_rule")).flatMap((r) => (r.cidr_ipv4 ? [r.cidr_ipv4] : []));
    expect([...new Set(cidrs)].sort()).toEqual(["10.0.0.0/16", "10.16.0.0/20"]);
  });

  it("has no load balancer and no ingress at all when none is configured", () => {
    const bare = synthService({ loadBalancer: undefined });
    expect(resources(bare, "aws_lb")).toEqual({});
    expect(resources(bare, "aws_vpc_security_group_ingress_rule")).toEqual({});
    expect(single(bare, "aws_ecs_service").load_balancer).toBeUndefined();
  });
});

describe("alb access-log bucket", () => {
  const inRegion = (region: string) => synthConstruct((s) => new AlbAccessLogBucket(s, "alb-logs", { bucketName: "acme-alb-logs-444444444444", accountId: "444444444444", region }));
  const stack = inRegion("us-east-1");
  const writers = (synth: ReturnType<typeof inRegion>) => statements(synth, "alb_logs_bucket_policy").filter((s) => s.effect !== "Deny");

  it("uses SSE-S3, the only encryption ALB log delivery supports, with every other protection on", () => {
    expect(single(stack, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    expect(single(stack, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
  });

  it("lets only the Region's ELB account write in a Region available before August 2022, and only under this account's prefix", () => {
    expect(writers(stack)).toEqual([
      { sid: "ElbLogDelivery", principals: [{ type: "AWS", identifiers: ["arn:aws:iam::127311923021:root"] }], actions: ["s3:PutObject"], resources: ["arn:aws:s3:::acme-alb-logs-444444444444/*/AWSLogs/444444444444/*"] },
    ]);
    expect(writers(inRegion("us-west-2"))[0].principals).toEqual([{ type: "AWS", identifiers: ["arn:aws:iam::797873946194:root"] }]);
    expect(writers(inRegion("ap-southeast-3"))[0].principals).toEqual([{ type: "AWS", identifiers: ["arn:aws:iam::589379963580:root"] }]);
  });

  it("lets the log delivery service write in Regions opened since August 2022, where no ELB account exists", () => {
    for (const region of ["me-central-1", "eu-central-2", "il-central-1", "ca-west-1", "mx-central-1"]) {
      expect([region, writers(inRegion(region))[0].principals]).toEqual([region, [{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }]]);
    }
  });

  it("needs no aws_elb_service_account data source, which fails the plan in Regions it does not know", () => {
    expect(stack.data?.aws_elb_service_account).toBeUndefined();
  });
});

describe("elb log delivery principals", () => {
  it("names a principal for every Region the landing zone accepts: the ELB account where AWS lists one, else the service", () => {
    const accounts = Object.keys(ELB_ACCOUNT_BY_REGION);
    expect(accounts.filter((r) => !AWS_REGIONS.has(r))).toEqual([]);
    expect(accounts).toHaveLength(22);
    expect([...AWS_REGIONS].filter((r) => !accounts.includes(r)).sort()).toEqual([
      "ap-east-2",
      "ap-south-2",
      "ap-southeast-4",
      "ap-southeast-5",
      "ap-southeast-7",
      "ca-west-1",
      "eu-central-2",
      "eu-south-2",
      "il-central-1",
      "me-central-1",
      "mx-central-1",
    ]);
    for (const region of AWS_REGIONS) expect(elbLogDeliveryPrincipal(region).identifiers[0]).toMatch(/^(arn:aws:iam::\d{12}:root|logdelivery\.elasticloadbalancing\.amazonaws\.com)$/);
  });
});
