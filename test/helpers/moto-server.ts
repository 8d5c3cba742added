/**
 * A plain moto_server (no landing zone extensions, no seed) on a free loopback
 * port, for tests that need only STS or an empty "AWS". The full emulator with
 * extensions and a seeded world is test/e2e/helpers/moto.ts.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface MotoServer {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  /** What the server printed so far. */
  log(): string;
  stop(): void;
}

/** Starts moto_server as `accountId` and waits (up to 20 s) until it answers. */
export async function startMotoServer(accountId: string): Promise<MotoServer> {
  const port = await freePort();
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { env: { ...process.env, MOTO_ACCOUNT_ID: accountId }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  let startError: Error | undefined;
  child.on("error", (e) => (startError = e));
  const endpoint = `http://127.0.0.1:${port}`;
  const server = { endpoint, log: () => output, stop: () => void child.kill() };
  for (let i = 0; i < 100; i++) {
    if (startError) throw new Error(`cannot start moto_server (pip install 'moto[server]'): ${startError.message}`);
    if (child.exitCode !== null) throw new Error(`moto_server exited: ${output}`);
    const up = await fetch(`${endpoint}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return server;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`moto_server did not answer on ${endpoint} within 20 s: ${output}`);
}

/** Environment for the AWS SDKs, CLI and provider to talk to `endpoint` with dummy credentials. */
export const awsEnv = (endpoint: string): NodeJS.ProcessEnv => ({
  AWS_ENDPOINT_URL: endpoint,
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_REGION: "us-east-1",
  AWS_EC2_METADATA_DISABLED: "true",
});
