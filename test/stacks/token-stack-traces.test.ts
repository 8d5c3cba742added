/** Turning cdktf's token stack traces off is a pure speed-up: the synthesized Terraform is identical. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { recordTokenStackTraces } from "../../src/token-stack-traces";
import { synthConfig } from "../helpers/synth";

const read = (outdir: string) => Object.fromEntries(readdirSync(join(outdir, "stacks")).map((s) => [s, readFileSync(join(outdir, "stacks", s, "cdk.tf.json"), "utf8")]));

describe("token stack traces", () => {
  afterAll(() => recordTokenStackTraces(false));

  it("synthesizes the same Terraform with traces on and off", () => {
    recordTokenStackTraces(true);
    const withTraces = read(synthConfig().outdir);
    recordTokenStackTraces(false);
    const without = read(synthConfig().outdir);
    expect(Object.keys(without)).toHaveLength(13);
    for (const [stack, json] of Object.entries(withTraces)) expect(without[stack]).toBe(json);
  });
});
