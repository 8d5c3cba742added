/** compute/apprunner: an App Runner service from ECR, egress through the spoke, encrypted, scaled and traced. */
import { AppRunnerIngressEndpoint, AppRunnerServiceConstruct, AppRunnerServiceProps } from "../../../modules/compute/apprunner";
import { synthConstruct } from "../../helpers/construct";
import { resources, single, statements, TfJson } from "../../helpers/synth";

const KEY = "arn:aws:kms:us-east-1:444444444444:key/k";
const SECRET = "arn:aws:secretsmanager:us-east-1:444444444444:secret:portal/session-AbCdEf";

function synthAppRunner(extra: Partial<AppRunnerServiceProps> = {}): TfJson {
  return synthConstruct(
    (s) =>
      new AppRunnerServiceConstruct(s, "portal", {
        name: "acme-portal",
        image: { uri: "444444444444.dkr.ecr.us-east-1.amazonaws.com/portal:1.0.0", ecrRepositoryArn: "arn:aws:ecr:us-east-1:444444444444:repository/portal" },
        cpu: 1024,
        memory: 2048,
        port: 8080,
        secrets: { SESSION_KEY: SECRET },
        autoscaling: { min: 2, max: 8, maxConcurrency: 50 },
        vpcId: "vpc-1",
        subnetIds: ["private-a", "private-b"],
        kmsKeyArn: KEY,
        region: "us-east-1",
        accountId: "444444444444",
        ingress: { vpcId: "vpc-1", vpcEndpointId: "vpce-requests" },
        ...extra,
      }),
  );
}

describe("app runner service", () => {
  const stack = synthAppRunner();
  const service = single(stack, "aws_apprunner_service");

  it("runs the ECR image through an access role limited to ECR pulls, without automatic deployments", () => {
    expect(service.source_configuration).toMatchObject({
      auto_deployments_enabled: false,
      authentication_configuration: { access_role_arn: "${aws_iam_role.portal_access_role.arn}" },
      image_repository: { image_identifier: "444444444444.dkr.ecr.us-east-1.amazonaws.com/portal:1.0.0", image_repository_type: "ECR", image_configuration: { port: "8080", runtime_environment_secrets: { SESSION_KEY: SECRET } } },
    });
    expect(single(stack, "aws_iam_role_policy_attachment").policy_arn).toBe("arn:aws:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess");
    expect(statements(stack, "portal_access_role_trust")[0].principals).toEqual([{ type: "Service", identifiers: ["build.apprunner.amazonaws.com"] }]);
  });

  it("has its own instance role, which may read only the listed secrets", () => {
    expect(service.instance_configuration).toEqual({ cpu: "1024", memory: "2048", instance_role_arn: "${aws_iam_role.portal_instance_role.arn}" });
    const policy = Object.fromEntries(statements(stack, "portal_instance_role_policy_document").map((s) => [s.sid, s]));
    expect(policy.ReadListedSecrets.resources).toEqual([SECRET]);
    expect(statements(stack, "portal_instance_role_trust")[0].condition).toEqual([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["444444444444"] }]);
  });

  it("sends all egress through a VPC connector in the private subnets, and is not publicly accessible", () => {
    expect(service.network_configuration).toEqual({
      egress_configuration: { egress_type: "VPC", vpc_connector_arn: "${aws_apprunner_vpc_connector.portal_vpc_connector.arn}" },
      ingress_configuration: { is_publicly_accessible: false },
    });
    expect(single(stack, "aws_apprunner_vpc_connector")).toMatchObject({ subnets: ["private-a", "private-b"], security_groups: ["${aws_security_group.portal_security_group.id}"] });
    expect(resources(stack, "aws_vpc_security_group_ingress_rule")).toEqual({});
  });

  it("encrypts with the account key, autoscales and traces with X-Ray", () => {
    expect(service.encryption_configuration).toEqual({ kms_key: KEY });
    expect(single(stack, "aws_apprunner_auto_scaling_configuration_version")).toMatchObject({ min_size: 2, max_size: 8, max_concurrency: 50 });
    expect(service.auto_scaling_configuration_arn).toBe("${aws_apprunner_auto_scaling_configuration_version.portal_autoscaling.arn}");
    expect(single(stack, "aws_apprunner_observability_configuration").trace_configuration).toEqual({ vendor: "AWSXRAY" });
    expect(service.observability_configuration).toEqual({ observability_enabled: true, observability_configuration_arn: "${aws_apprunner_observability_configuration.portal_observability.arn}" });
  });

  it("needs no access role for an ECR Public image", () => {
    const pub = synthAppRunner({ image: { uri: "public.ecr.aws/nginx/nginx:1.27" } });
    expect(single(pub, "aws_apprunner_service").source_configuration.image_repository.image_repository_type).toBe("ECR_PUBLIC");
    expect(Object.keys(resources(pub, "aws_iam_role"))).toEqual(["portal_instance_role"]);
  });
});

