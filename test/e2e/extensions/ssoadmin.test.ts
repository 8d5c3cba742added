/**
 * test/e2e/moto/extensions/ssoadmin.py and the Identity Center seed through the AWS SDK, the way the
 * provider calls them: what AWS accepts is accepted, what AWS refuses is refused with AWS's error
 * (https://docs.aws.amazon.com/singlesignon/latest/APIReference/welcome.html).
 */
import { CreatePolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetGroupIdCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DeletePermissionsBoundaryFromPermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribePermissionSetProvisioningStatusCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListInstancesCommand,
  ListTagsForResourceCommand as ListSsoTagsCommand,
  ProvisionPermissionSetCommand,
  PutPermissionsBoundaryToPermissionSetCommand,
  SSOAdminClient,
  TagResourceCommand as TagSsoCommand,
} from "@aws-sdk/client-sso-admin";
import { MANAGEMENT, smallOrganization, WORKLOAD } from "../helpers/small-organization";

jest.setTimeout(60_000);
const world = smallOrganization({ identityCenter: { groups: ["developers", "auditors"] } });
const refused = (name: string) => expect.objectContaining({ name });

async function instance(): Promise<{ InstanceArn: string; IdentityStoreId: string }> {
  const found = (await new SSOAdminClient(world.management).send(new ListInstancesCommand({}))).Instances![0];
  return { InstanceArn: found.InstanceArn!, IdentityStoreId: found.IdentityStoreId! };
}


describe("Identity Center seed: the organization's instance holds the config's groups", () => {
  it("finds a seeded group by display name (GetGroupId, as data aws_identitystore_group does) and refuses an unknown one", async () => {
    const { IdentityStoreId } = await instance();
    const ids = new IdentitystoreClient(world.management);
    const byName = (name: string) => new GetGroupIdCommand({ IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "DisplayName", AttributeValue: name } } });
    expect((await ids.send(byName("developers"))).GroupId).toMatch(/\S/);
    await expect(ids.send(byName("no-such-group"))).rejects.toEqual(refused("ResourceNotFoundException"));
  });
});

