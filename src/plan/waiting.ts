/**
 * Tells "not yet" from "broken" in Terraform's error output. A stack whose
 * state bucket, upstream state, upstream output or account role does not
 * exist yet is *waiting* on whatever creates it: the usual state of a pull
 * request that vends an account, until the organization stack is applied.
 * Patterns are matched against real Terraform 1.11 / AWS provider 5.x
 * messages (see test/fixtures/terraform-errors), with line wrapping undone.
 */
import { accessStackName, LZ_ROLE_PATH, NETWORK } from "../stacks/names";

export interface WaitingContext {
  /** Every stack name of the app, to map remote-state data sources to stacks. */
  readonly stacks: readonly string[];
  /** The stack that creates the state bucket. */
  readonly stateBucketStack: string;
  /** Accounts from the config: an `id` means it exists already. */
  readonly accounts: ReadonlyArray<{ readonly name: string; readonly id?: string }>;
}

export interface Waiting {
  /** What must be applied or created first: a stack name or `account <id>`. */
  readonly on: string;
  /** Why, in a few words. */
  readonly reason: string;
}

const norm = (s: string): string => s.replace(/[^A-Za-z0-9]/g, "_").toLowerCase();

/** The stack behind a terraform_remote_state data source (remote_state_<stack>, src/stacks/contracts.ts; cdktf's cross_stack_reference_input_<stack> before). */
export function stackOfRemoteState(dataSource: string, stacks: readonly string[]): string {
  const name = norm(dataSource);
  const matches = stacks.filter((s) => name === `cross_stack_reference_input_${norm(s)}` || name.endsWith(`_${norm(s)}`) || name === norm(s));
  return matches.sort((a, b) => b.length - a.length)[0] ?? dataSource;
}

/** The account an organization output stands for: account_id_<name> or cdktf's …_account_<name>_id. */
export function accountOfOutput(output: string, accounts: WaitingContext["accounts"]): string | undefined {
  const name = norm(output);
  const matches = accounts.filter((a) => name === `account_id_${norm(a.name)}` || name.endsWith(`account_${norm(a.name)}_id`));
  return matches.sort((a, b) => b.name.length - a.name.length)[0]?.name;
}

/** Classifies terraform output; undefined means a real failure. */
export function classifyWaiting(output: string, ctx: WaitingContext): Waiting | undefined {
  const text = output.replace(/\s+/g, " ");
  const bucket = /S3 bucket "([^"]+)" does not exist/.exec(text);
  if (bucket) return { on: ctx.stateBucketStack, reason: `state bucket ${bucket[1]} does not exist yet` };

  const remote = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)/.exec(text);
  if (remote && /Unable to find remote state|No stored state was found/.test(text)) {
    const stack = stackOfRemoteState(remote[1], ctx.stacks);
    return { on: stack, reason: `${stack} is not applied yet (no state)` };
  }
  const missing = /does not have an attribute named "([^"]+)"/.exec(text);
  const outputs = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs/.exec(text);
  if (missing && outputs) {
    const stack = stackOfRemoteState(outputs[1], ctx.stacks);
    const account = accountOfOutput(missing[1], ctx.accounts);
    return { on: stack, reason: account ? `account ${account} is not created yet` : `output ${missing[1]} is not applied yet` };
  }

  // The organization contract's account_ids map without the vended account's entry (src/stacks/contracts.ts).
  const index = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.account_ids\[\\?"([^"\\]+)\\?"\]/.exec(text);
  if (index && /Invalid index|does not identify an element/.test(text)) {
    const stack = stackOfRemoteState(index[1], ctx.stacks);
    return { on: stack, reason: `account ${index[2]} is not created yet` };
  }

  const role = /IAM Role \((arn:aws[\w-]*:iam::(\d{12}):role\/[^)]+)\) cannot be assumed/.exec(text);
  if (role) {
    // The landing zone's own roles exist once the stack that creates them is applied.
    const lzRole = new RegExp(`:role${LZ_ROLE_PATH}([^/]+)$`).exec(role[1])?.[1];
    if (lzRole?.endsWith("-deployer")) {
      const account = ctx.accounts.find((a) => a.id === role[2]);
      const stack = account && accessStackName(account.name);
      if (stack && ctx.stacks.includes(stack)) return { on: stack, reason: `its deployer role ${role[1]} does not exist until ${stack} is applied` };
      return { on: `account ${role[2]}`, reason: `its deployer role ${role[1]} cannot be assumed yet (created by the account's access stack)` };
    }
    if (lzRole?.endsWith("-ci-read")) {
      // A read-only run (lz plan --read-only, lz drift) of an account whose access stack has not created its ci-read role yet.
      const account = ctx.accounts.find((a) => a.id === role[2]);
      const stack = account && accessStackName(account.name);
      const where = stack && ctx.stacks.includes(stack) ? stack : `account ${role[2]}`;
      return { on: where, reason: `its read-only role ${role[1]} does not exist until ${stack ?? "the account's access stack"} is applied (plan that first apply without --read-only, with the apply role)` };
    }
    if (lzRole?.endsWith("-hub-attach") && ctx.stacks.includes(NETWORK)) return { on: NETWORK, reason: `the hub role ${role[1]} does not exist until ${NETWORK} is applied` };
    // A role in an account the config names by id should work today: that is a real failure.
    if (ctx.accounts.some((a) => a.id === role[2])) return undefined;
    return { on: `account ${role[2]}`, reason: `its role ${role[1]} cannot be assumed yet (a new account's role takes a few minutes)` };
  }
  return undefined;
}

/** The `Error: …` headlines of terraform output, for a one-line failure summary. */
export function errorHeadlines(output: string): string[] {
  return [...new Set(output.split("\n").flatMap((line) => /^(?:│ )?Error: (.+)$/.exec(line.trim())?.[1] ?? []))];
}
