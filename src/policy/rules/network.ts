/** Network guardrails: flow logs, closed default groups, no admin ports, private subnets, a segmented Transit Gateway, scoped endpoints. */
import { endpointPolicySupported } from "../../config/endpoint-services";
import { StackModel, TfElement } from "../model";
import { hasValue, policyStatements } from "../policy-doc";
import { ADMIN_PORTS } from "../../config/admin-ports";
import { admitsPort, describeIngress, fromInternet, Ingress, networkAclIngress, opensOnly, securityGroupIngress } from "../ports";
import { fail, pass, ResourceRule, unknown, Verdict } from "../types";
import { and, blocksOf, boolOf, lengthOf, some, strOf, UNKNOWN, Unknown } from "../values";

/**
 * False for endpoint services that reject endpoint policies, as the one table
 * in src/config/endpoint-services.ts says (App Runner's); true for every
 * other service, known or not, so an unknown service is still checked.
 */
function acceptsPolicy(e: TfElement): boolean {
  return endpointPolicySupported(String(e.attrs.service_name)) !== false;
}

const SG_TYPES = ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"];

/** Runs `judge` over a security-group element's ingress rules. */
function overIngress(e: TfElement, judge: (rules: Ingress[]) => Verdict): Verdict | undefined {
  if (e.type === "aws_security_group_rule") {
    const type = strOf(e.attrs.type);
    if (type === UNKNOWN) return unknown("the rule's type (ingress or egress) is known only at apply time");
    if (type !== "ingress") return undefined;
  }
  const rules = securityGroupIngress(e);
  if (rules === UNKNOWN) return unknown("ingress rules are built from values known only at apply time");
  return judge(rules);
}

/**
 * Judges ingress rules by `from internet and bad`: a failure names the rules
 * that certainly are; a source known only at apply time (`${var.cidr}`) on a
 * rule that would be bad makes the verdict unknown, never a pass.
 */
function internetIngress(rules: Ingress[], bad: (r: Ingress) => boolean, ok: string): Verdict {
  const open = rules.filter(bad);
  const certain = open.filter((r) => fromInternet(r) === true);
  if (certain.length) return fail(certain.map(describeIngress).join("; "));
  const maybe = open.filter((r) => fromInternet(r) === UNKNOWN);
  if (maybe.length) return unknown(`${maybe.map(describeIngress).join("; ")}: the source is known only at apply time and may be the internet`);
  return pass(ok);
}

const admitsAdminPort = (r: Ingress) => ADMIN_PORTS.some((p) => admitsPort(r, p));

/** The aws_flow_log resources recording a VPC. */
function flowLogsOf(vpc: TfElement, stack: StackModel): TfElement[] {
  return stack.pointingAt("aws_flow_log", "vpc_id", vpc);
}

