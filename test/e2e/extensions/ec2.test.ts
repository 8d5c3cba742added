/**
 * test/e2e/moto/extensions/ec2.py through the AWS SDK: account defaults (EBS
 * key, instance metadata), launch templates, instances and security group
 * rules as AWS keeps them, and what AWS refuses refused with its error.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateLaunchTemplateCommand,
  CreateSecurityGroupCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeVolumesCommand,
  EC2Client,
  GetEbsDefaultKmsKeyIdCommand,
  GetInstanceMetadataDefaultsCommand,
  ModifyEbsDefaultKmsKeyIdCommand,
  ModifyInstanceMetadataDefaultsCommand,
  MonitorInstancesCommand,
  ResetEbsDefaultKmsKeyIdCommand,
  RunInstancesCommand,
  UnmonitorInstancesCommand,
} from "@aws-sdk/client-ec2";
import { NETWORK, REGION, WORKLOAD, smallOrganization, vpcWithSubnet } from "../helpers/small-organization";

jest.setTimeout(60_000);
const world = smallOrganization();

describe("ec2 EBS default KMS key", () => {
  it("defaults to alias/aws/ebs, takes a customer key, and resets, per account", async () => {
    const ec2 = new EC2Client(world.spoke);
    const managed = `arn:aws:kms:${REGION}:${WORKLOAD}:alias/aws/ebs`;
    expect((await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe(managed);
    const key = `arn:aws:kms:${REGION}:${WORKLOAD}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    await ec2.send(new ModifyEbsDefaultKmsKeyIdCommand({ KmsKeyId: key }));
    expect((await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe(key);
    expect((await new EC2Client(world.hub).send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe(`arn:aws:kms:${REGION}:${NETWORK}:alias/aws/ebs`);
    await ec2.send(new ResetEbsDefaultKmsKeyIdCommand({}));
    expect((await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe(managed);
  });
});

describe("ec2 instance metadata defaults", () => {
  it("sets, reads and clears the account's IMDS defaults, per account", async () => {
    const ec2 = new EC2Client(world.spoke);
    await ec2.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: "required", HttpPutResponseHopLimit: 2 }));
    expect((await ec2.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel).toEqual({ HttpTokens: "required", HttpPutResponseHopLimit: 2 });
    expect((await new EC2Client(world.hub).send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel ?? {}).toEqual({});
    await ec2.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: "no-preference", HttpPutResponseHopLimit: -1 }));
    expect((await ec2.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel ?? {}).toEqual({});
  });

  it("refuses a value outside the documented ones with InvalidParameterValue, and changes nothing", async () => {
    const ec2 = new EC2Client(world.hub);
    await ec2.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: "required" }));
    const refused = { name: "InvalidParameterValue" };
    await expect(ec2.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: "mandatory" as "required" }))).rejects.toMatchObject(refused);
    await expect(ec2.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: "optional", HttpPutResponseHopLimit: 65 }))).rejects.toMatchObject(refused);
    await expect(ec2.send(new ModifyInstanceMetadataDefaultsCommand({ InstanceMetadataTags: "on" as "enabled" }))).rejects.toMatchObject(refused);
    expect((await ec2.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel).toEqual({ HttpTokens: "required" });
  });
});

describe("ec2 launch templates", () => {
  it("gives an instance the root volume its launch template maps on the AMI's root device, and no other", async () => {
    const ec2 = new EC2Client(world.spoke);
    const { subnetId } = await vpcWithSubnet(world.spoke, "10.26.0.0/20");
    const image = (await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))).Images!.find((i) => i.RootDeviceName === "/dev/xvda")!;
    const ebs = { VolumeSize: 20, VolumeType: "gp3" as const, Encrypted: true, KmsKeyId: `arn:aws:kms:${REGION}:${WORKLOAD}:key/1234abcd-12ab-34cd-56ef-1234567890ab` };
    const volumesOf = async (template: string, device: string) => {
      await ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: template, LaunchTemplateData: { ImageId: image.ImageId, InstanceType: "t3.micro", BlockDeviceMappings: [{ DeviceName: device, Ebs: ebs }] } }));
      const [instance] = (await ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, SubnetId: subnetId, LaunchTemplate: { LaunchTemplateName: template } }))).Instances!;
      const volumes = (await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: "attachment.instance-id", Values: [instance.InstanceId!] }] }))).Volumes!;
      return volumes.map((v) => ({ device: v.Attachments![0].Device, size: v.Size, type: v.VolumeType, encrypted: v.Encrypted, key: v.KmsKeyId })).sort((a, b) => a.device!.localeCompare(b.device!));
    };
    expect(await volumesOf("root", "/dev/xvda")).toEqual([{ device: "/dev/xvda", size: 20, type: "gp3", encrypted: true, key: ebs.KmsKeyId }]);
    // A template mapping another device adds a volume next to the AMI's root (moto puts that root at /dev/sda1), as AWS does.
    expect((await volumesOf("data", "/dev/xvdb")).map((v) => v.device)).toEqual(["/dev/sda1", "/dev/xvdb"]);
  });

  it("refuses to launch from a launch template that does not exist", async () => {
    const ec2 = new EC2Client(world.spoke);
    const { subnetId } = await vpcWithSubnet(world.spoke, "10.34.0.0/20");
    await expect(ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, SubnetId: subnetId, LaunchTemplate: { LaunchTemplateName: "no-such-template" } }))).rejects.toMatchObject({
      name: expect.stringMatching(/^InvalidLaunchTemplateName\.NotFound/),
    });
  });

  it("keeps a launch template's own tags out of its launch data", async () => {
    const ec2 = new EC2Client(world.spoke);
    const template = (
      await ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: "app",
          LaunchTemplateData: { InstanceType: "t3.micro", TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "role", Value: "app" }] }] },
          TagSpecifications: [{ ResourceType: "launch-template", Tags: [{ Key: "lz:stack", Value: "workload" }] }],
        }),
      )
    ).LaunchTemplate!;
    expect(template.Tags).toEqual([{ Key: "lz:stack", Value: "workload" }]);
    const [version] = (await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: template.LaunchTemplateId }))).LaunchTemplateVersions!;
    expect(version.LaunchTemplateData!.TagSpecifications).toEqual([{ ResourceType: "instance", Tags: [{ Key: "role", Value: "app" }] }]);
  });
});

describe("ec2 instances", () => {
  it("reports no public IP association for an instance launched without one", async () => {
    const ec2 = new EC2Client(world.spoke);
    const { subnetId } = await vpcWithSubnet(world.spoke, "10.23.0.0/20");
    const launched = (await ec2.send(new RunInstancesCommand({ ImageId: "ami-12c6146b", MinCount: 1, MaxCount: 1, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, AssociatePublicIpAddress: false }] }))).Instances![0];
    const [instance] = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [launched.InstanceId!] }))).Reservations![0].Instances!;
    expect(instance.PublicIpAddress).toBeUndefined();
    expect(instance.NetworkInterfaces![0].Association).toBeUndefined();
  });

  it("switches an instance's detailed monitoring with MonitorInstances and UnmonitorInstances", async () => {
    const ec2 = new EC2Client(world.spoke);
    const { subnetId } = await vpcWithSubnet(world.spoke, "10.24.0.0/20");
    const launched = (await ec2.send(new RunInstancesCommand({ ImageId: "ami-12c6146b", MinCount: 1, MaxCount: 1, SubnetId: subnetId }))).Instances![0];
    const state = async () => (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [launched.InstanceId!] }))).Reservations![0].Instances![0].Monitoring?.State;
    expect(await state()).toBe("disabled");
    const on = await ec2.send(new MonitorInstancesCommand({ InstanceIds: [launched.InstanceId!] }));
    expect(on.InstanceMonitorings).toEqual([{ InstanceId: launched.InstanceId, Monitoring: { State: "pending" } }]);
    expect(await state()).toBe("enabled");
    const off = await ec2.send(new UnmonitorInstancesCommand({ InstanceIds: [launched.InstanceId!] }));
    expect(off.InstanceMonitorings).toEqual([{ InstanceId: launched.InstanceId, Monitoring: { State: "disabling" } }]);
    expect(await state()).toBe("disabled");
  });

  it("refuses to monitor an instance that does not exist, with InvalidInstanceID.NotFound", async () => {
    await expect(new EC2Client(world.spoke).send(new MonitorInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] }))).rejects.toMatchObject({ name: "InvalidInstanceID.NotFound" });
    await expect(new EC2Client(world.spoke).send(new UnmonitorInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] }))).rejects.toMatchObject({ name: "InvalidInstanceID.NotFound" });
  });
});

describe("ec2 security group rules", () => {
  it("keeps the description of a rule that references another security group", async () => {
    const ec2 = new EC2Client(world.spoke);
    const { vpcId, securityGroupId: tasks } = await vpcWithSubnet(world.spoke, "10.22.0.0/20");
    const alb = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: "alb", Description: "alb" }))).GroupId!;
    const [rule] = (
      await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: tasks, IpPermissions: [{ IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: alb, Description: "load balancer to tasks" }] }] }))
    ).SecurityGroupRules!;
    const [read] = (await ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [rule.SecurityGroupRuleId!] }))).SecurityGroupRules!;
    expect(read.Description).toBe("load balancer to tasks");
  });

  it("refuses a rule that references a security group that does not exist", async () => {
    const ec2 = new EC2Client(world.spoke);
    const { securityGroupId: tasks } = await vpcWithSubnet(world.spoke, "10.35.0.0/20");
    await expect(
      ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: tasks, IpPermissions: [{ IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: "sg-0123456789abcdef0", Description: "gone" }] }] })),
    ).rejects.toMatchObject({ name: "InvalidGroup.NotFound" });
  });
});
