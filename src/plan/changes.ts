/** Counts what a plan (terraform show -json) does, the way `terraform plan` reports it. */

export interface ChangeCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Of add/destroy: replacements (each counts once in add and once in destroy). */
  readonly replace: number;
  /** Existing objects adopted with import blocks. */
  readonly import: number;
}

export interface PlanChanges {
  readonly resource_changes?: ReadonlyArray<{
    readonly address?: string;
    readonly mode?: string;
    readonly change: { readonly actions: readonly string[]; readonly importing?: unknown };
  }>;
}

export function countChanges(plan: PlanChanges): ChangeCounts {
  const c = { add: 0, change: 0, destroy: 0, replace: 0, import: 0 };
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode && rc.mode !== "managed") continue;
    const a = rc.change.actions;
    if (rc.change.importing) c.import++;
    if (a.includes("create")) c.add++;
    if (a.includes("update")) c.change++;
    if (a.includes("delete")) c.destroy++;
    if (a.includes("create") && a.includes("delete")) c.replace++;
  }
  return c;
}

export const hasChanges = (c: ChangeCounts): boolean => c.add + c.change + c.destroy + c.import > 0;

/** What a plan does to one resource, as the summary lists it. */
export interface ResourceChange {
  readonly address: string;
  /** create, update, delete, replace, import, or import+update. */
  readonly action: string;
}

/** The managed resources a plan changes (no-ops and reads left out), in plan order. */
export function resourceChanges(plan: PlanChanges): ResourceChange[] {
  const out: ResourceChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if ((rc.mode && rc.mode !== "managed") || !rc.address) continue;
    const a = rc.change.actions;
    const base = a.includes("create") && a.includes("delete") ? "replace" : a.includes("create") ? "create" : a.includes("delete") ? "delete" : a.includes("update") ? "update" : undefined;
    const action = rc.change.importing ? (base ? `import+${base}` : "import") : base;
    if (action) out.push({ address: rc.address, action });
  }
  return out;
}
