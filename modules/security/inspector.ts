/**
 * # security/inspector
 * Inspector v2 from the delegated administrator, one `InspectorOrganization`
 * per region: Inspector on in the administrator account for EC2, ECR and
 * Lambda, and the organization configuration auto-enabling the same scans for
 * every new member (https://docs.aws.amazon.com/inspector/latest/user/managing-multiple-accounts.html).
 * ECR enhanced scanning is the continuous form of scan on push.
 */
import { Inspector2Enabler } from "@cdktf/provider-aws/lib/inspector2-enabler";
import { Inspector2OrganizationConfiguration } from "@cdktf/provider-aws/lib/inspector2-organization-configuration";
import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** The resource types Inspector scans. */
export const INSPECTOR_RESOURCE_TYPES = ["EC2", "ECR", "LAMBDA"] as const;

export interface InspectorOrganizationProps {
  /** The delegated administrator (this stack's account). */
  readonly accountId: string;
  /** @default the stack's default provider */
  readonly provider?: TerraformProvider;
  /** What Inspector waits for: the delegation in the management account. */
  readonly dependsOn?: ITerraformDependable[];
}

export class InspectorOrganization extends Construct {
  readonly enabler: Inspector2Enabler;

  constructor(scope: Construct, id: string, props: InspectorOrganizationProps) {
    super(scope, id);
    const { provider } = props;
    this.enabler = new Inspector2Enabler(this, "enabler", { accountIds: [props.accountId], resourceTypes: [...INSPECTOR_RESOURCE_TYPES], provider, dependsOn: props.dependsOn });
    new Inspector2OrganizationConfiguration(this, "organization", { autoEnable: { ec2: true, ecr: true, lambda: true }, provider, dependsOn: [this.enabler] });
  }
}
