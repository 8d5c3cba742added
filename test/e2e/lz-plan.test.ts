/**
 * `lz plan` the way CI runs it, against the moto emulator (AWS_ENDPOINT_URL):
 * on an empty "AWS", bootstrap plans its state bucket and key, and every
 * other stack reports that it waits on bootstrap's bucket instead of failing.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { lz, workdir } from "../helpers/lz";
import { awsEnv, MotoServer, startMotoServer } from "../helpers/moto-server";

jest.setTimeout(180_000);

const MANAGEMENT = "111111111111";
let moto: MotoServer | undefined;

beforeAll(async () => {
  moto = await startMotoServer(MANAGEMENT);
});
afterAll(() => moto?.stop());

const env = () => ({ ...awsEnv(moto!.endpoint), CHECKPOINT_DISABLE: "1" });

describe("lz plan on the emulator", () => {
  it("plans bootstrap, and every other stack waits on bootstrap's state bucket", () => {
    const dir = workdir();
    const r = lz(["plan", "--parallelism", "3"], dir, env());
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, "plans", "results.json"), "utf8")) as Array<{ stack: string; status: string; waitingOn?: string; counts?: { add: number } }>;
    const bootstrap = results.find((x) => x.stack === "bootstrap")!;
    expect(bootstrap.status).toBe("changes");
    expect(bootstrap.counts!.add).toBeGreaterThanOrEqual(9);
    for (const other of results.filter((x) => x.stack !== "bootstrap")) expect([other.stack, other.status, other.waitingOn]).toEqual([other.stack, "waiting", "bootstrap"]);
    expect(r.stdout).toMatch(/^bootstrap +\d+ +0 +0 +0 {2}changes$/m);
    expect(r.stdout).toMatch(/^organization +- +- +- +- {2}waiting on bootstrap: state bucket acme-tfstate-111111111111 does not exist yet$/m);

    // The saved plan and its JSON, which the guard accepts and the summary shows.
    expect(existsSync(join(dir, "plans", "bootstrap.tfplan"))).toBe(true);
    expect(lz(["guard", join(dir, "plans", "bootstrap.plan.json")], dir).code).toBe(0);
    const summary = readFileSync(join(dir, "plans", "summary.md"), "utf8");
    expect(summary).toContain("aws_s3_bucket.state_bucket will be created");
    expect(summary).toContain("⏳ waiting on bootstrap");
  });
});
