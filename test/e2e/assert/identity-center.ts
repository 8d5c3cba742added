/**
 * identity-center: its resources are left out of the emulator apply (moto 5.2.1 cannot provision
 * permission sets; see helpers/exclusions.ts), so what is checked is what the stack waits for: when it
 * applies, every customer managed policy a permission set references exists in every account that set
 * is assigned to, created there by that account's own stack, as Identity Center requires before it
 * provisions the set (https://docs.aws.amazon.com/singlesignon/latest/userguide/howtocmp.html).
 */
import { GetPolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { accountIdOf } from "./accounts";
import { StackContext } from "./context";

export async function assertIdentityCenter(ctx: StackContext): Promise<void> {
  const { config } = ctx;
  const sets = new Map(config.access.permissionSets.map((s) => [s.name, s]));
  const needed = new Set(
    config.access.assignments.flatMap((a) => sets.get(a.permissionSet)!.customerManagedPolicies.map((p) => JSON.stringify([a.account, `${p.path}${p.name}`]))),
  );
  expect(needed.size).toBeGreaterThan(0);
  for (const entry of needed) {
    const [name, policy] = JSON.parse(entry) as [string, string];
    // A created account (greenfield, day two) has no id in the config: Organizations gave it one.
    const id = await accountIdOf(ctx, config.accounts.find((a) => a.name === name)!);
    const iam = new IAMClient(await ctx.aws.in(id));
    const found = (await iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${id}:policy${policy}` }))).Policy;
    expect(found?.PolicyName).toBe(policy.split("/").pop());
  }
}
