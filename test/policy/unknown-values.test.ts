/**
 * A value known only at apply time is unknown, never a pass or a failure.
 * Every rule that reads a list (CIDRs, ports, actions, resources, principals,
 * condition values, policy ARNs, security groups, alarm actions) is shown
 * here with a reference (`var.x`, `${aws_x.y.attr}`) where a literal would
 * decide: the verdict is "unknown", and the engine records no finding.
 */
import { ApprunnerService } from "@cdktf/provider-aws/lib/apprunner-service";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
// from "@cdktf/provider-aws/lib/kms-key";
import { NetworkAclRule } from "@cdktf/provider-aws/lib/network-acl-rule";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn, TerraformStack, TerraformVariable } from "cdktf";
import { PolicyReport } from "../../src/policy/engine";
import { couldBe, lengthOf, listOf, templatesOf, UNKNOWN } from "../../src/policy/values";
import { check, expectFailure, resultsOf } from "./helpers";

/** A string variable: its value, `${var.<name>}`, is known only at apply time. */
const variable = (s: TerraformStack, name: string) => new TerraformVariable(s, name, { type: "string" }).stringValue;

/** The one verdict `id` gave, asserting the engine made it no finding. */
function verdictOf(report: PolicyReport, id: string) {
  const results = resultsOf(report, id);
  expect(results).toHaveLength(1);
  expect(report.findings.filter((f) => f.rule === id)).toEqual([]);
  return results[0];
}

const expectUnknown = (report: PolicyReport, id: string, detail: RegExp) => expect(verdictOf(report, id)).toMatchObject({ status: "unknown", detail: expect.stringMatching(detail) });

describe("list readers", () => {
  it("listOf is UNKNOWN for an expression anywhere: the list, an item, or part of an item", () => {
    expect(listOf("${var.cidrs}")).toBe(UNKNOWN);
    expect(listOf(["${var.cidr}"])).toBe(UNKNOWN);
    expect(listOf(["10.0.0.0/8", "${aws_vpc.v.cidr_block}"])).toBe(UNKNOWN);
    expect(listOf("10.${var.octet}.0.0/16")).toBe(UNKNOWN);
    expect(listOf(["0.0.0.0/0", 22, true])).toEqual(["0.0.0.0/0", "22", "true"]);
    expect(listOf([{ a: 1 }])).toBe(UNKNOWN);
  });

  it("templatesOf keeps items as written for item-by-item judgement; lengthOf counts them", () => {
    expect(templatesOf(["${aws_sns_topic.t.arn}", "x"])).toEqual(["${aws_sns_topic.t.arn}", "x"]);
    expect(templatesOf("${var.list}")).toBe(UNKNOWN);
    expect(templatesOf('${jsonencode({"a" = "}"})}')).toBe(UNKNOWN);
    expect(lengthOf(["${aws_security_group.a.id}"])).toBe(1);
    expect(lengthOf("${var.groups}")).toBe(UNKNOWN);
  });

  it("couldBe rules a value out only when the literal parts of its template do", () => {
    expect(couldBe("0.0.0.0/0", "0.0.0.0/0")).toBe(true);
    expect(couldBe("10.0.0.0/8", "0.0.0.0/0")).toBe(false);
    expect(couldBe("${var.cidr}", "0.0.0.0/0")).toBe(UNKNOWN);
    expect(couldBe("${var.prefix}/0", "0.0.0.0/0")).toBe(UNKNOWN);
    expect(couldBe("10.${var.octet}.0.0/16", "0.0.0.0/0")).toBe(false);
    expect(couldBe("arn:aws:iam::${var.account}:root", "*")).toBe(false);
    // An ARN attribute always starts with arn:, so it is never "*".
    expect(couldBe("${data.aws_elb_service_account.elb.arn}", "*")).toBe(false);
    expect(couldBe("${aws_iam_role.r.name}", "*")).toBe(UNKNOWN);
  });
});

