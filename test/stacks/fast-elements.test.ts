/**
 * src/fast-elements.ts remembers each meta-argument key's snake case and each construct's path. Proof that
 * both answer what cdktf's and constructs' originals answer: generated objects for keysToSnakeCase, every
 * construct of the example app for the paths, and cdktf's callers reach the replacement.
 */
import * as fc from "fast-check";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { App, Lazy, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { buildApp } from "../../src/app";
import { originals } from "../../src/fast-elements";
import { exampleConfig } from "../helpers/synth";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const util = require("cdktf/lib/util") as { keysToSnakeCase(o: unknown): unknown };

/** What a thrown error says, or the value returned. */
const outcome = (f: () => unknown): unknown => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: String(e) };
  }
};

describe("fast elements", () => {
  it("snake-cases keys exactly as cdktf's keysToSnakeCase, on hand-made and generated values", () => {
    expect(util.keysToSnakeCase).not.toBe(originals.keysToSnakeCase); // cdktf's callers go through util's exports
    const token = Lazy.stringValue({ produce: () => "x" });
    const cases: unknown[] = [
      { dependsOn: ["a"], count: undefined, provider: "aws.x", lifecycle: { preventDestroy: true, ignoreChanges: ["tags"] }, forEach: undefined, connection: undefined },
      { tags: { keepCase: "v" }, environment: { KEEP: "v" }, nested: [{ innerKey: 1 }, "s", 2, null] },
      { __weird__Key: 1, "kebab-case-key": 2, ABCDef: 3, a1B2: 4, "": 5, "x..y": 6, dupKey: 1, dup_key: 2 },
      [{ aB: 1 }, [{ cD: 2 }], "x"],
      { token: [token], lazy: token },
      { bad: null },
    ];
    for (const value of cases) expect(outcome(() => util.keysToSnakeCase(value))).toEqual(outcome(() => originals.keysToSnakeCase(value)));
    const key = fc.oneof(fc.string(), fc.constantFrom("dependsOn", "forEach", "tags", "environment", "HTTPSPort", "a_b", "a-B", "x1Y"));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, fc.constant(undefined), fc.boolean(), fc.integer(), fc.string(), fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(key, tie("node"), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (object) => {
        expect(outcome(() => util.keysToSnakeCase(object))).toEqual(outcome(() => originals.keysToSnakeCase(object)));
      }),
      { numRuns: 300 },
    );
  });

  it("gives every construct of the example the path constructs computes", () => {
    const { app } = buildApp(exampleConfig(), { outdir: mkdtempSync(join(tmpdir(), "lz-fast-elements-")), localStateDir: ".lz" });
    const nodes = app.node.findAll();
    expect(nodes.length).toBeGreaterThan(1000);
    for (const c of nodes) {
      const computed = originals.path.call(c.node);
      expect(c.node.path).toBe(computed);
      expect(c.node.path).toBe(computed); // the remembered answer, the second time
    }
  });

  it("gives a construct its path whether asked before or after its children exist", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "stack");
    const parent = new Construct(stack, "parent");
    expect(parent.node.path).toBe("stack/parent");
    const bucket = new S3Bucket(parent, "bucket", { bucket: "b" });
    expect(bucket.node.path).toBe("stack/parent/bucket");
    const synthesized = stack.toTerraform() as { resource: { aws_s3_bucket: Record<string, { "//": { metadata: { path: string } } }> } };
    expect(Object.values(synthesized.resource.aws_s3_bucket)[0]["//"].metadata.path).toBe("stack/parent/bucket");
    expect(new App({ outdir: mkdtempSync(join(tmpdir(), "lz-fast-elements-")) }).node.path).toBe("");
  });
});
