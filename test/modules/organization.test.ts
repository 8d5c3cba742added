/** The organization module: the organization itself, and member accounts as one keyed, protected resource. */
import { TerraformOutput } from "cdktf";
import { DEFAULT_SERVICE_ACCESS_PRINCIPALS, MemberAccounts, Organization, RAM_SERVICE_PRINCIPAL } from "../../modules/organization";
import { synthConstruct } from "../helpers/construct";
import { single } from "../helpers/synth";

describe("Organization", () => {
  it("creates an all-features organization with trusted access for the landing zone's services and SCPs enabled", () => {
    const stack = synthConstruct((scope) => new Organization(scope, "organization"));
    const org = single(stack, "aws_organizations_organization");
    expect(org.feature_set).toBe("ALL");
    expect(org.aws_service_access_principals).toEqual([...DEFAULT_SERVICE_ACCESS_PRINCIPALS, RAM_SERVICE_PRINCIPAL].sort());
    expect(org.aws_service_access_principals).toEqual([
      "access-analyzer.amazonaws.com",
      "cloudtrail.amazonaws.com",
      "config-multiaccountsetup.amazonaws.com",
      "config.amazonaws.com",
      "guardduty.amazonaws.com",
      "inspector2.amazonaws.com",
      "ram.amazonaws.com",
      "securityhub.amazonaws.com",
      "sso.amazonaws.com",
    ]);
    expect(org.enabled_policy_types).toEqual(["SERVICE_CONTROL_POLICY"]);
    expect(org.lifecycle).toEqual({ prevent_destroy: true });
    expect(stack.import).toBeUndefined();
  });

  it("enables RAM sharing with the organization, so the hub can share its Transit Gateway org-wide", () => {
    const stack = synthConstruct((scope) => new Organization(scope, "organization"));
    expect(single(stack, "aws_ram_sharing_with_organization").depends_on).toEqual(["aws_organizations_organization.organization"]);
  });

  it("enables RAM sharing only through the sharing resource: RAM is not a trusted service callers list", () => {
    expect(DEFAULT_SERVICE_ACCESS_PRINCIPALS).not.toContain("ram.amazonaws.com");
  });

  it("keeps ram.amazonaws.com in the read-back principal list exactly once, whatever the caller lists, so no plan turns RAM sharing off (terraform-provider-aws#35295)", () => {
    for (const serviceAccessPrincipals of [["sso.amazonaws.com"], ["ram.amazonaws.com", "sso.amazonaws.com"]]) {
      const stack = synthConstruct((scope) => new Organization(scope, "organization", { serviceAccessPrincipals }));
      expect(single(stack, "aws_organizations_organization").aws_service_access_principals).toEqual(["ram.amazonaws.com", "sso.amazonaws.com"]);
    }
  });

  it("adopts an existing organization with an import block", () => {
    const stack = synthConstruct((scope) => new Organization(scope, "organization", { existingId: "o-a1b2c3d4e5" }));
    expect(stack.import).toEqual([{ to: "aws_organizations_organization.organization", id: "o-a1b2c3d4e5" }]);
  });

  it("exposes the root id for OUs and SCP attachments", () => {
    const stack = synthConstruct((scope) => {
      const org = new Organization(scope, "organization");
      new TerraformOutput(scope, "root", { value: org.rootId });
    });
    expect(stack.output.root.value).toBe("${aws_organizations_organization.organization.roots[0].id}");
  });
});

describe("MemberAccounts", () => {
  const stack = synthConstruct((scope) => {
    const members = new MemberAccounts(scope, "account", {
      accounts: [
        { name: "log-archive", email: "log@example.com", existingId: "222222222222", parentId: "ou-sec" },
        { name: "new-one", email: "new@example.com", parentId: "ou-wl" },
      ],
      accessRoleName: "LzAccess",
    });
    new TerraformOutput(scope, "adopted", { value: members.idOf("log-archive") });
    new TerraformOutput(scope, "created", { value: members.idOf("new-one") });
  });
  const account = single(stack, "aws_organizations_account");

  it("declares every account as an instance of one resource keyed by account name", () => {
    expect(Object.keys(stack.resource.aws_organizations_account)).toEqual(["account"]);
    expect(account.for_each).toEqual({
      "log-archive": { name: "log-archive", email: "log@example.com", parent_id: "ou-sec", tags: {} },
      "new-one": { name: "new-one", email: "new@example.com", parent_id: "ou-wl", tags: {} },
    });
    expect(account).toMatchObject({ name: "${each.value.name}", email: "${each.value.email}", parent_id: "${each.value.parent_id}" });
  });

  it("never closes an account, protects every instance, and ignores what the provider cannot read back", () => {
    expect(account).toMatchObject({ close_on_deletion: false, role_name: "LzAccess", iam_user_access_to_billing: "DENY" });
    expect(account.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["role_name", "iam_user_access_to_billing"] });
  });

  it("imports only accounts that already exist, by instance key", () => {
    expect(stack.import).toEqual([{ to: 'aws_organizations_account.account["log-archive"]', id: "222222222222" }]);
  });

  it("gives an adopted account's id as its literal and a created account's as a reference to its instance", () => {
    expect(stack.output.adopted.value).toBe("222222222222");
    expect(stack.output.created.value).toBe('${aws_organizations_account.account["new-one"].id}');
  });
});