describe("security groups and network ACLs with CIDRs known only at apply time", () => {
  it("sg-no-admin-ports-from-internet: port 22 from var.cidr is unknown, not a pass", () => {
    const report = check((s) => new SecurityGroup(s, "sg", { name: "sg", ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: [variable(s, "cidr")] }] }));
    expectUnknown(report, "sg-no-admin-ports-from-internet", /^tcp 22 from var\.cidr: the source is known only at apply time/);
  });

  it("sg-no-admin-ports-from-internet: port 3389 from another resource's attribute (${aws_vpc.v.cidr_block}) is unknown", () => {
    const report = check((s) => {
      const v = new Vpc(s, "v", { cidrBlock: "10.0.0.0/16" });
      new SecurityGroupRule(s, "rule", { type: "ingress", securityGroupId: "sg-1", fromPort: 3389, toPort: 3389, protocol: "tcp", cidrBlocks: ["10.1.0.0/16", v.cidrBlock] });
    });
    expectUnknown(report, "sg-no-admin-ports-from-internet", /^tcp 3389 from 10\.1\.0\.0\/16, aws_vpc\.v\.cidr_block: the source/);
  });

  it("sg-no-admin-ports-from-internet: an all-traffic rule from a variable CIDR is unknown", () => {
    const report = check((s) => new VpcSecurityGroupIngressRule(s, "all", { securityGroupId: "sg-1", ipProtocol: "-1", cidrIpv4: variable(s, "cidr") }));
    expectUnknown(report, "sg-no-admin-ports-from-internet", /^all traffic from var\.cidr/);
  });

  it("sg-no-admin-ports-from-internet: a port range known only at apply time is unknown", () => {
    const report = check((s) => {
      const port = new TerraformVariable(s, "port", { type: "number" });
      new SecurityGroupRule(s, "rule", { type: "ingress", securityGroupId: "sg-1", fromPort: port.numberValue, toPort: port.numberValue, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] });
    });
    expectUnknown(report, "sg-no-admin-ports-from-internet", /ingress rules are built from values known only at apply time/);
  });

  it("still decides what the reference cannot change: 443 from var.cidr opens no admin port, and a literal 0.0.0.0/0 beside a reference fails", () => {
    const web = check((s) => new SecurityGroup(s, "sg", { name: "sg", ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: [variable(s, "cidr")] }] }));
    expect(verdictOf(web, "sg-no-admin-ports-from-internet")).toMatchObject({ status: "pass" });
    expect(verdictOf(web, "sg-internet-ingress-web-only")).toMatchObject({ status: "pass" });
    const open = check((s) => new SecurityGroup(s, "sg", { name: "sg", ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: [variable(s, "cidr"), "0.0.0.0/0"] }] }));
    expectFailure(open, "sg-no-admin-ports-from-internet", "aws_security_group.sg", "tcp 22 from var.cidr, 0.0.0.0/0");
  });

  it("sg-internet-ingress-web-only: port 5432 from var.cidr is unknown", () => {
    const report = check((s) => new SecurityGroup(s, "sg", { name: "sg", ingress: [{ fromPort: 5432, toPort: 5432, protocol: "tcp", cidrBlocks: [variable(s, "cidr")] }] }));
    expectUnknown(report, "sg-internet-ingress-web-only", /^tcp 5432 from var\.cidr: the source is known only at apply time/);
  });

  it("nacl-no-admin-ports-from-internet: allowing 22 from var.cidr is unknown", () => {
    const report = check((s) => new NetworkAclRule(s, "rule", { networkAclId: "acl-1", ruleNumber: 100, egress: false, protocol: "tcp", ruleAction: "allow", cidrBlock: variable(s, "cidr"), fromPort: 22, toPort: 22 }));
    expectUnknown(report, "nacl-no-admin-ports-from-internet", /^tcp 22 from var\.cidr: the source is known only at apply time/);
  });
});

