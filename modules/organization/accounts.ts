/**
 * Member accounts of the organization, as ONE `for_each` resource keyed by
 * account name (`aws_organizations_account.account["payments-prod"]`).
 *
 * Why one keyed resource rather than one resource per account: `prevent_destroy`
 * lives in the resource's configuration. Had each account its own resource,
 * deleting an account from the config would delete its resource block, its
 * `prevent_destroy` with it, and the plan would quietly remove the account from
 * the organization. With one keyed resource the block stays, so removing a key
 * makes Terraform refuse the plan ("Instance cannot be destroyed"). To really
 * let an account go, remove it from state (`terraform state rm`) on purpose.
 *
 * An account with an id is adopted with an `import` block, so it is never
 * created twice; one without is created. Terraform never closes an account:
 * `close_on_deletion` is false. `role_name` and `iam_user_access_to_billing`
 * cannot be read back by the provider, so they are ignored after creation
 * rather than forcing a replacement.
 */
import { OrganizationsAccount } from "@cdktf/provider-aws/lib/organizations-account";
import { ref, TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import { KeyedImport } from "./keyed-import";

export interface MemberAccountSpec {
  /** Account name: the instance key, and the name shown in the organization unless `displayName` is set. */
  readonly name: string;
  /**
   * The name shown in the organization, when it differs from `name` (an adopted account keeps its own).
   * @default name
   */
  readonly displayName?: string;
  readonly email: string;
  /** Existing account id to adopt; omit to create the account. */
  readonly existingId?: string;
  /** Parent root or OU id. */
  readonly parentId: string;
  /**
   * Tags on this account, over the provider's default tags (a resource's own
   * tags win over `default_tags` for the same key).
   * @default {} (the provider's default tags only)
   */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface MemberAccountsProps {
  readonly accounts: readonly MemberAccountSpec[];
  /** Role created in a new account for the landing zone to assume. */
  readonly accessRoleName: string;
}

export class MemberAccounts extends Construct {
  /** The keyed resource; instances are addressed by account name. */
  readonly resource: OrganizationsAccount;
  private readonly specs = new Map<string, MemberAccountSpec>();

  constructor(scope: Construct, id: string, props: MemberAccountsProps) {
    super(scope, id);
    for (const a of props.accounts) this.specs.set(a.name, a);
    const each = TerraformIterator.fromMap(
      Object.fromEntries(props.accounts.map((a) => [a.name, { name: a.displayName ?? a.name, email: a.email, parent_id: a.parentId, tags: { ...a.tags } }])),
    );
    this.resource = new OrganizationsAccount(this, "this", {
      forEach: each,
      name: each.getString("name"),
      email: each.getString("email"),
      parentId: each.getString("parent_id"),
      tags: each.getStringMap("tags"),
      roleName: props.accessRoleName,
      iamUserAccessToBilling: "DENY",
      closeOnDeletion: false,
      lifecycle: { preventDestroy: true, ignoreChanges: ["role_name", "iam_user_access_to_billing"] },
    });
    for (const a of props.accounts) {
      if (a.existingId) new KeyedImport(this, `import-${a.name}`, { resource: this.resource, key: a.name, importId: a.existingId });
    }
  }

  /** The Terraform address of an account's instance, e.g. `aws_organizations_account.account["network"]`. */
  addressOf(name: string): string {
    return `${this.resource.terraformResourceType}.${this.resource.friendlyUniqueId}[${JSON.stringify(name)}]`;
  }

  /** The account id: the literal for an adopted account, a reference to the instance for a created one. */
  idOf(name: string): string {
    const spec = this.specs.get(name);
    if (!spec) throw new Error(`no member account "${name}"`);
    return spec.existingId ?? Token.asString(ref(`${this.addressOf(name)}.id`, this.resource.cdktfStack));
  }
}
