/**
 * access-<account>: the deployer role in the member account, on the landing
 * zone's path, trusted by the management account only, with
 * AdministratorAccess; and, in the network account, the hub role the network
 * stack creates for the workload stacks (asserted by assertHubRole).
 */
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import { ADMINISTRATOR_ACCESS_ARN, HUB_ATTACH_ACTIONS } from "../../../modules/access";
import { deployerRoleName, hubRoleName, LZ_ROLE_PATH } from "../../../src/stacks/names";
import { ClientOptions } from "../helpers/aws";
import { accountIdOf } from "./accounts";
import { StackContext } from "./context";

const document = (raw: string | undefined): { Statement: Record<string, unknown>[] } => JSON.parse(decodeURIComponent(raw ?? "{}"));

export async function assertAccess(ctx: StackContext): Promise<void> {
  const { config } = ctx;
  const account = config.accounts.find((a) => `access-${a.name}` === ctx.stack);
  if (!account) throw new Error(`no account for ${ctx.stack}`);
  const iam = new IAMClient(await ctx.aws.in(await accountIdOf(ctx, account)));
  const RoleName = deployerRoleName(config.name);
  const role = (await iam.send(new GetRoleCommand({ RoleName }))).Role!;
  expect(role.Path).toBe(LZ_ROLE_PATH);
  expect(document(role.AssumeRolePolicyDocument).Statement).toEqual([
    expect.objectContaining({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: `arn:aws:iam::${config.organization.managementAccountId}:root` } }),
  ]);
  const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }))).AttachedPolicies ?? [];
  expect(attached.map((p) => p.PolicyArn)).toEqual([ADMINISTRATOR_ACCESS_ARN]);
}

/** The hub role in the network account: trusted by the organization's deployers, allowed only the hub side of a spoke. */
export async function assertHubRole(client: ClientOptions, organizationId: string, lz: string): Promise<void> {
  const iam = new IAMClient(client);
  const RoleName = hubRoleName(lz);
  const role = (await iam.send(new GetRoleCommand({ RoleName }))).Role!;
  expect(role.Path).toBe(LZ_ROLE_PATH);
  const [trust] = document(role.AssumeRolePolicyDocument).Statement;
  expect(trust).toMatchObject({
    Effect: "Allow",
    Action: "sts:AssumeRole",
    Principal: { AWS: "*" },
    Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId }, ArnLike: { "aws:PrincipalArn": `arn:aws:iam::*:role${LZ_ROLE_PATH}${deployerRoleName(lz)}` } },
  });
  const policy = document((await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName: "hub-side-of-spokes" }))).PolicyDocument);
  const actions = policy.Statement.flatMap((s) => [s.Action].flat() as string[]).sort();
  expect(actions).toEqual([...Object.values(HUB_ATTACH_ACTIONS).flat(), "ec2:CreateTags"].sort());
}
