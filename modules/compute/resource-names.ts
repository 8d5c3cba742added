/**
 * AWS name limits are short (32 characters for load balancers and target
 * groups, 64 for IAM roles, 40 for App Runner). `boundedName` joins name
 * parts and, only when the result is too long, shortens it and appends a
 * hash of the full name, so names stay readable, deterministic and distinct.
 */
import { createHash } from "node:crypto";

export function boundedName(parts: readonly string[], max: number): string {
  const full = parts.filter((p) => p !== "").join("-");
  if (full.length <= max) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 6);
  return `${full.slice(0, max - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** Limits of the names used by the compute modules. */
export const NAME_LIMITS = {
  iamRole: 64,
  loadBalancer: 32,
  targetGroup: 32,
  appRunner: 40,
  appRunnerAutoScaling: 32,
  batch: 128,
  eventRule: 64,
  wafAcl: 128,
} as const;
