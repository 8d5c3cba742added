/**
 * The AWS Organization itself: all features, trusted access for the services
 * the landing zone delegates to member accounts, and SCPs enabled. An
 * organization that already exists is adopted with an `import` block (pass its
 * id); otherwise it is created. `prevent_destroy` keeps it.
 *
 * RAM sharing with the organization is enabled too, so the network account
 * can share the Transit Gateway with the whole organization (a share with an
 * organization principal fails without it).
 *
 * `aws_service_access_principals` is the complete list: adopting an
 * organization that trusts other services turns their access off unless they
 * are listed here too.
 */
import { OrganizationsOrganization } from "@cdktf/provider-aws/lib/organizations-organization";
import { RamSharingWithOrganization } from "@cdktf/provider-aws/lib/ram-sharing-with-organization";
import { Construct } from "constructs";
import { SECURITY_SERVICE_PRINCIPALS } from "../security/principals";

/**
 * Services the landing zone needs trusted access for. The security services' delegated
 * administrators need theirs (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html):
 * Inspector's inspector2.amazonaws.com, and config-multiaccountsetup.amazonaws.com for AWS Config's
 * organization rules (https://docs.aws.amazon.com/config/latest/developerguide/config-rule-multi-account-deployment.html).
 */
export const DEFAULT_SERVICE_ACCESS_PRINCIPALS = [
  ...Object.values(SECURITY_SERVICE_PRINCIPALS),
  "cloudtrail.amazonaws.com",
  "ram.amazonaws.com",
  "sso.amazonaws.com",
].sort();

export interface OrganizationProps {
  /** Id (o-...) of an existing organization to adopt. @default create the organization */
  readonly existingId?: string;
  /**
   * Service principals given trusted access to the organization.
   * @default DEFAULT_SERVICE_ACCESS_PRINCIPALS
   */
  readonly serviceAccessPrincipals?: readonly string[];
  /**
   * Policy types enabled on the root.
   * @default ["SERVICE_CONTROL_POLICY"]
   */
  readonly enabledPolicyTypes?: readonly string[];
}

export class Organization extends Construct {
  readonly organization: OrganizationsOrganization;
  /** The organization id (o-...). */
  readonly id: string;
  /** The organization ARN. */
  readonly arn: string;
  /** The id of the organization's root (r-...). */
  readonly rootId: string;

  constructor(scope: Construct, id: string, props: OrganizationProps = {}) {
    super(scope, id);
    this.organization = new OrganizationsOrganization(this, "this", {
      featureSet: "ALL",
      awsServiceAccessPrincipals: [...(props.serviceAccessPrincipals ?? DEFAULT_SERVICE_ACCESS_PRINCIPALS)].sort(),
      enabledPolicyTypes: [...(props.enabledPolicyTypes ?? ["SERVICE_CONTROL_POLICY"])],
      lifecycle: { preventDestroy: true },
    });
    if (props.existingId) this.organization.importFrom(props.existingId);
    new RamSharingWithOrganization(this, "ram-sharing", { dependsOn: [this.organization] });
    this.id = this.organization.id;
    this.arn = this.organization.arn;
    this.rootId = this.organization.roots.get(0).id;
  }
}
