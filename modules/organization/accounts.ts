/**
 * Member accounts of the organization. An account with an id is adopted
 * with an `import` block, so it is never created twice; one without is
 * created. Terraform never closes an account: `close_on_deletion` is false
 * and `prevent_destroy` is set. `role_name` and `iam_user_access_to_billing`
 * cannot be read back by the provider, so they are ignored after creation
 * rather than forcing a replacement.
 */
import { OrganizationsAccount } from "@cdktf/provider-aws/lib/organizations-account";
import { Construct } from "constructs";

export interface MemberAccountProps {
  /** Account name, shown in the organization. */
  readonly name: string;
  readonly email: string;
  /** Existing account id to adopt; omit to create the account. */
  readonly existingId?: string;
  /** Parent root or OU id. */
  readonly parentId: string;
  /** Role created in a new account for the landing zone to assume. */
  readonly accessRoleName: string;
}

export class MemberAccount extends Construct {
  readonly account: OrganizationsAccount;
  /** The account id: the literal for an adopted account, a token for a created one. */
  readonly accountId: string;

  constructor(scope: Construct, id: string, props: MemberAccountProps) {
    super(scope, id);
    this.account = new OrganizationsAccount(this, "this", {
      name: props.name,
      email: props.email,
      parentId: props.parentId,
      roleName: props.accessRoleName,
      iamUserAccessToBilling: "DENY",
      closeOnDeletion: false,
      lifecycle: { preventDestroy: true, ignoreChanges: ["role_name", "iam_user_access_to_billing"] },
    });
    if (props.existingId) this.account.importFrom(props.existingId);
    this.accountId = props.existingId ?? this.account.id;
  }
}
