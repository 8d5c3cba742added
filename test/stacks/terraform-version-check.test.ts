/**
 * cdktf runs `terraform version` in the validations of every stack holding a construct that needs
 * Terraform >= 1.5 (each importFrom, each moved block): four times for the example.
 * src/terraform-version-check.ts runs each distinct check once per process, with the same messages.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The module object cdktf calls execSync on (a namespace import would be a frozen copy).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = require("child_process") as typeof import("child_process");

/** Fresh modules per test, so each starts with no version check run (the checks are remembered per process). */
function synthExample(): string[] {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { exampleConfig } = require("../helpers/synth") as typeof import("../helpers/synth");
  const { synthesize } = require("../../src/synth") as typeof import("../../src/synth");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const outdir = mkdtempSync(join(tmpdir(), "lz-version-"));
  return synthesize(exampleConfig(), { outdir, localStateDir: join(outdir, ".lz"), jobs: 1 }).stacks;
}

const versionRuns = (spy: jest.SpyInstance) => spy.mock.calls.filter(([cmd]) => typeof cmd === "string" && /^terraform(\.exe)? version$/.test(cmd)).length;

describe("terraform version check", () => {
  afterEach(() => {
    jest.restoreAllMocks();
    jest.resetModules();
  });

  it("runs terraform version once for the example, whose stacks import existing resources in several stacks", () => {
    const spy = jest.spyOn(childProcess, "execSync");
    expect(synthExample()).toContain("organization");
    expect(versionRuns(spy)).toBe(1);
  });

  it("still refuses a Terraform older than 1.5, with cdktf's message", () => {
    jest.spyOn(childProcess, "execSync").mockImplementation(((cmd: string) => Buffer.from(cmd.endsWith(" version") ? "Terraform v1.4.7\n" : "")) as typeof childProcess.execSync);
    expect(() => synthExample()).toThrow(/terraform version 1\.4\.7 is lower than the required version >=1\.5/);
  });
});
