/**
 * test/e2e/moto/extensions/ssm.py through the AWS SDK, in the workload account:
 * tags on patch baselines, associations and managed nodes, State Manager
 * associations and patch baselines read back, each accepted where AWS accepts
 * it and refused with AWS's error where AWS refuses it
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_AddTagsToResource.html).
 */
import { EC2Client, RunInstancesCommand } from "@aws-sdk/client-ec2";
import {
  AddTagsToResourceCommand,
  CreateAssociationCommand,
  CreatePatchBaselineCommand,
  DeleteAssociationCommand,
  DescribeAssociationCommand,
  DescribePatchGroupsCommand,
  GetPatchBaselineCommand,
  ListTagsForResourceCommand,
  RegisterPatchBaselineForPatchGroupCommand,
  RemoveTagsFromResourceCommand,
  SSMClient,
  UpdateAssociationCommand,
  UpdatePatchBaselineCommand,
} from "@aws-sdk/client-ssm";
import { smallOrganization, vpcWithSubnet } from "../helpers/small-organization";

jest.setTimeout(60_000);
const world = smallOrganization();

describe("ssm tags", () => {
  it("tags a patch baseline on creation and reads it and its patch group back", async () => {
    const ssm = new SSMClient(world.spoke);
    const { BaselineId } = await ssm.send(
      new CreatePatchBaselineCommand({
        Name: "al2023",
        OperatingSystem: "AMAZON_LINUX_2023",
        ApprovalRules: { PatchRules: [{ ApproveAfterDays: 7, PatchFilterGroup: { PatchFilters: [{ Key: "CLASSIFICATION", Values: ["Security"] }] } }] },
        Tags: [{ Key: "lz:stack", Value: "workload" }],
      }),
    );
    await ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId, PatchGroup: "payments" }));
    const read = await ssm.send(new GetPatchBaselineCommand({ BaselineId }));
    expect(read).toMatchObject({ BaselineId, Name: "al2023", OperatingSystem: "AMAZON_LINUX_2023", PatchGroups: ["payments"] });
    expect((await ssm.send(new ListTagsForResourceCommand({ ResourceType: "PatchBaseline", ResourceId: BaselineId }))).TagList).toEqual([{ Key: "lz:stack", Value: "workload" }]);
    await ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: "PatchBaseline", ResourceId: BaselineId, TagKeys: ["lz:stack"] }));
    expect((await ssm.send(new ListTagsForResourceCommand({ ResourceType: "PatchBaseline", ResourceId: BaselineId }))).TagList).toEqual([]);
    const groups = (await ssm.send(new DescribePatchGroupsCommand({}))).Mappings!;
    expect(groups.map((m) => [m.PatchGroup, m.BaselineIdentity?.BaselineId])).toEqual([["payments", BaselineId]]);
  });

  it("refuses to tag, untag or list a patch baseline or an association that does not exist, with InvalidResourceId", async () => {
    const ssm = new SSMClient(world.spoke);
    const refused = { name: "InvalidResourceId" };
    const missingBaseline = { ResourceType: "PatchBaseline" as const, ResourceId: "pb-0123456789abcdef0" };
    await expect(ssm.send(new AddTagsToResourceCommand({ ...missingBaseline, Tags: [{ Key: "team", Value: "a" }] }))).rejects.toMatchObject(refused);
    await expect(ssm.send(new RemoveTagsFromResourceCommand({ ...missingBaseline, TagKeys: ["team"] }))).rejects.toMatchObject(refused);
    await expect(ssm.send(new ListTagsForResourceCommand(missingBaseline))).rejects.toMatchObject(refused);
    const missingAssociation = { ResourceType: "Association" as const, ResourceId: "8dfe3659-4309-493a-8755-0123456789ab" };
    await expect(ssm.send(new AddTagsToResourceCommand({ ...missingAssociation, Tags: [{ Key: "team", Value: "a" }] }))).rejects.toMatchObject(refused);
    await expect(ssm.send(new RemoveTagsFromResourceCommand({ ...missingAssociation, TagKeys: ["team"] }))).rejects.toMatchObject(refused);
    await expect(ssm.send(new ListTagsForResourceCommand(missingAssociation))).rejects.toMatchObject(refused);
  });

  it("tags an instance of the account as a managed node, and refuses one that is not, with InvalidResourceType", async () => {
    const ssm = new SSMClient(world.spoke);
    const { subnetId } = await vpcWithSubnet(world.spoke, "10.30.0.0/20");
    const [instance] = (await new EC2Client(world.spoke).send(new RunInstancesCommand({ ImageId: "ami-12c6146b", MinCount: 1, MaxCount: 1, SubnetId: subnetId }))).Instances!;
    const node = { ResourceType: "ManagedInstance" as const, ResourceId: instance.InstanceId! };
    await ssm.send(new AddTagsToResourceCommand({ ...node, Tags: [{ Key: "Patch Group", Value: "payments" }] }));
    expect((await ssm.send(new ListTagsForResourceCommand(node))).TagList).toEqual([{ Key: "Patch Group", Value: "payments" }]);
    await expect(ssm.send(new AddTagsToResourceCommand({ ResourceType: "ManagedInstance", ResourceId: "i-0123456789abcdef0", Tags: [{ Key: "a", Value: "b" }] }))).rejects.toMatchObject({
      name: "InvalidResourceType",
    });
    // Another account's instance is no managed node of this one.
    await expect(new SSMClient(world.hub).send(new ListTagsForResourceCommand(node))).rejects.toMatchObject({ name: "InvalidResourceType" });
  });
});

