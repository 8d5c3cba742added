/** LzStack: readable names, and one token resolution per stack per synth, shared by the guardrails and the writer. */
import { TerraformStack } from "cdktf";
import { synthConfig } from "../helpers/synth";

describe("LzStack", () => {
  it("resolves each stack once per synth: the guardrail aspect and the JSON writer share the result", () => {
    const resolve = jest.spyOn(TerraformStack.prototype, "toTerraform");
    try {
      const out = synthConfig();
      expect(resolve).toHaveBeenCalledTimes(out.stacks.length);
    } finally {
      resolve.mockRestore();
    }
  });

  it("names resources after their construct path, and a module's primary resource after the module", () => {
    const bootstrap = synthConfig().stack("bootstrap");
    expect(Object.keys(bootstrap.resource.aws_s3_bucket)).toEqual(["state_bucket"]);
    expect(Object.keys(bootstrap.resource.aws_s3_bucket_versioning)).toEqual(["state_bucket_versioning"]);
  });
});
