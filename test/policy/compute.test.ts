/** EC2 guardrails, each proven both ways on constructs synthesized alone. */
import { EbsEncryptionByDefault } from "@cdktf/provider-aws/lib/ebs-encryption-by-default";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { KeyPair } from "@cdktf/provider-aws/lib/key-pair";
import { LaunchTemplate, LaunchTemplateConfig } from "@cdktf/provider-aws/lib/launch-template";
import { TerraformStack } from "cdktf";
import { check, expectFailure, resultsOf, rule } from "./helpers";

/** A launch template as the landing zone writes it, with overrides. */
const template = (s: TerraformStack, overrides: Partial<LaunchTemplateConfig> = {}) =>
  new LaunchTemplate(s, "lt", {
    name: "api",
    imageId: "ami-1",
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: "arn:aws:kms:us-east-1:1:key/k", volumeType: "gp3" } }],
    networkInterfaces: [{ associatePublicIpAddress: "false" }],
    iamInstanceProfile: { name: "api" },
    ...overrides,
  });
const instanceFrom = (s: TerraformStack, lt: LaunchTemplate) => new Instance(s, "instance", { launchTemplate: { id: lt.id, version: "$Latest" }, subnetId: "subnet-1" });

describe("EC2 rules", () => {
  rule("ec2-imdsv2", {
    address: "aws_instance.instance",
    reason: /^http_tokens = "optional"$/,
    good: (s) => instanceFrom(s, template(s)),
    bad: (s) => new Instance(s, "instance", { ami: "ami-1", instanceType: "t3.micro", metadataOptions: { httpTokens: "optional" } }),
    path: "test/instance",
  });

  it("judges an instance by its launch template, naming the template in the evidence", () => {
    const [, fromInstance] = resultsOf(check((s) => instanceFrom(s, template(s))), "ec2-imdsv2");
    expect(fromInstance).toMatchObject({ path: "test/instance", status: "pass", detail: 'http_tokens = "required" (launch template aws_launch_template.lt)' });
  });

  it("flags a launch template that leaves IMDSv1 available", () => {
    const r = expectFailure(check((s) => template(s, { metadataOptions: { httpEndpoint: "enabled" } })), "ec2-imdsv2", "aws_launch_template.lt", /^metadata_options leaves http_tokens unset \(optional\)$/);
    expect(r.path).toBe("test/lt");
  });

  rule("ec2-imds-hop-limit", {
    address: "aws_launch_template.lt",
    reason: /^http_put_response_hop_limit = 5$/,
    good: (s) => template(s),
    bad: (s) => template(s, { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 5 } }),
  });

  rule("ec2-ebs-encrypted", {
    address: "aws_ebs_volume.volume",
    reason: /^volume not encrypted$/,
    good: (s) => instanceFrom(s, template(s)),
    bad: (s) => new EbsVolume(s, "volume", { availabilityZone: "us-east-1a", size: 10 }),
    path: "test/volume",
  });

  it("counts the account's EBS encryption by default for an instance without block devices", () => {
    const bare = (s: TerraformStack) => new Instance(s, "instance", { ami: "ami-1", instanceType: "t3.micro" });
    expectFailure(check(bare), "ec2-ebs-encrypted", "aws_instance.instance", /^no block device sets encrypted and the stack has no EBS encryption by default$/);
    const withDefault = check((s) => {
      bare(s);
      new EbsEncryptionByDefault(s, "ebs-default", { enabled: true });
    });
    expect(resultsOf(withDefault, "ec2-ebs-encrypted")[0]).toMatchObject({ status: "pass", detail: "encrypted by the account default (aws_ebs_encryption_by_default.ebs_default)" });
  });

  rule("ec2-ebs-cmk", {
    address: "aws_instance.instance",
    reason: /^root volume without kms_key_id$/,
    good: (s) => template(s),
    bad: (s) => new Instance(s, "instance", { ami: "ami-1", instanceType: "t3.micro", rootBlockDevice: { encrypted: true } }),
  });

  rule("ec2-no-key-pair", {
    address: "aws_key_pair.key",
    reason: /^aws_key_pair resource$/,
    good: (s) => template(s),
    bad: (s) => {
      template(s, { keyName: "ops" });
      new KeyPair(s, "key", { publicKey: "ssh-ed25519 AAAA" });
    },
    path: "test/key",
  });

  rule("ec2-instance-profile", {
    address: "aws_instance.instance",
    reason: /^no iam_instance_profile$/,
    good: (s) => instanceFrom(s, template(s)),
    bad: (s) => instanceFrom(s, template(s, { iamInstanceProfile: undefined })),
    path: "test/instance",
  });

  rule("ec2-no-public-ip", {
    address: "aws_launch_template.lt",
    reason: /^network_interfaces\.associate_public_ip_address = "true"$/,
    good: (s) => instanceFrom(s, template(s)),
    bad: (s) => template(s, { networkInterfaces: [{ associatePublicIpAddress: "true" }] }),
    path: "test/lt",
  });
});