describe("policies with actions, resources, principals and values known only at apply time", () => {
  const doc = (s: TerraformStack, statement: DataAwsIamPolicyDocumentStatement) => new DataAwsIamPolicyDocument(s, "doc", { statement: [statement] });

  it("iam-no-full-admin: an action list from a variable on resources * is unknown", () => {
    const report = check((s) => new IamPolicy(s, "policy", { name: "p", policy: doc(s, { sid: "Grant", actions: [variable(s, "action")], resources: ["*"] }).json }));
    expectUnknown(report, "iam-no-full-admin", /^policy: statement Grant: actions or resources known only at apply time/);
  });

  it("iam-no-full-admin: a named action on a resource reference is decided (pass)", () => {
    const report = check((s) => {
      const bucket = new S3Bucket(s, "b", { bucket: "acme-b" });
      new IamPolicy(s, "policy", { name: "p", policy: doc(s, { sid: "Read", actions: ["s3:GetObject"], resources: [`${bucket.arn}/*`] }).json });
    });
    expect(verdictOf(report, "iam-no-full-admin")).toMatchObject({ status: "pass" });
  });

  it("iam-no-passrole-wildcard: iam:PassRole on a resource from a variable is unknown", () => {
    const report = check((s) => new IamPolicy(s, "policy", { name: "p", policy: doc(s, { sid: "Pass", actions: ["iam:PassRole"], resources: [variable(s, "roles")] }).json }));
    expectUnknown(report, "iam-no-passrole-wildcard", /^policy: statement Pass: actions or resources known only at apply time/);
  });

  it("iam-no-admin-attachment: a policy ARN from a variable is unknown", () => {
    const report = check((s) => new IamRolePolicyAttachment(s, "attach", { role: "r", policyArn: variable(s, "policy") }));
    expectUnknown(report, "iam-no-admin-attachment", /policy ARNs are known only at apply time/);
  });

  it("iam-no-admin-attachment: an AWS managed policy ARN built from a variable name is unknown", () => {
    const report = check((s) => new IamRolePolicyAttachment(s, "attach", { role: "r", policyArn: `arn:aws:iam::aws:policy/${variable(s, "name")}` }));
    expectUnknown(report, "iam-no-admin-attachment", /^arn:aws:iam::aws:policy\/var\.name known only at apply time, may be an admin policy/);
  });

  it("iam-no-wildcard-trust: a trusted principal from a variable is unknown; an account root ARN holding a variable is not '*'", () => {
    const trust = (principal: string) => JSON.stringify({ Statement: [{ Sid: "Trust", Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }] });
    const maybe = check((s) => new IamRole(s, "role", { name: "r", assumeRolePolicy: trust(variable(s, "principal")) }));
    expectUnknown(maybe, "iam-no-wildcard-trust", /^statement Trust trusts a principal known only at apply time/);
    const account = check((s) => new IamRole(s, "role", { name: "r", assumeRolePolicy: trust(`arn:aws:iam::${variable(s, "account")}:root`) }));
    expect(verdictOf(account, "iam-no-wildcard-trust")).toMatchObject({ status: "pass" });
  });

  it("s3-policy-not-public: an unconditioned grant to a principal from a variable is unknown", () => {
    const report = check((s) => {
      const bucket = new S3Bucket(s, "b", { bucket: "acme-b" });
      new S3BucketPolicy(s, "policy", { bucket: bucket.id, policy: doc(s, { sid: "Read", actions: ["s3:GetObject"], resources: [`${bucket.arn}/*`], principals: [{ type: "AWS", identifiers: [variable(s, "reader")] }] }).json });
    });
    expectUnknown(report, "s3-policy-not-public", /^bucket policy: Read name a principal known only at apply time/);
  });

  it("s3-tls-only: a SecureTransport deny whose value is a variable is unknown", () => {
    const report = check((s) => {
      const bucket = new S3Bucket(s, "b", { bucket: "acme-b" });
      new S3BucketPolicy(s, "policy", {
        bucket: bucket.id,
        policy: doc(s, { sid: "Tls", effect: "Deny", actions: ["s3:*"], resources: [bucket.arn], principals: [{ type: "*", identifiers: ["*"] }], condition: [{ test: "Bool", variable: "aws:SecureTransport", values: [variable(s, "secure")] }] }).json,
      });
    });
    expectUnknown(report, "s3-tls-only", /^aws_s3_bucket_policy\.policy: Tls may deny non-TLS requests/);
  });

  it("kms-policy-not-public: a key policy (jsonencode) granting a principal from a variable is unknown", () => {
    const report = check((s) =>
      new KmsKey(s, "key", { enableKeyRotation: true, policy: Fn.jsonencode({ Statement: [{ Sid: "Use", Effect: "Allow", Principal: { AWS: variable(s, "user") }, Action: "kms:Decrypt", Resource: "*" }] }) }),
    );
    expectUnknown(report, "kms-policy-not-public", /^key policy: Use name a principal known only at apply time/);
  });

  it("ecr-policy-not-public: a repository policy granting a principal from a variable is unknown", () => {
    const report = check((s) => {
      const repo = new EcrRepository(s, "repo", { name: "web" });
      new EcrRepositoryPolicy(s, "policy", { repository: repo.name, policy: JSON.stringify({ Statement: [{ Sid: "Pull", Effect: "Allow", Principal: { AWS: variable(s, "puller") }, Action: "ecr:BatchGetImage" }] }) });
    });
    expectUnknown(report, "ecr-policy-not-public", /^aws_ecr_repository_policy\.policy: Pull name a principal known only at apply time/);
  });

  it("vpce-org-policy: an aws:PrincipalIsAWSService value from a variable is unknown", () => {
    const report = check((s) =>
      new VpcEndpoint(s, "endpoint", {
        vpcId: "vpc-1",
        serviceName: "com.amazonaws.us-east-1.ssm",
        vpcEndpointType: "Interface",
        securityGroupIds: ["sg-1"],
        policy: doc(s, { actions: ["*"], resources: ["*"], principals: [{ type: "*", identifiers: ["*"] }], condition: [{ test: "Bool", variable: "aws:PrincipalIsAWSService", values: [variable(s, "service")] }] }).json,
      }),
    );
    expectUnknown(report, "vpce-org-policy", /aws:PrincipalIsAWSService is known only at apply time/);
  });
});

