/** The organization stack: the managed organization, OUs, accounts, SCPs at the root, the CloudTrail delegated administrator and outputs. */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { minify, guardrailDocuments } from "../../modules/organization";
import { exampleConfig, exampleText, resources, single, synthConfig } from "../helpers/synth";

describe("organization stack", () => {
  const stack = synthConfig().stack("organization");

  it("manages the organization itself, all features, with trusted access and SCPs, protected from destroy", () => {
    const org = single(stack, "aws_organizations_organization");
    expect(org.feature_set).toBe("ALL");
    expect(org.aws_service_access_principals).toEqual(
      expect.arrayContaining(["cloudtrail.amazonaws.com", "ram.amazonaws.com", "sso.amazonaws.com", "guardduty.amazonaws.com", "securityhub.amazonaws.com", "config.amazonaws.com", "access-analyzer.amazonaws.com"]),
    );
    expect(org.enabled_policy_types).toEqual(["SERVICE_CONTROL_POLICY"]);
    expect(org.lifecycle).toEqual({ prevent_destroy: true });
    expect(stack.data?.aws_organizations_organization).toBeUndefined();
  });

  it("adopts the example's existing organization (organization.id) with an import block", () => {
    expect(stack.import).toContainEqual({ to: "aws_organizations_organization.organization", id: "o-a1b2c3d4e5" });
  });

  it("nests OUs under the organization's root", () => {
    const ous = resources(stack, "aws_organizations_organizational_unit");
    expect(ous.ous_security.parent_id).toBe("${aws_organizations_organization.organization.roots[0].id}");
    expect(ous.ous_workloads_prod).toMatchObject({ name: "Prod", parent_id: "${aws_organizations_organizational_unit.ous_workloads.id}" });
  });

  it("places every account in its OU", () => {
    const { for_each } = single(stack, "aws_organizations_account");
    expect(Object.keys(for_each).sort()).toEqual(["analytics-dev", "log-archive", "network", "payments-prod", "security"]);
    expect(for_each["log-archive"].parent_id).toBe("${aws_organizations_organizational_unit.ous_security.id}");
    expect(for_each["payments-prod"].parent_id).toBe("${aws_organizations_organizational_unit.ous_workloads_prod.id}");
  });

  it("tags each member account with its own name, not the management account its provider acts in", () => {
    const account = single(stack, "aws_organizations_account");
    expect(account.tags).toBe("${each.value.tags}");
    for (const name of ["analytics-dev", "log-archive", "network", "payments-prod"]) expect(account.for_each[name].tags).toEqual({ "lz:account": name });
    // Everything else in the stack is in the management account, tagged so by the provider.
    expect(stack.provider.aws[0].default_tags[0].tags["lz:account"]).toBe("management");
  });

  it("attaches the three guardrail SCPs at the root, generated from the config", () => {
    const config = exampleConfig();
    const docs = guardrailDocuments({ accessRoleName: "OrganizationAccountAccessRole", deployerRoleName: "acme-deployer", rolePath: "/lz/", allowedRegions: config.allowedRegions, trailLogGroupNames: ["/acme/cloudtrail/organization"], securityServices: ["guardDuty", "securityHub", "config", "inspector", "accessAnalyzer"] });
    const policies = resources(stack, "aws_organizations_policy");
    expect(policies.scp_guardrails).toMatchObject({ name: "acme-guardrails", type: "SERVICE_CONTROL_POLICY", content: minify(docs.guardrails) });
    expect(policies.scp_protect_landing_zone.content).toBe(minify(docs["protect-landing-zone"]));
    expect(JSON.parse(policies.scp_region_guard.content).Statement[0].Condition).toEqual({ StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } });
    const attachments = Object.values(resources(stack, "aws_organizations_policy_attachment"));
    expect(attachments).toHaveLength(3);
    for (const a of attachments) expect(a.target_id).toBe("${aws_organizations_organization.organization.roots[0].id}");
  });

  it("registers the logging account as CloudTrail delegated administrator through the CloudTrail API, once the organization trusts CloudTrail", () => {
    expect(single(stack, "aws_cloudtrail_organization_delegated_admin_account")).toMatchObject({
      account_id: "222222222222",
      depends_on: ["aws_organizations_organization.organization", "aws_organizations_account.account"],
    });
    // CloudTrail's registration is not an Organizations one (the security services' are, for Config and Access Analyzer).
    expect(Object.values(stack.resource.aws_organizations_delegated_administrator ?? {}).map((d) => (d as { service_principal: string }).service_principal)).not.toContain("cloudtrail.amazonaws.com");
  });

  it("outputs the organization id, root id and every account id", () => {
    expect(stack.output.organization_id.value).toBe("${aws_organizations_organization.organization.id}");
    expect(stack.output.organization_root_id.value).toBe("${aws_organizations_organization.organization.roots[0].id}");
    expect(stack.output.account_ids.value).toEqual({ "log-archive": "222222222222", network: "333333333333", "payments-prod": "444444444444", "analytics-dev": "555555555555", security: "666666666666" });
  });

  it("keys the account id map by config name, the key readers look up (src/stacks/contracts.ts)", () => {
    for (const account of exampleConfig().accounts) expect({ account: account.name, output: stack.output.account_ids.value[account.name] }).toEqual({ account: account.name, output: account.id });
  });

  it("applies the account baseline to the management account too, scoped to it, with no role to assume", () => {
    expect(stack.resource.aws_ebs_encryption_by_default.baseline_ebs_encryption.enabled).toBe(true);
    expect(stack.resource.aws_ssm_document.baseline_session_preferences.name).toBe("SSM-SessionManagerRunShell");
    expect(stack.resource.aws_s3_account_public_access_block.baseline_s3_public_access.account_id).toBe("111111111111");
    expect(stack.data.aws_iam_policy_document.baseline_ebs_key_policy.statement[0].principals).toEqual([{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:root"] }]);
    expect(stack.resource.aws_iam_policy.baseline_session_user_policy.name).toBe("acme-session-user");
    for (const p of stack.provider.aws) expect(p).toMatchObject({ allowed_account_ids: ["111111111111"] });
    expect(stack.provider.aws.every((p: { assume_role?: unknown }) => p.assume_role === undefined)).toBe(true);
  });

  it("holds nothing of the baseline the SCPs protect elsewhere twice: one analyzer, one password policy, one preferences document per region", () => {
    expect(Object.keys(stack.resource.aws_accessanalyzer_analyzer)).toEqual(["baseline_access_analyzer", "baseline_us_west_2_access_analyzer"]);
    expect(Object.keys(stack.resource.aws_iam_account_password_policy)).toEqual(["baseline_password_policy"]);
    expect(Object.keys(stack.resource.aws_ssm_document)).toEqual(["baseline_session_preferences", "baseline_us_west_2_session_preferences"]);
  });
});

describe("organization stack, greenfield (no organization.id, no account ids)", () => {
  const doc = parseDocument(exampleText());
  doc.deleteIn(["organization", "id"]);
  for (let i = 0; i < 5; i++) doc.deleteIn(["accounts", i, "id"]);
  const stack = synthConfig(parseConfig(doc.toString())).stack("organization");

  it("creates the organization and every account, importing nothing", () => {
    expect(stack.import ?? []).toEqual([]);
    expect(Object.keys(single(stack, "aws_organizations_account").for_each).sort()).toEqual(["analytics-dev", "log-archive", "network", "payments-prod", "security"]);
    expect(stack.output.account_ids.value["log-archive"]).toBe('${aws_organizations_account.account["log-archive"].id}');
  });
});

describe("organization stack with a vended logging account", () => {
  const doc = parseDocument(exampleText());
  doc.deleteIn(["accounts", 0, "id"]);
  const stack = synthConfig(parseConfig(doc.toString())).stack("organization");

  it("registers the created account as delegated administrator by reference", () => {
    expect(single(stack, "aws_cloudtrail_organization_delegated_admin_account").account_id).toBe('${aws_organizations_account.account["log-archive"].id}');
    expect(stack.output.account_ids.value["log-archive"]).toBe('${aws_organizations_account.account["log-archive"].id}');
  });
});
