/** network/transit-gateway: nothing automatic, two route tables, spokes kept apart, shared with the organization only. */
import { TransitGateway, TransitGatewayProps } from "../../../modules/network/transit-gateway";
import { synthConstruct } from "../../helpers/construct";
import { resources, single } from "../../helpers/synth";

const PROPS: TransitGatewayProps = {
  name: "acme",
  amazonSideAsn: 64512,
  hubVpcId: "vpc-hub",
  hubSubnetIds: ["subnet-t1", "subnet-t2", "subnet-t3"],
  isolatedCidrs: ["10.16.0.0/12"],
  organizationArn: "arn:aws:organizations::111111111111:organization/o-abc",
};

describe("network/transit-gateway", () => {
  const stack = synthConstruct((scope) => new TransitGateway(scope, "transit-gateway", PROPS));
  const routes = resources(stack, "aws_ec2_transit_gateway_route");

  it("uses the configured ASN and never accepts, associates or propagates on its own", () => {
    expect(single(stack, "aws_ec2_transit_gateway")).toMatchObject({
      amazon_side_asn: 64512,
      auto_accept_shared_attachments: "disable",
      default_route_table_association: "disable",
      default_route_table_propagation: "disable",
      dns_support: "enable",
      lifecycle: { prevent_destroy: true },
    });
  });

  it("has exactly two route tables, spokes and hub", () => {
    const tables = resources(stack, "aws_ec2_transit_gateway_route_table");
    expect(Object.keys(tables).sort()).toEqual(["transit_gateway_hub", "transit_gateway_spokes"]);
    for (const table of Object.values(tables)) expect(table.transit_gateway_id).toBe("${aws_ec2_transit_gateway.transit_gateway.id}");
  });

  it("attaches the hub VPC in its transit subnets, outside the default tables, and associates it with hub", () => {
    expect(single(stack, "aws_ec2_transit_gateway_vpc_attachment")).toMatchObject({
      vpc_id: "vpc-hub",
      subnet_ids: PROPS.hubSubnetIds,
      transit_gateway_default_route_table_association: false,
      transit_gateway_default_route_table_propagation: false,
    });
    expect(single(stack, "aws_ec2_transit_gateway_route_table_association")).toMatchObject({
      transit_gateway_attachment_id: "${aws_ec2_transit_gateway_vpc_attachment.transit_gateway_hub_attachment.id}",
      transit_gateway_route_table_id: "${aws_ec2_transit_gateway_route_table.transit_gateway_hub.id}",
    });
  });

  it("sends everything from the spokes to the hub attachment", () => {
    expect(routes["transit_gateway_spokes_default"]).toMatchObject({
      transit_gateway_route_table_id: "${aws_ec2_transit_gateway_route_table.transit_gateway_spokes.id}",
      destination_cidr_block: "0.0.0.0/0",
      transit_gateway_attachment_id: "${aws_ec2_transit_gateway_vpc_attachment.transit_gateway_hub_attachment.id}",
    });
  });

  it("blackholes the workload pool in the spokes table, so spokes never reach each other", () => {
    expect(routes["transit_gateway_spokes_isolate_10_16_0_0_12"]).toEqual(
      expect.objectContaining({ transit_gateway_route_table_id: "${aws_ec2_transit_gateway_route_table.transit_gateway_spokes.id}", destination_cidr_block: "10.16.0.0/12", blackhole: true }),
    );
    expect(Object.keys(routes).sort()).toEqual(["transit_gateway_spokes_default", "transit_gateway_spokes_isolate_10_16_0_0_12"]);
  });

  it("shares the gateway with the organization and no one outside it", () => {
    expect(single(stack, "aws_ram_resource_share")).toMatchObject({ name: "acme-transit-gateway", allow_external_principals: false });
    expect(single(stack, "aws_ram_resource_association")).toMatchObject({ resource_arn: "${aws_ec2_transit_gateway.transit_gateway.arn}", resource_share_arn: "${aws_ram_resource_share.transit_gateway_share.arn}" });
    expect(single(stack, "aws_ram_principal_association")).toMatchObject({ principal: PROPS.organizationArn, resource_share_arn: "${aws_ram_resource_share.transit_gateway_share.arn}" });
  });

  it("shares nothing without an organization", () => {
    const unshared = synthConstruct((scope) => new TransitGateway(scope, "tgw", { ...PROPS, organizationArn: undefined }));
    expect(resources(unshared, "aws_ram_resource_share")).toEqual({});
    expect(resources(unshared, "aws_ram_principal_association")).toEqual({});
  });
});