describe("counts and container settings known only at apply time", () => {
  it("vpce-security-group: references to groups count; a list that is itself a variable is unknown", () => {
    const counted = check((s) => {
      const group = new SecurityGroup(s, "sg", { name: "endpoints" });
      new VpcEndpoint(s, "endpoint", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.ssm", vpcEndpointType: "Interface", securityGroupIds: [group.id] });
    });
    expect(verdictOf(counted, "vpce-security-group")).toMatchObject({ status: "pass", detail: "1 security group(s)" });
    const opaque = check((s) => {
      const groups = new TerraformVariable(s, "groups", { type: "list(string)" });
      new VpcEndpoint(s, "endpoint", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.ssm", vpcEndpointType: "Interface", securityGroupIds: groups.listValue });
    });
    expectUnknown(opaque, "vpce-security-group", /security_group_ids is known only at apply time/);
  });

  it("alarm-has-actions: a topic reference counts as an action; an action list that is a variable is unknown", () => {
    const alarm = (s: TerraformStack, alarmActions: string[]) =>
      new CloudwatchMetricAlarm(s, "alarm", { alarmName: "a", comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1, metricName: "m", namespace: "n", period: 60, statistic: "Sum", threshold: 1, alarmActions });
    expect(verdictOf(check((s) => alarm(s, [variable(s, "topic")])), "alarm-has-actions")).toMatchObject({ status: "pass", detail: "1 action(s)" });
    const opaque = check((s) => alarm(s, new TerraformVariable(s, "topics", { type: "list(string)" }).listValue));
    expectUnknown(opaque, "alarm-has-actions", /alarm_actions is known only at apply time/);
  });

  it("ecs-no-privileged and ecs-readonly-root: container flags from variables (Fn.jsonencode) are unknown", () => {
    const report = check((s) => {
      const flag = new TerraformVariable(s, "flag", { type: "bool" });
      new EcsTaskDefinition(s, "task", {
        family: "web",
        containerDefinitions: Fn.jsonencode([{ name: "web", image: "web:1", privileged: flag.booleanValue, readonlyRootFilesystem: flag.booleanValue, logConfiguration: { logDriver: "awslogs" } }]),
      });
    });
    expectUnknown(report, "ecs-no-privileged", /^web: privileged is known only at apply time/);
    expectUnknown(report, "ecs-readonly-root", /^web: readonlyRootFilesystem is known only at apply time/);
  });
});

describe("settings inside blocks known only at apply time", () => {
  it("sg rules: a rule whose type (ingress or egress) is a variable is unknown", () => {
    const report = check((s) => new SecurityGroupRule(s, "rule", { type: variable(s, "direction"), securityGroupId: "sg-1", fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }));
    expectUnknown(report, "sg-no-ssh-rdp", /the rule's type \(ingress or egress\) is known only at apply time/);
  });

  it("s3-owner-enforced: an object_ownership from a variable is unknown", () => {
    const report = check((s) => {
      const bucket = new S3Bucket(s, "b", { bucket: "acme-b" });
      new S3BucketOwnershipControls(s, "ownership", { bucket: bucket.id, rule: { objectOwnership: variable(s, "object-ownership") } });
    });
    expectUnknown(report, "s3-owner-enforced", /ownership rule is known only at apply time/);
  });

  it("ecs-container-insights: a setting value from a variable is unknown", () => {
    const report = check((s) => new EcsCluster(s, "cluster", { name: "apps", setting: [{ name: "containerInsights", value: variable(s, "insights") }] }));
    expectUnknown(report, "ecs-container-insights", /containerInsights value is known only at apply time/);
  });

  it("alb-http-redirects-to-https: a redirect protocol from a variable is unknown", () => {
    const report = check((s) =>
      new LbListener(s, "http", { loadBalancerArn: "arn:lb", port: 80, protocol: "HTTP", defaultAction: [{ type: "redirect", redirect: { protocol: variable(s, "scheme"), port: "443", statusCode: "HTTP_301" } }] }),
    );
    expectUnknown(report, "alb-http-redirects-to-https", /a default action is known only at apply time/);
  });

  it("apprunner-vpc-egress: an egress_type from a variable is unknown", () => {
    const report = check((s) =>
      new ApprunnerService(s, "portal", {
        serviceName: "portal",
        sourceConfiguration: { imageRepository: { imageIdentifier: "1.dkr.ecr.us-east-1.amazonaws.com/portal:1", imageRepositoryType: "ECR" } },
        networkConfiguration: { egressConfiguration: { egressType: variable(s, "egress"), vpcConnectorArn: "arn:aws:apprunner:us-east-1:1:vpcconnector/spoke" } },
      }),
    );
    expectUnknown(report, "apprunner-vpc-egress", /egress_type is known only at apply time/);
  });
});
