/** The AccountStack base: every account stack carries the account baseline in its own account, in every allowed region. */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { exampleText, synthConfig, TfJson } from "../helpers/synth";

const ACCOUNT_STACKS = ["organization", "logging", "network", "workload-payments-prod", "workload-analytics-dev"];

/** The regional baseline resources of a stack in one region: the default provider's, or an alias's. */
function regional(stack: TfJson, provider: string | undefined) {
  const of = (type: string) => Object.entries(stack.resource[type] ?? {}).filter(([, r]) => (r as TfJson).provider === provider).map(([name, r]) => ({ name, ...(r as TfJson) }) as TfJson);
  return {
    encryption: of("aws_ebs_encryption_by_default"),
    defaultKey: of("aws_ebs_default_kms_key"),
    imds: of("aws_ec2_instance_metadata_defaults"),
    analyzer: of("aws_accessanalyzer_analyzer"),
    preferences: of("aws_ssm_document").filter((d) => d.name === "SSM-SessionManagerRunShell"),
    keys: of("aws_kms_key"),
    logGroups: of("aws_cloudwatch_log_group").filter((g) => g.name === "/acme/ssm/sessions"),
  };
}

describe("account baseline in account stacks", () => {
  const out = synthConfig();

  it.each(["logging", "network", "workload-payments-prod", "workload-analytics-dev"])("applies the baseline in %s", (name) => {
    const r = out.stack(name).resource;
    expect(r.aws_ebs_encryption_by_default.baseline_ebs_encryption.enabled).toBe(true);
    expect(r.aws_ebs_default_kms_key.baseline_ebs_default_key.key_arn).toBe("${aws_kms_key.baseline_ebs_key.arn}");
    expect(r.aws_ec2_instance_metadata_defaults.baseline_imds_defaults).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 2 });
    expect(r.aws_s3_account_public_access_block.baseline_s3_public_access).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(r.aws_iam_account_password_policy.baseline_password_policy.minimum_password_length).toBe(14);
    expect(r.aws_accessanalyzer_analyzer.baseline_access_analyzer.type).toBe("ACCOUNT");
    expect(r.aws_ssm_document.baseline_session_preferences.name).toBe("SSM-SessionManagerRunShell");
  });

  it.each([
    ["logging", "222222222222"],
    ["network", "333333333333"],
    ["workload-payments-prod", "444444444444"],
  ])("scopes %s's baseline to its own account", (name, id) => {
    const stack = out.stack(name);
    expect(stack.resource.aws_s3_account_public_access_block.baseline_s3_public_access.account_id).toBe(id);
    expect(stack.data.aws_iam_policy_document.baseline_ebs_key_policy.statement[0].principals).toEqual([{ type: "AWS", identifiers: [`arn:aws:iam::${id}:root`] }]);
  });

  it("keeps session logs for logging.retentionDays", () => {
    expect(out.stack("network").resource.aws_cloudwatch_log_group.baseline_session_logs.retention_in_days).toBe(365);
  });

  it.each(ACCOUNT_STACKS)("gives %s one provider per allowed region: the home region's the default, us-west-2 aliased, same account, role and tags", (name) => {
    const [home, west, ...rest] = out.stack(name).provider.aws.filter((p: TfJson) => p.alias === undefined || p.alias === "us_west_2");
    expect(rest).toEqual([]);
    expect(home).toMatchObject({ region: "us-east-1" });
    expect(home.alias).toBeUndefined();
    expect(west).toMatchObject({ alias: "us_west_2", region: "us-west-2" });
    const { alias: _a, region: _r, ...homeRest } = home;
    const { alias: _b, region: _s, ...westRest } = west;
    expect(westRest).toEqual(homeRest);
  });

  it.each(ACCOUNT_STACKS)("applies the regional baseline of %s in every allowed region, through that region's provider", (name) => {
    const stack = out.stack(name);
    for (const [region, provider, prefix] of [["us-east-1", undefined, "baseline_"], ["us-west-2", "aws.us_west_2", "baseline_us_west_2_"]] as const) {
      const r = regional(stack, provider);
      expect(r.encryption.map((e) => [e.name, e.enabled])).toEqual([[`${prefix}ebs_encryption`, true]]);
      expect(r.defaultKey.map((k) => k.key_arn)).toEqual([`\${aws_kms_key.${prefix}ebs_key.arn}`]);
      expect(r.imds).toEqual([expect.objectContaining({ http_tokens: "required", http_put_response_hop_limit: 2 })]);
      expect(r.analyzer).toEqual([expect.objectContaining({ type: "ACCOUNT" })]);
      expect(r.preferences.map((d) => d.name)).toEqual(["SSM-SessionManagerRunShell"]);
      expect(r.preferences[0].content).toContain(`aws_cloudwatch_log_group.${prefix}session_logs.name`);
      expect(r.preferences[0].content).toContain(`aws_kms_key.${prefix}session_key.key_id`);
      expect(r.keys.map((k) => k.name).filter((n) => n.startsWith("baseline_")).sort()).toEqual([`${prefix}ebs_key`, `${prefix}session_key`]);
      expect(r.keys.every((k) => k.lifecycle?.prevent_destroy === true)).toBe(true);
      expect(r.logGroups.map((g) => g.kms_key_id)).toEqual([`\${aws_kms_key.${prefix}session_key.arn}`]);
      // The keys' service statements name the region they are in.
      const ebsPolicy = stack.data.aws_iam_policy_document[`${prefix}ebs_key_policy`].statement[1];
      expect(ebsPolicy.condition).toContainEqual({ test: "StringEquals", variable: "kms:ViaService", values: [`ec2.${region}.amazonaws.com`] });
      const sessionPolicy = stack.data.aws_iam_policy_document[`${prefix}session_key_policy`].statement[1];
      expect(sessionPolicy.principals).toEqual([{ type: "Service", identifiers: [`logs.${region}.amazonaws.com`] }]);
    }
  });

  it.each(ACCOUNT_STACKS)("applies the global baseline of %s once, through the default provider", (name) => {
    const r = out.stack(name).resource;
    for (const type of ["aws_s3_account_public_access_block", "aws_iam_account_password_policy", "aws_iam_policy"]) {
      const baseline = Object.entries(r[type] ?? {}).filter(([n]) => n.startsWith("baseline_"));
      expect(baseline.length).toBe(1);
      expect((baseline[0][1] as TfJson).provider).toBeUndefined();
    }
  });

  it("keeps the home region's baseline addresses, so an applied landing zone replaces no key", () => {
    const r = out.stack("network").resource;
    expect(Object.keys(r.aws_kms_key).filter((n) => n.startsWith("baseline_"))).toEqual(expect.arrayContaining(["baseline_ebs_key", "baseline_session_key"]));
    expect(r.aws_cloudwatch_log_group.baseline_session_logs.provider).toBeUndefined();
    expect(r.aws_ssm_document.baseline_session_preferences.provider).toBeUndefined();
  });

  it("adds a provider and the regional baseline for each region added to allowedRegions", () => {
    const doc = parseDocument(exampleText());
    doc.set("allowedRegions", ["us-east-1", "us-west-2", "eu-west-1"]);
    const stack = synthConfig(parseConfig(doc.toString())).stack("logging");
    expect(stack.provider.aws.map((p: TfJson) => [p.alias, p.region])).toEqual([[undefined, "us-east-1"], ["us_west_2", "us-west-2"], ["eu_west_1", "eu-west-1"]]);
    const r = regional(stack, "aws.eu_west_1");
    expect(r.encryption.map((e) => e.name)).toEqual(["baseline_eu_west_1_ebs_encryption"]);
    expect(r.analyzer.length).toBe(1);
    expect(r.preferences.length).toBe(1);
    expect(stack.data.aws_iam_policy_document.baseline_session_user_policy_document.statement.find((s: TfJson) => s.sid === "EncryptSessionData").resources).toEqual([
      "${aws_kms_key.baseline_session_key.arn}",
      "${aws_kms_key.baseline_us_west_2_session_key.arn}",
      "${aws_kms_key.baseline_eu_west_1_session_key.arn}",
    ]);
  });
});
