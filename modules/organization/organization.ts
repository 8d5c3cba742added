/**
 * The AWS Organization itself: all features, trusted access for the services
 * the landing zone delegates to member accounts, and SCPs enabled. An
 * organization that already exists is adopted with an `import` block (pass its
 * id); otherwise it is created. `prevent_destroy` keeps it.
 *
 * RAM sharing with the organization is enabled by ONE resource,
 * `aws_ram_sharing_with_organization`, so the network account can share the
 * Transit Gateway with the whole organization (a share with an organization
 * principal fails without it). It calls RAM's EnableSharingWithAwsOrganization,
 * which also creates RAM's service-linked role
 * (https://docs.aws.amazon.com/ram/latest/APIReference/API_EnableSharingWithAwsOrganization.html);
 * enabling `ram.amazonaws.com` through Organizations alone does not. RAM is
 * therefore not one of the trusted services the caller lists.
 *
 * `aws_service_access_principals` is the complete list: adopting an
 * organization that trusts other services turns their access off unless they
 * are listed here too. Because the provider reads that list back from
 * ListAWSServiceAccessForOrganization, it must still name `ram.amazonaws.com`,
 * which EnableSharingWithAwsOrganization turns on: without it every plan would
 * disable RAM's trusted access and the next one re-create the sharing resource
 * (hashicorp/terraform-provider-aws#35295). The construct adds it itself,
 * whatever the caller passes, so the two can never disagree.
 */
import { OrganizationsOrganization } from "@cdktf/provider-aws/lib/organizations-organization";
import { RamSharingWithOrganization } from "@cdktf/provider-aws/lib/ram-sharing-with-organization";
import { Construct } from "constructs";
import { SERVICE_PRINCIPALS } from "../../aws/service-principals";
import { SECURITY_SERVICE_PRINCIPALS } from "../../aws/security-services";

/**
 * Services the landing zone needs trusted access for. The security services' delegated
 * administrators need theirs (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html):
 * Inspector's inspector2.amazonaws.com, and config-multiaccountsetup.amazonaws.com for AWS Config's
 * organization rules (https://docs.aws.amazon.com/config/latest/developerguide/config-rule-multi-account-deployment.html).
 * RAM aside: see RAM_SERVICE_PRINCIPAL.
 */
export const DEFAULT_SERVICE_ACCESS_PRINCIPALS = [
  ...Object.values(SECURITY_SERVICE_PRINCIPALS),
  SERVICE_PRINCIPALS.cloudTrail,
  SERVICE_PRINCIPALS.identityCenter,
].sort();

/**
 * The service principal `aws_ram_sharing_with_organization` turns on; listed in the organization's
 * read-back principals only so the provider does not turn it off again (terraform-provider-aws#35295).
 */
export const RAM_SERVICE_PRINCIPAL = SERVICE_PRINCIPALS.ram;

export interface OrganizationProps {
  /** Id (o-...) of an existing organization to adopt. @default create the organization */
  readonly existingId?: string;
  /**
   * Service principals given trusted access to the organization. RAM is enabled by the sharing
   * resource and added to the list by the construct; there is no need to list it.
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
      awsServiceAccessPrincipals: [...new Set([...(props.serviceAccessPrincipals ?? DEFAULT_SERVICE_ACCESS_PRINCIPALS), RAM_SERVICE_PRINCIPAL])].sort(),
      enabledPolicyTypes: [...(props.enabledPolicyTypes ?? ["SERVICE_CONTROL_POLICY"])],
      lifecycle: { preventDestroy: true },
    });
    if (props.existingId) this.organization.importFrom(props.existingId);
    // After the organization (all features) exists; this, not the list above, is what enables RAM sharing.
    new RamSharingWithOrganization(this, "ram-sharing", { dependsOn: [this.organization] });
    this.id = this.organization.id;
    this.arn = this.organization.arn;
    this.rootId = this.organization.roots.get(0).id;
  }
}
