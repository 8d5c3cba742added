/**
 * `lz plan`, `lz apply` and `lz drift` the way CI runs them, against the moto
 * emulator (AWS_ENDPOINT_URL): on an empty "AWS", bootstrap plans its state
 * bucket and key, and every other stack reports that it waits on bootstrap's
 * bucket instead of failing; the saved plan applies, a second plan made
 * against the same state is then refused, and a change made through the SDK
 * behind Terraform's back is reported as drift.
 */
import { GetBucketTaggingCommand, PutBucketTaggingCommand, S3Client } from "@aws-sdk/client-s3";
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
    expect(summary).toContain("+ aws_s3_bucket.state_bucket");
    expect(summary).toContain("⏳ waiting on bootstrap");
  });

  it("applies the saved plan, refuses a plan whose state moved since, and finds drift made behind Terraform's back", async () => {
    const dir = workdir();
    // Two plans of bootstrap against the same (empty) state, as two pull requests would make them.
    expect(lz(["plan", "--stacks", "bootstrap", "--out", "plans-a"], dir, env()).code).toBe(0);
    expect(lz(["plan", "--stacks", "bootstrap", "--out", "plans-b"], dir, env()).code).toBe(0);

    const applied = lz(["apply", "--plans", "plans-a"], dir, env());
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    // Without a terminal: every line names its stack, each message once.
    expect(applied.stdout).toMatch(/^bootstrap: terraform apply$/m);
    expect(applied.stdout).toMatch(/^bootstrap: ✔ applied \(/m);
    expect(applied.stdout.match(/^bootstrap: terraform apply$/gm)).toHaveLength(1);

    const stale = lz(["apply", "--plans", "plans-b"], dir, env());
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/bootstrap +REFUSED: its state was created \(serial \d+\) after the plan was made against an empty state: the reviewed plan no longer matches what is deployed\. lz plan --stacks bootstrap, review the new plan, then apply it/);

    const none = lz(["apply", "--plans", "nowhere"], dir, env());
    expect(none).toMatchObject({ code: 1, stderr: "error: no saved plans: nowhere/results.json does not exist. Run lz plan --out nowhere (or, in CI, download the reviewed plan artifacts into nowhere) first\n" });

    const clean = lz(["drift", "--stacks", "bootstrap"], dir, env());
    expect([clean.code, clean.stdout]).toEqual([0, expect.stringContaining("No drift.")]);
    // Someone tags the state bucket by hand.
    const s3 = new S3Client({ endpoint: moto!.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, forcePathStyle: true });
    const Bucket = "acme-tfstate-111111111111";
    const { TagSet = [] } = await s3.send(new GetBucketTaggingCommand({ Bucket }));
    await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: [...TagSet, { Key: "changed-by", Value: "console" }] } }));
    s3.destroy();
    const drift = lz(["drift", "--stacks", "bootstrap"], dir, env());
    expect(drift.code).toBe(2);
    expect(drift.stdout).toMatch(/^ {2}bootstrap: aws_s3_bucket\.state_bucket changed \(tags_all\.changed-by\)$/m);
    const md = readFileSync(join(dir, "drift", "drift.md"), "utf8");
    expect(md).toContain("| `bootstrap` | ⚠️ drifted |");
    expect(md).toContain('  | `tags_all.changed-by` | `(absent)` | `"console"` |');
    const sarif = JSON.parse(readFileSync(join(dir, "drift", "drift.sarif"), "utf8"));
    expect(sarif.runs[0].results[0].properties).toMatchObject({ stack: "bootstrap", address: "aws_s3_bucket.state_bucket" });
  });
});
