/**
 * modules/shared/jsonencode: a user string inside Fn.jsonencode reaches AWS exactly as written.
 * Terraform itself evaluates the synthesized expression (`terraform console`, no provider needed).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { Fn } from "cdktf";
import { jsonencode } from "../../modules/shared/jsonencode";

const TRICKY = ['say "hi"', "C:\\data\\n", "100%{done}", "line1\nline2", "$${literal}", "${not_a_reference}", "plain"];

/** The `${jsonencode(…)}` attribute cdktf writes for `encode(value)`. */
function synthesized(encode: (v: unknown) => string, value: unknown): string {
  const stack = new TerraformStack(Testing.app(), "s");
  new TerraformOutput(stack, "o", { value: encode(value) });
  return JSON.parse(Testing.synth(stack)).output.o.value;
}

/** What Terraform makes of a `${…}` expression, through `terraform console`. */
function evaluate(expression: string): string {
  const inner = /^\$\{([\s\S]*)\}$/.exec(expression)![1];
  const out = execFileSync("terraform", ["console"], { cwd: mkdtempSync(`${tmpdir()}/lz-console-`), input: inner, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  return JSON.parse(out.trim()) as string;
}

describe("jsonencode of user strings", () => {
  it("gives Terraform the exact JSON of the value: quotes, backslashes, %{, newlines and ${ kept", () => {
    const value = [{ name: "web", environment: TRICKY.map((v, i) => ({ name: `V${i}`, value: v })) }];
    expect(JSON.parse(evaluate(synthesized(jsonencode, value)))).toEqual(value);
  });

  it("is needed: cdktf's Fn.jsonencode alone writes an expression Terraform cannot parse", () => {
    expect(() => evaluate(synthesized((v) => Fn.jsonencode(v), [{ value: 'say "hi"' }]))).toThrow();
  });
});
