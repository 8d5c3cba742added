/** The security stack and the organization stack's delegations, wired from the example config. */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { exampleConfig, exampleText, resources, single, synthConfig, TfJson } from "../helpers/synth";

const byProvider = (all: Record<string, TfJson>) => Object.values(all).map((r) => r.provider ?? "home");

describe("security stack", () => {
  const out = synthConfig();
  const stack = out.stack("security");
  const org = out.stack("organization");

  it("runs in the security account through the deployer role, one provider per allowed region, after the organization stack", () => {
    expect(stack.provider.aws.map((p: TfJson) => [p.region, p.alias, p.allowed_account_ids])).toEqual([
      ["us-east-1", undefined, ["666666666666"]],
      ["us-west-2", "us_west_2", ["666666666666"]],
      // The management account's AWS Config recorders (see below).
      ["us-east-1", "management", ["111111111111"]],
      ["us-west-2", "management_us_west_2", ["111111111111"]],
    ]);
    expect(stack.provider.aws[0].assume_role[0].role_arn).toBe("arn:aws:iam::666666666666:role/lz/acme-deployer");
    expect(out.manifest().stacks.security.dependencies).toEqual(expect.arrayContaining(["bootstrap", "organization", "access-security"]));
    expect(stack.terraform.backend.s3.key).toBe("security/terraform.tfstate");
  });

  it("gets the account baseline like every member account", () => {
    expect(single(stack, "aws_iam_account_password_policy").minimum_password_length).toBe(14);
    expect(byProvider(resources(stack, "aws_ebs_encryption_by_default"))).toEqual(["home", "aws.us_west_2"]);
  });

  it("registers the security account as delegated administrator from the management account, per region where the service is regional", () => {
    expect(byProvider(resources(org, "aws_guardduty_organization_admin_account"))).toEqual(["home", "aws.us_west_2"]);
    expect(byProvider(resources(org, "aws_securityhub_organization_admin_account"))).toEqual(["home", "aws.us_west_2"]);
    expect(byProvider(resources(org, "aws_inspector2_delegated_admin_account"))).toEqual(["home", "aws.us_west_2"]);
    expect(Object.values(resources(org, "aws_guardduty_organization_admin_account")).every((r) => r.admin_account_id === "666666666666")).toBe(true);
    expect(Object.values(resources(org, "aws_organizations_delegated_administrator")).map((r) => r.service_principal).sort()).toEqual([
      "access-analyzer.amazonaws.com",
      "config-multiaccountsetup.amazonaws.com",
      "config.amazonaws.com",
    ]);
    const trusted = single(org, "aws_organizations_organization").aws_service_access_principals;
    for (const p of ["guardduty.amazonaws.com", "securityhub.amazonaws.com", "config.amazonaws.com", "config-multiaccountsetup.amazonaws.com", "inspector2.amazonaws.com", "access-analyzer.amazonaws.com"]) {
      expect(trusted).toContain(p);
    }
  });

  it("runs GuardDuty, Inspector and the organization analyzer in every allowed region", () => {
    expect(byProvider(resources(stack, "aws_guardduty_detector"))).toEqual(["home", "aws.us_west_2"]);
    expect(byProvider(resources(stack, "aws_guardduty_organization_configuration"))).toEqual(["home", "aws.us_west_2"]);
    expect(Object.values(resources(stack, "aws_guardduty_organization_configuration")).every((c) => c.auto_enable_organization_members === "ALL")).toBe(true);
    expect(byProvider(resources(stack, "aws_inspector2_organization_configuration"))).toEqual(["home", "aws.us_west_2"]);
    const analyzers = Object.values(resources(stack, "aws_accessanalyzer_analyzer")).filter((a) => a.type === "ORGANIZATION");
    expect(analyzers.map((a) => a.provider ?? "home")).toEqual(["home", "aws.us_west_2"]);
  });

  it("activates Inspector for every other account of the organization, the management account included, in every allowed region", () => {
    const members = Object.values(resources(stack, "aws_inspector2_enabler")).filter((e) => !e.account_ids.includes("666666666666"));
    expect(members.map((e) => e.provider ?? "home")).toEqual(["home", "aws.us_west_2"]);
    for (const e of members) expect([...e.account_ids].sort()).toEqual(["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"]);
    expect(Object.keys(resources(stack, "aws_inspector2_member_association"))).toHaveLength(10);
  });

  it("exports every region's GuardDuty findings to the one encrypted bucket in the logging account's home region", () => {
    const dests = Object.values(resources(stack, "aws_guardduty_publishing_destination"));
    expect(dests).toHaveLength(2);
    expect(new Set(dests.map((d) => d.destination_arn)).size).toBe(1);
    expect(dests[0].destination_arn).toBe("${data.terraform_remote_state.remote_state_logging.outputs.guardduty_findings_bucket_arn}");
    expect(dests[0].kms_key_arn).toBe("${data.terraform_remote_state.remote_state_logging.outputs.guardduty_findings_kms_key_arn}");
    expect(resources(stack, "aws_s3_bucket")).toEqual({});
    const logging = out.stack("logging");
    expect(resources(logging, "aws_s3_bucket").guardduty_findings_bucket).toMatchObject({ bucket: "acme-guardduty-findings-222222222222" });
    expect(resources(logging, "aws_s3_bucket").guardduty_findings_bucket.provider).toBeUndefined();
  });

  it("aggregates Security Hub into the home region and associates the central policy with the organization root", () => {
    expect(single(stack, "aws_securityhub_finding_aggregator").specified_regions).toEqual(["us-west-2"]);
    expect(single(stack, "aws_securityhub_configuration_policy_association").target_id).toBe("${data.terraform_remote_state.remote_state_organization.outputs.organization_root_id}");
  });

  it("aggregates AWS Config over every allowed region", () => {
    expect(single(stack, "aws_config_configuration_aggregator").organization_aggregation_source.regions).toEqual(["us-east-1", "us-west-2"]);
  });

  it("emails findings at the configured severity to the security email (defaulting to logging.alarmEmail)", () => {
    expect(single(stack, "aws_sns_topic_subscription").endpoint).toBe("secops@acme.example");
    const gd = Object.values(resources(stack, "aws_cloudwatch_event_rule")).find((r) => r.name === "acme-guardduty-findings")!;
    expect(JSON.parse(gd.event_pattern).detail.severity).toEqual([{ numeric: [">=", 7] }]);
  });

  it("leaves out a service switched off, in the security stack and in the delegations", () => {
    const doc = parseDocument(exampleText());
    doc.setIn(["securityServices", "guardDuty"], false);
    doc.setIn(["securityServices", "inspector"], false);
    doc.setIn(["securityServices", "email"], "security@acme.example");
    doc.setIn(["securityServices", "notifySeverity"], "CRITICAL");
    const off = synthConfig(parseConfig(doc.toString()));
    const s = off.stack("security");
    expect(resources(s, "aws_guardduty_detector")).toEqual({});
    expect(resources(s, "aws_s3_bucket")).toEqual({});
    expect(resources(s, "aws_inspector2_enabler")).toEqual({});
    expect(resources(off.stack("organization"), "aws_guardduty_organization_admin_account")).toEqual({});
    expect(Object.keys(resources(s, "aws_securityhub_account"))).toHaveLength(1);
    expect(single(s, "aws_sns_topic_subscription").endpoint).toBe("security@acme.example");
    const sh = Object.values(resources(s, "aws_cloudwatch_event_rule")).find((r) => r.name === "acme-securityhub-findings")!;
    expect(JSON.parse(sh.event_pattern).detail.findings.Severity.Label).toEqual(["CRITICAL"]);
  });
});

