/**
 * Starts the emulator: moto's server through test/e2e/moto/launcher.py, which
 * adds the landing zone's extensions and seeds the pre-existing world. Stops it
 * afterwards, and on process exit whatever happens.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { createWriteStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Seed } from "./world";

export const MOTO_VERSION = "5.2.1";
const LAUNCHER = join(__dirname, "..", "moto", "launcher.py");
const PYTHON = process.env.LZ_E2E_PYTHON ?? "python3";

export interface Emulator {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  readonly port: number;
  /** The seeded organization's id (o-…), when seeded. */
  readonly organizationId?: string;
  /** Seeded certificates: the config's ARN -> the ARN ACM gave it. */
  readonly certificates: Readonly<Record<string, string>>;
  /** One line per emulator extension the launcher installed. */
  readonly extensions: readonly string[];
  /** The launcher's stderr (request log and server errors). */
  readonly logFile: string;
  stop(): Promise<void>;
}

/** Fails with a clear message when python3 or moto is missing or not the tested version. */
export function checkMoto(): void {
  const probe = spawnSync(PYTHON, ["-c", "import moto, werkzeug; print(moto.__version__)"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `The end-to-end tests need moto ${MOTO_VERSION} for ${PYTHON} (pip install 'moto[server]==${MOTO_VERSION}'); ` +
        `${probe.error ? probe.error.message : probe.stderr.trim().split("\n").pop()}`,
    );
  }
  const version = probe.stdout.trim();
  if (version !== MOTO_VERSION) {
    throw new Error(`The end-to-end tests are written against moto ${MOTO_VERSION}; found ${version}. Install moto[server]==${MOTO_VERSION}.`);
  }
}

const running = new Set<ChildProcess>();
process.on("exit", () => running.forEach((child) => child.kill("SIGKILL")));

export interface StartOptions {
  /** Without a seed: the account plain credentials act in (an empty management account). @default moto's 123456789012 */
  readonly accountId?: string;
  /** Loopback port to listen on. @default a free one */
  readonly port?: number;
}

/** Starts the launcher on a free loopback port (or `options.port`) and waits until it listens. */
export async function startMoto(workDir: string, seed?: Seed, options: StartOptions = {}): Promise<Emulator> {
  checkMoto();
  const args = [LAUNCHER, "--port", String(options.port ?? 0)];
  if (seed) {
    const seedFile = join(workDir, "seed.json");
    writeFileSync(seedFile, JSON.stringify(seed, null, 2));
    args.push("--seed", seedFile);
  } else if (options.accountId) {
    args.push("--account-id", options.accountId);
  }
  const logFile = join(workDir, "moto.log");
  const log = createWriteStream(logFile);
  const env: NodeJS.ProcessEnv = { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" };
  if (seed) env.MOTO_ACCOUNT_ID = seed.managementAccountId;
  const child = spawn(PYTHON, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  child.stderr.pipe(log);

  const ready = await new Promise<{ port: number; organizationId?: string; certificates?: Record<string, string>; extensions: string[] }>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error("moto did not start within 60 s")), 60_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${e.message}; see ${logFile}`));
    };
    child.on("error", (e) => fail(new Error(`cannot run ${PYTHON}: ${e.message}`)));
    child.on("exit", (code) => fail(new Error(`the moto launcher exited with code ${code} before listening`)));
    child.stdout.on("data", (d) => {
      out += d;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (!line) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve(JSON.parse(line));
    });
  });

  const endpoint = `http://127.0.0.1:${ready.port}`;
  return {
    endpoint,
    port: ready.port,
    organizationId: ready.organizationId ?? undefined,
    certificates: ready.certificates ?? {},
    extensions: ready.extensions,
    logFile,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(kill);
          running.delete(child);
          log.end();
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
