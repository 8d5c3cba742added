/** The account baseline: every setting a member account gets, on the synthesized JSON. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AccountBaseline, RegionalBaseline } from "../../modules/baseline";
import { synthConstruct } from "../helpers/construct";
import { resources, single, statements } from "../helpers/synth";

describe("account baseline", () => {
  const stack = synthConstruct((scope) => new AccountBaseline(scope, "baseline", { namePrefix: "acme", accountId: "333333333333", region: "us-east-1" }));

  it("turns on EBS encryption by default with a customer-managed key", () => {
    expect(single(stack, "aws_ebs_encryption_by_default").enabled).toBe(true);
    expect(single(stack, "aws_ebs_default_kms_key").key_arn).toBe("${aws_kms_key.baseline_ebs_key.arn}");
    expect(resources(stack, "aws_kms_key").baseline_ebs_key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
  });

  it("lets the account's principals use the EBS key only through EC2 in its region", () => {
    const use = statements(stack, "baseline_ebs_key_policy").find((s) => s.sid === "AccountPrincipalsUseKeyThroughEc2");
    expect(use).toMatchObject({ principals: [{ type: "AWS", identifiers: ["*"] }], resources: ["*"] });
    expect(use!.actions).toEqual(expect.arrayContaining(["kms:CreateGrant", "kms:Decrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]));
    expect(use!.condition).toEqual([
      { test: "StringEquals", variable: "kms:CallerAccount", values: ["333333333333"] },
      { test: "StringEquals", variable: "kms:ViaService", values: ["ec2.us-east-1.amazonaws.com"] },
    ]);
  });

  it("requires IMDSv2 as the account default, with hop limit 2", () => {
    expect(single(stack, "aws_ec2_instance_metadata_defaults")).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 2 });
  });

  it("blocks public access to S3 at the account level, all four flags", () => {
    expect(single(stack, "aws_s3_account_public_access_block")).toMatchObject({
      account_id: "333333333333",
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it("sets a CIS password policy: 14 characters, 24 remembered, every class, 90 days at most", () => {
    const policy = single(stack, "aws_iam_account_password_policy");
    expect(policy).toMatchObject({
      minimum_password_length: 14,
      password_reuse_prevention: 24,
      require_lowercase_characters: true,
      require_uppercase_characters: true,
      require_numbers: true,
      require_symbols: true,
      allow_users_to_change_password: true,
    });
    expect(policy.minimum_password_length).toBeGreaterThanOrEqual(14);
    expect(policy.max_password_age).toBeLessThanOrEqual(90);
  });

  it("runs an IAM Access Analyzer for the account", () => {
    expect(single(stack, "aws_accessanalyzer_analyzer")).toMatchObject({ analyzer_name: "acme-account", type: "ACCOUNT" });
  });

  describe("Session Manager preferences", () => {
    const doc = single(stack, "aws_ssm_document");
    // The content is a jsonencode() expression; read back the object it encodes.
    const inputs = (field: string): string => {
      const match = new RegExp(`"${field}" = ([^,}]+)`).exec(doc.content);
      if (!match) throw new Error(`no ${field} in ${doc.content}`);
      return match[1];
    };

    it("is the account's SSM-SessionManagerRunShell session document", () => {
      expect(doc).toMatchObject({ name: "SSM-SessionManagerRunShell", document_type: "Session", document_format: "JSON" });
      expect(doc.content).toMatch(/^\$\{jsonencode\(\{"schemaVersion" = "1.0", .*"sessionType" = "Standard_Stream"/);
    });

    it("streams session logs, encrypted, to a KMS-encrypted log group", () => {
      expect(inputs("cloudWatchLogGroupName")).toBe("aws_cloudwatch_log_group.baseline_session_logs.name");
      expect(inputs("cloudWatchEncryptionEnabled")).toBe("true");
      expect(inputs("cloudWatchStreamingEnabled")).toBe("true");
      expect(single(stack, "aws_cloudwatch_log_group")).toMatchObject({ name: "/acme/ssm/sessions", retention_in_days: 365, kms_key_id: "${aws_kms_key.baseline_session_key.arn}" });
    });

    it("protects the session log group, audit evidence of every shell session, from destroy", () => {
      expect(single(stack, "aws_cloudwatch_log_group").lifecycle).toEqual({ prevent_destroy: true });
    });

    it("encrypts sessions with the customer-managed key", () => {
      expect(inputs("kmsKeyId")).toBe("aws_kms_key.baseline_session_key.key_id");
      expect(resources(stack, "aws_kms_key").baseline_session_key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    });

    it("ends idle sessions after 20 minutes and disables run-as", () => {
      expect(Number(JSON.parse(inputs("idleSessionTimeout")))).toBeLessThanOrEqual(20);
      expect(inputs("runAsEnabled")).toBe("false");
    });

    it("lets CloudWatch Logs use the session key only for the session log group", () => {
      const logs = statements(stack, "baseline_session_key_policy").find((s) => s.sid === "CloudWatchLogsEncryptsSessionLogs");
      expect(logs!.principals).toEqual([{ type: "Service", identifiers: ["logs.us-east-1.amazonaws.com"] }]);
      expect(logs!.condition).toEqual([
        { test: "ArnEquals", variable: "kms:EncryptionContext:aws:logs:arn", values: ["arn:aws:logs:us-east-1:333333333333:log-group:/acme/ssm/sessions"] },
      ]);
    });
  });

  it("refuses an idle timeout Session Manager does not accept", () => {
    expect(() => synthConstruct((scope) => new AccountBaseline(scope, "baseline", { namePrefix: "acme", accountId: "1", region: "us-east-1", idleSessionTimeoutMinutes: 0 }))).toThrow(
      /idleSessionTimeoutMinutes must be 1-60/,
    );
  });

  describe("the session-user policy", () => {
    const doc = statements(stack, "baseline_session_user_policy_document");
    const bySid = Object.fromEntries(doc.map((st) => [st.sid, st]));

    it("is a customer-managed policy named <prefix>-session-user, attached to nobody", () => {
      expect(resources(stack, "aws_iam_policy").baseline_session_user_policy).toMatchObject({
        name: "acme-session-user",
        policy: "${data.aws_iam_policy_document.baseline_session_user_policy_document.json}",
      });
      expect(stack.resource.aws_iam_policy_attachment).toBeUndefined();
      expect(stack.resource.aws_iam_role_policy_attachment).toBeUndefined();
    });

    it("starts sessions on the account's instances with the preferences document only", () => {
      expect(bySid.StartSessionsOnTheAccountsInstances).toMatchObject({
        actions: ["ssm:StartSession"],
        resources: ["arn:aws:ec2:us-east-1:333333333333:instance/*", "arn:aws:ssm:us-east-1:333333333333:document/SSM-SessionManagerRunShell"],
        condition: [{ test: "BoolIfExists", variable: "ssm:SessionDocumentAccessCheck", values: ["true"] }],
      });
    });

    it("ends and resumes only the caller's own sessions (the provider turns &{aws:userid} into ${aws:userid})", () => {
      expect(bySid.EndAndResumeOwnSessions).toMatchObject({ actions: ["ssm:TerminateSession", "ssm:ResumeSession"], resources: ["arn:aws:ssm:us-east-1:333333333333:session/&{aws:userid}-*"] });
    });

    it("creates data keys with the session key, and nothing else with it", () => {
      expect(bySid.EncryptSessionData).toMatchObject({ actions: ["kms:GenerateDataKey"], resources: ["${aws_kms_key.baseline_session_key.arn}"] });
    });
  });

  describe("in several regions", () => {
    const multi = synthConstruct((scope) => {
      const west = new AwsProvider(scope, "aws-us-west-2", { region: "us-west-2", alias: "us_west_2" });
      const eu = new AwsProvider(scope, "aws-eu-west-1", { region: "eu-west-1", alias: "eu_west_1" });
      new AccountBaseline(scope, "baseline", {
        namePrefix: "acme",
        accountId: "333333333333",
        region: "us-east-1",
        regions: [
          { region: "us-west-2", provider: west },
          { region: "eu-west-1", provider: eu },
        ],
      });
    });
    const through = (type: string, provider?: string) => Object.entries(resources(multi, type)).filter(([, r]) => r.provider === provider).map(([n]) => n);

    it.each([
      [undefined, "baseline_"],
      ["aws.us_west_2", "baseline_us_west_2_"],
      ["aws.eu_west_1", "baseline_eu_west_1_"],
    ])("creates every regional part through provider %s", (provider, prefix) => {
      expect(through("aws_ebs_encryption_by_default", provider)).toEqual([`${prefix}ebs_encryption`]);
      expect(through("aws_ebs_default_kms_key", provider)).toEqual([`${prefix}ebs_default_key`]);
      expect(through("aws_ec2_instance_metadata_defaults", provider)).toEqual([`${prefix}imds_defaults`]);
      expect(through("aws_accessanalyzer_analyzer", provider)).toEqual([`${prefix}access_analyzer`]);
      expect(through("aws_ssm_document", provider)).toEqual([`${prefix}session_preferences`]);
      expect(through("aws_cloudwatch_log_group", provider)).toEqual([`${prefix}session_logs`]);
      expect(through("aws_kms_key", provider).sort()).toEqual([`${prefix}ebs_key`, `${prefix}session_key`]);
      expect(through("aws_kms_alias", provider).sort()).toEqual([`${prefix}ebs_key_alias`, `${prefix}session_key_alias`]);
    });

    it("applies the global parts once, through the default provider", () => {
      expect(Object.keys(resources(multi, "aws_s3_account_public_access_block"))).toEqual(["baseline_s3_public_access"]);
      expect(Object.keys(resources(multi, "aws_iam_account_password_policy"))).toEqual(["baseline_password_policy"]);
      expect(single(multi, "aws_iam_policy").provider).toBeUndefined();
    });

    it("lets the session-user policy open sessions and create data keys in every region", () => {
      const bySid = Object.fromEntries(statements(multi, "baseline_session_user_policy_document").map((st) => [st.sid, st]));
      expect(bySid.EncryptSessionData.resources).toEqual([
        "${aws_kms_key.baseline_session_key.arn}",
        "${aws_kms_key.baseline_us_west_2_session_key.arn}",
        "${aws_kms_key.baseline_eu_west_1_session_key.arn}",
      ]);
      expect(bySid.StartSessionsOnTheAccountsInstances.resources).toContain("arn:aws:ec2:eu-west-1:333333333333:instance/*");
      expect(bySid.EndAndResumeOwnSessions.resources).toContain("arn:aws:ssm:us-west-2:333333333333:session/&{aws:userid}-*");
    });

    it("writes each region's key policies for that region's services", () => {
      expect(statements(multi, "baseline_eu_west_1_session_key_policy")[1].principals).toEqual([{ type: "Service", identifiers: ["logs.eu-west-1.amazonaws.com"] }]);
      expect(statements(multi, "baseline_us_west_2_ebs_key_policy")[1].condition).toContainEqual({ test: "StringEquals", variable: "kms:ViaService", values: ["ec2.us-west-2.amazonaws.com"] });
    });
  });

  it("refuses a region listed twice", () => {
    expect(() =>
      synthConstruct((scope) => {
        const west = new AwsProvider(scope, "west", { region: "us-west-2", alias: "us_west_2" });
        new AccountBaseline(scope, "baseline", { namePrefix: "acme", accountId: "1", region: "us-east-1", regions: [{ region: "us-west-2", provider: west }, { region: "us-west-2", provider: west }] });
      }),
    ).toThrow(/region us-west-2 is listed twice/);
  });

  it("builds one region's parts alone with RegionalBaseline", () => {
    const one = synthConstruct((scope) => new RegionalBaseline(scope, "ap", { namePrefix: "acme", accountId: "1", region: "ap-southeast-2" }));
    expect(Object.keys(resources(one, "aws_ssm_document"))).toEqual(["ap_session_preferences"]);
    expect(one.resource.aws_iam_account_password_policy).toBeUndefined();
  });
});
