/**
 * modules/shared/literal: a user string in a plain attribute reaches AWS as written. Terraform
 * itself reads a synthesized `cdk.tf.json` (init and apply of outputs only, no provider needed).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { literal, literalValues } from "../../modules/shared/literal";

const TRICKY = ["${aws:username}", "arn:aws:s3:::b/home/${aws:userid}/*", "100%{done}", "$${already}", "%%{kept}", "$HOME and {braces}", 'say "hi" \\ ok', "plain"];

/** What Terraform's outputs hold after applying a cdk.tf.json with `values` as output strings. */
function terraformReads(values: readonly string[]): string[] {
  const stack = new TerraformStack(Testing.app(), "s");
  values.forEach((v, i) => new TerraformOutput(stack, `o${i}`, { value: v }));
  const dir = mkdtempSync(join(tmpdir(), "lz-literal-"));
  writeFileSync(join(dir, "main.tf.json"), Testing.synth(stack));
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, env, stdio: "pipe" });
  execFileSync("terraform", ["apply", "-auto-approve", "-input=false", "-no-color"], { cwd: dir, env, stdio: "pipe" });
  const out = JSON.parse(execFileSync("terraform", ["output", "-json"], { cwd: dir, env, encoding: "utf8" })) as Record<string, { value: string }>;
  return values.map((_, i) => out[`o${i}`].value);
}

describe("literal", () => {
  it("gives Terraform the exact string: policy variables, ${, %{ and their escapes kept", () => {
    expect(terraformReads(TRICKY.map(literal))).toEqual(TRICKY);
  }, 60_000);

  it("is needed: without it Terraform evaluates ${aws:username} and fails", () => {
    expect(() => terraformReads(["${aws:username}"])).toThrow(/Invalid|aws/);
  }, 60_000);

  it("maps every value of a string map and keeps the keys", () => {
    expect(literalValues({ A: "${x}", B: "y" })).toEqual({ A: "$${x}", B: "y" });
  });
});
