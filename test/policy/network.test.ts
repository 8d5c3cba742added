/** Network guardrails, each proven both ways on constructs synthesized alone. */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Ec2TransitGateway } from "@cdktf/provider-aws/lib/ec2-transit-gateway";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { NetworkAcl } from "@cdktf/provider-aws/lib/network-acl";
import { NetworkAclRule } from "@cdktf/provider-aws/lib/network-acl-rule";
import { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformStack, TerraformVariable } from "cdktf";
import { endpointService, KNOWN_ENDPOINT_SERVICES } from "../../src/config/endpoint-services";
import { check, expectFailure, resultsOf, rule } from "./helpers";

const vpc = (s: TerraformStack) => new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
const flowLog = (s: TerraformStack, v: Vpc, trafficType = "ALL") =>
  new FlowLog(s, "flow", { vpcId: v.id, trafficType, logDestination: "arn:aws:logs:us-east-1:1:log-group:flow", iamRoleArn: "arn:aws:iam::1:role/flow" });
const sg = (s: TerraformStack, port: number, cidr: string, protocol = "tcp") =>
  new SecurityGroup(s, "sg", { name: "sg", ingress: [{ fromPort: port, toPort: port, protocol, cidrBlocks: [cidr] }] });
const orgPolicy = (s: TerraformStack) =>
  new DataAwsIamPolicyDocument(s, "endpoint-policy", {
    statement: [{ actions: ["*"], resources: ["*"], principals: [{ type: "*", identifiers: ["*"] }], condition: [{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-abc123"] }] }],
  });
const endpoint = (s: TerraformStack, extra: Partial<ConstructorParameters<typeof VpcEndpoint>[2]>) =>
  new VpcEndpoint(s, "endpoint", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.ssm", vpcEndpointType: "Interface", ...extra });

const NO_ENDPOINT_POLICY = /^no policy: the default policy allows full access to any principal$/;

describe("network rules", () => {
  rule("vpc-flow-logs", {
    address: "aws_vpc.vpc",
    reason: /^flow logs record REJECT only$/,
    good: (s) => flowLog(s, vpc(s)),
    bad: (s) => flowLog(s, vpc(s), "REJECT"),
    path: "test/vpc",
  });

  it("says which VPC lacks flow logs when none refer to it", () => {
    const r = expectFailure(check((s) => vpc(s)), "vpc-flow-logs", "aws_vpc.vpc", "no aws_flow_log refers to this VPC");
    expect(r).toMatchObject({ stack: "test", path: "test/vpc" });
  });

  rule("vpc-default-sg-closed", {
    address: "aws_vpc.vpc",
    reason: /^aws_default_security_group\.default_sg has 0 ingress and 1 egress rules$/,
    good: (s) => new DefaultSecurityGroup(s, "default-sg", { vpcId: vpc(s).id, ingress: [], egress: [] }),
    bad: (s) => new DefaultSecurityGroup(s, "default-sg", { vpcId: vpc(s).id, egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }] }),
  });

  rule("sg-no-admin-ports-from-internet", {
    address: "aws_security_group_rule.rule",
    reason: /^tcp 3389 from ::\/0$/,
    good: (s) => sg(s, 22, "10.0.0.0/8"),
    bad: (s) => new SecurityGroupRule(s, "rule", { type: "ingress", securityGroupId: "sg-1", fromPort: 3389, toPort: 3389, protocol: "tcp", ipv6CidrBlocks: ["::/0"] }),
    path: "test/rule",
  });

  it("treats an all-protocol rule from the internet as opening SSH", () => {
    const report = check((s) => new VpcSecurityGroupIngressRule(s, "all", { securityGroupId: "sg-1", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }));
    expectFailure(report, "sg-no-admin-ports-from-internet", "aws_vpc_security_group_ingress_rule.all", "all traffic from 0.0.0.0/0");
  });

  rule("sg-no-ssh-rdp", {
    address: "aws_security_group.sg",
    reason: /^tcp 22 from 10\.0\.0\.0\/8$/,
    good: (s) => sg(s, 443, "10.0.0.0/8"),
    bad: (s) => sg(s, 22, "10.0.0.0/8"),
  });

  rule("sg-internet-ingress-web-only", {
    address: "aws_security_group.sg",
    reason: /^tcp 5432 from 0\.0\.0\.0\/0$/,
    good: (s) => new SecurityGroup(s, "sg", { ingress: [{ fromPort: 80, toPort: 80, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }, { fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }] }),
    bad: (s) => sg(s, 5432, "0.0.0.0/0"),
  });

  rule("nacl-no-admin-ports-from-internet", {
    address: "aws_network_acl.acl",
    reason: /^tcp 0-65535 from 0\.0\.0\.0\/0$/,
    good: (s) => new NetworkAclRule(s, "rule", { networkAclId: "acl-1", ruleNumber: 100, egress: false, protocol: "tcp", ruleAction: "deny", cidrBlock: "0.0.0.0/0", fromPort: 22, toPort: 22 }),
    bad: (s) => new NetworkAcl(s, "acl", { vpcId: "vpc-1", ingress: [{ ruleNo: 100, action: "allow", protocol: "tcp", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 65535 }] }),
    path: "test/acl",
  });

  rule("subnet-no-public-ip-on-launch", {
    address: "aws_subnet.subnet",
    reason: /^map_public_ip_on_launch = true$/,
    good: (s) => new Subnet(s, "subnet", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: false }),
    bad: (s) => new Subnet(s, "subnet", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true }),
  });

  it("reports a setting known only at apply time as unknown, neither pass nor fail", () => {
    const report = check((s) => {
      const flag = new TerraformVariable(s, "public", { type: "bool" });
      new Subnet(s, "subnet", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: flag.booleanValue });
    });
    expect(resultsOf(report, "subnet-no-public-ip-on-launch")).toEqual([expect.objectContaining({ status: "unknown", detail: "map_public_ip_on_launch is known only at apply time" })]);
    expect(report.findings).toEqual([]);
  });

  rule("tgw-no-auto-accept", {
    address: "aws_ec2_transit_gateway.tgw",
    reason: /^auto_accept_shared_attachments = "enable"$/,
    good: (s) => new Ec2TransitGateway(s, "tgw", { autoAcceptSharedAttachments: "disable" }),
    bad: (s) => new Ec2TransitGateway(s, "tgw", { autoAcceptSharedAttachments: "enable" }),
  });

  rule("tgw-segmented-routing", {
    address: "aws_ec2_transit_gateway.tgw",
    reason: /^default_route_table_propagation = "enable" \(default\)$/,
    good: (s) => new Ec2TransitGateway(s, "tgw", { defaultRouteTableAssociation: "disable", defaultRouteTablePropagation: "disable" }),
    bad: (s) => new Ec2TransitGateway(s, "tgw", { defaultRouteTableAssociation: "disable" }),
  });

  rule("ram-share-org-only", {
    address: "aws_ram_resource_share.share",
    reason: /^allow_external_principals = true$/,
    good: (s) => new RamResourceShare(s, "share", { name: "tgw", allowExternalPrincipals: false }),
    bad: (s) => new RamResourceShare(s, "share", { name: "tgw", allowExternalPrincipals: true }),
  });

  rule("vpce-org-policy", {
    address: "aws_vpc_endpoint.endpoint",
    reason: NO_ENDPOINT_POLICY,
    good: (s) => endpoint(s, { policy: orgPolicy(s).json, securityGroupIds: ["sg-1"] }),
    bad: (s) => endpoint(s, { securityGroupIds: ["sg-1"] }),
  });

  it("accepts an endpoint policy given as a JSON string with a PrincipalOrgID condition", () => {
    const policy = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }] });
    expect(resultsOf(check((s) => endpoint(s, { policy })), "vpce-org-policy")[0].status).toBe("pass");
  });

  it("agrees with the endpoint-service table: services that take no policy are not checked, every other service is", () => {
    for (const service of KNOWN_ENDPOINT_SERVICES) {
      const report = check((s) => endpoint(s, { serviceName: `com.amazonaws.eu-west-1.${service}`, securityGroupIds: ["sg-1"] }));
      if (endpointService(service, "eu-west-1").supportsPolicy) expectFailure(report, "vpce-org-policy", "aws_vpc_endpoint.endpoint", NO_ENDPOINT_POLICY);
      else expect({ service, results: resultsOf(report, "vpce-org-policy") }).toEqual({ service, results: [] });
    }
  });

  it("still requires the organization policy on an interface endpoint of a service the table does not know", () => {
    const report = check((s) => endpoint(s, { serviceName: "com.amazonaws.us-east-1.athena", securityGroupIds: ["sg-1"] }));
    expectFailure(report, "vpce-org-policy", "aws_vpc_endpoint.endpoint", NO_ENDPOINT_POLICY);
  });

  rule("vpce-security-group", {
    address: "aws_vpc_endpoint.endpoint",
    reason: /^security_group_ids is empty$/,
    good: (s) => endpoint(s, { securityGroupIds: ["sg-1"] }),
    bad: (s) => endpoint(s, {}),
  });

  rule("vpc-s3-gateway-endpoint", {
    address: "aws_vpc.vpc",
    reason: /^no S3 gateway endpoint refers to this VPC$/,
    good: (s) => new VpcEndpoint(s, "s3", { vpcId: vpc(s).id, serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" }),
    bad: (s) => new VpcEndpoint(s, "ssm", { vpcId: vpc(s).id, serviceName: "com.amazonaws.us-east-1.ssm", vpcEndpointType: "Interface" }),
    path: "test/vpc",
  });
});
