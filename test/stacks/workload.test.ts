/**
 * Workload stacks of the example: the spoke on the hub, the hub side through
 * the network-account provider, and compute wired from config. Plus security
 * sweeps over every resource of every workload stack.
 */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { stackGraph } from "../../src/app";
import { opensPort } from "../helpers/construct";
import { decodeJsonencode } from "../helpers/jsonencode";
import { exampleConfig, exampleText, resources, single, statements, synthConfig, TfJson } from "../helpers/synth";

const out = synthConfig();
const payments = out.stack("workload-payments-prod");
const analytics = out.stack("workload-analytics-dev");
const fromNetwork = (output: string) => `\${data.terraform_remote_state.remote_state_network.outputs.${output}}`;

/** Every resource of a stack as [type, name, body]. */
const all = (stack: TfJson): [string, string, TfJson][] => Object.entries(stack.resource as Record<string, Record<string, TfJson>>).flatMap(([type, byName]) => Object.entries(byName).map(([name, r]) => [type, name, r] as [string, string, TfJson]));

const HUB_SIDE = [
  "aws_ec2_transit_gateway_vpc_attachment_accepter",
  "aws_ec2_transit_gateway_route_table_association",
  "aws_ec2_transit_gateway_route_table_propagation",
  "aws_route53_vpc_association_authorization",
];

describe("workload stack: spoke and providers", () => {
  it("adds a second provider, aliased network, pinned to the network account through the hub role, chained from the workload's deployer", () => {
    const network = payments.provider.aws.find((p: TfJson) => p.alias === "network");
    expect(network).toMatchObject({
      alias: "network",
      allowed_account_ids: ["333333333333"],
      assume_role: [
        { role_arn: "arn:aws:iam::444444444444:role/lz/acme-deployer", session_name: "lz-workload-payments-prod" },
        { role_arn: "arn:aws:iam::333333333333:role/lz/acme-hub-attach", session_name: "lz-workload-payments-prod" },
      ],
    });
    expect(JSON.stringify(payments.provider)).not.toContain("OrganizationAccountAccessRole");
  });

  it("acts in the network account only for the hub side of the TGW attachment and the zone authorizations", () => {
    const hubSide = all(payments).filter(([, , r]) => r.provider === "aws.network").map(([type]) => type);
    expect([...new Set(hubSide)].sort()).toEqual([...HUB_SIDE].sort());
    for (const type of HUB_SIDE) for (const r of Object.values(resources(payments, type))) expect(r.provider).toBe("aws.network");
  });

  it("attaches the spoke to the hub's Transit Gateway and route tables, read from the network stack", () => {
    expect(single(payments, "aws_ec2_transit_gateway_vpc_attachment").transit_gateway_id).toBe(fromNetwork("transit_gateway_id"));
    expect(single(payments, "aws_ec2_transit_gateway_route_table_association").transit_gateway_route_table_id).toMatch(/remote_state_network.*spokes/);
    expect(single(payments, "aws_ec2_transit_gateway_route_table_propagation").transit_gateway_route_table_id).toMatch(/remote_state_network.*hub/);
    expect(out.manifest().stacks["workload-payments-prod"].dependencies).toEqual(expect.arrayContaining(["network", "organization"]));
    expect(out.manifest().stacks["network"].dependencies).not.toContain("workload-payments-prod");
  });

  it("builds the spoke from the account's CIDR, carved per zone", () => {
    const config = exampleConfig();
    const [account] = config.workloads;
    expect(single(payments, "aws_vpc").cidr_block).toBe("10.16.0.0/20");
    const cidrs = Object.values(resources(payments, "aws_subnet")).map((s) => s.cidr_block).sort();
    expect(cidrs).toEqual([...account.subnets.private, ...account.subnets.public, ...account.subnets.transit].sort());
  });

  it("associates the spoke with every central endpoint zone", () => {
    const services = exampleConfig().network.hub.interfaceEndpoints.map((e) => e.service);
    const associations = Object.values(resources(payments, "aws_route53_zone_association"));
    expect(associations).toHaveLength(services.length);
    const zones = Object.values(resources(payments, "aws_route53_vpc_association_authorization")).map((a) => a.zone_id);
    // Each zone id read from the network's endpoint_zone_ids output (src/stacks/contracts.ts).
    for (const service of services) expect(zones).toContainEqual(service.includes(".") ? fromNetwork(`endpoint_zone_ids["${service}"]`) : fromNetwork(`endpoint_zone_ids.${service}`));
  });

  it("adds public subnets only to the spoke with an internet-facing load balancer", () => {
    expect(Object.keys(resources(payments, "aws_internet_gateway"))).toHaveLength(1);
    expect(resources(analytics, "aws_internet_gateway")).toEqual({});
    expect(Object.keys(resources(analytics, "aws_subnet")).filter((n) => n.includes("public"))).toEqual([]);
  });

  it("encrypts with one rotating account key and sends flow logs to a group kept for logging.retentionDays", () => {
    expect(resources(payments, "aws_kms_key")["workload_key"]).toMatchObject({ enable_key_rotation: true });
    expect(resources(payments, "aws_kms_alias")["workload_key_alias"].name).toBe("alias/acme/workload");
    expect(resources(payments, "aws_cloudwatch_log_group")["spoke_flow_logs_log_group"]).toMatchObject({ kms_key_id: "${aws_kms_key.workload_key.arn}", retention_in_days: 365 });
  });
});

