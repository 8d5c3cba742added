/** Runs terraform offline against the provider mirror, for tests. */
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { terraformEnv } from "../../src/terraform/cli-config";
import { terraform, TerraformResult } from "../../src/terraform/run";

/** Shared across test files so the provider is copied into the plugin cache once. */
const TF_HOME = join(tmpdir(), "lz-test-terraform");
mkdirSync(TF_HOME, { recursive: true });
export const TF_ENV = terraformEnv(TF_HOME);

export function tf(args: string[], cwd: string, env: NodeJS.ProcessEnv = TF_ENV): Promise<TerraformResult> {
  return terraform([...args, "-no-color"], cwd, env);
}

/** `terraform init -backend=false && terraform validate` in a stack directory. */
export async function validateStack(dir: string): Promise<TerraformResult> {
  const init = await tf(["init", "-backend=false", "-input=false"], dir);
  if (init.code !== 0) return init;
  return tf(["validate"], dir);
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
