/** endpoints: interface endpoints behind an HTTPS-only group, organization-only policies, a zone per service. */
import { EndpointServiceSpec, InterfaceEndpoints, InterfaceEndpointsProps } from "../../modules/endpoints";
import { opensPort, synthConstruct } from "../helpers/construct";
import { resources, single, statements } from "../helpers/synth";

const svc = (service: string, zoneName: string | undefined, wildcard = false, supportsPolicy = true): EndpointServiceSpec => ({
  service,
  serviceName: `com.amazonaws.us-east-1.${service}`,
  zoneName,
  wildcard,
  supportsPolicy,
});
const PROPS: InterfaceEndpointsProps = {
  name: "acme-hub",
  vpcId: "vpc-hub",
  subnetIds: ["subnet-p1", "subnet-p2"],
  allowedCidrs: ["10.0.0.0/16", "10.16.0.0/12"],
  organizationId: "o-abc123",
  services: [
    svc("ssm", "ssm.us-east-1.amazonaws.com"),
    svc("ecr.api", "api.ecr.us-east-1.amazonaws.com"),
    svc("ecr.dkr", "dkr.ecr.us-east-1.amazonaws.com", true),
    svc("apprunner", "apprunner.us-east-1.amazonaws.com", false, false),
    svc("apprunner.requests", undefined, false, false),
  ],
};