describe("workload stack: Session Manager access to the compute", () => {
  const SESSION_KEY = "${aws_kms_key.baseline_session_key.arn}";
  const decryptOf = (stack: TfJson, doc: string) => statements(stack, doc).find((s) => s.sid === "SessionDecrypt");

  it("lets the EC2 instance roles decrypt with the home region's session key and write its session log group", () => {
    expect(decryptOf(payments, "ec2_api_role_policy_document")).toMatchObject({ actions: ["kms:Decrypt"], resources: [SESSION_KEY] });
    const streams = statements(payments, "ec2_api_role_policy_document").find((s) => s.sid === "SessionLogStreams");
    expect(streams!.resources).toEqual(["${aws_cloudwatch_log_group.baseline_session_logs.arn}:*"]);
  });

  it("lets the Batch EC2 container instances' role decrypt with the session key", () => {
    expect(decryptOf(analytics, "batch_reports_instance_role_policy_document")).toMatchObject({ actions: ["kms:Decrypt"], resources: [SESSION_KEY] });
  });

  it("encrypts ECS Exec sessions with the session key, and lets tasks of services with exec decrypt with it", () => {
    expect(single(payments, "aws_ecs_cluster").configuration.execute_command_configuration.kms_key_id).toBe(SESSION_KEY);
    const doc = parseDocument(exampleText());
    doc.setIn(["accounts", 2, "ecs", 0, "executeCommand"], true);
    const exec = synthConfig(parseConfig(doc.toString())).stack("workload-payments-prod");
    const decrypt = statements(exec, "ecs_web_task_role_policy_document").find((s) => s.sid === "ExecuteCommandDecrypt");
    expect(decrypt).toMatchObject({ actions: ["kms:Decrypt"], resources: [SESSION_KEY] });
    expect(single(exec, "aws_ecs_service").enable_execute_command).toBe(true);
  });
});

