/**
 * The README's bootstrap migration, as a user runs it, against the emulator:
 * `lz synth`, apply bootstrap with local state (.lz/bootstrap.tfstate),
 * set `state.bootstrapMigrated: true`, `lz synth` again (which keeps the
 * stack's .terraform/ and lock file), `terraform init -migrate-state`, and
 * the plan is clean: the state bucket now holds bootstrap's own state.
 */
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../src/config/load";
import { ManifestStack, readManifest } from "../../src/terraform/manifest";
import { lz } from "../helpers/lz";
import { exampleText } from "../helpers/synth";
import { AwsWorld } from "./helpers/aws";
import { emulatorEnv, tfStep } from "./helpers/deploy";
import { Emulator, startMoto } from "./helpers/moto";
import { seedFor } from "./helpers/world";

jest.setTimeout(300_000);

const TF_HOME = join(tmpdir(), "lz-test-terraform"); // shared with the other terraform tests: one plugin cache
let workDir = "";
let emulator: Emulator | undefined;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "lz-e2e-migrate-"));
  emulator = await startMoto(workDir, seedFor(parseConfig(exampleText(), "landing-zone.yaml")));
});
afterAll(async () => {
  await emulator?.stop();
  if (!process.env.LZ_E2E_KEEP) rmSync(workDir, { recursive: true, force: true });
});

describe("bootstrap state migration (README: Deploying, steps 1-2)", () => {
  it("moves bootstrap's local state into the state bucket and then plans no changes", async () => {
    const dir = join(workDir, "project");
    const config = join(dir, "landing-zone.yaml");
    mkdirSync(dir);
    writeFileSync(config, exampleText());
    const { state, homeRegion, organization } = parseConfig(exampleText(), config);
    const env = emulatorEnv(emulator!, TF_HOME, homeRegion);
    const bootstrap = (): ManifestStack => readManifest(join(dir, "cdktf.out")).find((s) => s.name === "bootstrap")!;

    // 1. Bootstrap with local state.
    expect(lz(["synth"], dir).code).toBe(0);
    await tfStep(bootstrap(), ["init", "-input=false"], env);
    await tfStep(bootstrap(), ["apply", "-input=false", "-auto-approve"], env);
    expect(existsSync(join(dir, ".lz", "bootstrap.tfstate"))).toBe(true);
    const lock = readFileSync(join(bootstrap().dir, ".terraform.lock.hcl"), "utf8");

    // 2. Migrate: set the flag, re-synthesize, init -migrate-state.
    writeFileSync(config, exampleText().replace(/^state:\n/m, "state:\n  bootstrapMigrated: true\n"));
    expect(readFileSync(config, "utf8")).toMatch(/bootstrapMigrated: true/);
    const resynth = lz(["synth"], dir);
    expect(resynth.stderr).toBe("");
    expect(resynth.code).toBe(0);
    expect(readFileSync(join(bootstrap().dir, "cdk.tf.json"), "utf8")).toMatch(/"s3"/);
    expect(existsSync(join(bootstrap().dir, ".terraform", "terraform.tfstate"))).toBe(true); // init's record of the local backend survived
    expect(readFileSync(join(bootstrap().dir, ".terraform.lock.hcl"), "utf8")).toBe(lock);
    const migrated = await tfStep(bootstrap(), ["init", "-input=false", "-migrate-state", "-force-copy"], env);
    expect(migrated.stdout).toMatch(/Successfully configured the backend "s3"/);

    // The bucket holds bootstrap's state, and the plan against it is empty.
    const plan = await tfStep(bootstrap(), ["plan", "-input=false", "-detailed-exitcode"], env, [0, 2]);
    expect([plan.code, plan.stdout.match(/Plan: .*/)?.[0]]).toEqual([0, undefined]);
    const aws = new AwsWorld(emulator!, homeRegion, organization.managementAccountId, organization.accessRoleName);
    const s3 = new S3Client(await aws.in(organization.managementAccountId));
    const object = await s3.send(new GetObjectCommand({ Bucket: state.bucket, Key: "bootstrap/terraform.tfstate" }));
    const remote = JSON.parse(await object.Body!.transformToString()) as { resources: Array<{ type: string }> };
    expect(remote.resources.map((r) => r.type)).toContain("aws_s3_bucket");
  });
});
