/** LzStack: readable names, and one token resolution per stack per synth, shared by the guardrails and the writer. */
import { TerraformStack } from "cdktf";
import { LzStack } from "../../src/stacks/lz-stack";
import { synthConfig } from "../helpers/synth";

describe("LzStack", () => {
  it("resolves each stack once per synth: the guardrail aspect and the JSON writer share the result", () => {
    const resolve = jest.spyOn(LzStack.prototype as unknown as { resolveStack: () => unknown }, "resolveStack");
    const cdktfResolve = jest.spyOn(TerraformStack.prototype, "toTerraform");
    try {
      const out = synthConfig();
      expect(resolve).toHaveBeenCalledTimes(out.stacks.length);
      expect(cdktfResolve).not.toHaveBeenCalled(); // every stack takes the fast resolver (test/stacks/fast-resolve.test.ts)
    } finally {
      resolve.mockRestore();
      cdktfResolve.mockRestore();
    }
  });

  it("names resources after their construct path, and a module's primary resource after the module", () => {
    const bootstrap = synthConfig().stack("bootstrap");
    expect(Object.keys(bootstrap.resource.aws_s3_bucket)).toEqual(["state_bucket"]);
    expect(Object.keys(bootstrap.resource.aws_s3_bucket_versioning)).toEqual(["state_bucket_versioning"]);
  });
});
