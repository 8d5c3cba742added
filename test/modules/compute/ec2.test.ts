/** compute/ec2: Session Manager-only instances with a hardened launch template and scheduled patching. */
import { architectureOf, Ec2Group, HardenedLaunchTemplate } from "../../../modules/compute/ec2";
import { named, synthConstruct } from "../../helpers/construct";
import { resources, single, statements } from "../../helpers/synth";

const base = { name: "acme-api", instanceType: "t3.micro", vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b", "subnet-c"], kmsKeyArn: "arn:aws:kms:us-east-1:444444444444:key/k" };

describe("ec2 group", () => {
  const stack = synthConstruct((s) => {
    const group = new Ec2Group(s, "api", { ...base, count: 4, volumeSize: 40 });
    group.allowFrom({ port: 8443, sourceName: "web", sourceSecurityGroupId: "sg-web" });
  });
  const template = single(stack, "aws_launch_template");

  it("requires IMDSv2 with a hop limit of 1 in the launch template and on each instance", () => {
    expect(template.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1, instance_metadata_tags: "enabled" });
    for (const instance of Object.values(resources(stack, "aws_instance"))) {
      expect(instance.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1 });
    }
  });

  it("encrypts a gp3 root volume with the account key", () => {
    expect(template.block_device_mappings).toEqual([
      { device_name: "/dev/xvda", ebs: { volume_size: 40, volume_type: "gp3", encrypted: "true", kms_key_id: base.kmsKeyArn, delete_on_termination: "true" } },
    ]);
  });

  it("turns on detailed monitoring on each instance, not only in the template (the provider would send Monitoring.Enabled=false)", () => {
    expect(template.monitoring).toEqual({ enabled: true });
    for (const [address, instance] of Object.entries(resources(stack, "aws_instance"))) {
      expect([address, instance.monitoring]).toEqual([address, true]);
    }
  });

  it("has no key pair and no public IP", () => {
    expect(template.key_name).toBeUndefined();
    for (const instance of Object.values(resources(stack, "aws_instance"))) {
      expect(instance.key_name).toBeUndefined();
      expect(instance.associate_public_ip_address).toBe(false);
    }
  });

  it("spreads the instances over the private subnets, round-robin", () => {
    expect(Object.entries(resources(stack, "aws_instance")).map(([name, i]) => [name, i.subnet_id])).toEqual([
      ["api_instance_1", "subnet-a"],
      ["api_instance_2", "subnet-b"],
      ["api_instance_3", "subnet-c"],
      ["api_instance_4", "subnet-a"],
    ]);
  });

  it("keeps running instances when a new AMI or template version appears (they are patched in place)", () => {
    expect(resources(stack, "aws_instance")["api_instance_1"].lifecycle).toEqual({ ignore_changes: ["launch_template"] });
  });

  it("uses the latest Amazon Linux 2023 AMI from its public SSM parameter", () => {
    expect(stack.data.aws_ssm_parameter.api_ami.name).toBe("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    expect(template.image_id).toBe("${data.aws_ssm_parameter.api_ami.insecure_value}");
  });

  it("gives the instances Session Manager and the CloudWatch agent through an instance profile", () => {
    expect(Object.values(resources(stack, "aws_iam_role_policy_attachment")).map((a) => a.policy_arn).sort()).toEqual([
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
      "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
    ]);
    expect(statements(stack, "api_role_trust")[0].principals).toEqual([{ type: "Service", identifiers: ["ec2.amazonaws.com"] }]);
    expect(template.iam_instance_profile).toEqual({ arn: "${aws_iam_instance_profile.api_instance_profile.arn}" });
  });

  it("opens no ingress except the port given to another group", () => {
    expect(single(stack, "aws_security_group").ingress).toBeUndefined();
    expect(Object.values(resources(stack, "aws_vpc_security_group_ingress_rule"))).toEqual([
      expect.objectContaining({ referenced_security_group_id: "sg-web", ip_protocol: "tcp", from_port: 8443, to_port: 8443 }),
    ]);
    expect(Object.values(resources(stack, "aws_vpc_security_group_ingress_rule"))[0].cidr_ipv4).toBeUndefined();
  });

  it("patches on a schedule with AWS-RunPatchBaseline against its own baseline", () => {
    expect(single(stack, "aws_ssm_patch_baseline")).toMatchObject({ operating_system: "AMAZON_LINUX_2023", name: "acme-api-patches" });
    expect(single(stack, "aws_ssm_patch_group")).toEqual({ baseline_id: "${aws_ssm_patch_baseline.api_patch_baseline.id}", patch_group: "acme-api" });
    expect(single(stack, "aws_ssm_association")).toMatchObject({
      name: "AWS-RunPatchBaseline",
      schedule_expression: "cron(0 3 ? * SUN *)",
      parameters: { Operation: "Install", RebootOption: "RebootIfNeeded" },
      targets: [{ key: "tag:Patch Group", values: ["acme-api"] }],
    });
    expect(template.tag_specifications[0].tags["Patch Group"]).toBe("acme-api");
  });
});

