/**
 * The state bucket read by lz against the emulator: a bucket (plain moto) holding the state of
 * organization, workload-payments-prod and workload-retired-never (whose account is not in the config).
 * `lz plan` fails and names the orphaned stack, and no stack of the config; `lz changed --unapplied`
 * selects every stack of the config with no state yet (bootstrap, local until migrated, excepted).
 */
import { execFileSync } from "node:child_process";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { s3StateKeys } from "../../src/plan/orphans";
import { lz, workdir } from "../helpers/lz";
import { awsEnv, MotoServer, startMotoServer } from "../helpers/moto-server";

jest.setTimeout(300_000);

const MANAGEMENT = "111111111111";
const BUCKET = "acme-tfstate-111111111111";
let moto: MotoServer | undefined;

beforeAll(async () => {
  moto = await startMotoServer(MANAGEMENT);
  const s3 = new S3Client({ endpoint: moto.endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (const key of ["organization/terraform.tfstate", "workload-payments-prod/terraform.tfstate", "workload-retired-never/terraform.tfstate", "workload-retired-never/terraform.tfstate.tflock"]) {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: "{}" }));
  }
});
afterAll(() => moto?.stop());

describe("orphaned stacks on the emulator", () => {
  it("lists the state keys through the SDK, by path on an IP endpoint", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, awsEnv(moto!.endpoint));
    try {
      expect((await s3StateKeys("us-east-1")(BUCKET))!.sort()).toEqual(
        ["organization/terraform.tfstate", "workload-payments-prod/terraform.tfstate", "workload-retired-never/terraform.tfstate", "workload-retired-never/terraform.tfstate.tflock"].sort(),
      );
      expect(await s3StateKeys("us-east-1")("no-such-bucket")).toBeUndefined();
    } finally {
      process.env = saved;
    }
  });

  it("lz plan fails and names the orphaned stack", () => {
    const dir = workdir();
    const r = lz(["plan", "--stacks", "bootstrap"], dir, { ...awsEnv(moto!.endpoint), CHECKPOINT_DISABLE: "1" });
    expect(r.stderr).toContain("orphaned: 1 stack still has state in s3://acme-tfstate-111111111111 but is no longer in the config:");
    expect(r.stderr).toContain("  workload-retired-never  (s3://acme-tfstate-111111111111/workload-retired-never/terraform.tfstate)");
    expect(r.stderr).not.toContain("workload-payments-prod  (");
    expect(r.code).toBe(1);
  });

  it("lz changed --unapplied selects every stack with no state in the bucket, even when nothing changed", () => {
    const dir = workdir();
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
    git("init", "-q", "-b", "main");
    git("add", "landing-zone.yaml");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base");
    const env = { ...awsEnv(moto!.endpoint), CHECKPOINT_DISABLE: "1" };
    const plain = lz(["changed"], dir, env);
    expect(plain.stdout).toMatch(/^no stack changed: nothing to plan$/m);
    const r = lz(["changed", "--unapplied"], dir, env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\+ workload-analytics-dev +not applied yet: no state at s3:\/\/acme-tfstate-111111111111\/workload-analytics-dev\/terraform\.tfstate$/m);
    expect(r.stdout).toMatch(/^- organization +unchanged$/m);
    expect(r.stdout).toMatch(/^- workload-payments-prod +unchanged/m);
    // bootstrap keeps its state locally until state.bootstrapMigrated.
    expect(r.stdout).toMatch(/^- bootstrap +unchanged$/m);
    expect(r.stdout).toMatch(/^10 of 13 stacks to plan$/m);
  });
});
