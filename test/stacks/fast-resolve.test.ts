/**
 * LzStack resolves its Terraform JSON with fastResolver (src/stacks/fast-resolve.ts) and writes it with
 * stableJson (src/stacks/json-synthesizer.ts) instead of cdktf's resolver and json-stable-stringify.
 * Proofs that neither changes a byte: against cdktf's own functions on every stack of the example and
 * of a many-account config, on hand-made values holding every kind of token, and on generated values.
 */
import * as fc from "fast-check";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { dependable } from "cdktf/lib/tfExpression";
import { App, DataTerraformRemoteStateS3, Fn, Lazy, TerraformOutput, TerraformStack, TerraformVariable, Token, Tokenization, DefaultTokenResolver, StringConcat } from "cdktf";
import { deepMerge } from "cdktf/lib/util";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildApp } from "../../src/app";
import { parseConfig } from "../../src/config/load";
import { fastResolver } from "../../src/stacks/fast-resolve";
import { stableJson } from "../../src/stacks/json-synthesizer";
import { LzStack, mergeResolved } from "../../src/stacks/lz-stack";
import { benchConfig } from "../../bench/configs";
import { EXAMPLE_FILE, exampleText } from "../helpers/synth";

// cdktf's own writer (a dependency of cdktf, not of this project).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsonStableStringify = require(require.resolve("json-stable-stringify", { paths: [dirname(require.resolve("cdktf"))] })) as (v: unknown, o: { space: number }) => string;

const cdktfResolve = (scope: TerraformStack, value: unknown): unknown => Tokenization.resolve(value, { scope, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });

/** cdktf's TerraformStack.toTerraform(), bypassing LzStack's. */
const cdktfToTerraform = (stack: TerraformStack): unknown => TerraformStack.prototype.toTerraform.call(stack);

function stacksOf(yaml: string): { stacks: TerraformStack[]; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "lz-fast-resolve-"));
  const built = buildApp(parseConfig(yaml, EXAMPLE_FILE), { outdir: join(dir, "out"), localStateDir: join(dir, "state") });
  return { stacks: [...built.stacks.values()], done: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("LzStack's Terraform JSON", () => {
  it.each([
    ["the bundled example", () => exampleText()],
    ["12 vended accounts", () => benchConfig(exampleText(), 12)],
  ])("is cdktf's, key order included, for every stack of %s", (_name, yaml) => {
    const { stacks, done } = stacksOf(yaml());
    try {
      expect(stacks.length).toBeGreaterThanOrEqual(13);
      for (const stack of stacks) {
        const ours = stack.toTerraform();
        expect({ stack: stack.node.id, json: JSON.stringify(ours) }).toEqual({ stack: stack.node.id, json: JSON.stringify(cdktfToTerraform(stack)) });
        expect({ stack: stack.node.id, text: stableJson(ours) }).toEqual({ stack: stack.node.id, text: jsonStableStringify(ours, { space: 2 }) });
      }
    } finally {
      done();
    }
  });

  it("resolves tokens in stack-level overrides as cdktf does, and deletes a key an override sets to undefined", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "lz-fast-resolve-")) });
    const stack = new LzStack(app, "overrides");
    const v = new TerraformVariable(stack, "name", { type: "string" });
    stack.addOverride("terraform.backend.s3.use_lockfile", true);
    stack.addOverride("locals.from_token", v.stringValue);
    stack.addOverride("locals.list", [v.stringValue, "plain"]);
    stack.addOverride("locals.gone", "x");
    stack.addOverride("locals.gone", undefined);
    const ours = stack.toTerraform() as { locals: Record<string, unknown> };
    expect(ours.locals).toEqual({ from_token: "${var.name}", list: ["${var.name}", "plain"] });
    expect(JSON.stringify(ours)).toBe(JSON.stringify(cdktfToTerraform(stack)));
  });

  it("merges its elements as cdktf does: a Date turned into {} (a value or a token's), blocks shared by several elements, provider lists concatenated", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "lz-fast-resolve-")) });
    const stack = new LzStack(app, "merge");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    new AwsProvider(stack, "west", { region: "us-west-2", alias: "west" });
    new S3Bucket(stack, "a", { bucket: "a", tags: { k: "v" } });
    new S3Bucket(stack, "b", { bucket: "b" });
    new TerraformOutput(stack, "plain-date", { value: new Date(0) });
    new TerraformOutput(stack, "token-date", { value: Lazy.anyValue({ produce: () => new Date(0) }) });
    new TerraformOutput(stack, "nested", { value: { when: new Date(0), list: [1, { x: "y" }] } });
    const ours = stack.toTerraform() as { output: Record<string, { value: unknown }>; provider: { aws: unknown[] } };
    expect(JSON.stringify(ours)).toBe(JSON.stringify(cdktfToTerraform(stack)));
    expect(ours.output.plain_date.value).toEqual({});
    expect(ours.output.token_date.value).toEqual({});
    expect(ours.provider.aws).toHaveLength(2);
  });
});