describe("ec2 AMI choice", () => {
  it("takes the arm64 image for Graviton instance types", () => {
    expect(architectureOf("t4g.micro")).toBe("arm64");
    expect(architectureOf("c6gn.large")).toBe("arm64");
    expect(architectureOf("a1.medium")).toBe("arm64");
    expect(architectureOf("m6i.large")).toBe("x86_64");
    expect(architectureOf("g5.xlarge")).toBe("x86_64");
  });

  it("uses an explicit AMI and reads its root device name", () => {
    const stack = synthConstruct((s) => new Ec2Group(s, "api", { ...base, amiId: "ami-0123456789abcdef0" }));
    const template = single(stack, "aws_launch_template");
    expect(template.image_id).toBe("ami-0123456789abcdef0");
    expect(template.block_device_mappings[0].device_name).toBe("${data.aws_ami.api_ami.root_device_name}");
    expect(stack.data.aws_ssm_parameter).toBeUndefined();
  });
});

describe("hardened launch template alone (as AWS Batch uses it)", () => {
  it("leaves image, profile and security groups to the caller but keeps IMDSv2 and encryption", () => {
    const stack = synthConstruct((s) => new HardenedLaunchTemplate(s, "lt", { name: "batch", kmsKeyArn: "arn:key" }));
    const template = single(stack, "aws_launch_template");
    expect(template).not.toHaveProperty("image_id");
    expect(template).not.toHaveProperty("iam_instance_profile");
    expect(template.metadata_options.http_tokens).toBe("required");
    expect(template.block_device_mappings[0].ebs).toMatchObject({ encrypted: "true", volume_size: 30, kms_key_id: "arn:key" });
    expect(named(stack, "aws_launch_template")).toHaveProperty("lt");
  });
});

describe("ec2 group Session Manager access", () => {
  const SESSION = { keyArn: "arn:aws:kms:us-east-1:444444444444:key/session", logGroupArn: "arn:aws:logs:us-east-1:444444444444:log-group:/acme/ssm/sessions" };

  it("lets the instance role serve sessions encrypted with the session key and write the session logs", () => {
    const stack = synthConstruct((s) => new Ec2Group(s, "api", { ...base, session: SESSION }));
    const bySid = Object.fromEntries(statements(stack, "api_role_policy_document").map((st) => [st.sid, st]));
    expect(bySid.SessionChannel).toMatchObject({
      actions: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
      resources: ["*"],
    });
    expect(bySid.SessionDecrypt).toMatchObject({ actions: ["kms:Decrypt"], resources: [SESSION.keyArn] });
    expect(bySid.SessionLogStreams).toMatchObject({ actions: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"], resources: [`${SESSION.logGroupArn}:*`] });
    expect(single(stack, "aws_iam_role_policy").role).toBe("${aws_iam_role.api_role.id}");
  });

  it("grants no session key without one", () => {
    const stack = synthConstruct((s) => new Ec2Group(s, "api", base));
    expect(stack.resource.aws_iam_role_policy).toBeUndefined();
  });
});
