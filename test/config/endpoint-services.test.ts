/**
 * The service -> DNS-name table: one case per known service. A wrong zone name
 * silently sends spoke traffic to the public endpoint, so every pair is pinned
 * here literally, in two regions.
 */
import { endpointPolicySupported, endpointService, KNOWN_ENDPOINT_SERVICES } from "../../src/config/endpoint-services";

/** [service, zone name in us-east-1 (undefined: no zone), wildcard record, endpoint policy supported] */
const EXPECTED: [string, string | undefined, boolean, boolean][] = [
  ["apprunner", "apprunner.us-east-1.amazonaws.com", false, false],
  ["apprunner.requests", undefined, false, false],
  ["batch", "batch.us-east-1.amazonaws.com", false, true],
  ["ec2", "ec2.us-east-1.amazonaws.com", false, true],
  ["ec2messages", "ec2messages.us-east-1.amazonaws.com", false, true],
  ["ecr.api", "api.ecr.us-east-1.amazonaws.com", false, true],
  ["ecr.dkr", "dkr.ecr.us-east-1.amazonaws.com", true, true],
  ["ecs", "ecs.us-east-1.amazonaws.com", false, true],
  ["elasticloadbalancing", "elasticloadbalancing.us-east-1.amazonaws.com", false, true],
  ["events", "events.us-east-1.amazonaws.com", false, true],
  ["kms", "kms.us-east-1.amazonaws.com", false, true],
  ["logs", "logs.us-east-1.amazonaws.com", false, true],
  ["monitoring", "monitoring.us-east-1.amazonaws.com", false, true],
  ["secretsmanager", "secretsmanager.us-east-1.amazonaws.com", false, true],
  ["sns", "sns.us-east-1.amazonaws.com", false, true],
  ["sqs", "sqs.us-east-1.amazonaws.com", false, true],
  ["ssm", "ssm.us-east-1.amazonaws.com", false, true],
  ["ssmmessages", "ssmmessages.us-east-1.amazonaws.com", false, true],
  ["sts", "sts.us-east-1.amazonaws.com", false, true],
];

describe("interface endpoint services", () => {
  it("pins a DNS name for every known service, and only for those", () => {
    expect(EXPECTED.map(([service]) => service)).toEqual([...KNOWN_ENDPOINT_SERVICES]);
  });

  it.each(EXPECTED)("serves %s on zone %s (wildcard: %s, endpoint policy: %s)", (service, zoneName, wildcard, supportsPolicy) => {
    const { policySource, ...rest } = endpointService(service, "us-east-1");
    expect(rest).toEqual({ serviceName: `com.amazonaws.us-east-1.${service}`, ...(zoneName ? { zoneName } : {}), wildcard, supportsPolicy });
    expect(policySource).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it.each(EXPECTED)("puts %s's zone in the endpoint's own region", (service, zoneName) => {
    expect(endpointService(service, "eu-west-1").zoneName).toBe(zoneName?.replace("us-east-1", "eu-west-1"));
    expect(endpointService(service, "eu-west-1").serviceName).toBe(`com.amazonaws.eu-west-1.${service}`);
  });

  it("answers ECR's API on api.ecr, not ecr.api (the LZA bug class)", () => {
    expect(endpointService("ecr.api", "us-west-2").zoneName).toBe("api.ecr.us-west-2.amazonaws.com");
    expect(endpointService("ecr.dkr", "us-west-2").zoneName).toBe("dkr.ecr.us-west-2.amazonaws.com");
  });

  it("gives App Runner's endpoints no policy, citing the App Runner page that says they take none", () => {
    for (const service of ["apprunner", "apprunner.requests"]) {
      expect(endpointService(service, "us-east-1")).toMatchObject({ supportsPolicy: false, policySource: "https://docs.aws.amazon.com/apprunner/latest/dg/network-pl.html" });
    }
  });

  it("creates no awsapprunner.com zone, which would shadow every public App Runner URL in the spokes", () => {
    for (const service of KNOWN_ENDPOINT_SERVICES) expect(endpointService(service, "us-east-1").zoneName ?? "").not.toMatch(/awsapprunner\.com$/);
  });

  it("answers policy support by endpoint service name, for the guardrail", () => {
    expect(endpointPolicySupported("com.amazonaws.us-east-1.apprunner.requests")).toBe(false);
    expect(endpointPolicySupported("com.amazonaws.eu-west-1.ecr.dkr")).toBe(true);
    expect(endpointPolicySupported("com.amazonaws.us-east-1.unknown")).toBeUndefined();
    expect(endpointPolicySupported("${aws_vpc_endpoint_service.x.service_name}")).toBeUndefined();
  });

  it("refuses an unknown service", () => {
    expect(() => endpointService("ecr", "us-east-1")).toThrow('unknown interface endpoint service "ecr"');
  });
});
