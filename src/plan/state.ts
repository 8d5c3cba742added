/**
 * A stack's state version, recorded when its plan is saved and checked
 * before the plan is applied. Terraform itself refuses a saved plan whose
 * state changed since ("Error: Saved plan is stale"); checking first lets
 * lz apply say which stack moved, from which serial to which, and what to
 * do, before it touches anything.
 */

/** Serial and lineage of a state (`terraform state pull`); null when the stack has no state yet. */
export interface StateVersion {
  readonly serial: number;
  readonly lineage: string;
}

/** Reads `terraform state pull` output: empty means no state yet. */
export function stateVersion(pulled: string): StateVersion | null {
  const text = pulled.trim();
  if (!text) return null;
  try {
    const state = JSON.parse(text) as { serial?: unknown; lineage?: unknown };
    if (typeof state.serial === "number" && typeof state.lineage === "string") return { serial: state.serial, lineage: state.lineage };
  } catch {
    // not a state: treated as unknown below
  }
  return null;
}

/** Why `now` is not the state a plan was made against, or undefined when it is. */
export function stateMoved(atPlan: StateVersion | null, now: StateVersion | null): string | undefined {
  if (atPlan === null && now === null) return undefined;
  if (atPlan === null) return `its state was created (serial ${now!.serial}) after the plan was made against an empty state`;
  if (now === null) return `its state (serial ${atPlan.serial} at plan time) is gone`;
  if (atPlan.lineage !== now.lineage) return `its state was replaced (lineage ${atPlan.lineage} at plan time, ${now.lineage} now)`;
  if (atPlan.serial !== now.serial) return `its state moved from serial ${atPlan.serial} at plan time to ${now.serial}`;
  return undefined;
}

/** Terraform's own refusal of a saved plan whose state moved. */
export const isStalePlan = (output: string): boolean => /Saved plan is stale/.test(output);
