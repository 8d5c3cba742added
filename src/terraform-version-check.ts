/**
 * cdktf checks the installed Terraform's version (`terraform version`, a child process) in the
 * validations of constructs that need Terraform >= 1.5 (every resource with an `importFrom`, every stack
 * with a moved block), once per stack that has one: the example's synth started `terraform version`
 * four times, 45 ms or more of wall time each (bench/results.md). The binary does not change during a
 * process: each distinct check (command, constraint, hint) now runs once per process and its messages
 * are reused, so a synth refuses an old Terraform exactly as before
 * (test/stacks/terraform-version-check.test.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidateBinaryVersion } = require("cdktf/lib/validations/validate-binary-version") as {
  ValidateBinaryVersion: { prototype: { validate(this: VersionCheck): string[] } };
};

interface VersionCheck {
  readonly binary: string;
  readonly versionConstraint: string;
  readonly versionCommand: string;
  readonly hint?: string;
}

const original = ValidateBinaryVersion.prototype.validate;
const results = new Map<string, readonly string[]>();

ValidateBinaryVersion.prototype.validate = function (this: VersionCheck): string[] {
  const key = JSON.stringify([this.binary, this.versionCommand, this.versionConstraint, this.hint ?? ""]);
  let messages = results.get(key);
  if (!messages) results.set(key, (messages = original.call(this)));
  return [...messages];
};
