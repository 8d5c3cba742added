/**
 * Resources the emulator cannot hold, removed from the harness's copy of the
 * synthesized stacks before the apply, and printed. Each entry names the
 * resource type, why, and when it applies; the product's own output
 * (cdktf.out of a user) is never changed. Today every known gap is closed by
 * the launcher's extensions (test/e2e/moto/extensions), so this only applies
 * on a machine where <account-id>.localhost cannot be made to resolve.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ManifestStack } from "../../../src/terraform/manifest";

export interface Exclusion {
  /** Terraform resource type, e.g. aws_s3_account_public_access_block. */
  readonly type: string;
  readonly reason: string;
}

export interface Environment {
  /** Host names that had to resolve to loopback and do not. */
  readonly unresolvedHosts: readonly string[];
}

export function exclusionsFor(environment: Environment): Exclusion[] {
  const out: Exclusion[] = [];
  if (environment.unresolvedHosts.length > 0) {
    out.push({
      type: "aws_s3_account_public_access_block",
      reason: `S3 Control is addressed at <account-id>.localhost and ${environment.unresolvedHosts.join(", ")} do not resolve to 127.0.0.1 (add them to /etc/hosts or install libnss-myhostname)`,
    });
  }
  return out;
}

/**
 * Removes the excluded resources from a stack's cdk.tf.json (and from every
 * depends_on). Returns their addresses. Throws if another block uses one of
 * their attributes, since the stack would no longer be valid without it.
 */
export function excludeResources(stack: ManifestStack, exclusions: readonly Exclusion[]): string[] {
  const file = join(stack.dir, "cdk.tf.json");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json: Record<string, any> = JSON.parse(readFileSync(file, "utf8"));
  const removed: string[] = [];
  for (const { type } of exclusions) {
    for (const name of Object.keys(json.resource?.[type] ?? {})) removed.push(`${type}.${name}`);
    if (json.resource) delete json.resource[type];
  }
  if (removed.length === 0) return [];
  for (const blocks of Object.values(json.resource ?? {}) as Record<string, { depends_on?: string[] }>[]) {
    for (const block of Object.values(blocks)) {
      if (block.depends_on) block.depends_on = block.depends_on.filter((d) => !removed.includes(d));
    }
  }
  const text = JSON.stringify(json, null, 2);
  const used = removed.filter((address) => text.includes(`${address}.`));
  if (used.length > 0) throw new Error(`stack ${stack.name}: cannot exclude ${used.join(", ")}: other blocks use their attributes`);
  writeFileSync(file, text);
  return removed.map((address) => `${stack.name}: ${address}`);
}
