/**
 * Host names the emulator needs on loopback. The AWS provider addresses
 * S3 Control at <account-id>.<endpoint host>, so with
 * AWS_ENDPOINT_URL_S3_CONTROL=http://localhost:PORT every account id needs
 * `<id>.localhost` to resolve to 127.0.0.1. Where it does not (no
 * libnss-myhostname), this appends the missing names to /etc/hosts when that
 * file is writable (CI runs as root), and reports the names still unresolved.
 */
import { appendFileSync } from "node:fs";
import { lookup } from "node:dns/promises";

const HOSTS = "/etc/hosts";
const MARK = "# landing-zone e2e: S3 Control account endpoints on the emulator";

async function resolvesToLoopback(name: string): Promise<boolean> {
  try {
    const { address } = await lookup(name, { family: 4 });
    return address.startsWith("127.");
  } catch {
    return false;
  }
}

async function unresolved(names: readonly string[]): Promise<string[]> {
  const ok = await Promise.all(names.map(resolvesToLoopback));
  return names.filter((_, i) => !ok[i]);
}

/** Makes `names` resolve to 127.0.0.1 if possible; returns the names that still do not. */
export async function ensureLoopbackNames(names: readonly string[], hostsFile = HOSTS): Promise<string[]> {
  const missing = await unresolved(names);
  if (missing.length === 0) return [];
  try {
    appendFileSync(hostsFile, `\n127.0.0.1 ${missing.join(" ")} ${MARK}\n`);
  } catch {
    return missing;
  }
  return unresolved(missing);
}

export const s3ControlHosts = (accountIds: readonly string[]): string[] => accountIds.map((id) => `${id}.localhost`);
