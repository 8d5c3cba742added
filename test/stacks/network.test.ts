/** The network stack: the example's hub, wired from config, with what workload stacks consume. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { buildApp } from "../../src/app";
import { parseConfig } from "../../src/config/load";
import { opensPort } from "../helpers/construct";
import { exampleConfig, exampleText, resources, single, statements, synthConfig, TfJson } from "../helpers/synth";

const withHub = (edit: (doc: ReturnType<typeof parseDocument>) => void): TfJson => {
  const doc = parseDocument(exampleText());
  edit(doc);
  return synthConfig(parseConfig(doc.toString())).stack("network");
};
const names = (stack: TfJson, type: string, pattern: RegExp) => Object.keys(resources(stack, type)).filter((n) => pattern.test(n)).sort();

describe("network stack", () => {
  const out = synthConfig();
  const stack = out.stack("network");
  const config = exampleConfig();

  it("builds the hub VPC from network.hub.cidr with three tiers across three zones", () => {
    expect(single(stack, "aws_vpc")).toMatchObject({ cidr_block: "10.0.0.0/16", enable_dns_support: true, enable_dns_hostnames: true });
    const subnets = resources(stack, "aws_subnet");
    expect(Object.values(subnets).map((s) => s.cidr_block).sort()).toEqual(
      [...config.network.hub.subnets.private, ...config.network.hub.subnets.public, ...config.network.hub.subnets.transit].sort(),
    );
    expect(stack.data.aws_availability_zones.zones).toBeDefined();
  });

  it("per-az (the example): one NAT per zone, each zone's private and transit tables routing to its own", () => {
    expect(names(stack, "aws_nat_gateway", /./)).toEqual(["hub_nat_az1", "hub_nat_az2", "hub_nat_az3"]);
    const routes = resources(stack, "aws_route");
    expect(routes["hub_transit_az3_default"].nat_gateway_id).toBe("${aws_nat_gateway.hub_nat_az3.id}");
    expect(routes["hub_private_az1_default"].nat_gateway_id).toBe("${aws_nat_gateway.hub_nat_az1.id}");
  });

  it("single: one NAT for the whole hub when natGateways is single", () => {
    const singleNat = withHub((d) => d.setIn(["network", "hub", "natGateways"], "single"));
    expect(names(singleNat, "aws_nat_gateway", /./)).toEqual(["hub_nat_az1"]);
    for (const [name, route] of Object.entries(resources(singleNat, "aws_route"))) {
      if (/_(private|transit)_az\d_default$/.test(name)) expect(route.nat_gateway_id).toBe("${aws_nat_gateway.hub_nat_az1.id}");
    }
  });

  it("spans two zones when availabilityZones is 2", () => {
    const two = withHub((d) => d.setIn(["network", "hub", "availabilityZones"], 2));
    expect(Object.keys(resources(two, "aws_subnet"))).toHaveLength(6);
    expect(single(two, "aws_ec2_transit_gateway_vpc_attachment").subnet_ids).toEqual(["${aws_subnet.hub_transit_az1.id}", "${aws_subnet.hub_transit_az2.id}"]);
  });

  it("routes the workload pool from every hub table to the TGW, once the hub attachment exists", () => {
    const routes = Object.entries(resources(stack, "aws_route")).filter(([n]) => n.endsWith("_workloads"));
    expect(routes.map(([n]) => n).sort()).toEqual(["private", "public", "transit"].flatMap((t) => [1, 2, 3].map((z) => `hub_${t}_az${z}_workloads`)));
    for (const [, route] of routes) {
      expect(route).toMatchObject({
        destination_cidr_block: "10.16.0.0/12",
        transit_gateway_id: "${aws_ec2_transit_gateway.transit_gateway.id}",
        depends_on: ["aws_ec2_transit_gateway_vpc_attachment.transit_gateway_hub_attachment"],
      });
    }
  });

  it("runs the TGW on the configured ASN, attached in the transit subnets, with the pool blackholed for spokes", () => {
    expect(single(stack, "aws_ec2_transit_gateway")).toMatchObject({ amazon_side_asn: 64512, auto_accept_shared_attachments: "disable" });
    expect(single(stack, "aws_ec2_transit_gateway_vpc_attachment").subnet_ids).toEqual([1, 2, 3].map((z) => `\${aws_subnet.hub_transit_az${z}.id}`));
    expect(resources(stack, "aws_ec2_transit_gateway_route")["transit_gateway_spokes_isolate_10_16_0_0_12"]).toMatchObject({ blackhole: true });
  });

  it("shares the TGW with the organization from the organization stack", () => {
    expect(single(stack, "aws_ram_principal_association").principal).toBe(
      "${data.terraform_remote_state.cross_stack_reference_input_organization.outputs.cross_stack_output_aws_organizations_organization_organization_arn}",
    );
    expect(single(stack, "aws_ram_resource_share").allow_external_principals).toBe(false);
    expect(out.manifest().stacks["network"].dependencies).toEqual(expect.arrayContaining(["bootstrap", "organization"]));
  });

  it("creates exactly the configured interface endpoints in the hub's private subnets", () => {
    const endpoints = Object.values(resources(stack, "aws_vpc_endpoint")).filter((e) => e.vpc_endpoint_type === "Interface");
    expect(endpoints.map((e) => e.service_name).sort()).toEqual(config.network.hub.interfaceEndpoints.map((e) => `com.amazonaws.us-east-1.${e.service}`).sort());
    for (const e of endpoints) expect(e.subnet_ids).toEqual([1, 2, 3].map((z) => `\${aws_subnet.hub_private_az${z}.id}`));
  });

  it("admits tcp/443 to the endpoints from the hub CIDR and the workload pool only", () => {
    expect(single(stack, "aws_security_group").ingress).toEqual([expect.objectContaining({ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/16", "10.16.0.0/12"] })]);
  });

  it("opens neither 22 nor 3389 in any security group", () => {
    const rules = [
      ...Object.values(resources(stack, "aws_security_group")).flatMap((g) => g.ingress ?? []),
      ...Object.values(resources(stack, "aws_default_security_group")).flatMap((g) => g.ingress ?? []),
      ...Object.values(resources(stack, "aws_security_group_rule")).filter((r) => r.type === "ingress"),
      ...Object.values(resources(stack, "aws_vpc_security_group_ingress_rule")),
    ];
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) for (const port of [22, 3389]) expect(opensPort(rule, port)).toBe(false);
  });

  it("limits the endpoints to the organization from the organization stack", () => {
    const [org] = statements(stack, "endpoints_policy");
    expect(org.condition[0]).toMatchObject({
      variable: "aws:PrincipalOrgID",
      values: ["${data.terraform_remote_state.cross_stack_reference_input_organization.outputs.cross_stack_output_aws_organizations_organization_organization_id}"],
    });
  });

  it.each(exampleConfig().network.hub.interfaceEndpoints.filter((e) => e.zoneName).map((e) => [e.service, e.zoneName, e.wildcard] as const))(
    "serves %s to spokes from zone %s (wildcard: %s)",
    (service, zoneName, wildcard) => {
      const id = service.replace(/\./g, "_");
      expect(resources(stack, "aws_route53_zone")[`endpoints_${id}_zone`].name).toBe(zoneName);
      expect(resources(stack, "aws_route53_record")[`endpoints_${id}_apex`].name).toBe(zoneName);
      expect(resources(stack, "aws_route53_record")[`endpoints_${id}_wildcard`]?.name).toBe(wildcard ? `*.${zoneName}` : undefined);
    },
  );

  it("records the hub's flow logs with the network key and the configured retention", () => {
    expect(single(stack, "aws_flow_log")).toMatchObject({ vpc_id: "${aws_vpc.hub.id}", traffic_type: "ALL" });
    expect(resources(stack, "aws_cloudwatch_log_group").hub_flow_logs_log_group).toMatchObject({ kms_key_id: "${aws_kms_key.logs_key.arn}", retention_in_days: 365 });
    const keyPolicy = statements(stack, "logs_key_policy");
    expect(keyPolicy.map((s) => s.sid)).toEqual(["AccountAdministersKeyThroughIam", "CloudWatchLogsEncryptsThisAccountsLogGroups"]);
    expect(resources(stack, "aws_kms_key").logs_key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  });

  it("puts the S3 gateway endpoint on the hub's private and transit tables", () => {
    const s3 = Object.values(resources(stack, "aws_vpc_endpoint")).find((e) => e.vpc_endpoint_type === "Gateway")!;
    expect(s3.route_table_ids).toEqual(["private", "transit"].flatMap((t) => [1, 2, 3].map((z) => `\${aws_route_table.hub_${t}_az${z}_routes.id}`)));
  });

  it("outputs what workload stacks consume", () => {
    expect(stack.output).toMatchObject({
      hub_vpc_id: { value: "${aws_vpc.hub.id}" },
      hub_cidr: { value: "10.0.0.0/16" },
      transit_gateway_id: { value: "${aws_ec2_transit_gateway.transit_gateway.id}" },
      transit_gateway_spokes_route_table_id: { value: "${aws_ec2_transit_gateway_route_table.transit_gateway_spokes.id}" },
      transit_gateway_hub_route_table_id: { value: "${aws_ec2_transit_gateway_route_table.transit_gateway_hub.id}" },
    });
    expect(Object.keys(stack.output.endpoint_zone_ids.value).sort()).toEqual(config.network.hub.interfaceEndpoints.filter((e) => e.zoneName).map((e) => e.service).sort());
  });

  it("puts the organization-only policy on exactly the endpoints whose service accepts one (src/config/endpoint-services.ts)", () => {
    const endpoints = resources(stack, "aws_vpc_endpoint");
    for (const e of config.network.hub.interfaceEndpoints) {
      const endpoint = endpoints[`endpoints_${e.service.replace(/\./g, "_")}`];
      expect({ service: e.service, policy: endpoint.policy }).toEqual({ service: e.service, policy: e.supportsPolicy ? "${data.aws_iam_policy_document.endpoints_policy.json}" : undefined });
    }
    expect(endpoints["endpoints_apprunner"].policy).toBeUndefined();
    expect(endpoints["endpoints_ssm"].policy).toBeDefined();
  });

  it("serves apprunner.requests from the hub, when listed, without a policy and without an awsapprunner.com zone that would break public App Runner URLs in the spokes", () => {
    const withRequests = withHub((d) => d.setIn(["network", "hub", "interfaceEndpoints"], ["ssm", "apprunner.requests"]));
    expect(resources(withRequests, "aws_vpc_endpoint")["endpoints_apprunner_requests"]).toMatchObject({ service_name: "com.amazonaws.us-east-1.apprunner.requests", private_dns_enabled: false });
    expect(resources(withRequests, "aws_vpc_endpoint")["endpoints_apprunner_requests"].policy).toBeUndefined();
    expect(Object.values(resources(withRequests, "aws_route53_zone")).map((z) => z.name)).toEqual(["ssm.us-east-1.amazonaws.com"]);
    expect(Object.keys(withRequests.output.endpoint_zone_ids.value)).toEqual(["ssm"]);
  });

  it("keeps resource names when the endpoint list is reordered", () => {
    const reordered = withHub((d) => d.setIn(["network", "hub", "interfaceEndpoints"], [...config.network.hub.interfaceEndpoints.map((e) => e.service)].reverse()));
    expect(Object.keys(resources(reordered, "aws_route53_zone")).sort()).toEqual(Object.keys(resources(stack, "aws_route53_zone")).sort());
  });
});

describe("network stack exports", () => {
  it("hands workload stacks the hub's ids, one zone per configured service", () => {
    const config = exampleConfig();
    const dir = mkdtempSync(join(tmpdir(), "lz-network-"));
    const { network } = buildApp(config, { outdir: join(dir, "out"), localStateDir: join(dir, ".lz") });
    expect(network.hub.hubCidr).toBe("10.0.0.0/16");
    expect(Object.keys(network.hub.endpointZoneIds)).toEqual(config.network.hub.interfaceEndpoints.filter((e) => e.zoneName).map((e) => e.service));
    for (const id of [network.hub.vpcId, network.hub.transitGatewayId, network.hub.spokesRouteTableId, network.hub.hubRouteTableId]) expect(id).toMatch(/^\$\{TfToken\[/);
  });
});
