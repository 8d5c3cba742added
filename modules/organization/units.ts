/**
 * Organizational units from slash-separated paths (`Workloads/Prod`), each
 * created under its parent; a parent implied by a child path is created too.
 * An OU that already exists (its id given) is adopted with an `import` block.
 */
import { OrganizationsOrganizationalUnit } from "@cdktf/provider-aws/lib/organizations-organizational-unit";
import { Construct } from "constructs";

export interface OrganizationalUnitsProps {
  /** OU paths, parents before or after children. */
  readonly paths: readonly string[];
  /** The organization root id. */
  readonly rootId: string;
  /**
   * Ids (ou-…) of OUs that already exist, by path: each is adopted with an `import` block instead of created.
   * @default {} (every OU is created)
   */
  readonly existingIds?: Readonly<Record<string, string>>;
}

/** The construct id of the OU at `path` (`Workloads/Prod` -> `workloads-prod`). */
export const ouConstructId = (path: string): string => path.toLowerCase().replace(/[^a-z0-9]+/g, "-");

export class OrganizationalUnits extends Construct {
  private readonly units = new Map<string, OrganizationsOrganizationalUnit>();

  constructor(scope: Construct, id: string, props: OrganizationalUnitsProps) {
    super(scope, id);
    for (const path of props.paths) {
      const parts = path.split("/");
      parts.forEach((name, i) => {
        const full = parts.slice(0, i + 1).join("/");
        if (this.units.has(full)) return;
        const parentId = i === 0 ? props.rootId : this.units.get(parts.slice(0, i).join("/"))!.id;
        const unit = new OrganizationsOrganizationalUnit(this, ouConstructId(full), { name, parentId });
        const existing = props.existingIds?.[full];
        if (existing) unit.importFrom(existing);
        this.units.set(full, unit);
      });
    }
  }

  /** The id of the OU at `path`. */
  idOf(path: string): string {
    const unit = this.units.get(path);
    if (!unit) throw new Error(`no organizational unit "${path}"`);
    return unit.id;
  }
}
