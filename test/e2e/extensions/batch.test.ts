/**
 * test/e2e/moto/extensions/batch.py through the AWS SDK, in the workload
 * account: a compute environment without a service role gets Batch's
 * service-linked role, as AWS does; one naming a role that does not exist is
 * still refused
 * (https://docs.aws.amazon.com/batch/latest/APIReference/API_CreateComputeEnvironment.html).
 */
import { BatchClient, CreateComputeEnvironmentCommand, DescribeComputeEnvironmentsCommand } from "@aws-sdk/client-batch";
import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { WORKLOAD, smallOrganization, vpcWithSubnet } from "../helpers/small-organization";

jest.setTimeout(60_000);
const world = smallOrganization();

describe("batch service role", () => {
  it("creates a Fargate compute environment without a service role, using Batch's service-linked role", async () => {
    const { subnetId, securityGroupId } = await vpcWithSubnet(world.spoke, "10.21.0.0/20");
    const batch = new BatchClient(world.spoke);
    await batch.send(new CreateComputeEnvironmentCommand({ computeEnvironmentName: "nightly", type: "MANAGED", computeResources: { type: "FARGATE", maxvCpus: 4, subnets: [subnetId], securityGroupIds: [securityGroupId] } }));
    const [environment] = (await batch.send(new DescribeComputeEnvironmentsCommand({ computeEnvironments: ["nightly"] }))).computeEnvironments!;
    expect(environment.serviceRole).toBe(`arn:aws:iam::${WORKLOAD}:role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch`);
    const role = (await new IAMClient(world.spoke).send(new GetRoleCommand({ RoleName: "AWSServiceRoleForBatch" }))).Role!;
    expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0].Principal).toEqual({ Service: "batch.amazonaws.com" });
  });

  it("refuses a compute environment whose service role does not exist", async () => {
    const { subnetId, securityGroupId } = await vpcWithSubnet(world.spoke, "10.31.0.0/20");
    await expect(
      new BatchClient(world.spoke).send(
        new CreateComputeEnvironmentCommand({
          computeEnvironmentName: "orphan",
          type: "MANAGED",
          serviceRole: `arn:aws:iam::${WORKLOAD}:role/no-such-role`,
          computeResources: { type: "FARGATE", maxvCpus: 4, subnets: [subnetId], securityGroupIds: [securityGroupId] },
        }),
      ),
    ).rejects.toThrow(/Could not find IAM role/);
  });
});
