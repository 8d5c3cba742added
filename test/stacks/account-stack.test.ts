/** The AccountStack base: every member-account stack carries the account baseline in its own account. */
import { synthConfig } from "../helpers/synth";

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
});
