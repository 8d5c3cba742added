/** organization: the OU tree of the config, every member account in its OU with its name and email, and the management account's baseline. */
import {
  DescribeAccountCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { accountIdOutput } from "../../../src/stacks/names";
import { assertAccountBaseline } from "./baseline";
import { StackContext } from "./context";

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

  await assertAccountBaseline(await ctx.aws.in(config.organization.managementAccountId), config.name, config.logging.retentionDays, config.allowedRegions);
}
