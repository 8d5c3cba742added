/**
 * Explains the Terraform failures a landing zone operator meets most, in
 * place of Terraform's headline: who holds a state lock and since when, and
 * which resource `prevent_destroy` protects with the landing zone's way to
 * let it go (`terraform state rm`, never disabling the protection). Patterns
 * are matched against real Terraform 1.11 messages (test/fixtures/terraform-errors),
 * with line wrapping undone.
 */
import { shellQuote } from "../shell-quote";

/** The Lock Info block Terraform prints when it cannot acquire a state lock. */
export interface LockInfo {
  readonly id: string;
  readonly path: string;
  readonly operation: string;
  readonly who: string;
  readonly created: string;
}

/** The lock holder from "Error acquiring the state lock" output, if that is the error. */
export function heldLock(output: string): LockInfo | undefined {
  if (!/Error: Error acquiring the state lock/.test(output)) return undefined;
  const field = (name: string): string => new RegExp(`^[│\\s]*${name}:[ \\t]*(.*)$`, "m").exec(output)?.[1].trim() ?? "";
  const id = field("ID");
  if (!id) return undefined;
  return { id, path: field("Path"), operation: field("Operation"), who: field("Who"), created: field("Created") };
}

/** "2026-11-29 22:03:34.386502031 +0000 UTC" -> "2026-11-29 22:03:34 UTC" */
const shortTime = (created: string): string => created.replace(/^(\S+ \d\d:\d\d:\d\d)(?:\.\d+)? \+0000 UTC$/, "$1 UTC");

/** "OperationTypeApply" -> "apply" */
const operationName = (op: string): string => op.replace(/^OperationType/, "").toLowerCase() || "an operation";

/** Addresses of resources Terraform refused to destroy because of prevent_destroy. */
export function preventedDestroys(output: string): string[] {
  const text = output.replace(/[│\s]+/g, " ");
  return [...new Set([...text.matchAll(/Resource (\S+) has lifecycle\.prevent_destroy set/g)].map((m) => m[1]))];
}


/**
 * One line per failure, for the table and the PR comment: the explained ones
 * first, then the other `Error:` headlines as Terraform wrote them.
 * `stackDir` is where the user runs the fix.
 */
export function explainFailure(output: string, headlines: readonly string[], stackDir: string): string[] {
  const lines: string[] = [];
  const skip = new Set<string>();
  const lock = heldLock(output);
  if (lock) {
    skip.add("Error acquiring the state lock");
    lines.push(
      `state lock held by ${lock.who || "an unknown user"} since ${shortTime(lock.created) || "an unknown time"} (${operationName(lock.operation)}, lock ${lock.id}` +
        `${lock.path ? ` on ${lock.path}` : ""}); wait for that run, or if it is gone: cd ${stackDir} && terraform force-unlock ${lock.id}`,
    );
  }
  const prevented = preventedDestroys(output);
  if (prevented.length > 0) {
    skip.add("Instance cannot be destroyed");
    for (const address of prevented) {
      lines.push(
        `${address} cannot be destroyed: it is protected by prevent_destroy. If it is really to go (README: Accounts are never lost), ` +
          `remove it from the state first so Terraform forgets it and AWS keeps it: cd ${stackDir} && terraform state rm ${shellQuote(address)}`,
      );
    }
  }
  return [...lines, ...headlines.filter((h) => !skip.has(h))];
}