describe("workload stack: compute from config", () => {
  it("creates one repository per ecr entry, pullable by the organization", () => {
    expect(Object.keys(resources(payments, "aws_ecr_repository")).sort()).toEqual(["ecr_etl", "ecr_portal", "ecr_web"]);
    expect(statements(payments, "ecr_web_policy")[1].condition[0].values).toEqual([expect.stringMatching(/remote_state_organization.*organization_id/)]);
  });

  it("runs the ecs image from the account's repository at the configured tag", () => {
    const [container] = decodeJsonencode(single(payments, "aws_ecs_task_definition").container_definitions) as TfJson[];
    expect(container.image).toBe("${aws_ecr_repository.ecr_web.repository_url}:1.0.0");
    expect(container.secrets).toEqual([{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:444444444444:secret:payments/db-password-AbCdEf" }]);
  });

  it("puts the internet-facing load balancer in public subnets and logs to the account's ALB bucket", () => {
    const lb = single(payments, "aws_lb");
    expect(lb.subnets).toEqual(["${aws_subnet.spoke_vpc_public_az1.id}", "${aws_subnet.spoke_vpc_public_az2.id}", "${aws_subnet.spoke_vpc_public_az3.id}"]);
    expect(lb.access_logs.bucket).toBe("acme-alb-logs-444444444444");
    expect(single(payments, "aws_s3_bucket").bucket).toBe("acme-alb-logs-444444444444");
  });

  it("creates the load balancer only after the log bucket's policy, which ELB checks when access logs are enabled", () => {
    expect(single(payments, "aws_lb").depends_on).toEqual(["aws_s3_bucket_policy.alb_logs_bucket_bucket_policy"]);
  });

  it("runs the example's dashboard as an unprivileged nginx on its port 8080, with /tmp writable under a read-only root", () => {
    const def = single(analytics, "aws_ecs_task_definition");
    const [app, init] = decodeJsonencode(def.container_definitions) as TfJson[];
    expect(app).toMatchObject({ image: "public.ecr.aws/nginx/nginx-unprivileged:1.27", readonlyRootFilesystem: true, portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }] });
    expect(app.mountPoints).toEqual([{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
    expect(def.volume).toEqual([{ name: "tmp" }]);
    expect(init.command).toEqual(["chmod", "1777", "/tmp"]);
    expect(single(analytics, "aws_lb_target_group").port).toBe(8080);
  });

  it("keeps the internal load balancer in private subnets, open to the spoke and the hub only", () => {
    const lb = single(analytics, "aws_lb");
    expect(lb.internal).toBe(true);
    expect(lb.subnets[0]).toBe("${aws_subnet.spoke_vpc_private_az1.id}");
    const cidrs = Object.values(resources(analytics, "aws_vpc_security_group_ingress_rule")).flatMap((r) => (r.cidr_ipv4 ? [r.cidr_ipv4] : []));
    expect([...new Set(cidrs)].sort()).toEqual(["10.0.0.0/16", "10.16.16.0/20"]);
  });

  it("opens the ec2 port to the web service's tasks only, as the config says", () => {
    const rule = resources(payments, "aws_vpc_security_group_ingress_rule")["ec2_api_ingress_web_8443"];
    expect(rule).toMatchObject({ security_group_id: "${aws_security_group.ec2_api_security_group.id}", referenced_security_group_id: "${aws_security_group.ecs_web_security_group.id}", from_port: 8443, to_port: 8443 });
  });

  it("places the instances and tasks in the spoke's private subnets", () => {
    expect(resources(payments, "aws_instance")["ec2_api_instance_2"].subnet_id).toBe("${aws_subnet.spoke_vpc_private_az2.id}");
    expect(single(payments, "aws_ecs_service").network_configuration.subnets).toEqual(["${aws_subnet.spoke_vpc_private_az1.id}", "${aws_subnet.spoke_vpc_private_az2.id}", "${aws_subnet.spoke_vpc_private_az3.id}"]);
  });

  it("attaches the batch submit policy to the team role", () => {
    expect(resources(payments, "aws_iam_role_policy_attachment")["batch_etl_submitter_data_team"]).toMatchObject({ role: "data-team", policy_arn: "${aws_iam_policy.batch_etl_submit_policy.arn}" });
  });

  it("runs the analytics batch environment on EC2 on-demand and SPOT", () => {
    const envs = resources(analytics, "aws_batch_compute_environment");
    expect(envs["batch_reports_on_demand"].compute_resources.type).toBe("EC2");
    expect(envs["batch_reports_spot"].compute_resources).toMatchObject({ type: "SPOT", allocation_strategy: "SPOT_PRICE_CAPACITY_OPTIMIZED", instance_type: ["m6i", "c6i"] });
  });

  it("connects App Runner to the spoke's private subnets", () => {
    expect(single(payments, "aws_apprunner_vpc_connector").subnets).toEqual(["${aws_subnet.spoke_vpc_private_az1.id}", "${aws_subnet.spoke_vpc_private_az2.id}", "${aws_subnet.spoke_vpc_private_az3.id}"]);
  });

  it("reaches the private App Runner service through a VPC ingress connection to an apprunner.requests endpoint in the spoke", () => {
    const endpoint = resources(payments, "aws_vpc_endpoint")["apprunner_ingress_endpoint"];
    expect(endpoint).toMatchObject({
      vpc_id: "${aws_vpc.spoke_vpc.id}",
      service_name: "com.amazonaws.us-east-1.apprunner.requests",
      vpc_endpoint_type: "Interface",
      private_dns_enabled: false,
      subnet_ids: ["${aws_subnet.spoke_vpc_private_az1.id}", "${aws_subnet.spoke_vpc_private_az2.id}", "${aws_subnet.spoke_vpc_private_az3.id}"],
    });
    expect(endpoint.policy).toBeUndefined();
    const https = Object.values(resources(payments, "aws_vpc_security_group_ingress_rule")).filter((r) => r.security_group_id === "${aws_security_group.apprunner_ingress_security_group.id}");
    expect(https.map((r) => [r.from_port, r.to_port, r.cidr_ipv4])).toEqual([
      [443, 443, "10.16.0.0/20"],
      [443, 443, "10.0.0.0/16"],
    ]);
    expect(single(payments, "aws_apprunner_vpc_ingress_connection")).toMatchObject({
      service_arn: "${aws_apprunner_service.apprunner_portal.arn}",
      ingress_vpc_configuration: { vpc_id: "${aws_vpc.spoke_vpc.id}", vpc_endpoint_id: "${aws_vpc_endpoint.apprunner_ingress_endpoint.id}" },
    });
    expect(payments.output.apprunner_portal_domain_name.value).toBe("${aws_apprunner_vpc_ingress_connection.apprunner_portal_ingress.domain_name}");
  });

  it("creates no ingress endpoint or connection when every App Runner service is public, and outputs the service URL", () => {
    const doc = parseDocument(exampleText());
    doc.setIn(["accounts", 2, "appRunner", 0, "public"], true);
    const stack = synthConfig(parseConfig(doc.toString())).stack("workload-payments-prod");
    expect(resources(stack, "aws_apprunner_vpc_ingress_connection")).toEqual({});
    expect(resources(stack, "aws_vpc_endpoint")["apprunner_ingress_endpoint"]).toBeUndefined();
    expect(stack.output.apprunner_portal_domain_name.value).toBe("${aws_apprunner_service.apprunner_portal.service_url}");
  });

  it("joins no awsapprunner.com zone, so public App Runner URLs resolve in the spoke", () => {
    const zones = Object.values(resources(payments, "aws_route53_zone_association"));
    expect(zones.length).toBeGreaterThan(0);
    for (const z of zones) expect(z.zone_id).not.toMatch(/apprunner_requests/);
    expect(resources(payments, "aws_route53_zone")).toEqual({});
  });

  it("names resources after config entries, so reordering the YAML changes nothing", () => {
    const doc = parseDocument(exampleText());
    doc.setIn(["accounts", 2, "ecr"], ["portal", "web", "etl"]);
    const reordered = synthConfig(parseConfig(doc.toString())).stack("workload-payments-prod");
    expect(Object.keys(resources(reordered, "aws_ecr_repository")).sort()).toEqual(Object.keys(resources(payments, "aws_ecr_repository")).sort());
    expect(resources(reordered, "aws_ecr_repository")["ecr_web"]).toEqual(resources(payments, "aws_ecr_repository")["ecr_web"]);
  });

  it("builds only the spoke for a workload account without compute", () => {
    const doc = parseDocument(exampleText());
    for (const key of ["ecr", "ecs", "batch"]) doc.deleteIn(["accounts", 3, key]);
    const bare = synthConfig(parseConfig(doc.toString())).stack("workload-analytics-dev");
    const types = new Set(all(bare).map(([type]) => type));
    for (const compute of ["aws_ecs_cluster", "aws_ecr_repository", "aws_batch_job_queue", "aws_lb", "aws_s3_bucket"]) expect(types.has(compute)).toBe(false);
    expect(types.has("aws_ec2_transit_gateway_vpc_attachment")).toBe(true);
  });
});

describe.each([
  ["workload-payments-prod", payments],
  ["workload-analytics-dev", analytics],
])("security sweep of %s", (_name, stack) => {
  const ingress = Object.values(resources(stack, "aws_vpc_security_group_ingress_rule"));

  it("never opens SSH or RDP, and opens nothing to the internet but a load balancer's 443 and 80", () => {
    for (const rule of ingress) {
      expect(opensPort(rule, 22) || opensPort(rule, 3389)).toBe(false);
      if (rule.cidr_ipv4 === "0.0.0.0/0") {
        expect([443, 80]).toContain(rule.from_port);
        expect(rule.security_group_id).toMatch(/load_balancer_security_group/);
      }
    }
    for (const sg of Object.values(resources(stack, "aws_security_group"))) expect(sg.ingress).toBeUndefined();
  });

  it("gives no instance, task or job a public IP", () => {
    for (const i of Object.values(resources(stack, "aws_instance"))) expect(i.associate_public_ip_address).toBe(false);
    for (const s of Object.values(resources(stack, "aws_ecs_service"))) expect(s.network_configuration.assign_public_ip).toBe(false);
    for (const s of Object.values(resources(stack, "aws_subnet"))) expect(s.map_public_ip_on_launch).toBe(false);
    for (const j of Object.values(resources(stack, "aws_batch_job_definition"))) {
      const props = decodeJsonencode(j.container_properties);
      if (j.platform_capabilities[0] === "FARGATE") expect(props.networkConfiguration).toEqual({ assignPublicIp: "DISABLED" });
    }
  });

  it("encrypts every log group, topic, repository and launch-template volume with the account key", () => {
    const key = "${aws_kms_key.workload_key.arn}";
    // The account baseline's session-log group has its own key; everything of the spoke and compute uses the account key.
    for (const [name, g] of Object.entries(resources(stack, "aws_cloudwatch_log_group"))) {
      expect(g.kms_key_id).toEqual(name.startsWith("baseline_") ? expect.stringMatching(/^\$\{aws_kms_key\.baseline_/) : key);
      expect(g.retention_in_days).toBeGreaterThanOrEqual(365);
    }
    for (const t of Object.values(resources(stack, "aws_sns_topic"))) expect(t.kms_master_key_id).toBe(key);
    for (const r of Object.values(resources(stack, "aws_ecr_repository"))) expect(r).toMatchObject({ encryption_configuration: [{ encryption_type: "KMS", kms_key: key }], image_scanning_configuration: { scan_on_push: true }, image_tag_mutability: "IMMUTABLE" });
    for (const lt of Object.values(resources(stack, "aws_launch_template"))) {
      expect(lt.block_device_mappings[0].ebs).toMatchObject({ encrypted: "true", kms_key_id: key });
      expect(lt.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1 });
      expect(lt.key_name).toBeUndefined();
    }
  });

  it("creates no IAM users or access keys, and trusts only AWS services in its roles", () => {
    expect(stack.resource.aws_iam_user).toBeUndefined();
    expect(stack.resource.aws_iam_access_key).toBeUndefined();
    const trusts = Object.entries(stack.data.aws_iam_policy_document as Record<string, TfJson>).filter(([name]) => name.endsWith("_trust"));
    expect(trusts.length).toBeGreaterThan(0);
    for (const [, doc] of trusts) for (const s of doc.statement) expect(s.principals.every((p: TfJson) => p.type === "Service")).toBe(true);
  });
});

describe("workload stack: WAF logs to the logging account", () => {
  it("subscribes the web ACL's aws-waf-logs- group to the logging account's destination, whose ARN it knows from the logging account's id", () => {
    const filter = single(payments, "aws_cloudwatch_log_subscription_filter");
    expect(filter).toMatchObject({
      name: "to-logging-account",
      log_group_name: "${aws_cloudwatch_log_group.ecs_web_load_balancer_waf_logs.name}",
      filter_pattern: "",
      destination_arn: "arn:aws:logs:us-east-1:222222222222:destination:acme-waf-logs",
    });
    expect(filter.destination_arn).toBe(out.stack("logging").output.waf_logs_destination_arn.value);
    // analytics-dev's load balancer is internal: no web ACL, nothing to forward.
    expect(analytics.resource.aws_wafv2_web_acl).toBeUndefined();
    expect(analytics.resource.aws_cloudwatch_log_subscription_filter).toBeUndefined();
  });

  it("applies after the logging stack when it has a web ACL, even with AWS Config off (the destination must name it first)", () => {
    const example = exampleConfig();
    const graph = stackGraph({ ...example, securityServices: { ...example.securityServices, config: false } });
    expect(graph.get("workload-payments-prod")).toContain("logging");
    expect(graph.get("workload-analytics-dev")).not.toContain("logging");
  });
});
