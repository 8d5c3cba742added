/** Where a stack's resources live: the member account's id, from the config or, for a vended account, from Organizations. */
import { OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { Account } from "../../../src/config/types";
import { StackContext } from "./context";

/** The id of `account`: its configured id, else the id Organizations gave the account of that name. */
export async function accountIdOf(ctx: StackContext, account: Account): Promise<string> {
  if (account.id) return account.id;
  const org = new OrganizationsClient(await ctx.aws.in(ctx.config.organization.managementAccountId));
  for await (const page of paginateListAccounts({ client: org }, {})) {
    const found = page.Accounts?.find((a) => a.Name === account.name);
    if (found?.Id) return found.Id;
  }
  throw new Error(`account ${account.name} has no id in the config and none in the organization`);
}
