/**
 * Reads an existing organization for `lz adopt`: the organization, its OUs as a tree (paths such as
 * `Workloads/Prod`) and every account with its email, parent and state. The AWS calls sit behind
 * `OrganizationApi`, so the reading is tested with a fake; `sdkOrganizationApi` is the real one, which
 * loads the AWS SDK only when called (no other lz command pays for it).
 */
import { quietSdkNodeWarning } from "../aws-sdk-env";

export interface OrgAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE… (Organizations' State, or the older Status). */
  readonly state: string;
}

export interface OrgUnit {
  readonly id: string;
  readonly name: string;
}

/** The Organizations calls adopt makes (all read-only). */
export interface OrganizationApi {
  describeOrganization(): Promise<{ id: string; managementAccountId: string; managementAccountEmail: string }>;
  listRoots(): Promise<{ id: string }[]>;
  listOrganizationalUnits(parentId: string): Promise<OrgUnit[]>;
  listAccounts(parentId: string): Promise<OrgAccount[]>;
}

export interface AdoptedAccount extends OrgAccount {
  /** OU path of the account's parent; undefined when the account sits at the root. */
  readonly ou?: string;
}

export interface AdoptedOrganization {
  readonly id: string;
  readonly managementAccountId: string;
  readonly managementAccountEmail: string;
  /** OU paths, parents before children, with their ids. */
  readonly units: readonly { readonly path: string; readonly id: string }[];
  /** Every account but the management account, in OU order (root first). */
  readonly accounts: readonly AdoptedAccount[];
}

/** Walks the organization from its root: OUs depth-first, parents before children, and the accounts of each. */
export async function readOrganization(api: OrganizationApi): Promise<AdoptedOrganization> {
  const org = await api.describeOrganization();
  const [root] = await api.listRoots();
  if (!root) throw new Error(`organization ${org.id} has no root`);
  const units: { path: string; id: string }[] = [];
  const accounts: AdoptedAccount[] = [];
  const visit = async (parentId: string, path?: string): Promise<void> => {
    for (const a of await api.listAccounts(parentId)) if (a.id !== org.managementAccountId) accounts.push({ ...a, ou: path });
    const children = [...(await api.listOrganizationalUnits(parentId))].sort((x, y) => x.name.localeCompare(y.name));
    for (const unit of children) {
      const childPath = path ? `${path}/${unit.name}` : unit.name;
      units.push({ path: childPath, id: unit.id });
      await visit(unit.id, childPath);
    }
  };
  await visit(root.id);
  return { id: org.id, managementAccountId: org.managementAccountId, managementAccountEmail: org.managementAccountEmail, units, accounts };
}

/** The real API, through the AWS SDK v3 (credentials, region and endpoint from the usual environment). */
export async function sdkOrganizationApi(region?: string): Promise<OrganizationApi> {
  quietSdkNodeWarning();
  const sdk = await import("@aws-sdk/client-organizations");
  const client = new sdk.OrganizationsClient(region ? { region } : {});
  const all = async <T>(pages: AsyncIterable<T>): Promise<T[]> => {
    const out: T[] = [];
    for await (const page of pages) out.push(page);
    return out;
  };
  return {
    async describeOrganization() {
      const { Organization: o } = await client.send(new sdk.DescribeOrganizationCommand({}));
      if (!o?.Id || !o.MasterAccountId) throw new Error("DescribeOrganization returned no organization");
      return { id: o.Id, managementAccountId: o.MasterAccountId, managementAccountEmail: o.MasterAccountEmail ?? "" };
    },
    async listRoots() {
      const pages = await all(sdk.paginateListRoots({ client }, {}));
      return pages.flatMap((p) => p.Roots ?? []).map((r) => ({ id: r.Id! }));
    },
    async listOrganizationalUnits(parentId) {
      const pages = await all(sdk.paginateListOrganizationalUnitsForParent({ client }, { ParentId: parentId }));
      return pages.flatMap((p) => p.OrganizationalUnits ?? []).map((u) => ({ id: u.Id!, name: u.Name! }));
    },
    async listAccounts(parentId) {
      const pages = await all(sdk.paginateListAccountsForParent({ client }, { ParentId: parentId }));
      return pages.flatMap((p) => p.Accounts ?? []).map((a) => ({ id: a.Id!, name: a.Name ?? a.Id!, email: a.Email ?? "", state: String(a.State ?? a.Status ?? "ACTIVE") }));
    },
  };
}
