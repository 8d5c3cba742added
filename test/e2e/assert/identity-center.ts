/**
 * identity-center: read back from the organization's IAM Identity Center
 * instance (in the management account) every permission set of the config
 * with its description, session duration, AWS managed and customer managed
 * policies, inline policy and permissions boundary; and, per account, exactly
 * the (group, permission set) pairs the config resolves, OU fan-out included
 * (an account vended into an OU has that OU's assignments). The emulator fails
 * an assignment whose set references a customer managed policy the account
 * lacks, as Identity Center does
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/howtocmp.html), so
 * a clean apply also proves the account stacks created `<name>-session-user` first.
 */
import { IdentitystoreClient, ListGroupsCommand } from "@aws-sdk/client-identitystore";
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { accountIdOf } from "./accounts";
import { StackContext } from "./context";

export async function assertIdentityCenter(ctx: StackContext): Promise<void> {
  const { config } = ctx;
  const options = await ctx.aws.in(config.organization.managementAccountId);
  const sso = new SSOAdminClient(options);
  const instance = (await sso.send(new ListInstancesCommand({}))).Instances![0];
  const InstanceArn = instance.InstanceArn!;

  // Every permission set, as the config resolves it.
  const arnOf = new Map<string, string>();
  for (const PermissionSetArn of (await sso.send(new ListPermissionSetsCommand({ InstanceArn }))).PermissionSets ?? []) {
    const set = (await sso.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn }))).PermissionSet!;
    arnOf.set(set.Name!, PermissionSetArn);
  }
  expect([...arnOf.keys()].sort()).toEqual(config.access.permissionSets.map((s) => s.name).sort());
  for (const expected of config.access.permissionSets) {
    const PermissionSetArn = arnOf.get(expected.name)!;
    const set = (await sso.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn }))).PermissionSet!;
    const managed = (await sso.send(new ListManagedPoliciesInPermissionSetCommand({ InstanceArn, PermissionSetArn }))).AttachedManagedPolicies ?? [];
    const customer = (await sso.send(new ListCustomerManagedPolicyReferencesInPermissionSetCommand({ InstanceArn, PermissionSetArn }))).CustomerManagedPolicyReferences ?? [];
    expect({
      name: set.Name,
      description: set.Description,
      session: set.SessionDuration,
      managed: managed.map((p) => p.Arn).sort(),
      customer: customer.map((p) => `${p.Path ?? "/"}${p.Name}`).sort(),
    }).toEqual({
      name: expected.name,
      description: expected.description,
      session: expected.sessionDuration,
      managed: [...expected.awsManagedPolicies].sort(),
      customer: expected.customerManagedPolicies.map((p) => `${p.path}${p.name}`).sort(),
    });
    const inline = (await sso.send(new GetInlinePolicyForPermissionSetCommand({ InstanceArn, PermissionSetArn }))).InlinePolicy;
    expect(inline ? JSON.parse(inline) : undefined).toEqual(expected.inlinePolicy);
    if (expected.permissionsBoundary) {
      const boundary = (await sso.send(new GetPermissionsBoundaryForPermissionSetCommand({ InstanceArn, PermissionSetArn }))).PermissionsBoundary!;
      const customerBoundary = expected.permissionsBoundary.customerManagedPolicy;
      expect(boundary).toEqual(
        customerBoundary ? { CustomerManagedPolicyReference: { Name: customerBoundary.name, Path: customerBoundary.path } } : { ManagedPolicyArn: expected.permissionsBoundary.awsManagedPolicy },
      );
    }
  }

  // Per account: exactly the resolved (group, set) pairs, by the groups' display names.
  const groups = (await new IdentitystoreClient(options).send(new ListGroupsCommand({ IdentityStoreId: instance.IdentityStoreId! }))).Groups ?? [];
  const groupName = new Map(groups.map((g) => [g.GroupId!, g.DisplayName!]));
  expect(config.access.assignments.some((a) => a.via.startsWith("OU "))).toBe(true);
  for (const account of config.accounts) {
    const AccountId = await accountIdOf(ctx, account);
    const found: string[] = [];
    for (const [name, PermissionSetArn] of arnOf) {
      const assigned = (await sso.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId, PermissionSetArn }))).AccountAssignments ?? [];
      for (const a of assigned) {
        expect(a.PrincipalType).toBe("GROUP");
        found.push(`${groupName.get(a.PrincipalId!) ?? a.PrincipalId} ${name}`);
      }
    }
    const expected = config.access.assignments.filter((a) => a.account === account.name).map((a) => `${a.group} ${a.permissionSet}`);
    expect({ account: account.name, assignments: found.sort() }).toEqual({ account: account.name, assignments: expected.sort() });
  }
}
