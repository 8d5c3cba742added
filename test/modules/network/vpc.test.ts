/** network/vpc: tiers per zone, route tables per tier and zone, opt-in egress, locked-down defaults. */
import { AvailabilityZones, NatMode, NetworkVpc, VpcProps } from "../../../modules/network/vpc";
import { named, synthConstruct } from "../../helpers/construct";
import { resources, single, TfJson } from "../../helpers/synth";

const ZONES = [
  { key: "az1", availabilityZone: "us-east-1a" },
  { key: "az2", availabilityZone: "us-east-1b" },
  { key: "az3", availabilityZone: "us-east-1c" },
];
const HUB: VpcProps = {
  name: "acme-hub",
  cidr: "10.0.0.0/16",
  region: "us-east-1",
  zones: ZONES,
  subnets: {
    private: ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"],
    public: ["10.0.128.0/20", "10.0.144.0/20", "10.0.160.0/20"],
    transit: ["10.0.192.0/28", "10.0.192.16/28", "10.0.192.32/28"],
  },
};
const SPOKE: VpcProps = {
  name: "acme-spoke",
  cidr: "10.16.0.0/20",
  region: "us-east-1",
  zones: ZONES,
  subnets: { private: ["10.16.0.0/23", "10.16.2.0/23", "10.16.4.0/23"], transit: ["10.16.12.0/28", "10.16.12.16/28", "10.16.12.32/28"] },
};

const synthVpc = (props: VpcProps): TfJson => synthConstruct((scope) => new NetworkVpc(scope, "hub", props));
const hub = (natGateways: NatMode) => synthVpc({ ...HUB, natGateways });
const routes = (stack: TfJson) => resources(stack, "aws_route");

