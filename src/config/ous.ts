/** Organizational unit paths of a config. */
import { ParsedConfig } from "./schema";

/** Every OU path, including the parents implied by nested paths. */
export function ouPaths(config: ParsedConfig): Set<string> {
  const out = new Set<string>();
  for (const ou of config.organization.organizationalUnits) {
    const parts = ou.split("/");
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join("/"));
  }
  return out;
}

/**
 * The OU retired accounts are moved to (`lz retire`), created at the root by the organization stack
 * when any account is retired, under a deny-all SCP. Reserved: only retired accounts go there.
 */
export const SUSPENDED_OU = "Suspended";
