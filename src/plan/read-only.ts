/**
 * Read-only runs (`lz plan --read-only`, `lz drift`): every stack that declares the ephemeral
 * `lz_read_only` variable (src/stacks/account-stack.ts readOnlyVariable: its member-account providers then
 * assume `<name>-ci-read`) gets `-var=lz_read_only=true`. Terraform requires an ephemeral variable set at
 * plan time to be set again when the saved plan is applied, and one unset at plan time to stay unset; the
 * value may differ (verified with Terraform 1.11; https://developer.hashicorp.com/terraform/docs/configuration/variables,
 * argument `ephemeral`). So the plan records that it set it (StackPlan.readOnly) and `lz apply` passes
 * `-var=lz_read_only=false` exactly then: the reviewed read-only plan applies through the deployer role.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { READ_ONLY_VARIABLE } from "../stacks/names";

/** True when the stack in `dir` (its cdk.tf.json) declares the read-only variable. */
export function declaresReadOnly(dir: string): boolean {
  const file = join(dir, "cdk.tf.json");
  if (!existsSync(file)) return false;
  const tf = JSON.parse(readFileSync(file, "utf8")) as { variable?: Record<string, unknown> };
  return tf.variable?.[READ_ONLY_VARIABLE] !== undefined;
}

/** The terraform argument setting the read-only variable. */
export const readOnlyArg = (value: boolean): string => `-var=${READ_ONLY_VARIABLE}=${value}`;
