/**
 * organization: the OU tree of the config, every member account in its OU
 * with its name and email, trusted access for exactly the declared service
 * principals, every declared SCP with its content and its attachments, and the
 * CloudTrail delegated administrator; and the management account's own baseline.
 */
import {
  DescribeAccountCommand,
  DescribePolicyCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListTargetsForPolicyCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { accountIdOf } from "./accounts";
import { accountIdOutput } from "../../../src/stacks/names";
import { assertAccountBaseline } from "./baseline";
import { StackContext } from "./context";
import { blocksOf, referenced } from "./declared";

export async function assertOrganization(ctx: StackContext): Promise<void> {
  const { config } = ctx;
  const org = new OrganizationsClient(await ctx.aws.in(config.organization.managementAccountId));
  const rootId = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;

  // Walk each configured path from the root: every OU exists under its parent.
  const ouIds = new Map<string, string>();
  for (const path of config.organization.organizationalUnits) {
    let parent = rootId;
    const parts = path.split("/");
    for (let i = 0; i < parts.length; i++) {
      const full = parts.slice(0, i + 1).join("/");
      if (!ouIds.has(full)) {
        const children = (await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parent }))).OrganizationalUnits ?? [];
        const ou = children.find((c) => c.Name === parts[i]);
        expect(ou).toBeDefined();
        ouIds.set(full, ou!.Id!);
      }
      parent = ouIds.get(full)!;
    }
  }

  for (const account of config.accounts) {
    const id = account.id ?? String((await ctx.outputs())[accountIdOutput(account.name)]);
    const described = (await org.send(new DescribeAccountCommand({ AccountId: id }))).Account!;
    expect({ name: described.Name, email: described.Email, status: described.Status }).toEqual({ name: account.name, email: account.email, status: "ACTIVE" });
    const parents = (await org.send(new ListParentsCommand({ ChildId: id }))).Parents ?? [];
    expect(parents.map((p) => p.Id)).toEqual([ouIds.get(account.ou)]);
  }

  await assertTrustedAccess(ctx, org);
  await assertScps(ctx, org, rootId, ouIds);
  await assertCloudTrailDelegatedAdmin(ctx, org);
  await assertAccountBaseline(await ctx.aws.in(config.organization.managementAccountId), config.name, config.logging.retentionDays, config.allowedRegions);
}

/** Trusted access: exactly the principals of aws_organizations_organization.aws_service_access_principals. */
async function assertTrustedAccess(ctx: StackContext, org: OrganizationsClient): Promise<void> {
  const [declared] = Object.values(blocksOf(ctx.declared(), "aws_organizations_organization"));
  expect(declared).toBeDefined();
  const enabled = (await org.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals ?? [];
  expect(enabled.map((p) => p.ServicePrincipal).sort()).toEqual([...(declared.aws_service_access_principals as string[])].sort());
}

/** Every declared SCP, by name, with its exact content, attached to exactly the declared targets (the root or an OU). */
async function assertScps(ctx: StackContext, org: OrganizationsClient, rootId: string, ouIds: ReadonlyMap<string, string>): Promise<void> {
  const declared = ctx.declared();
  const policies = blocksOf(declared, "aws_organizations_policy");
  expect(Object.keys(policies).length).toBeGreaterThan(0);
  const existing = (await org.send(new ListPoliciesCommand({ Filter: "SERVICE_CONTROL_POLICY" }))).Policies ?? [];
  const ouPathOf = (name: string): string | undefined => {
    // aws_organizations_organizational_unit blocks carry the OU's name; the config's path ends with it.
    const ou = blocksOf(declared, "aws_organizations_organizational_unit")[name];
    return ou && ctx.config.organization.organizationalUnits.find((p) => p === ou.name || p.endsWith(`/${String(ou.name)}`));
  };
  const targetOf = (target: string): string => {
    if (/^(r|ou)-/.test(target)) return target;
    if (target.includes(".roots[0].id")) return rootId;
    const [type, name] = referenced(declared, target);
    const path = type === "aws_organizations_organizational_unit" ? ouPathOf(name) : undefined;
    if (!path || !ouIds.has(path)) throw new Error(`cannot resolve the SCP target ${target}`);
    return ouIds.get(path)!;
  };
  const idByResource = new Map<string, string>();
  for (const [resource, block] of Object.entries(policies)) {
    const found = existing.find((p) => p.Name === block.name);
    expect({ scp: block.name, exists: found !== undefined }).toEqual({ scp: block.name, exists: true });
    const policy = (await org.send(new DescribePolicyCommand({ PolicyId: found!.Id! }))).Policy!;
    expect({ scp: block.name, type: policy.PolicySummary?.Type, content: JSON.parse(policy.Content!) }).toEqual({
      scp: block.name,
      type: block.type ?? "SERVICE_CONTROL_POLICY",
      content: JSON.parse(block.content as string),
    });
    idByResource.set(resource, found!.Id!);
  }
  const expected = new Map<string, string[]>();
  for (const attachment of Object.values(blocksOf(declared, "aws_organizations_policy_attachment"))) {
    const [, resource] = referenced(declared, attachment.policy_id as string);
    const id = idByResource.get(resource)!;
    expected.set(id, [...(expected.get(id) ?? []), targetOf(attachment.target_id as string)]);
  }
  for (const [resource, id] of idByResource) {
    const targets = (await org.send(new ListTargetsForPolicyCommand({ PolicyId: id }))).Targets ?? [];
    expect({ scp: policies[resource].name, targets: targets.map((t) => t.TargetId).sort() }).toEqual({ scp: policies[resource].name, targets: [...(expected.get(id) ?? [])].sort() });
  }
  const onRoot = (await org.send(new ListPoliciesForTargetCommand({ TargetId: rootId, Filter: "SERVICE_CONTROL_POLICY" }))).Policies ?? [];
  const declaredOnRoot = [...expected].filter(([, targets]) => targets.includes(rootId)).map(([id]) => id);
  expect(onRoot.map((p) => p.Id).filter((id) => declaredOnRoot.includes(id!)).sort()).toEqual(declaredOnRoot.sort());
}

/** The CloudTrail delegated administrator, registered for cloudtrail.amazonaws.com in Organizations. */
async function assertCloudTrailDelegatedAdmin(ctx: StackContext, org: OrganizationsClient): Promise<void> {
  const declared = Object.values(blocksOf(ctx.declared(), "aws_cloudtrail_organization_delegated_admin_account"));
  expect(declared.length).toBe(1);
  const raw = declared[0].account_id as string;
  const expected = /^\d{12}$/.test(raw) ? raw : await accountIdOf(ctx, ctx.config.accounts.find((a) => raw.includes(`"${a.name}"`)) ?? ctx.config.loggingAccount);
  const admins = (await org.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: "cloudtrail.amazonaws.com" }))).DelegatedAdministrators ?? [];
  expect(admins.map((a) => a.Id)).toEqual([expected]);
}
