/** The security modules alone: delegations, GuardDuty, Security Hub, Config, Inspector, Access Analyzer and the findings topic. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  ConfigOrganization,
  GuardDutyFindingsArchive,
  GuardDutyOrganization,
  InspectorOrganization,
  ORGANIZATION_RULES,
  OrganizationAnalyzer,
  SecurityDelegations,
  SecurityFindings,
  SecurityHubOrganization,
} from "../../modules/security";
import { PASSWORD_POLICY } from "../../modules/baseline";
import { synthConstruct as synthModule } from "../helpers/construct";
import { resources, single, statements, TfJson } from "../helpers/synth";

const west = (scope: Parameters<Parameters<typeof synthModule>[0]>[0]) => new AwsProvider(scope, "west", { region: "us-west-2", alias: "us_west_2" });

describe("SecurityDelegations", () => {
  it("registers the account for GuardDuty, Security Hub and Inspector in every region, and for Config and Access Analyzer through Organizations", () => {
    const stack = synthModule((s) => new SecurityDelegations(s, "d", { adminAccountId: "666666666666", regions: [{ region: "us-west-2", provider: west(s) }] }));
    for (const [type, attr] of [
      ["aws_guardduty_organization_admin_account", "admin_account_id"],
      ["aws_securityhub_organization_admin_account", "admin_account_id"],
      ["aws_inspector2_delegated_admin_account", "account_id"],
    ]) {
      const all = Object.values(resources(stack, type));
      expect(all.map((r) => r[attr])).toEqual(["666666666666", "666666666666"]);
      expect(all.map((r) => r.provider)).toEqual([undefined, "aws.us_west_2"]);
    }
    const orgs = Object.values(resources(stack, "aws_organizations_delegated_administrator"));
    expect(orgs.map((r) => r.service_principal).sort()).toEqual(["access-analyzer.amazonaws.com", "config-multiaccountsetup.amazonaws.com", "config.amazonaws.com"]);
    expect(orgs.every((r) => r.account_id === "666666666666")).toBe(true);
  });

  it("registers nothing for a service switched off", () => {
    const stack = synthModule((s) => new SecurityDelegations(s, "d", { adminAccountId: "666666666666", services: { guardDuty: false, config: false } }));
    expect(resources(stack, "aws_guardduty_organization_admin_account")).toEqual({});
    expect(Object.values(resources(stack, "aws_organizations_delegated_administrator")).map((r) => r.service_principal)).toEqual(["access-analyzer.amazonaws.com"]);
  });
});

describe("GuardDutyOrganization", () => {
  const stack = synthModule((s) => {
    const archive = new GuardDutyFindingsArchive(s, "findings", { namePrefix: "acme", bucketName: "acme-gd-666666666666", accountId: "666666666666", regions: ["us-east-1", "us-west-2"] });
    new GuardDutyOrganization(s, "gd", { findings: archive.destination });
  });

  it("auto-enables GuardDuty for ALL members", () => {
    expect(single(stack, "aws_guardduty_detector")).toMatchObject({ enable: true, finding_publishing_frequency: "FIFTEEN_MINUTES" });
    expect(single(stack, "aws_guardduty_organization_configuration").auto_enable_organization_members).toBe("ALL");
  });

  it("turns S3 protection, malware protection and runtime monitoring on for the administrator and auto-enables them for ALL members", () => {
    const org = Object.values(resources(stack, "aws_guardduty_organization_configuration_feature"));
    expect(org.map((f) => f.name)).toEqual(expect.arrayContaining(["S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION", "RUNTIME_MONITORING"]));
    expect(org.every((f) => f.auto_enable === "ALL")).toBe(true);
    const runtime = org.find((f) => f.name === "RUNTIME_MONITORING")!;
    expect(runtime.additional_configuration.map((c: TfJson) => c.name)).toEqual(["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"]);
    const own = Object.values(resources(stack, "aws_guardduty_detector_feature"));
    expect(own.map((f) => f.name)).toEqual(org.map((f) => f.name));
    expect(own.every((f) => f.status === "ENABLED")).toBe(true);
  });

  it("exports findings to a KMS-encrypted, versioned, private bucket", () => {
    const dest = single(stack, "aws_guardduty_publishing_destination");
    expect(dest.destination_type).toBe("S3");
    expect(dest.kms_key_arn).toBe("${aws_kms_key.findings_key.arn}");
    // GuardDuty writes a test object when the destination is created: the bucket policy must exist first.
    expect(dest.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_s3_bucket_policy\./), expect.stringMatching(/^aws_kms_key\./)]));
    const sse = single(stack, "aws_s3_bucket_server_side_encryption_configuration");
    expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    expect(single(stack, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
  });
});

describe("adopting what the designation enabled", () => {
  it("adopts the designated GuardDuty detector through the data source and an import block, in the provider's region", () => {
    const stack = synthModule((s) => new GuardDutyOrganization(s, "gd", { adoptExisting: true, provider: west(s) }));
    expect(Object.keys(stack.data.aws_guardduty_detector)).toEqual(["gd_designated_detector"]);
    expect(stack.import).toEqual([{ to: "aws_guardduty_detector.gd_detector", id: "${data.aws_guardduty_detector.gd_designated_detector.id}", provider: "aws.us_west_2" }]);
  });

  it("adopts the designated Security Hub by account id, and refuses to without one", () => {
    const stack = synthModule((s) => new SecurityHubOrganization(s, "sh", { namePrefix: "acme", homeRegion: "us-east-1", targetId: "r-abcd", accountId: "666666666666", adoptExisting: true }));
    expect(stack.import).toEqual([{ to: "aws_securityhub_account.sh_account", id: "666666666666" }]);
    expect(single(stack, "aws_securityhub_account").lifecycle).toEqual({ ignore_changes: ["enable_default_standards"] });
    expect(single(stack, "aws_securityhub_finding_aggregator").linking_mode).toBe("NO_REGIONS");
    expect(() => synthModule((s) => new SecurityHubOrganization(s, "sh", { namePrefix: "acme", homeRegion: "us-east-1", targetId: "r-abcd", adoptExisting: true }))).toThrow(/needs accountId/);
  });

  it("creates the detector when not told to adopt one", () => {
    const stack = synthModule((s) => new GuardDutyOrganization(s, "gd"));
    expect(stack.import).toBeUndefined();
    expect(stack.data?.aws_guardduty_detector).toBeUndefined();
  });
});

describe("SecurityHubOrganization", () => {
  const stack = synthModule((s) => new SecurityHubOrganization(s, "sh", { namePrefix: "acme", homeRegion: "us-east-1", linkedRegions: ["us-west-2"], targetId: "r-abcd" }));

  it("aggregates the linked regions into the home region before switching to central configuration", () => {
    expect(single(stack, "aws_securityhub_finding_aggregator")).toMatchObject({ linking_mode: "SPECIFIED_REGIONS", specified_regions: ["us-west-2"] });
    const org = single(stack, "aws_securityhub_organization_configuration");
    expect(org).toMatchObject({ auto_enable: false, auto_enable_standards: "NONE", organization_configuration: { configuration_type: "CENTRAL" } });
    expect(org.depends_on).toEqual([expect.stringMatching(/^aws_securityhub_finding_aggregator\./)]);
  });

  it("enables FSBP and CIS v3.0.0 through one policy associated with the root", () => {
    const policy = single(stack, "aws_securityhub_configuration_policy").configuration_policy;
    expect(policy.service_enabled).toBe(true);
    expect(policy.enabled_standard_arns).toEqual([
      "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
      "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
    ]);
    expect(single(stack, "aws_securityhub_configuration_policy_association").target_id).toBe("r-abcd");
    expect(single(stack, "aws_securityhub_account").enable_default_standards).toBe(false);
  });
});

describe("ConfigOrganization", () => {
  const stack = synthModule((s) => new ConfigOrganization(s, "config", { namePrefix: "acme", accountId: "666666666666", regions: ["us-east-1", "us-west-2"], regionalProviders: [{ region: "us-west-2", provider: west(s) }] }));

  it("aggregates the organization in the allowed regions through a role AWS Config assumes", () => {
    const agg = single(stack, "aws_config_configuration_aggregator");
    expect(agg.organization_aggregation_source).toMatchObject({ all_regions: false, regions: ["us-east-1", "us-west-2"] });
    expect(agg.organization_aggregation_source.role_arn).toMatch(/aws_iam_role\.config_aggregator-role\.arn|aws_iam_role\.config_aggregator_role/);
    expect(single(stack, "aws_iam_role_policy_attachment").policy_arn).toBe("arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations");
    expect(statements(stack, "config_aggregator-trust".replace("-", "_"))[0].principals).toEqual([{ type: "Service", identifiers: ["config.amazonaws.com"] }]);
  });

  it("deploys every rule in the home region and only the regional ones elsewhere", () => {
    const rules = Object.values(resources(stack, "aws_config_organization_managed_rule"));
    const home = rules.filter((r) => r.provider === undefined).map((r) => r.rule_identifier);
    const westRules = rules.filter((r) => r.provider === "aws.us_west_2").map((r) => r.rule_identifier);
    expect(home.sort()).toEqual(ORGANIZATION_RULES.map((r) => r.identifier).sort());
    expect(westRules.sort()).toEqual(ORGANIZATION_RULES.filter((r) => !r.global).map((r) => r.identifier).sort());
    expect(westRules).not.toContain("ROOT_ACCOUNT_MFA_ENABLED");
    expect(home).toEqual(expect.arrayContaining(["ENCRYPTED_VOLUMES", "EC2_IMDSV2_CHECK", "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC", "CLOUD_TRAIL_ENABLED", "ROOT_ACCOUNT_MFA_ENABLED", "IAM_PASSWORD_POLICY"]));
  });

  it("checks the password policy the baseline applies", () => {
    const rule = Object.values(resources(stack, "aws_config_organization_managed_rule")).find((r) => r.rule_identifier === "IAM_PASSWORD_POLICY")!;
    expect(JSON.parse(rule.input_parameters)).toMatchObject({ MinimumPasswordLength: String(PASSWORD_POLICY.minimumPasswordLength), PasswordReusePrevention: "24", RequireSymbols: "true" });
    expect(rule.maximum_execution_frequency).toBe("TwentyFour_Hours");
  });
});

describe("InspectorOrganization and OrganizationAnalyzer", () => {
  it("scans EC2, ECR and Lambda in the administrator and auto-enables them for new members", () => {
    const stack = synthModule((s) => new InspectorOrganization(s, "inspector", { accountId: "666666666666" }));
    expect(single(stack, "aws_inspector2_enabler")).toMatchObject({ account_ids: ["666666666666"], resource_types: ["EC2", "ECR", "LAMBDA"] });
    expect(single(stack, "aws_inspector2_organization_configuration").auto_enable).toEqual({ ec2: true, ecr: true, lambda: true });
    expect(resources(stack, "aws_inspector2_member_association")).toEqual({});
  });

  it("associates every existing member, then activates them in a second enabler (the provider takes the administrator or members, never both)", () => {
    const members = [
      { name: "management-account", accountId: "111111111111" },
      { name: "account-payments", accountId: "444444444444" },
    ];
    const stack = synthModule((s) => new InspectorOrganization(s, "inspector", { accountId: "666666666666", members }));
    const associations = resources(stack, "aws_inspector2_member_association");
    expect(Object.values(associations).map((a) => a.account_id).sort()).toEqual(["111111111111", "444444444444"]);
    const enablers = resources(stack, "aws_inspector2_enabler");
    expect(enablers.inspector_enabler.account_ids).toEqual(["666666666666"]);
    expect(enablers.inspector_members).toMatchObject({ account_ids: ["111111111111", "444444444444"], resource_types: ["EC2", "ECR", "LAMBDA"] });
    // Enable acts for a member only once it is associated (API_Enable: ACCESS_DENIED otherwise).
    expect([...enablers.inspector_members.depends_on].sort()).toEqual(Object.keys(associations).map((k) => `aws_inspector2_member_association.${k}`).sort());
  });

  it("analyzes the whole organization", () => {
    const stack = synthModule((s) => new OrganizationAnalyzer(s, "aa", { name: "acme-organization" }));
    expect(single(stack, "aws_accessanalyzer_analyzer")).toMatchObject({ analyzer_name: "acme-organization", type: "ORGANIZATION" });
  });
});

describe("SecurityFindings", () => {
  const stack = synthModule((s) => new SecurityFindings(s, "findings", { namePrefix: "acme", accountId: "666666666666", region: "us-east-1", email: "sec@acme.example", minimumSeverity: "HIGH" }));

  it("sends findings at or above the severity from each service to a KMS-encrypted topic that emails the team", () => {
    const topic = single(stack, "aws_sns_topic");
    expect(topic.name).toBe("acme-security-findings");
    expect(topic.kms_master_key_id).toMatch(/aws_kms_key\./);
    expect(single(stack, "aws_sns_topic_subscription")).toMatchObject({ protocol: "email", endpoint: "sec@acme.example" });
    const rules = Object.values(resources(stack, "aws_cloudwatch_event_rule"));
    const patterns = Object.fromEntries(rules.map((r) => [r.name, JSON.parse(r.event_pattern)]));
    expect(patterns["acme-guardduty-findings"].detail.severity).toEqual([{ numeric: [">=", 7] }]);
    expect(patterns["acme-securityhub-findings"].detail.findings.Severity.Label).toEqual(["HIGH", "CRITICAL"]);
    expect(patterns["acme-inspector-findings"].detail.severity).toEqual(["HIGH", "CRITICAL"]);
    expect(patterns["acme-access-analyzer-findings"].source).toEqual(["aws.access-analyzer"]);
    expect(Object.values(resources(stack, "aws_cloudwatch_event_target")).every((t) => /aws_sns_topic\./.test(t.arn))).toBe(true);
  });

  it("lowers the threshold when asked", () => {
    const low = synthModule((s) => new SecurityFindings(s, "findings", { namePrefix: "acme", accountId: "666666666666", region: "us-east-1", email: "sec@acme.example", minimumSeverity: "MEDIUM" }));
    const gd = Object.values(resources(low, "aws_cloudwatch_event_rule")).find((r) => r.name === "acme-guardduty-findings")!;
    expect(JSON.parse(gd.event_pattern).detail.severity).toEqual([{ numeric: [">=", 4] }]);
  });
});