describe("endpoints", () => {
  const stack = synthConstruct((scope) => new InterfaceEndpoints(scope, "endpoints", PROPS));
  const endpoints = resources(stack, "aws_vpc_endpoint");
  const zones = resources(stack, "aws_route53_zone");
  const records = resources(stack, "aws_route53_record");

  it("creates one interface endpoint per service in the given subnets, with private DNS off", () => {
    expect(Object.keys(endpoints).sort()).toEqual(["endpoints_apprunner", "endpoints_apprunner_requests", "endpoints_ecr_api", "endpoints_ecr_dkr", "endpoints_ssm"]);
    expect(endpoints["endpoints_ecr_api"]).toMatchObject({
      vpc_id: "vpc-hub",
      service_name: "com.amazonaws.us-east-1.ecr.api",
      vpc_endpoint_type: "Interface",
      subnet_ids: ["subnet-p1", "subnet-p2"],
      security_group_ids: ["${aws_security_group.endpoints_security_group.id}"],
      private_dns_enabled: false,
    });
  });

  it("admits only HTTPS from the hub and the workload pool, and allows no egress", () => {
    const group = single(stack, "aws_security_group");
    expect(group.ingress).toHaveLength(1);
    expect(group.ingress[0]).toMatchObject({ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/16", "10.16.0.0/12"], security_groups: [], self: false });
    expect(group.egress).toEqual([]);
    for (const port of [22, 3389]) expect(opensPort(group.ingress[0], port)).toBe(false);
  });

  it("limits each endpoint that takes a policy to the organization's principals and AWS services", () => {
    const [org, services] = statements(stack, "endpoints_policy");
    expect(org.effect ?? "Allow").toBe("Allow");
    expect(org).toMatchObject({ principals: [{ type: "*", identifiers: ["*"] }], condition: [{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-abc123"] }] });
    expect(services.condition).toEqual([{ test: "Bool", variable: "aws:PrincipalIsAWSService", values: ["true"] }]);
    for (const name of ["endpoints_ssm", "endpoints_ecr_api", "endpoints_ecr_dkr"]) expect(endpoints[name].policy).toBe("${data.aws_iam_policy_document.endpoints_policy.json}");
  });

  it("sends no policy to a service the caller marks as refusing one (App Runner's two), and the policy to every other", () => {
    expect(endpoints["endpoints_apprunner"].policy).toBeUndefined();
    expect(endpoints["endpoints_apprunner_requests"].policy).toBeUndefined();
    expect(Object.keys(endpoints).filter((n) => endpoints[n].policy !== undefined).sort()).toEqual(["endpoints_ecr_api", "endpoints_ecr_dkr", "endpoints_ssm"]);
  });

  it("decides the policy per endpoint from supportsPolicy alone, not from the service name", () => {
    const flipped = synthConstruct((scope) => new InterfaceEndpoints(scope, "endpoints", { ...PROPS, services: [svc("ssm", "ssm.us-east-1.amazonaws.com", false, false), svc("apprunner", undefined, false, true)] }));
    const e = resources(flipped, "aws_vpc_endpoint");
    expect(e["endpoints_ssm"].policy).toBeUndefined();
    expect(e["endpoints_apprunner"].policy).toBe("${data.aws_iam_policy_document.endpoints_policy.json}");
  });

  it("creates one private zone per service, named for what its clients resolve", () => {
    expect(Object.fromEntries(Object.entries(zones).map(([n, z]) => [n, z.name]))).toEqual({
      endpoints_ssm_zone: "ssm.us-east-1.amazonaws.com",
      endpoints_ecr_api_zone: "api.ecr.us-east-1.amazonaws.com",
      endpoints_ecr_dkr_zone: "dkr.ecr.us-east-1.amazonaws.com",
      endpoints_apprunner_zone: "apprunner.us-east-1.amazonaws.com",
    });
  });

  it("creates no zone and no record for a service without a zoneName (apprunner.requests): public App Runner URLs keep resolving", () => {
    expect(zones["endpoints_apprunner_requests_zone"]).toBeUndefined();
    expect(Object.keys(records).filter((n) => n.startsWith("endpoints_apprunner_requests"))).toEqual([]);
    expect(Object.values(zones).map((z) => z.name)).not.toContainEqual(expect.stringMatching(/awsapprunner\.com$/));
  });

  it("creates each zone with this VPC and ignores its VPC list afterwards, so spoke associations never dirty a re-plan", () => {
    for (const zone of Object.values(zones)) {
      expect(zone.vpc).toEqual([{ vpc_id: "vpc-hub" }]);
      expect(zone.lifecycle).toEqual({ ignore_changes: ["vpc"] });
    }
  });

  it("aliases the apex of every zone to its endpoint", () => {
    expect(records["endpoints_ecr_api_apex"]).toEqual(
      expect.objectContaining({
        zone_id: "${aws_route53_zone.endpoints_ecr_api_zone.zone_id}",
        name: "api.ecr.us-east-1.amazonaws.com",
        type: "A",
        alias: { name: "${aws_vpc_endpoint.endpoints_ecr_api.dns_entry[0].dns_name}", zone_id: "${aws_vpc_endpoint.endpoints_ecr_api.dns_entry[0].hosted_zone_id}", evaluate_target_health: false },
      }),
    );
  });

  it("adds a wildcard only where clients use sub-names", () => {
    expect(Object.keys(records).filter((n) => n.endsWith("_wildcard")).sort()).toEqual(["endpoints_ecr_dkr_wildcard"]);
    expect(records["endpoints_ecr_dkr_wildcard"]).toMatchObject({ name: "*.dkr.ecr.us-east-1.amazonaws.com", alias: { name: "${aws_vpc_endpoint.endpoints_ecr_dkr.dns_entry[0].dns_name}" } });
  });

  it("exposes each zone id by service name, for the services that have a zone", () => {
    synthConstruct((scope) => {
      const built = new InterfaceEndpoints(scope, "endpoints", PROPS);
      expect(Object.keys(built.zoneIds)).toEqual(["ssm", "ecr.api", "ecr.dkr", "apprunner"]);
      expect(Object.keys(built.endpoints)).toEqual(["ssm", "ecr.api", "ecr.dkr", "apprunner", "apprunner.requests"]);
    });
  });

  it("refuses a service listed twice", () => {
    expect(() => synthConstruct((scope) => new InterfaceEndpoints(scope, "e", { ...PROPS, services: [PROPS.services[0], PROPS.services[0]] }))).toThrow("ssm is listed twice");
  });
});
