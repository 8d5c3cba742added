/**
 * Remote administration ports, by name. The landing zone is bastion-free
 * (Session Manager replaces SSH and RDP): the config refuses them at validate
 * time (rules-compute.ts) and the guardrails refuse any security group that
 * admits them (src/policy/rules/network.ts), as defense in depth.
 */
export const ADMIN_PORT_NAMES: Readonly<Record<number, string>> = { 22: "SSH", 3389: "RDP" };
export const ADMIN_PORTS: readonly number[] = Object.keys(ADMIN_PORT_NAMES).map(Number);