describe("sso-admin extension", () => {
  it("keeps the status of each provisioning request, and refuses an unknown request id", async () => {
    const { InstanceArn } = await instance();
    const sso = new SSOAdminClient(world.management);
    const set = (await sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "Provisioned", SessionDuration: "PT4H", Tags: [{ Key: "team", Value: "platform" }] }))).PermissionSet!;
    const request = (await sso.send(new ProvisionPermissionSetCommand({ InstanceArn, PermissionSetArn: set.PermissionSetArn!, TargetType: "ALL_PROVISIONED_ACCOUNTS" }))).PermissionSetProvisioningStatus!;
    const status = await sso.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn, ProvisionPermissionSetRequestId: request.RequestId! }));
    expect(status.PermissionSetProvisioningStatus?.Status).toBe("SUCCEEDED");
    await expect(sso.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn, ProvisionPermissionSetRequestId: "00000000-0000-0000-0000-000000000000" }))).rejects.toEqual(
      refused("ResourceNotFoundException"),
    );
  });

  it("keeps a permission set's tags (CreatePermissionSet, TagResource, ListTagsForResource)", async () => {
    const { InstanceArn } = await instance();
    const sso = new SSOAdminClient(world.management);
    const set = (await sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "Tagged", Tags: [{ Key: "team", Value: "platform" }] }))).PermissionSet!;
    await sso.send(new TagSsoCommand({ InstanceArn, ResourceArn: set.PermissionSetArn!, Tags: [{ Key: "cost-center", Value: "42" }] }));
    const tags = (await sso.send(new ListSsoTagsCommand({ InstanceArn, ResourceArn: set.PermissionSetArn! }))).Tags ?? [];
    expect(tags).toEqual([{ Key: "team", Value: "platform" }, { Key: "cost-center", Value: "42" }]);
  });

  it("attaches one permissions boundary, refuses a boundary naming both kinds or none, and reads no boundary as not found", async () => {
    const { InstanceArn } = await instance();
    const sso = new SSOAdminClient(world.management);
    const PermissionSetArn = (await sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "Bounded" }))).PermissionSet!.PermissionSetArn!;
    await expect(sso.send(new GetPermissionsBoundaryForPermissionSetCommand({ InstanceArn, PermissionSetArn }))).rejects.toEqual(refused("ResourceNotFoundException"));
    await expect(
      sso.send(
        new PutPermissionsBoundaryToPermissionSetCommand({
          InstanceArn,
          PermissionSetArn,
          PermissionsBoundary: { ManagedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess", CustomerManagedPolicyReference: { Name: "boundary" } },
        }),
      ),
    ).rejects.toEqual(refused("ValidationException"));
    await expect(sso.send(new PutPermissionsBoundaryToPermissionSetCommand({ InstanceArn, PermissionSetArn, PermissionsBoundary: {} }))).rejects.toEqual(refused("ValidationException"));
    await sso.send(new PutPermissionsBoundaryToPermissionSetCommand({ InstanceArn, PermissionSetArn, PermissionsBoundary: { CustomerManagedPolicyReference: { Name: "boundary" } } }));
    expect((await sso.send(new GetPermissionsBoundaryForPermissionSetCommand({ InstanceArn, PermissionSetArn }))).PermissionsBoundary).toEqual({
      CustomerManagedPolicyReference: { Name: "boundary", Path: "/" },
    });
    await sso.send(new DeletePermissionsBoundaryFromPermissionSetCommand({ InstanceArn, PermissionSetArn }));
    await expect(sso.send(new GetPermissionsBoundaryForPermissionSetCommand({ InstanceArn, PermissionSetArn }))).rejects.toEqual(refused("ResourceNotFoundException"));
  });

  it("fails an assignment to an account that lacks a customer managed policy of the set, and makes it once the policy exists", async () => {
    const { InstanceArn, IdentityStoreId } = await instance();
    const sso = new SSOAdminClient(world.management);
    const PermissionSetArn = (await sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "NeedsPolicy" }))).PermissionSet!.PermissionSetArn!;
    await sso.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ InstanceArn, PermissionSetArn, CustomerManagedPolicyReference: { Name: "team-session", Path: "/" } }));
    const PrincipalId = (
      await new IdentitystoreClient(world.management).send(new GetGroupIdCommand({ IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "DisplayName", AttributeValue: "developers" } } }))
    ).GroupId!;
    const assign = () => sso.send(new CreateAccountAssignmentCommand({ InstanceArn, PermissionSetArn, PrincipalType: "GROUP", PrincipalId, TargetType: "AWS_ACCOUNT", TargetId: WORKLOAD }));
    const statusOf = async (requestId: string) =>
      (await sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn, AccountAssignmentCreationRequestId: requestId }))).AccountAssignmentCreationStatus!;

    const first = (await assign()).AccountAssignmentCreationStatus!;
    expect(first.Status).toBe("IN_PROGRESS");
    const failed = await statusOf(first.RequestId!);
    expect(failed.Status).toBe("FAILED");
    expect(failed.FailureReason).toMatch(/\/team-session does not exist in account 444444444444/);
    expect((await sso.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId: WORKLOAD, PermissionSetArn }))).AccountAssignments).toEqual([]);

    const document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:StartSession", Resource: "*" }] });
    await new IAMClient(world.spoke).send(new CreatePolicyCommand({ PolicyName: "team-session", PolicyDocument: document }));
    const second = (await assign()).AccountAssignmentCreationStatus!;
    expect((await statusOf(second.RequestId!)).Status).toBe("SUCCEEDED");
    const made = (await sso.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId: WORKLOAD, PermissionSetArn }))).AccountAssignments ?? [];
    expect(made.map((a) => a.PrincipalId)).toEqual([PrincipalId]);
  });
});

