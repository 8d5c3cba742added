/**
 * One SigV4-signed JSON call to a service the project has no SDK client for
 * (GuardDuty, Security Hub, Inspector, AWS Config), at the path (REST) or
 * X-Amz-Target (JSON 1.1) its API reference documents.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { ClientOptions } from "./aws";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function signedCall(client: ClientOptions, region: string, service: string, method: "GET" | "POST" | "DELETE", path: string, body?: object, target?: string): Promise<any> {
  const url = new URL(path, client.endpoint);
  const query = Object.fromEntries(url.searchParams);
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { host: url.host, "content-type": target ? "application/x-amz-json-1.1" : "application/json" };
  if (target) headers["x-amz-target"] = target;
  const signer = new SignatureV4({ service, region, credentials: client.credentials, sha256: Sha256 });
  const signed = await signer.sign({ method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, headers, body: text, query });
  const response = await fetch(url, { method, headers: signed.headers as Record<string, string>, body: text });
  const out = await response.text();
  if (!response.ok) throw new Error(`${service} ${method} ${path} in ${region}: HTTP ${response.status} ${out}`);
  return out ? JSON.parse(out) : {};
}
