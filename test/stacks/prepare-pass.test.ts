/**
 * LzStack skips cdktf's prepare pass (a second resolution of every token, run
 * only to discover cross-stack references, of which the contracts leave none).
 * Proof that it changes nothing: the example synthesizes byte-identically with
 * cdktf's own prepare pass put back.
 */
import { TerraformStack } from "cdktf";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LzStack } from "../../src/stacks/lz-stack";
import { synthConfig } from "../helpers/synth";

const tree = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(join(dir, "stacks")).map((s) => [s, readFileSync(join(dir, "stacks", s, "cdk.tf.json"), "utf8")]));

describe("the skipped prepare pass", () => {
  it("writes byte-identical stacks and manifest with cdktf's prepare pass put back", () => {
    const skipped = synthConfig();
    const own = Object.getOwnPropertyDescriptor(LzStack.prototype, "prepareStack")!;
    const cdktfPrepare = jest.fn(TerraformStack.prototype.prepareStack);
    Object.defineProperty(LzStack.prototype, "prepareStack", { value: cdktfPrepare, configurable: true, writable: true });
    try {
      const prepared = synthConfig();
      expect(cdktfPrepare).toHaveBeenCalled();
      expect(tree(prepared.outdir)).toEqual(tree(skipped.outdir));
      expect(readFileSync(join(prepared.outdir, "manifest.json"), "utf8")).toBe(readFileSync(join(skipped.outdir, "manifest.json"), "utf8"));
    } finally {
      Object.defineProperty(LzStack.prototype, "prepareStack", own);
    }
  });
});