describe("mergeResolved", () => {
  it("leaves what cdktf's deepMerge leaves, key order included, for resolved values (no undefined, token or Date)", () => {
    const json = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("a", "b", "c", "d"), tie("node"), { maxKeys: 3 })),
    })).node;
    const object = fc.dictionary(fc.constantFrom("a", "b", "c", "d"), json, { maxKeys: 4 });
    fc.assert(
      fc.property(object, object, object, (target, first, second) => {
        const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
        const outcome = (merge: (t: Record<string, unknown>, s: Record<string, unknown>) => unknown) => {
          try {
            return JSON.stringify(merge(merge(copy(target), copy(first)) as Record<string, unknown>, copy(second)));
          } catch (e) {
            return `refused: ${String(e)}`; // deepMerge into a null
          }
        };
        expect(outcome(mergeResolved)).toBe(outcome(deepMerge));
      }),
      { numRuns: 500 },
    );
  });
});

describe("fastResolver", () => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "lz-fast-resolve-")) });
  const stack = new TerraformStack(app, "values");
  const v = new TerraformVariable(stack, "v", { type: "string" });
  const n = new TerraformVariable(stack, "n", { type: "number" });
  const l = new TerraformVariable(stack, "l", { type: "list(string)" });
  const m = new TerraformVariable(stack, "m", { type: "map(string)" });
  const same = (value: unknown) => expect(JSON.stringify(fastResolver(stack)(value))).toBe(JSON.stringify(cdktfResolve(stack, value)));
  const state = new DataTerraformRemoteStateS3(stack, "state", { bucket: "b", key: "k", region: "us-east-1" });
  const bucket = new S3Bucket(stack, "bucket", { bucket: "b" });
  const doc = new DataAwsIamPolicyDocument(stack, "doc", {});
  /** Property accesses (Fn.lookupNested) of a remote state output: plain and awkward arguments. */
  function lookups(): [string, unknown][] {
    const ids = state.get("account_ids");
    return [
      ["a lookup with a plain key", Fn.lookupNested(ids, ["app-1"])],
      ["a lookup with an identifier key", Fn.lookupNested(ids, ["app"])],
      ["a lookup with a number, a star and nested keys", Fn.lookupNested(ids, [0, "*", "a b", "x_y"])],
      ["a lookup with a quoted key", Fn.lookupNested(ids, ['"q"'])],
      ["a lookup with a key to escape", Fn.lookupNested(ids, ["${x}"])],
      ["a lookup with a key shaped like a number", Fn.lookupNested(ids, ["1e5"])],
      ["a lookup with a token key", Fn.lookupNested(ids, [v.stringValue])],
      ["a lookup in text", `arn:aws:iam::${Token.asString(Fn.lookupNested(ids, ["app-1"]))}:root`],
      ["a lookup of a string output", Fn.lookupNested(state.getString("x"), ["a"])],
    ];
  }
  /** dependsOn entries: what cdktf makes of a resource or data source given in dependsOn. */
  function dependables(): [string, unknown][] {
    return [
      ["a dependable resource", dependable(bucket)],
      ["a dependable data source", dependable(doc)],
      ["dependables in a list", [dependable(bucket), dependable(doc)]],
      ["a dependable in text", `x-${dependable(bucket)}`],
    ];
  }

  it.each<[string, unknown]>([
    ["a string token", v.stringValue],
    ["a token inside a string", `prefix-${v.stringValue}-suffix`],
    ["a number token", n.numberValue],
    ["a number token inside a string", `port ${Token.asString(n.numberValue)}`],
    ["a list token", l.listValue],
    ["a map token", m.value],
    ["a token in a key", { [v.stringValue]: "value" }],
    ["a resolvable object", Fn.join(",", ["a", v.stringValue])],
    ["a lazy value", Lazy.stringValue({ produce: () => "produced" })],
    ["strings shaped like an encoded number", ["1e5", "2.5e+3", "-1.8881545897087626e+289", "x1e-3y"]],
    ["plain numbers", [0, -1, 3.5, 1e300, Number.MAX_SAFE_INTEGER]],
    ["undefined elements and values", { a: undefined, b: [undefined, 1, undefined], c: { d: undefined } }],
    ["a date", new Date(0)],
    ["an empty object and array", { a: {}, b: [] }],
    ["escaped interpolation", "$${literal} and %%{directive}"],
    ["references with text between", `arn:aws:s3:::${v.stringValue}/*/AWSLogs/${v.stringValue}/*`],
    ["a reference beside an escaped interpolation", `$\${literal}-${v.stringValue}`],
    ["a reference beside a closing brace", `{"a": "${v.stringValue}"}`],
    ["a reference beside text shaped like a number", `1e5-${v.stringValue}`],
    ["a reference beside a number token", `${v.stringValue}:${Token.asString(n.numberValue)}`],
    ["a function of a reference", Fn.upper(v.stringValue)],
    ...lookups(),
    ...dependables(),
  ])("resolves %s as cdktf does", (_name, value) => same({ nested: { value } }));

  it("resolves plain references itself, and hands cdktf what is not one", () => {
    const spy = jest.spyOn(Tokenization, "resolve");
    try {
      expect(fastResolver(stack)({ a: `arn:${v.stringValue}/x`, b: [v.stringValue] })).toEqual({ a: "arn:${var.v}/x", b: ["${var.v}"] });
      expect(spy).not.toHaveBeenCalled();
      // Lookups of a remote state output and dependsOn entries too.
      const lookup = Token.asString(Fn.lookupNested(state.get("account_ids"), ["app-1"]));
      expect(fastResolver(stack)({ id: lookup, depends_on: [dependable(bucket)] })).toEqual({ id: '${data.terraform_remote_state.state.outputs.account_ids["app-1"]}', depends_on: ["aws_s3_bucket.bucket"] });
      expect(spy).not.toHaveBeenCalled();
      expect(fastResolver(stack)({ c: Fn.upper(v.stringValue) })).toEqual({ c: "${upper(var.v)}" });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("resolves the same token string to the same result every time it appears", () => {
    const resolve = fastResolver(stack);
    const s = `${v.stringValue}-x`;
    expect(resolve([s, { k: s }])).toEqual(["${var.v}-x", { k: "${var.v}-x" }]);
  });

  it("refuses what cdktf refuses, with cdktf's message: a function, a cycle, a list token among other elements", () => {
    const mixed = { list: [...l.listValue, "x"] };
    expect(() => cdktfResolve(stack, mixed)).toThrow(/Cannot add elements to list token/);
    expect(() => fastResolver(stack)(mixed)).toThrow(/Cannot add elements to list token/);
    expect(() => fastResolver(stack)({ f: () => 1 })).toThrow(/function/i);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => fastResolver(stack)(cycle)).toThrow();
    expect(() => cdktfResolve(stack, cycle)).toThrow();
  });

  it("matches cdktf on generated values with tokens sprinkled in", () => {
    const tokens = [v.stringValue, `a-${v.stringValue}`, n.numberValue, l.listValue, m.value];
    const leaf = fc.oneof(fc.string(), fc.double({ noNaN: true }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constantFrom(...tokens));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(fc.string(), tie("node"), { maxKeys: 4 })),
    })).node;
    fc.assert(fc.property(value, (x) => JSON.stringify(fastResolver(stack)(x)) === JSON.stringify(cdktfResolve(stack, x))), { numRuns: 300 });
  });
});

describe("stableJson", () => {
  it("writes json-stable-stringify's bytes (space 2) for any JSON value, undefined and empty containers included", () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.string(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.array(tie("node"), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie("node"), { maxKeys: 5 }),
      ),
    })).node;
    fc.assert(fc.property(value, (x) => stableJson(x) === jsonStableStringify(x, { space: 2 })), { numRuns: 500 });
  });

  it("sorts keys as strings (\"10\" before \"9\"), as json-stable-stringify does", () => {
    const x = { "9": 1, "10": 2, b: { z: [], a: {} }, a: [new Date(0)] };
    expect(stableJson(x)).toBe(jsonStableStringify(x, { space: 2 }));
    expect(stableJson(x)!.indexOf('"10"')).toBeLessThan(stableJson(x)!.indexOf('"9"'));
  });

  it("refuses a cycle as json-stable-stringify does", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => stableJson(cycle)).toThrow(/circular/);
  });
});
