/**
 * Orphaned stacks: a stack whose state is still in the state bucket (`<stack>/terraform.tfstate`) but which
 * the config no longer synthesizes, typically because an account was deleted from `accounts` instead of
 * retired. Its resources still exist and nothing plans them any more; `lz plan` reports each one and fails,
 * so it is never silently forgotten.
 */
import { quietSdkNodeWarning } from "../aws-sdk-env";
import { stateKey } from "../stacks/names";

const STATE_KEY = /^([^/]+)\/terraform\.tfstate$/;

/** Stacks with a state object in `keys` that are not among `stacks`, sorted. */
export function orphanedStacks(keys: readonly string[], stacks: readonly string[]): string[] {
  const known = new Set(stacks);
  return [...new Set(keys.flatMap((k) => STATE_KEY.exec(k)?.[1] ?? []))].filter((s) => !known.has(s)).sort();
}

/** Lists the keys of the state bucket; undefined when the bucket does not exist (yet). */
export type StateKeyLister = (bucket: string) => Promise<string[] | undefined>;

/** The lister through the AWS SDK (loaded only when called), with the credentials and endpoint of the environment. */
export function s3StateKeys(region: string): StateKeyLister {
  return async (bucket) => {
    quietSdkNodeWarning();
    const s3 = await import("@aws-sdk/client-s3");
    const endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
    // An emulator on an IP address cannot serve <bucket>.<ip>: address the bucket by path there.
    const client = new s3.S3Client({ region, forcePathStyle: Boolean(endpoint && /^https?:\/\/[\d.]+(:\d+)?\/?$/.test(endpoint)) });
    const keys: string[] = [];
    try {
      for await (const page of s3.paginateListObjectsV2({ client }, { Bucket: bucket })) keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
    } catch (e) {
      if ((e as { name?: string }).name === "NoSuchBucket") return undefined;
      throw e;
    }
    return keys;
  };
}

/** The report lines for orphaned stacks (empty when none). */
export function orphanReport(orphans: readonly string[], bucket: string): string[] {
  if (orphans.length === 0) return [];
  return [
    `orphaned: ${orphans.length} stack${orphans.length === 1 ? "" : "s"} still ha${orphans.length === 1 ? "s" : "ve"} state in s3://${bucket} but ${orphans.length === 1 ? "is" : "are"} no longer in the config:`,
    ...orphans.map((s) => `  ${s}  (s3://${bucket}/${stateKey(s)})`),
    "  Their resources still exist and nothing plans them. Restore the account's entry in the config, then retire it",
    "  with lz retire --name <account> (contents destroyed but its log archives, account moved to Suspended), and plan again.",
  ];
}
