/**
 * `npm run emulator`, run as a user runs it: it prints the environment to
 * export, the AWS SDK with exactly that environment reaches the seeded world
 * (or an empty management account with --empty), and Ctrl-C stops it.
 */
import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

jest.setTimeout(150_000);

const ROOT = join(__dirname, "..", "..");
const MANAGEMENT = "111111111111"; // the example's management account

interface Started {
  readonly child: ChildProcess;
  readonly stdout: string;
  readonly env: Record<string, string>;
  /** stderr so far and after: the request log's path, "emulator stopped". */
  stderr(): string;
}

/** Runs `npm run emulator -- ...args` in its own process group and waits for `# ready`. */
function startEmulator(args: string[]): Promise<Started> {
  const child = spawn("npm", ["run", "--silent", "emulator", "--", ...args], { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LZ_CONFIG: "" } });
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => reject(new Error(`npm run emulator printed no "# ready" within 90 s:\n${stdout}\n${stderr}`)), 90_000);
    child.stderr!.on("data", (d) => (stderr += d));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`npm run emulator exited with ${code}:\n${stdout}\n${stderr}`));
    });
    child.stdout!.on("data", (d) => {
      stdout += d;
      if (!stdout.includes("# ready\n")) return;
      clearTimeout(timer);
      const env = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
      resolve({ child, stdout, env, stderr: () => stderr });
    });
  });
}

/**
 * Ctrl-C: SIGINT to the whole process group, as a terminal sends it. Resolves
 * once npm has gone (npm itself ends by the signal) and the emulator's port is closed.
 */
async function interrupt({ child, env, stderr }: Started): Promise<void> {
  await new Promise<void>((resolve) => {
    if (child.stdout!.closed) return resolve();
    child.removeAllListeners("exit");
    child.once("close", () => resolve()); // every process holding its pipes has ended
    process.kill(-child.pid!, "SIGINT");
  });
  expect(stderr()).toContain("emulator stopped");
  await expect(fetch(`${env.AWS_ENDPOINT_URL}/moto-api/`)).rejects.toThrow();
}

const clientConfig = (env: Record<string, string>) => ({
  endpoint: env.AWS_ENDPOINT_URL,
  region: env.AWS_REGION,
  credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
});

describe("npm run emulator", () => {
  it("prints the environment to export, serves the example's organization to the SDK in the management account, and stops on Ctrl-C", async () => {
    const started = await startEmulator([]);
    const { stdout, env } = started;
    try {
      expect(Object.keys(env)).toEqual(expect.arrayContaining(["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3_CONTROL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"]));
      expect(env.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(env.AWS_REGION).toBe("us-east-1");
      expect((await new STSClient(clientConfig(env)).send(new GetCallerIdentityCommand({}))).Account).toBe(MANAGEMENT);
      const org = (await new OrganizationsClient(clientConfig(env)).send(new DescribeOrganizationCommand({}))).Organization!;
      expect(org.MasterAccountId).toBe(MANAGEMENT);
      expect(stdout).toContain(`# world: organization ${org.Id} in management account ${MANAGEMENT}`);
    } finally {
      await interrupt(started);
    }
  });

  it("starts an empty management account with --empty: no organization yet", async () => {
    const started = await startEmulator(["--empty"]);
    const { env } = started;
    try {
      expect((await new STSClient(clientConfig(env)).send(new GetCallerIdentityCommand({}))).Account).toBe(MANAGEMENT);
      await expect(new OrganizationsClient(clientConfig(env)).send(new DescribeOrganizationCommand({}))).rejects.toMatchObject({ name: "AWSOrganizationsNotInUseException" });
    } finally {
      await interrupt(started);
    }
  });

  it("refuses an unknown argument with the usage", async () => {
    await expect(startEmulator(["--bogus"])).rejects.toThrow(/unknown argument --bogus\nusage: npm run emulator/);
  });
});