export const networkRules: ResourceRule[] = [
  {
    id: "vpc-flow-logs",
    area: "network",
    scope: "resource",
    severity: "error",
    title: "Every VPC records flow logs of all traffic",
    description: "Flow logs are the only record of who talked to what inside a VPC; investigations and CIS 3.7 need them for ALL traffic, not just rejects.",
    message: "VPC has no flow log recording ALL traffic",
    fix: 'add an aws_flow_log with vpc_id = this VPC and traffic_type = "ALL", delivered to a KMS-encrypted log group',
    refs: { cis: "3.7", fsbp: "EC2.6", checkov: "CKV2_AWS_11" },
    coverage: "logging",
    types: ["aws_vpc"],
    check(vpc, stack) {
      const logs = flowLogsOf(vpc, stack);
      const all = logs.find((l) => strOf(l.attrs.traffic_type) === "ALL");
      if (all) return pass(`${all.address} records ALL traffic`);
      if (logs.some((l) => strOf(l.attrs.traffic_type) === UNKNOWN)) return unknown("a flow log's traffic_type is known only at apply time");
      if (logs.length === 0 && stack.hasOpaque("aws_flow_log", "vpc_id")) return unknown("a flow log's vpc_id is known only at apply time");
      return fail(logs.length ? `flow logs record ${logs.map((l) => String(l.attrs.traffic_type)).join(", ")} only` : "no aws_flow_log refers to this VPC");
    },
  },
  {
    id: "vpc-default-sg-closed",
    area: "network",
    scope: "resource",
    severity: "error",
    title: "Every VPC's default security group allows no traffic",
    description: "Anything launched without a security group lands in the default group; managing it with no rules makes that mistake harmless.",
    message: "the VPC's default security group is unmanaged or has rules",
    fix: "add an aws_default_security_group for this VPC with no ingress and no egress blocks",
    refs: { cis: "5.4", fsbp: "EC2.2", checkov: "CKV2_AWS_12" },
    types: ["aws_vpc"],
    check(vpc, stack) {
      const groups = stack.pointingAt("aws_default_security_group", "vpc_id", vpc);
      if (groups.length === 0) {
        return stack.hasOpaque("aws_default_security_group", "vpc_id") ? unknown("a default security group's vpc_id is known only at apply time") : fail("no aws_default_security_group manages this VPC's default group");
      }
      for (const g of groups) {
        const ingress = blocksOf(g.attrs.ingress);
        const egress = blocksOf(g.attrs.egress);
        if (ingress === UNKNOWN || egress === UNKNOWN) return unknown(`${g.address} has rules known only at apply time`);
        if (ingress.length + egress.length > 0) return fail(`${g.address} has ${ingress.length} ingress and ${egress.length} egress rules`);
      }
      return pass(`${groups[0].address} has no rules`);
    },
  },
  {
    id: "sg-no-admin-ports-from-internet",
    area: "network",
    scope: "resource",
    severity: "error",
    title: "No security group admits SSH (22) or RDP (3389) from 0.0.0.0/0 or ::/0",
    description: "Remote administration ports open to the internet are scanned within minutes of creation.",
    message: "security group admits an admin port from the internet",
    fix: "remove the rule; reach instances through Session Manager instead",
    refs: { cis: "5.2, 5.3", fsbp: "EC2.13, EC2.14", checkov: "CKV_AWS_24, CKV_AWS_25" },
    types: SG_TYPES,
    check: (e) =>
      overIngress(e, (rules) => internetIngress(rules, admitsAdminPort, "no admin port open to the internet")),
  },
  {
    id: "sg-no-ssh-rdp",
    area: "network",
    scope: "resource",
    severity: "error",
    title: "No security group admits SSH or RDP from anywhere (bastion-free)",
    description: "The landing zone is bastion-free: operators use Session Manager, so no source needs ports 22 or 3389.",
    message: "security group admits SSH or RDP",
    fix: "remove the rule (or narrow an all-traffic rule to the ports the service needs); use Session Manager for shell access",
    refs: {},
    types: SG_TYPES,
    check: (e) =>
      overIngress(e, (rules) => {
        const bad = rules.filter((r) => ADMIN_PORTS.some((p) => admitsPort(r, p)));
        return bad.length ? fail(bad.map(describeIngress).join("; ")) : pass("no ingress to 22 or 3389");
      }),
  },
  {
    id: "sg-internet-ingress-web-only",
    area: "network",
    scope: "resource",
    severity: "error",
    title: "Security groups admit the internet on TCP 80 and 443 only",
    description: "Only load balancers face the internet, and only on HTTP (redirected) and HTTPS.",
    message: "security group admits the internet on a port other than 80/443",
    fix: "restrict the source to the VPC, a prefix list or another security group, or expose the service through the HTTPS load balancer",
    refs: { fsbp: "EC2.18" },
    types: SG_TYPES,
    check: (e) =>
      overIngress(e, (rules) => internetIngress(rules, (r) => !opensOnly(r, [80, 443]), "internet ingress limited to 80/443")),
  },
  {
    id: "nacl-no-admin-ports-from-internet",
    area: "network",
    scope: "resource",
    severity: "error",
    title: "No network ACL allows SSH or RDP from 0.0.0.0/0 or ::/0",
    description: "Network ACLs are the subnet-level backstop for the security-group rules.",
    message: "network ACL allows an admin port from the internet",
    fix: "deny (or do not allow) ingress to 22 and 3389 from 0.0.0.0/0 and ::/0",
    refs: { cis: "5.1", fsbp: "EC2.21", checkov: "CKV_AWS_231, CKV_AWS_232" },
    types: ["aws_network_acl", "aws_default_network_acl", "aws_network_acl_rule"],
    check(e) {
      const rules = networkAclIngress(e);
      if (rules === UNKNOWN) return unknown("ACL entries are known only at apply time");
      return internetIngress(rules, admitsAdminPort, "no admin port allowed from the internet");
    },
  },
  {
    id: "subnet-no-public-ip-on-launch",
    area: "network",
    scope: "resource",
    severity: "error",
    title: "Subnets do not give instances public IPs on launch",
    description: "Workloads are private by default; public addresses come only from load balancers and NAT gateways.",
    message: "subnet assigns public IPs on launch",
    fix: "set map_public_ip_on_launch = false (the default)",
    refs: { fsbp: "EC2.15", checkov: "CKV_AWS_130" },
    types: ["aws_subnet"],
    check(e) {
      const v = boolOf(e.attrs.map_public_ip_on_launch);
      if (v === UNKNOWN) return unknown("map_public_ip_on_launch is known only at apply time");
      return v === true ? fail("map_public_ip_on_launch = true") : pass("map_public_ip_on_launch is false");
    },
  },
  {
    id: "tgw-no-auto-accept",
    area: "network",
    scope: "resource",
    severity: "error",
    title: "Transit gateways do not accept shared attachments automatically",
    description: "Each spoke attachment is accepted by the landing zone, so no account can join the network on its own.",
    message: "transit gateway auto-accepts shared attachments",
    fix: 'set auto_accept_shared_attachments = "disable" (the default)',
    refs: { fsbp: "EC2.23", checkov: "CKV_AWS_331" },
    types: ["aws_ec2_transit_gateway"],
    check(e) {
      const v = strOf(e.attrs.auto_accept_shared_attachments);
      if (v === UNKNOWN) return unknown("auto_accept_shared_attachments is known only at apply time");
      return v === "enable" ? fail('auto_accept_shared_attachments = "enable"') : pass("shared attachments need acceptance");
    },
  },
  {
    id: "tgw-segmented-routing",
    area: "network",
    scope: "resource",
    severity: "error",
    title: "Transit gateways route through explicit tables, never the default one",
    description: "With the default route table, every attachment reaches every other; explicit spokes/hub tables keep spokes apart.",
    message: "transit gateway associates or propagates attachments to its default route table",
    fix: 'set default_route_table_association = "disable" and default_route_table_propagation = "disable", and route through the spokes and hub tables',
    refs: {},
    types: ["aws_ec2_transit_gateway"],
    check(e) {
      const settings = ["default_route_table_association", "default_route_table_propagation"].map((k) => [k, strOf(e.attrs[k])] as const);
      if (settings.some(([, v]) => v === UNKNOWN)) return unknown("default route table settings are known only at apply time");
      const on = settings.filter(([, v]) => v !== "disable").map(([k, v]) => `${k} = ${String(v ?? '"enable" (default)')}`);
      return on.length ? fail(on.join(", ")) : pass("default route table association and propagation disabled");
    },
  },
  {
    id: "ram-share-org-only",
    area: "network",
    scope: "resource",
    severity: "error",
    title: "Resource shares stay inside the organization",
    description: "The Transit Gateway is shared with the organization only; external principals would gain a route into it.",
    message: "resource share allows external principals",
    fix: "set allow_external_principals = false (the default) and share with the organization ARN",
    refs: {},
    types: ["aws_ram_resource_share"],
    check(e) {
      const v = boolOf(e.attrs.allow_external_principals);
      if (v === UNKNOWN) return unknown("allow_external_principals is known only at apply time");
      return v === true ? fail("allow_external_principals = true") : pass("external principals not allowed");
    },
  },
  {
    id: "vpce-org-policy",
    area: "network",
    scope: "resource",
    severity: "error",
    title: "Interface endpoints only serve principals of the organization",
    description: "Without a policy an endpoint serves any principal, which lets stolen credentials from other accounts exfiltrate through it.",
    message: "interface endpoint policy does not restrict principals to the organization",
    fix: "attach a policy whose Allow statements carry a StringEquals aws:PrincipalOrgID condition (or aws:PrincipalIsAWSService = true), or a Deny with StringNotEquals aws:PrincipalOrgID",
    refs: {},
    types: ["aws_vpc_endpoint"],
    check(e, stack) {
      if (strOf(e.attrs.vpc_endpoint_type) !== "Interface" || !acceptsPolicy(e)) return undefined;
      const statements = policyStatements(e.attrs.policy, stack);
      if (statements === UNKNOWN) return unknown("the endpoint policy is known only at apply time");
      if (!statements) return fail("no policy: the default policy allows full access to any principal");
      // Organization principals, or AWS services acting for them (aws:PrincipalIsAWSService), as in AWS's data-perimeter policies.
      const orgScoped = (st: (typeof statements)[number]): boolean | Unknown =>
        some(st.conditions, (c) => (/^aws:(PrincipalOrgID|PrincipalOrgPaths|PrincipalAccount)$/i.test(c.variable) ? true : /^aws:PrincipalIsAWSService$/i.test(c.variable) && c.test.startsWith("Bool") ? hasValue(c.values, "true") : false));
      const allows = statements.filter((st) => st.effect === "Allow");
      const deny = some(statements, (st) => (st.effect === "Deny" ? orgScoped(st) : false));
      const everyAllow = allows.length > 0 && and(...allows.map(orgScoped));
      if (deny === true || everyAllow === true) return pass("policy conditions on aws:PrincipalOrgID");
      if (deny === UNKNOWN || everyAllow === UNKNOWN) return unknown("a condition value on aws:PrincipalIsAWSService is known only at apply time");
      return fail("no statement conditions on aws:PrincipalOrgID");
    },
  },
  {
    id: "vpce-security-group",
    area: "network",
    scope: "resource",
    severity: "error",
    title: "Interface endpoints have their own security group",
    description: "Without one, an endpoint gets the VPC default group, which the landing zone keeps closed (or which admits everything).",
    message: "interface endpoint has no security group",
    fix: "set security_group_ids to a group allowing tcp/443 from the VPC and the workload pool",
    refs: {},
    types: ["aws_vpc_endpoint"],
    check(e) {
      if (strOf(e.attrs.vpc_endpoint_type) !== "Interface") return undefined;
      const groups = lengthOf(e.attrs.security_group_ids);
      if (groups === UNKNOWN) return unknown("security_group_ids is known only at apply time");
      return groups ? pass(`${groups} security group(s)`) : fail("security_group_ids is empty");
    },
  },
  {
    id: "vpc-s3-gateway-endpoint",
    area: "network",
    scope: "resource",
    severity: "warning",
    title: "Every VPC has an S3 gateway endpoint",
    description: "S3 traffic then stays on the AWS network instead of crossing NAT; gateway endpoints do not work across the Transit Gateway, so each VPC needs its own.",
    message: "VPC has no S3 gateway endpoint",
    fix: 'add an aws_vpc_endpoint with service_name "com.amazonaws.<region>.s3", vpc_endpoint_type "Gateway" and the VPC\'s route tables',
    refs: {},
    types: ["aws_vpc"],
    check(vpc, stack) {
      const endpoints = stack.pointingAt("aws_vpc_endpoint", "vpc_id", vpc);
      const isS3 = (e: TfElement) => {
        const name = e.attrs.service_name;
        const data = stack.referenced(name);
        return (typeof name === "string" && /\.s3$/.test(name)) || (data?.type === "aws_vpc_endpoint_service" && data.attrs.service === "s3");
      };
      const s3 = endpoints.find((e) => isS3(e) && (strOf(e.attrs.vpc_endpoint_type) ?? "Gateway") === "Gateway");
      if (s3) return pass(`${s3.address}`);
      if (endpoints.length === 0 && stack.hasOpaque("aws_vpc_endpoint", "vpc_id")) return unknown("an endpoint's vpc_id is known only at apply time");
      return fail("no S3 gateway endpoint refers to this VPC");
    },
  },
];
