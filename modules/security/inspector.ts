/**
 * # security/inspector
 * Inspector v2 from the delegated administrator, one `InspectorOrganization`
 * per region: Inspector on in the administrator account for EC2, ECR and
 * Lambda, every existing member associated and activated for the same scans,
 * and the organization configuration auto-enabling them for every new member
 * (https://docs.aws.amazon.com/inspector/latest/user/managing-multiple-accounts.html).
 * Auto-enable covers only accounts that join the organization later, so the
 * accounts already in it are associated with AssociateMember
 * (https://docs.aws.amazon.com/inspector/v2/APIReference/API_AssociateMember.html)
 * and then activated by the administrator with Enable
 * (https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html). The
 * provider's `aws_inspector2_enabler` takes either the administrator's own
 * account or member accounts, never both, hence two enablers.
 * ECR enhanced scanning is the continuous form of scan on push.
 */
import { Inspector2Enabler } from "@cdktf/provider-aws/lib/inspector2-enabler";
import { Inspector2MemberAssociation } from "@cdktf/provider-aws/lib/inspector2-member-association";
import { Inspector2OrganizationConfiguration } from "@cdktf/provider-aws/lib/inspector2-organization-configuration";
import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** The resource types Inspector scans. */
export const INSPECTOR_RESOURCE_TYPES = ["EC2", "ECR", "LAMBDA"] as const;

export interface InspectorOrganizationProps {
  /** The delegated administrator (this stack's account). */
  readonly accountId: string;
  /**
   * Every other account of the organization (the management account included), by a stable name
   * (the construct id of its association): associated with the administrator and activated.
   * @default none (only accounts that join later, through auto-enable)
   */
  readonly members?: readonly { readonly name: string; readonly accountId: string }[];
  /** @default the stack's default provider */
  readonly provider?: TerraformProvider;
  /** What Inspector waits for: the delegation in the management account. */
  readonly dependsOn?: ITerraformDependable[];
}

export class InspectorOrganization extends Construct {
  readonly enabler: Inspector2Enabler;
  /** The members' activation, when there are members. */
  readonly memberEnabler?: Inspector2Enabler;

  constructor(scope: Construct, id: string, props: InspectorOrganizationProps) {
    super(scope, id);
    const { provider } = props;
    this.enabler = new Inspector2Enabler(this, "enabler", { accountIds: [props.accountId], resourceTypes: [...INSPECTOR_RESOURCE_TYPES], provider, dependsOn: props.dependsOn });
    new Inspector2OrganizationConfiguration(this, "organization", { autoEnable: { ec2: true, ecr: true, lambda: true }, provider, dependsOn: [this.enabler] });
    const members = props.members ?? [];
    if (members.length > 0) {
      const associations = members.map((m) => new Inspector2MemberAssociation(this, `member-${m.name}`, { accountId: m.accountId, provider, dependsOn: [this.enabler] }));
      this.memberEnabler = new Inspector2Enabler(this, "members", { accountIds: members.map((m) => m.accountId), resourceTypes: [...INSPECTOR_RESOURCE_TYPES], provider, dependsOn: associations });
    }
  }
}
