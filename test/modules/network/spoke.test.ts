/** network/spoke: a private VPC on the hub's Transit Gateway, with both sides of each cross-account pair. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SpokeNetwork, SpokeProps } from "../../../modules/network/spoke";
import { named, synthConstruct } from "../../helpers/construct";
import { resources, single, TfJson } from "../../helpers/synth";

const hub = {
  transitGatewayId: "tgw-1",
  spokesRouteTableId: "tgw-rtb-spokes",
  hubRouteTableId: "tgw-rtb-hub",
  endpointZoneIds: { ssm: "Z-SSM", "ecr.dkr": "Z-DKR", logs: "Z-LOGS" },
};

function synthSpoke(extra: Partial<SpokeProps> = {}): TfJson {
  return synthConstruct((s) => {
    const hubProvider = new AwsProvider(s, "aws-network", { region: "us-east-1", alias: "network" });
    new SpokeNetwork(s, "spoke", {
      name: "acme-payments",
      cidr: "10.16.0.0/20",
      zones: [
        { key: "az1", availabilityZone: "us-east-1a" },
        { key: "az2", availabilityZone: "us-east-1b" },
      ],
      subnets: { private: ["10.16.0.0/23", "10.16.2.0/23"], public: ["10.16.8.0/24", "10.16.9.0/24"], transit: ["10.16.12.0/28", "10.16.12.16/28"] },
      region: "us-east-1",
      accountId: "444444444444",
      kmsKeyArn: "arn:aws:kms:us-east-1:444444444444:key/k",
      hub,
      hubProvider,
      ...extra,
    });
  });
}

const HUB_PROVIDER = "aws.network";

describe("spoke network", () => {
  const stack = synthSpoke();

  it("has private and transit subnets only: no public subnets, internet gateway or NAT", () => {
    expect(Object.values(resources(stack, "aws_subnet")).map((s) => s.cidr_block).sort()).toEqual(["10.16.0.0/23", "10.16.12.0/28", "10.16.12.16/28", "10.16.2.0/23"]);
    expect(resources(stack, "aws_internet_gateway")).toEqual({});
    expect(resources(stack, "aws_nat_gateway")).toEqual({});
    for (const subnet of Object.values(resources(stack, "aws_subnet"))) expect(subnet.map_public_ip_on_launch).toBe(false);
  });

  it("attaches to the Transit Gateway in the transit subnets", () => {
    expect(single(stack, "aws_ec2_transit_gateway_vpc_attachment")).toMatchObject({
      transit_gateway_id: "tgw-1",
      vpc_id: "${aws_vpc.spoke_vpc.id}",
      subnet_ids: ["${aws_subnet.spoke_vpc_transit_az1.id}", "${aws_subnet.spoke_vpc_transit_az2.id}"],
    });
    expect(single(stack, "aws_ec2_transit_gateway_vpc_attachment").provider).toBeUndefined();
  });

  it("accepts the attachment in the network account, associates it with spokes and propagates it into hub", () => {
    expect(single(stack, "aws_ec2_transit_gateway_vpc_attachment_accepter")).toMatchObject({
      provider: HUB_PROVIDER,
      transit_gateway_attachment_id: "${aws_ec2_transit_gateway_vpc_attachment.spoke_attachment.id}",
      transit_gateway_default_route_table_association: false,
      transit_gateway_default_route_table_propagation: false,
    });
    expect(single(stack, "aws_ec2_transit_gateway_route_table_association")).toMatchObject({ provider: HUB_PROVIDER, transit_gateway_route_table_id: "tgw-rtb-spokes" });
    expect(single(stack, "aws_ec2_transit_gateway_route_table_propagation")).toMatchObject({ provider: HUB_PROVIDER, transit_gateway_route_table_id: "tgw-rtb-hub" });
  });

  it("sends all private egress to the Transit Gateway once the attachment is accepted", () => {
    const routes = resources(stack, "aws_route");
    expect(Object.keys(routes).sort()).toEqual(["spoke_vpc_private_az1_default", "spoke_vpc_private_az2_default"]);
    for (const route of Object.values(routes)) {
      expect(route).toMatchObject({ destination_cidr_block: "0.0.0.0/0", transit_gateway_id: "tgw-1", depends_on: ["aws_ec2_transit_gateway_vpc_attachment_accepter.spoke_accepter"] });
    }
  });

  it("joins every central endpoint zone: authorized by the hub, associated by the spoke", () => {
    const auths = named(stack, "aws_route53_vpc_association_authorization");
    expect(Object.keys(auths).sort()).toEqual(["spoke_dns_ecr_dkr_authorization", "spoke_dns_logs_authorization", "spoke_dns_ssm_authorization"]);
    for (const a of Object.values(auths)) expect(a).toMatchObject({ provider: HUB_PROVIDER, vpc_id: "${aws_vpc.spoke_vpc.id}" });
    expect(auths["spoke_dns_ecr_dkr_authorization"].zone_id).toBe("Z-DKR");
    expect(named(stack, "aws_route53_zone_association")["spoke_dns_ecr_dkr_association"]).toEqual({
      vpc_id: "${aws_route53_vpc_association_authorization.spoke_dns_ecr_dkr_authorization.vpc_id}",
      zone_id: "${aws_route53_vpc_association_authorization.spoke_dns_ecr_dkr_authorization.zone_id}",
    });
  });

  it("has its own S3 gateway endpoint on the private route tables", () => {
    expect(single(stack, "aws_vpc_endpoint")).toMatchObject({
      service_name: "com.amazonaws.us-east-1.s3",
      vpc_endpoint_type: "Gateway",
      route_table_ids: ["${aws_route_table.spoke_vpc_private_az1_routes.id}", "${aws_route_table.spoke_vpc_private_az2_routes.id}"],
    });
  });

  it("records ALL traffic to a KMS-encrypted flow-log group, and strips the default security group", () => {
    expect(single(stack, "aws_flow_log")).toMatchObject({ traffic_type: "ALL", vpc_id: "${aws_vpc.spoke_vpc.id}" });
    expect(single(stack, "aws_cloudwatch_log_group")).toMatchObject({ kms_key_id: "arn:aws:kms:us-east-1:444444444444:key/k", retention_in_days: 365 });
    expect(single(stack, "aws_default_security_group")).toMatchObject({ ingress: [], egress: [] });
  });
});

describe("spoke with an internet-facing load balancer", () => {
  const stack = synthSpoke({ publicSubnets: true });

  it("adds public subnets and an internet gateway for the load balancer, but no NAT and no public IPs on launch", () => {
    expect(Object.keys(named(stack, "aws_subnet", "spoke_vpc_public")).sort()).toEqual(["spoke_vpc_public_az1", "spoke_vpc_public_az2"]);
    expect(Object.keys(resources(stack, "aws_internet_gateway"))).toHaveLength(1);
    expect(resources(stack, "aws_nat_gateway")).toEqual({});
    for (const subnet of Object.values(resources(stack, "aws_subnet"))) expect(subnet.map_public_ip_on_launch).toBe(false);
  });

  it("routes only the public tier to the internet gateway; private egress still goes to the hub", () => {
    const routes = resources(stack, "aws_route");
    expect(routes["spoke_vpc_public_az1_default"].gateway_id).toBe("${aws_internet_gateway.spoke_vpc_igw.id}");
    expect(routes["spoke_vpc_private_az1_default"].transit_gateway_id).toBe("tgw-1");
    expect(Object.values(routes).filter((r) => r.gateway_id)).toHaveLength(2);
  });
});
