/**
 * Re-plan differences the emulator causes and that are understood, each
 * limited to one resource type and the attributes named. The re-plan test
 * prints every tolerated difference with its reason; any other difference, or
 * another attribute of the same resource, still fails it.
 */
export interface KnownDrift {
  readonly type: string;
  readonly attributes: readonly string[];
  readonly reason: string;
}

export const KNOWN_EMULATOR_DRIFT: readonly KnownDrift[] = [
  {
    type: "aws_instance",
    attributes: ["user_data"],
    reason:
      "moto 5.2.1: an instance launched from a launch template without user data re-plans a user_data hash update " +
      "(the product sets no user data on the instance or the template; the emulator's cause was not found)",
  },
];

interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly change: { readonly actions: readonly string[]; readonly before: Record<string, unknown> | null; readonly after: Record<string, unknown> | null };
}

/** Attributes whose planned value differs from the current one. */
function changedAttributes(change: ResourceChange["change"]): string[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k in after && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/**
 * Splits a plan's changes (`terraform show -json` of it) into those a known
 * emulator drift explains and the rest.
 */
export function classifyDrift(planJson: { resource_changes?: ResourceChange[] }): { tolerated: string[]; unexplained: string[] } {
  const tolerated: string[] = [];
  const unexplained: string[] = [];
  for (const rc of planJson.resource_changes ?? []) {
    if (rc.change.actions.every((a) => a === "no-op" || a === "read")) continue;
    const attrs = changedAttributes(rc.change);
    const known = KNOWN_EMULATOR_DRIFT.find((k) => k.type === rc.type);
    const line = `${rc.address} [${rc.change.actions.join(",")}] ${attrs.join(", ")}`;
    if (known && rc.change.actions.join() === "update" && attrs.length > 0 && attrs.every((a) => known.attributes.includes(a))) tolerated.push(`${line}: ${known.reason}`);
    else unexplained.push(line);
  }
  return { tolerated, unexplained };
}
