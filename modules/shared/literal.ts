/**
 * A user string written into a plain (non-jsonencode) Terraform attribute, kept literal.
 *
 * Terraform reads every string of `cdk.tf.json` as a template
 * (https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping): `${…}` is
 * an interpolation and `%{…}` a directive, and cdktf writes user strings unchanged. An IAM policy
 * variable such as `${aws:username}` in an inline policy, or `${HOME}` in an environment value,
 * would be evaluated (and fail the plan) instead of reaching AWS. `$${` and `%%{` are the
 * template's escapes for the literal sequences.
 */
export function literal(value: string): string {
  return value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** `literal` over every value of a string map (environment variables, tags). */
export function literalValues(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, literal(v)]));
}
