/**
 * Secrets are injected by ARN (Secrets Manager secrets or SSM parameters),
 * never as plain environment. These helpers turn the configured ARNs into the
 * IAM statements that let one role read exactly those, and nothing else.
 */
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { regionalServiceName } from "../../aws/service-principals";

/**
 * The IAM resource of a secret reference. ECS accepts
 * `arn:…:secret:NAME[:json-key:stage:version]`; IAM needs the secret's ARN,
 * which ends in a 6-character suffix AWS adds (matched by `-??????` if absent).
 */
export function secretResourceArn(valueFrom: string): string {
  if (!valueFrom.includes(":secretsmanager:")) return valueFrom;
  const parts = valueFrom.split(":");
  const base = parts.slice(0, 7).join(":");
  return /-[A-Za-z0-9]{6}$/.test(base) ? base : `${base}-??????`;
}

/** Statements letting a role read the given secret ARNs (and decrypt them with `kmsKeyArn` through those services). */
export function secretReadStatements(arns: readonly string[], kmsKeyArn: string, region: string): DataAwsIamPolicyDocumentStatement[] {
  const secrets = [...new Set(arns.filter((a) => a.includes(":secretsmanager:")).map(secretResourceArn))].sort();
  const parameters = [...new Set(arns.filter((a) => a.includes(":ssm:")))].sort();
  const out: DataAwsIamPolicyDocumentStatement[] = [];
  if (secrets.length > 0) out.push({ sid: "ReadListedSecrets", actions: ["secretsmanager:GetSecretValue"], resources: secrets });
  if (parameters.length > 0) out.push({ sid: "ReadListedParameters", actions: ["ssm:GetParameters", "ssm:GetParameter"], resources: parameters });
  if (out.length > 0) {
    out.push({
      sid: "DecryptSecretsWithAccountKey",
      actions: ["kms:Decrypt"],
      resources: [kmsKeyArn],
      condition: [{ test: "StringEquals", variable: "kms:ViaService", values: [regionalServiceName("secretsmanager", region), regionalServiceName("ssm", region)] }],
    });
  }
  return out;
}

/** `{NAME: arn}` as the sorted `[{name, valueFrom}]` list container definitions take. */
export const secretList = (secrets: Readonly<Record<string, string>>): { name: string; valueFrom: string }[] =>
  Object.keys(secrets)
    .sort()
    .map((name) => ({ name, valueFrom: secrets[name] }));

/** `{NAME: value}` as the sorted `[{name, value}]` list container definitions take. */
export const environmentList = (environment: Readonly<Record<string, string>>): { name: string; value: string }[] =>
  Object.keys(environment)
    .sort()
    .map((name) => ({ name, value: environment[name] }));
