/**
 * Two worlds on one emulator, in order:
 * - brownfield: an existing organization with the example's accounts, adopted
 *   through `organization.id`; every stack applied, checked with the AWS SDK in
 *   its account, re-planned clean; a held state lock stops a plan;
 * - day two: in that applied world, `lz vend` adds an account, and the stacks
 *   its output names are applied as the README says; every stack re-plans clean.
 */
import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { parseConfig } from "../../src/config/load";
import { accessStackName, IDENTITY_CENTER, LOGGING, ORGANIZATION, SECURITY, stateKey, workloadStackName } from "../../src/stacks/names";
import { EXAMPLE_FILE, EXAMPLE_STACKS, exampleText } from "../helpers/synth";
import { applyAssertReplan } from "./helpers/cycle";
import { tfStep } from "./helpers/deploy";
import { startWorld, World } from "./helpers/run";
import { e2eConfigText, seedFor } from "./helpers/world";

jest.setTimeout(5 * 60_000);

let world: World;

beforeAll(async () => {
  const userConfig = parseConfig(exampleText(), EXAMPLE_FILE);
  world = await startWorld("brownfield", userConfig, seedFor(userConfig), ({ emulator }) =>
    e2eConfigText(exampleText(), EXAMPLE_FILE, { organizationId: emulator.organizationId, certificates: emulator.certificates }),
  );
}, 2 * 60_000);

afterAll(async () => {
  // LZ_E2E_KEEP=1 keeps the work directory (config, stacks, state, moto.log); a failed world keeps it too.
  await world?.close(process.env.LZ_E2E_KEEP === "1" || failed);
});

let failed = false;
const recording = (fn: () => Promise<void>) => async () => {
  try {
    await fn();
  } catch (e) {
    failed = true;
    throw e;
  }
};

describe("brownfield: the example adopted into an existing organization", () => {
  it("deploys every stack of cdktf's manifest, bootstrap first", () => {
    const [first, ...rest] = world.waves;
    expect(first.map((s) => s.name)).toEqual(["bootstrap"]);
    expect(rest.flat().map((s) => s.name).sort()).toEqual(EXAMPLE_STACKS.filter((name) => name !== "bootstrap"));
  });

  it(
    "applies every stack, finds what each declares in its own account, and re-plans clean",
    recording(() => applyAssertReplan(world)),
    30 * 60_000,
  );

  it(
    "refuses to plan a stack whose state lock another run holds, and plans again once it is released",
    recording(async () => {
      const stack = world.stack(ORGANIZATION);
      const { config } = world;
      const s3 = new S3Client(await world.aws.in(config.organization.managementAccountId));
      const Key = `${stateKey(stack.name)}.tflock`;
      const lock = {
        ID: "e2e-held-lock-0000",
        Operation: "OperationTypeApply",
        Info: "",
        Who: "another-run@ci",
        Version: "1.11.4",
        Created: new Date().toISOString(),
        Path: `${config.state.bucket}/${stateKey(stack.name)}`,
      };
      await s3.send(new PutObjectCommand({ Bucket: config.state.bucket, Key, Body: JSON.stringify(lock), ServerSideEncryption: "aws:kms" }));
      try {
        const blocked = await tfStep(stack, ["plan", "-input=false", "-lock-timeout=0s"], world.env, [1]);
        expect(blocked.stderr).toContain("Error acquiring the state lock");
        expect(blocked.stderr).toContain(lock.ID);
        expect(blocked.stderr).toContain(lock.Who);
      } finally {
        await s3.send(new DeleteObjectCommand({ Bucket: config.state.bucket, Key }));
      }
      const free = await tfStep(stack, ["plan", "-input=false", "-detailed-exitcode", "-lock-timeout=0s"], world.env, [0]);
      expect(free.code).toBe(0);
    }),
  );
});

describe("day two: lz vend adds an account to the applied brownfield world", () => {
  const NAME = "data-dev";

  it(
    "vends it, applies the stacks lz vend names (README: Vending an account) and re-plans every stack clean",
    recording(async () => {
      if (!world.applied.has(ORGANIZATION)) throw new Error("the brownfield world did not apply; day two needs it");
      const vended = await world.lz(["vend", "--config", world.configFile, "--name", NAME, "--email", `aws+${NAME}@acme.example`, "--ou", "Workloads/NonProd"]);
      expect(vended.code).toBe(0);
      // The stacks to apply, in the order the CLI tells the platform engineer.
      const next = /^Next: lz plan .*--stacks ([^,]+),/m.exec(vended.stdout);
      expect(next?.[1].split(" ")).toEqual([ORGANIZATION, accessStackName(NAME), LOGGING, workloadStackName(NAME), SECURITY, IDENTITY_CENTER]);

      const synth = await world.lz(["synth", "--config", world.configFile, "--out", world.outdir]);
      expect(synth.code).toBe(0);
      await world.adoptOutput();
      expect(world.config.accounts.find((a) => a.name === NAME)).toMatchObject({ id: undefined, ou: "Workloads/NonProd" });

      await applyAssertReplan(world, { apply: next![1].split(" ") });
    }),
    30 * 60_000,
  );
});