describe("AWS Config recorders in every account and allowed region", () => {
  const config = exampleConfig();
  const out = synthConfig(config);
  const LOGGING = config.loggingAccount.id!;
  const home = config.homeRegion;
  const others = config.allowedRegions.filter((r) => r !== home);
  // Each account's recorders and the stack, resource prefix and provider aliases they are in.
  const accounts = [
    { account: "management", stack: "security", prefix: "management_config_recorder", alias: (r: string) => `aws.management_${r.replace(/-/g, "_")}`, homeAlias: "aws.management" },
    ...["logging", "network", "security", ...config.workloads.map((w) => w.stackName)].map((stack) => ({
      account: stack,
      stack,
      prefix: "config_recorder",
      alias: (r: string) => `aws.${r.replace(/-/g, "_")}`,
      homeAlias: undefined as string | undefined,
    })),
  ];

  it.each(accounts)("records $account in the home region with global types, and in every other allowed region without them", ({ stack, prefix, alias, homeAlias }) => {
    const json = out.stack(stack);
    const recorders = json.resource.aws_config_configuration_recorder;
    expect(recorders[`${prefix}_recorder`].provider).toBe(homeAlias);
    expect(recorders[`${prefix}_recorder`]).toMatchObject({ recording_group: { all_supported: true, include_global_resource_types: true, recording_strategy: [{ use_only: "ALL_SUPPORTED_RESOURCE_TYPES" }] } });
    for (const r of others) {
      expect(recorders[`${prefix}_recorder_${r.replace(/-/g, "_")}`]).toMatchObject({ provider: alias(r), recording_group: { include_global_resource_types: false } });
    }
    // The service-linked role, once per account, is every recorder's role.
    expect(json.resource.aws_iam_service_linked_role[`${prefix}_service_linked_role`]).toMatchObject({ aws_service_name: "config.amazonaws.com" });
    for (const rec of Object.values(recorders).filter((x) => (x as { "//": { metadata: { path: string } } })["//"].metadata.path.includes(`/${prefix.replace(/_/g, "-")}/`))) {
      expect((rec as { role_arn: string }).role_arn).toBe(`\${aws_iam_service_linked_role.${prefix}_service_linked_role.arn}`);
    }
    // Delivery to the logging account's Config bucket, under config/, encrypted with the logging key; recording on.
    for (const suffix of ["", ...others.map((r) => `_${r.replace(/-/g, "_")}`)]) {
      const channel = json.resource.aws_config_delivery_channel[`${prefix}_delivery_channel${suffix}`];
      expect(channel).toMatchObject({ s3_bucket_name: `acme-config-${LOGGING}`, s3_key_prefix: "config" });
      expect(channel.s3_kms_key_arn).toMatch(/^\$\{aws_kms_key\.key\.arn\}$|^\$\{data\.terraform_remote_state\.remote_state_logging\.outputs\.config_kms_key_arn\}$/);
      expect(json.resource.aws_config_configuration_recorder_status[`${prefix}_recorder_status${suffix}`]).toMatchObject({ is_enabled: true, depends_on: [`aws_config_delivery_channel.${prefix}_delivery_channel${suffix}`] });
    }
  });

  it("records the management account from the security stack with CI's own credentials, not the organization stack (which applies before the bucket exists)", () => {
    const providers = out.stack("security").provider.aws.filter((p: { alias?: string }) => p.alias?.startsWith("management"));
    expect(providers.map((p: { region: string }) => p.region)).toEqual(config.allowedRegions);
    for (const p of providers) expect(p).toMatchObject({ allowed_account_ids: [config.organization.managementAccountId] }), expect(p.assume_role).toBeUndefined();
    expect(out.stack("organization").resource.aws_config_configuration_recorder).toBeUndefined();
  });

  it("deploys the organization rules after the recorders: every account stack applies before the security stack, and the rules wait for its own and the management account's", () => {
    const deps = out.manifest().stacks.security.dependencies;
    expect(deps).toEqual(expect.arrayContaining(["logging", "network", ...config.workloads.map((w) => w.stackName)]));
    const rule = Object.values(out.stack("security").resource.aws_config_organization_managed_rule)[0] as { depends_on: string[] };
    expect(rule.depends_on).toEqual(expect.arrayContaining(["aws_config_configuration_recorder_status.config_recorder_recorder_status", "aws_config_configuration_recorder_status.management_config_recorder_recorder_status"]));
  });

  it("records nothing when securityServices.config is off", () => {
    const doc = parseDocument(exampleText());
    doc.setIn(["securityServices", "config"], false);
    doc.setIn(["securityServices", "securityHub"], false); // Security Hub needs Config (validation refuses the pair)
    const off = synthConfig(parseConfig(doc.toString()));
    for (const stack of ["logging", "network", "security", "workload-payments-prod"]) expect(off.stack(stack).resource.aws_config_configuration_recorder).toBeUndefined();
  });
});
