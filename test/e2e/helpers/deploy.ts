/**
 * Deploys synthesized stacks into the emulator the way a user would:
 * bootstrap with local state, then `terraform init` (S3 backend, lock file),
 * `plan` and `apply` for every other stack, a dependency wave of cdktf's
 * manifest at a time (its stacks in parallel), with progress per stack.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { terraformEnv } from "../../../src/terraform/cli-config";
import { ManifestStack } from "../../../src/terraform/manifest";
import { terraform, TerraformResult } from "../../../src/terraform/run";
import { Emulator } from "./moto";

/**
 * What points the AWS provider, the S3 backend and the SDKs at the emulator:
 * its endpoint, dummy credentials (moto checks no signature; plain
 * credentials act in the management account), the region. The S3 backend
 * needs no path-style setting: on an IP endpoint it addresses buckets by path.
 */
export function emulatorAwsEnv(emulator: Pick<Emulator, "endpoint" | "port">, region: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: emulator.endpoint,
    // S3 Control puts the account id in front of the host: <id>.localhost (see loopback.ts).
    AWS_ENDPOINT_URL_S3_CONTROL: `http://localhost:${emulator.port}`,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** Terraform's environment against the emulator: offline provider mirror, endpoint, dummy credentials. */
export function emulatorEnv(emulator: Emulator, tfHome: string, region: string): NodeJS.ProcessEnv {
  mkdirSync(tfHome, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...terraformEnv(tfHome), ...emulatorAwsEnv(emulator, region) };
  for (const name of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "TF_LOG"]) delete env[name];
  return env;
}

export const progress = (message: string): void => {
  process.stderr.write(`[e2e] ${message}\n`);
};

const seconds = (start: number, end = Date.now()): string => `${((end - start) / 1000).toFixed(1)}s`;

export class TerraformError extends Error {
  constructor(
    readonly stack: string,
    readonly command: string,
    readonly result: TerraformResult,
  ) {
    const tail = (s: string) => s.trim().split("\n").slice(-40).join("\n");
    super(`terraform ${command} failed in stack ${stack} (exit ${result.code}):\n${tail(result.stderr)}\n${tail(result.stdout)}`);
  }
}

/** Runs terraform in a stack directory; throws a TerraformError unless the exit code is allowed. */
export async function tfStep(stack: ManifestStack, args: string[], env: NodeJS.ProcessEnv, allowed: readonly number[] = [0]): Promise<TerraformResult> {
  const result = await terraform([...args, "-no-color"], stack.dir, env);
  appendFileSync(join(stack.dir, "e2e-terraform.log"), `$ terraform ${args.join(" ")}  (exit ${result.code})\n${result.stdout}${result.stderr}\n`);
  if (!allowed.includes(result.code)) throw new TerraformError(stack.name, args[0], result);
  return result;
}

/** "Plan: 3 to add, 0 to change, 0 to destroy." or "No changes." */
export function planSummary(stdout: string): string {
  return stdout.match(/Plan: .*\./)?.[0] ?? (stdout.includes("No changes.") ? "no changes" : "?");
}

/** init, plan, apply one stack; `world` prefixes its progress line. */
export async function deployStack(stack: ManifestStack, env: NodeJS.ProcessEnv, world = ""): Promise<void> {
  const start = Date.now();
  await tfStep(stack, ["init", "-input=false"], env);
  const initialized = Date.now();
  const planned = await tfStep(stack, ["plan", "-input=false", "-lock-timeout=60s", "-out=tfplan"], env);
  const plannedAt = Date.now();
  await tfStep(stack, ["apply", "-input=false", "-lock-timeout=60s", "tfplan"], env);
  const steps = `init ${seconds(start, initialized)}, plan ${seconds(initialized, plannedAt)}, apply ${seconds(plannedAt)}`;
  progress(`${world}${stack.name}: applied (${planSummary(planned.stdout)}) in ${seconds(start)}: ${steps}`);
}

/** The stacks of one dependency wave, side by side; fails once, naming every stack that failed. */
export async function deployWave(wave: readonly ManifestStack[], env: NodeJS.ProcessEnv, world = ""): Promise<void> {
  const results = await Promise.allSettled(wave.map((stack) => deployStack(stack, env, world)));
  const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
  if (failures.length > 0) throw new Error(failures.map((f) => f.message).join("\n\n"));
}