describe("ssm associations", () => {
  it("creates (with tags), reads, updates and deletes a State Manager association", async () => {
    const ssm = new SSMClient(world.spoke);
    const created = (
      await ssm.send(
        new CreateAssociationCommand({
          Name: "AWS-RunPatchBaseline",
          ScheduleExpression: "cron(0 3 ? * SUN *)",
          Parameters: { Operation: ["Install"] },
          Targets: [{ Key: "tag:Patch Group", Values: ["payments"] }],
          Tags: [{ Key: "lz:stack", Value: "workload" }],
        }),
      )
    ).AssociationDescription!;
    const AssociationId = created.AssociationId!;
    expect((await ssm.send(new DescribeAssociationCommand({ AssociationId }))).AssociationDescription).toMatchObject({
      Name: "AWS-RunPatchBaseline",
      Parameters: { Operation: ["Install"] },
      Targets: [{ Key: "tag:Patch Group", Values: ["payments"] }],
    });
    expect((await ssm.send(new ListTagsForResourceCommand({ ResourceType: "Association", ResourceId: AssociationId }))).TagList).toEqual([{ Key: "lz:stack", Value: "workload" }]);
    const updated = (await ssm.send(new UpdateAssociationCommand({ AssociationId, ScheduleExpression: "cron(0 4 ? * SUN *)" }))).AssociationDescription!;
    expect(updated).toMatchObject({ ScheduleExpression: "cron(0 4 ? * SUN *)", AssociationVersion: "2" });
    await ssm.send(new DeleteAssociationCommand({ AssociationId }));
    await expect(ssm.send(new DescribeAssociationCommand({ AssociationId }))).rejects.toMatchObject({ name: "AssociationDoesNotExist" });
    await expect(ssm.send(new UpdateAssociationCommand({ AssociationId, ScheduleExpression: "rate(1 day)" }))).rejects.toMatchObject({ name: "AssociationDoesNotExist" });
    await expect(ssm.send(new DeleteAssociationCommand({ AssociationId }))).rejects.toMatchObject({ name: "AssociationDoesNotExist" });
  });
});

describe("ssm patch baselines", () => {
  it("updates a patch baseline and reads the change back", async () => {
    const ssm = new SSMClient(world.spoke);
    const { BaselineId } = await ssm.send(new CreatePatchBaselineCommand({ Name: "windows", OperatingSystem: "WINDOWS", ApprovedPatches: ["KB1"] }));
    await ssm.send(new UpdatePatchBaselineCommand({ BaselineId, Description: "monthly", ApprovedPatches: ["KB1", "KB2"] }));
    expect(await ssm.send(new GetPatchBaselineCommand({ BaselineId }))).toMatchObject({ Name: "windows", Description: "monthly", ApprovedPatches: ["KB1", "KB2"] });
  });

  it("refuses to read or update a patch baseline that does not exist, with DoesNotExistException", async () => {
    const ssm = new SSMClient(world.spoke);
    const BaselineId = "pb-0123456789abcdef0";
    await expect(ssm.send(new GetPatchBaselineCommand({ BaselineId }))).rejects.toMatchObject({ name: "DoesNotExistException" });
    await expect(ssm.send(new UpdatePatchBaselineCommand({ BaselineId, Description: "x" }))).rejects.toMatchObject({ name: "DoesNotExistException" });
  });
});
