/**
 * organization: OUs and member accounts, in the management account. Other
 * stacks read a vended account's id from this stack's outputs.
 */
import { DataAwsOrganizationsOrganization } from "@cdktf/provider-aws/lib/data-aws-organizations-organization";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { MemberAccount, OrganizationalUnits } from "../../modules/organization";
import { Account, LandingZoneConfig } from "../config/types";
import { AccountStack } from "./account-stack";
import { ORGANIZATION } from "./names";

export class OrganizationStack extends AccountStack {
  private readonly members = new Map<string, MemberAccount>();
  /** The organization id (o-…), for aws:PrincipalOrgID conditions in other stacks. */
  readonly organizationId: string;
  /** The organization ARN, for RAM shares to the whole organization. */
  readonly organizationArn: string;

  constructor(scope: Construct, config: LandingZoneConfig) {
    super(scope, ORGANIZATION, config, { name: "management", id: config.organization.managementAccountId, assumeRole: false });
    const org = new DataAwsOrganizationsOrganization(this, "organization", {});
    this.organizationId = org.id;
    this.organizationArn = org.arn;
    const ous = new OrganizationalUnits(this, "ous", { paths: config.organization.organizationalUnits, rootId: org.roots.get(0).id });
    for (const account of config.accounts) {
      const member = new MemberAccount(this, `account-${account.name}`, {
        name: account.name,
        email: account.email,
        existingId: account.id,
        parentId: ous.idOf(account.ou),
        accessRoleName: config.organization.accessRoleName,
      });
      this.members.set(account.name, member);
      new TerraformOutput(this, `account_id_${account.name}`, { value: member.account.id, description: `Account id of ${account.name}` });
    }
  }

  /** The id of a member account: its literal id, or this stack's output for a vended account. */
  accountIdOf(account: Account): string {
    return account.id ?? this.members.get(account.name)!.accountId;
  }
}