describe("network/vpc", () => {
  const perAz = hub("per-az");

  it("turns on DNS support and hostnames", () => {
    expect(single(perAz, "aws_vpc")).toMatchObject({ cidr_block: "10.0.0.0/16", enable_dns_support: true, enable_dns_hostnames: true });
  });

  it("carves one subnet per tier and zone, none mapping public IPs on launch", () => {
    const subnets = resources(perAz, "aws_subnet");
    expect(Object.keys(subnets).sort()).toEqual(["private", "public", "transit"].flatMap((t) => ["az1", "az2", "az3"].map((z) => `hub_${t}_${z}`)));
    expect(subnets["hub_transit_az2"]).toMatchObject({ cidr_block: "10.0.192.16/28", availability_zone: "us-east-1b", vpc_id: "${aws_vpc.hub.id}" });
    for (const subnet of Object.values(subnets)) expect(subnet.map_public_ip_on_launch).toBe(false);
  });

  it("gives every tier and zone its own route table, associated with its subnet", () => {
    expect(Object.keys(resources(perAz, "aws_route_table"))).toHaveLength(9);
    expect(resources(perAz, "aws_route_table_association")["hub_private_az3_association"]).toEqual(
      expect.objectContaining({ subnet_id: "${aws_subnet.hub_private_az3.id}", route_table_id: "${aws_route_table.hub_private_az3_routes.id}" }),
    );
  });

  it("routes the public tier to the internet gateway", () => {
    expect(single(perAz, "aws_internet_gateway").vpc_id).toBe("${aws_vpc.hub.id}");
    for (const z of ["az1", "az2", "az3"]) {
      expect(routes(perAz)[`hub_public_${z}_default`]).toMatchObject({ destination_cidr_block: "0.0.0.0/0", gateway_id: "${aws_internet_gateway.hub_igw.id}" });
    }
  });

  it("per-az: puts a NAT in each zone's public subnet, and routes each zone's private and transit tables to its own", () => {
    const nats = resources(perAz, "aws_nat_gateway");
    expect(Object.keys(nats).sort()).toEqual(["hub_nat_az1", "hub_nat_az2", "hub_nat_az3"]);
    expect(nats["hub_nat_az2"]).toMatchObject({ subnet_id: "${aws_subnet.hub_public_az2.id}", allocation_id: "${aws_eip.hub_nat_az2_eip.allocation_id}", depends_on: ["aws_internet_gateway.hub_igw"] });
    expect(Object.values(resources(perAz, "aws_eip")).map((e) => e.domain)).toEqual(["vpc", "vpc", "vpc"]);
    for (const tier of ["private", "transit"]) {
      for (const z of ["az1", "az2", "az3"]) {
        expect(routes(perAz)[`hub_${tier}_${z}_default`]).toMatchObject({ destination_cidr_block: "0.0.0.0/0", nat_gateway_id: `\${aws_nat_gateway.hub_nat_${z}.id}` });
      }
    }
  });

  it("single: one NAT in the first zone, every private and transit table routing to it", () => {
    const stack = hub("single");
    expect(Object.keys(resources(stack, "aws_nat_gateway"))).toEqual(["hub_nat_az1"]);
    expect(Object.keys(resources(stack, "aws_eip"))).toEqual(["hub_nat_az1_eip"]);
    const defaults = Object.entries(routes(stack)).filter(([n]) => /^hub_(private|transit)_az\d_default$/.test(n));
    expect(defaults).toHaveLength(6);
    for (const [, route] of defaults) expect(route.nat_gateway_id).toBe("${aws_nat_gateway.hub_nat_az1.id}");
  });

  it("none: no NAT, no elastic IP, and no default route off the private and transit tiers", () => {
    const stack = hub("none");
    expect(resources(stack, "aws_nat_gateway")).toEqual({});
    expect(resources(stack, "aws_eip")).toEqual({});
    expect(Object.keys(routes(stack)).filter((n) => /_(private|transit)_/.test(n))).toEqual([]);
  });

  it("takes over the default security group and leaves it with no rules", () => {
    expect(single(perAz, "aws_default_security_group")).toMatchObject({ vpc_id: "${aws_vpc.hub.id}", ingress: [], egress: [] });
  });

  it("puts an S3 gateway endpoint on the private and transit route tables only", () => {
    const s3 = single(perAz, "aws_vpc_endpoint");
    expect(s3).toMatchObject({ service_name: "com.amazonaws.us-east-1.s3", vpc_endpoint_type: "Gateway" });
    expect(s3.route_table_ids).toEqual(["private", "transit"].flatMap((t) => ["az1", "az2", "az3"].map((z) => `\${aws_route_table.hub_${t}_${z}_routes.id}`)));
    expect(s3.policy).toBeUndefined();
  });

  it("builds a spoke of private and transit subnets with no internet path at all", () => {
    const spoke = synthVpc(SPOKE);
    expect(Object.keys(resources(spoke, "aws_subnet")).filter((n) => n.includes("public"))).toEqual([]);
    expect(resources(spoke, "aws_internet_gateway")).toEqual({});
    expect(resources(spoke, "aws_nat_gateway")).toEqual({});
    expect(resources(spoke, "aws_route")).toEqual({});
    expect(single(spoke, "aws_vpc_endpoint").route_table_ids).toHaveLength(6);
  });

  it("gives a spoke with an internet-facing ALB public subnets and an IGW, but no NAT", () => {
    const spoke = synthVpc({ ...SPOKE, subnets: { ...SPOKE.subnets, public: ["10.16.8.0/25", "10.16.8.128/25", "10.16.9.0/25"] } });
    expect(resources(spoke, "aws_internet_gateway")).not.toEqual({});
    expect(resources(spoke, "aws_nat_gateway")).toEqual({});
    expect(Object.keys(routes(spoke)).sort()).toEqual(["hub_public_az1_default", "hub_public_az2_default", "hub_public_az3_default"]);
    for (const subnet of Object.values(resources(spoke, "aws_subnet"))) expect(subnet.map_public_ip_on_launch).toBe(false);
  });

  it("adds a route to every table of the tiers asked for, named after the table", () => {
    const stack = synthConstruct((scope) => {
      const vpc = new NetworkVpc(scope, "spoke", SPOKE);
      vpc.addRoutes("egress", ["private"], { destinationCidrBlock: "0.0.0.0/0", transitGatewayId: "tgw-123" });
    });
    expect(Object.keys(named(stack, "aws_route")).sort()).toEqual(["spoke_private_az1_egress", "spoke_private_az2_egress", "spoke_private_az3_egress"]);
    expect(routes(stack)["spoke_private_az2_egress"]).toMatchObject({ route_table_id: "${aws_route_table.spoke_private_az2_routes.id}", transit_gateway_id: "tgw-123" });
  });

  it("refuses subnets that do not match the zones, and NAT without a public tier", () => {
    expect(() => synthVpc({ ...SPOKE, subnets: { private: ["10.16.0.0/23"] } })).toThrow("private has 1 subnets for 3 zones");
    expect(() => synthVpc({ ...SPOKE, natGateways: "single" })).toThrow("NAT gateways need a public tier");
    expect(() => synthVpc({ ...SPOKE, internetGateway: true })).toThrow("an internet gateway needs a public tier");
    expect(() => synthConstruct((scope) => new NetworkVpc(scope, "v", SPOKE).subnetIds("public"))).toThrow("has no public subnets");
  });
});

describe("network/vpc zones", () => {
  const stack = synthConstruct((scope) => {
    const azs = new AvailabilityZones(scope, "zones", { count: 2 });
    new NetworkVpc(scope, "hub", { ...SPOKE, zones: azs.zones, subnets: { private: ["10.16.0.0/23", "10.16.2.0/23"] } });
  });

  it("reads the account's own zones, excluding Local and Wavelength Zones, and never filters on state", () => {
    const data = stack.data.aws_availability_zones.zones;
    expect(data.filter).toEqual([{ name: "zone-type", values: ["availability-zone"] }]);
    expect(data.state).toBeUndefined();
  });

  it("indexes the zone list (failing if too short) instead of element(), which would wrap around", () => {
    expect(resources(stack, "aws_subnet")["hub_private_az2"].availability_zone).toBe("${data.aws_availability_zones.zones.names.1}");
  });

  it("refuses a zone count below one", () => {
    expect(() => synthConstruct((scope) => new AvailabilityZones(scope, "zones", { count: 0 }))).toThrow("positive integer");
  });
});