describe("app runner private ingress", () => {
  const stack = synthAppRunner();

  it("ties a private service to the apprunner.requests endpoint with a VPC ingress connection (network-pl.html)", () => {
    expect(single(stack, "aws_apprunner_vpc_ingress_connection")).toMatchObject({
      name: "acme-portal",
      service_arn: "${aws_apprunner_service.portal.arn}",
      ingress_vpc_configuration: { vpc_id: "vpc-1", vpc_endpoint_id: "vpce-requests" },
    });
  });

  it("refuses a private service without an ingress endpoint, which would be reachable from nowhere", () => {
    expect(() => synthAppRunner({ ingress: undefined })).toThrow(/App Runner service acme-portal is private \(public: false\) but has no ingress endpoint/);
  });

  it("creates no ingress connection for a public service", () => {
    const pub = synthAppRunner({ public: true, ingress: undefined });
    expect(resources(pub, "aws_apprunner_vpc_ingress_connection")).toEqual({});
    expect(single(pub, "aws_apprunner_service").network_configuration.ingress_configuration).toEqual({ is_publicly_accessible: true });
  });
});

describe("app runner ingress endpoint", () => {
  const stack = synthConstruct(
    (s) => new AppRunnerIngressEndpoint(s, "ingress", { name: "acme-payments-prod", vpcId: "vpc-1", subnetIds: ["private-a", "private-b"], allowedCidrs: ["10.16.0.0/20", "10.0.0.0/16"], serviceName: "com.amazonaws.us-east-1.apprunner.requests" }),
  );

  it("is an interface endpoint of apprunner.requests in the given subnets, private DNS off, with no endpoint policy (App Runner takes none)", () => {
    const endpoint = single(stack, "aws_vpc_endpoint");
    expect(endpoint).toMatchObject({
      vpc_id: "vpc-1",
      service_name: "com.amazonaws.us-east-1.apprunner.requests",
      vpc_endpoint_type: "Interface",
      subnet_ids: ["private-a", "private-b"],
      security_group_ids: ["${aws_security_group.ingress_security_group.id}"],
      private_dns_enabled: false,
    });
    expect(endpoint.policy).toBeUndefined();
  });

  it("admits only HTTPS from the allowed networks and allows no egress", () => {
    const group = single(stack, "aws_security_group");
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
    expect(resources(stack, "aws_vpc_security_group_egress_rule")).toEqual({});
    const rules = Object.values(resources(stack, "aws_vpc_security_group_ingress_rule"));
    expect(rules.map((r) => [r.security_group_id, r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4])).toEqual([
      ["${aws_security_group.ingress_security_group.id}", "tcp", 443, 443, "10.16.0.0/20"],
      ["${aws_security_group.ingress_security_group.id}", "tcp", 443, 443, "10.0.0.0/16"],
    ]);
  });

  it("creates no DNS zone: public App Runner URLs keep resolving in the VPC", () => {
    expect(resources(stack, "aws_route53_zone")).toEqual({});
  });
});
