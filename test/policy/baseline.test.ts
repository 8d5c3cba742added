/** Account baseline and state guardrails, each proven both ways on constructs synthesized alone. */
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EbsDefaultKmsKey } from "@cdktf/provider-aws/lib/ebs-default-kms-key";
import { EbsEncryptionByDefault } from "@cdktf/provider-aws/lib/ebs-encryption-by-default";
import { Ec2InstanceMetadataDefaults } from "@cdktf/provider-aws/lib/ec2-instance-metadata-defaults";
import { IamAccountPasswordPolicy, IamAccountPasswordPolicyConfig } from "@cdktf/provider-aws/lib/iam-account-password-policy";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3AccountPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-account-public-access-block";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SsmDocument } from "@cdktf/provider-aws/lib/ssm-document";
import { App, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { StateStore } from "../../modules/state";
import { LzStack } from "../../src/stacks/lz-stack";
import { appRule, check, resultsOf, rule } from "./helpers";

const KEY = "arn:aws:kms:us-east-1:444444444444:key/k";
const sessionPreferences = (inputs: Record<string, unknown>, format = "JSON") =>
  format === "YAML"
    ? `schemaVersion: "1.0"\nsessionType: Standard_Stream\ninputs:\n${Object.entries(inputs).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join("\n")}\n`
    : JSON.stringify({ schemaVersion: "1.0", sessionType: "Standard_Stream", inputs });
const GOOD_SESSION = { cloudWatchLogGroupName: "/ssm/sessions", cloudWatchEncryptionEnabled: true, kmsKeyId: KEY, idleSessionTimeout: "20", runAsEnabled: false };
const password = (s: TerraformStack, o: Partial<IamAccountPasswordPolicyConfig> = {}) =>
  new IamAccountPasswordPolicy(s, "password-policy", {
    minimumPasswordLength: 14,
    passwordReusePrevention: 24,
    requireLowercaseCharacters: true,
    requireUppercaseCharacters: true,
    requireNumbers: true,
    requireSymbols: true,
    maxPasswordAge: 90,
    ...o,
  });

/** The regional baseline parts in one more region, through `provider`. */
function regionalParts(s: TerraformStack, provider: AwsProvider, skip: string[] = []) {
  const id = provider.alias!;
  if (!skip.includes("ebs")) new EbsEncryptionByDefault(s, `${id}-ebs-default`, { enabled: true, provider });
  if (!skip.includes("ebs-key")) new EbsDefaultKmsKey(s, `${id}-ebs-key`, { keyArn: KEY, provider });
  if (!skip.includes("imds")) new Ec2InstanceMetadataDefaults(s, `${id}-imds`, { httpTokens: "required", httpPutResponseHopLimit: 2, provider });
  if (!skip.includes("analyzer")) new AccessanalyzerAnalyzer(s, `${id}-analyzer`, { analyzerName: "account", type: "ACCOUNT", provider });
  if (!skip.includes("ssm")) new SsmDocument(s, `${id}-session-preferences`, { name: "SSM-SessionManagerRunShell", documentType: "Session", documentFormat: "JSON", content: sessionPreferences(GOOD_SESSION), provider });
}

const westProvider = (s: TerraformStack, accountIds?: string[]) => new AwsProvider(s, "aws-us-west-2", { region: "us-west-2", alias: "us_west_2", allowedAccountIds: accountIds });

/** The six baseline parts, as the baseline module is expected to write them. */
function baseline(s: TerraformStack, skip: string[] = []) {
  if (!skip.includes("ebs")) new EbsEncryptionByDefault(s, "ebs-default", { enabled: true });
  new EbsDefaultKmsKey(s, "ebs-key", { keyArn: KEY });
  if (!skip.includes("imds")) new Ec2InstanceMetadataDefaults(s, "imds", { httpTokens: "required", httpPutResponseHopLimit: 2 });
  new S3AccountPublicAccessBlock(s, "s3-account", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  password(s);
  new AccessanalyzerAnalyzer(s, "analyzer", { analyzerName: "account", type: "ACCOUNT" });
  new SsmDocument(s, "session-preferences", { name: "SSM-SessionManagerRunShell", documentType: "Session", documentFormat: "JSON", content: sessionPreferences(GOOD_SESSION) });
}

/** A member-account stack (its provider assumes a role in `account`) with a compliant backend. */
function accountStack(app: App, name: string, account = "444444444444"): TerraformStack {
  const stack = new LzStack(app, name);
  new AwsProvider(stack, "aws", { region: "us-east-1", assumeRole: [{ roleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole` }] });
  new S3Backend(stack, { bucket: "acme-tfstate", key: `${name}/terraform.tfstate`, region: "us-east-1", encrypt: true, kmsKeyId: "alias/acme/tfstate" });
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
  return stack;
}

describe("account baseline rules", () => {
  rule("baseline-ebs-encryption-default", { address: "aws_ebs_encryption_by_default.ebs_default", reason: /^enabled = false$/, good: (s) => baseline(s), bad: (s) => new EbsEncryptionByDefault(s, "ebs-default", { enabled: false }) });
  rule("ebs-default-key", { address: "test", reason: /^no aws_ebs_default_kms_key through aws \(for aws_ebs_encryption_by_default.ebs_default\)$/, good: (s) => baseline(s), bad: (s) => new EbsEncryptionByDefault(s, "ebs-default", { enabled: true }), path: "test" });
  rule("baseline-imdsv2-default", {
    address: "aws_ec2_instance_metadata_defaults.imds",
    reason: /^http_tokens = optional$/,
    good: (s) => baseline(s),
    bad: (s) => new Ec2InstanceMetadataDefaults(s, "imds", { httpTokens: "optional" }),
  });
  rule("baseline-s3-account-public-access-block", {
    address: "aws_s3_account_public_access_block.s3_account",
    reason: /^block_public_policy, ignore_public_acls, restrict_public_buckets not true$/,
    good: (s) => baseline(s),
    bad: (s) => new S3AccountPublicAccessBlock(s, "s3-account", { blockPublicAcls: true }),
  });
  rule("iam-password-length", { address: "aws_iam_account_password_policy.password_policy", reason: /^minimum_password_length = 8; needs 14 or more$/, good: (s) => password(s), bad: (s) => password(s, { minimumPasswordLength: 8 }) });
  rule("iam-password-reuse", { address: "aws_iam_account_password_policy.password_policy", reason: /^password_reuse_prevention = unset; needs 24$/, good: (s) => password(s), bad: (s) => password(s, { passwordReusePrevention: undefined }) });
  rule("iam-password-complexity", { address: "aws_iam_account_password_policy.password_policy", reason: /^require_symbols not true, max_password_age = 365$/, good: (s) => password(s), bad: (s) => password(s, { requireSymbols: false, maxPasswordAge: 365 }) });
  rule("access-analyzer-external-access", {
    address: "aws_accessanalyzer_analyzer.analyzer",
    reason: /^type = ACCOUNT_UNUSED_ACCESS$/,
    good: (s) => new AccessanalyzerAnalyzer(s, "analyzer", { analyzerName: "org", type: "ORGANIZATION" }),
    bad: (s) => new AccessanalyzerAnalyzer(s, "analyzer", { analyzerName: "unused", type: "ACCOUNT_UNUSED_ACCESS" }),
  });
  rule("ssm-session-preferences", {
    address: "aws_ssm_document.prefs",
    reason: /^no kmsKeyId \(session encryption\), idleSessionTimeout = 60$/,
    good: (s) => new SsmDocument(s, "prefs", { name: "SSM-SessionManagerRunShell", documentType: "Session", documentFormat: "YAML", content: sessionPreferences(GOOD_SESSION, "YAML") }),
    bad: (s) => new SsmDocument(s, "prefs", { name: "SSM-SessionManagerRunShell", documentType: "Session", content: sessionPreferences({ ...GOOD_SESSION, idleSessionTimeout: "60", kmsKeyId: "" }) }),
  });
  rule("baseline-complete", { address: "test", reason: /^missing in us-east-1 \(provider aws\): IMDSv2 account default$/, good: (s) => baseline(s), bad: (s) => baseline(s, ["imds"]), path: "test" });

  describe("per region", () => {
    rule("baseline-complete", {
      good: (s) => {
        baseline(s);
        regionalParts(s, westProvider(s));
      },
      bad: (s) => {
        baseline(s);
        regionalParts(s, westProvider(s), ["imds", "analyzer"]);
      },
      path: "test",
      address: "test",
      reason: /^missing in us-west-2 \(provider aws\.us_west_2\): IMDSv2 account default, IAM Access Analyzer$/,
    });

    it("flags a region of the account whose provider applies none of the regional parts", () => {
      const failures = resultsOf(
        check((s) => {
          baseline(s);
          westProvider(s);
        }),
        "baseline-complete",
      ).filter((r) => r.status === "fail");
      expect(failures.map((f) => f.detail).join("\n")).toMatch(/missing in us-west-2 \(provider aws\.us_west_2\): EBS encryption by default, IMDSv2 account default, IAM Access Analyzer, Session Manager preferences/);
    });

    it("does not ask for the baseline through a provider into another account (e.g. the hub's)", () => {
      const results = resultsOf(
        check((s) => {
          baseline(s);
          new AwsProvider(s, "aws-network", { region: "us-east-1", alias: "network", allowedAccountIds: ["333333333333"] });
        }),
        "baseline-complete",
      );
      expect(results.map((r) => r.status)).toEqual(["pass"]);
    });

    rule("ebs-default-key", {
      good: (s) => {
        baseline(s);
        regionalParts(s, westProvider(s));
      },
      bad: (s) => {
        baseline(s);
        regionalParts(s, westProvider(s), ["ebs-key"]);
      },
      path: "test",
      address: "test",
      reason: /^no aws_ebs_default_kms_key through aws\.us_west_2 \(for aws_ebs_encryption_by_default\.[a-z0-9_]+\)$/,
    });
  });

  it("does not ask a stack without any baseline part to be complete", () => {
    expect(resultsOf(check(() => undefined), "baseline-complete")).toEqual([]);
  });

  appRule("baseline-every-account", {
    address: "access-b",
    reason: /^no baseline resources in this member-account stack nor in another stack of account 555555555555$/,
    good: (app) => {
      baseline(accountStack(app, "workload-a", "444444444444"));
      baseline(accountStack(app, "workload-b", "555555555555"));
      // An account's access stack (it only creates the deployer role) relies on the account's other stack.
      accountStack(app, "access-b", "555555555555");
    },
    bad: (app) => {
      baseline(accountStack(app, "workload-a", "444444444444"));
      accountStack(app, "access-b", "555555555555");
    },
    path: "access-b",
  });
});

describe("state rules", () => {
  rule("state-encrypted", { address: "test", reason: /^encrypt is not true$/, good: () => undefined, bad: (s) => s.addOverride("terraform.backend.s3.encrypt", false), path: "test" });
  rule("state-kms", { address: "test", reason: /^no kms_key_id$/, good: () => undefined, bad: (s) => s.addOverride("terraform.backend.s3.kms_key_id", null) });
  rule("state-locking", { address: "test", reason: /^neither use_lockfile nor dynamodb_table$/, good: () => undefined, bad: (s) => s.addOverride("terraform.backend.s3.use_lockfile", false) });

  appRule("state-remote-backend", {
    address: "scratch",
    reason: /^local backend$/,
    good: (app) => {
      const bootstrap = new LzStack(app, "bootstrap");
      new LocalBackend(bootstrap, { path: "bootstrap.tfstate" });
      new StateStore(bootstrap, "state", { bucketName: "acme-tfstate", accountId: "111111111111", keyAlias: "acme/tfstate" });
      accountStack(app, "network");
    },
    bad: (app) => {
      new LocalBackend(new LzStack(app, "scratch"), { path: "scratch.tfstate" });
      accountStack(app, "network");
    },
    path: "scratch",
  });

  appRule("prevent-destroy", {
    address: "aws_s3_bucket.state_bucket",
    reason: /^bucket for Terraform state without prevent_destroy$/,
    good: (app) => {
      const stack = accountStack(app, "bootstrap");
      new StateStore(stack, "state", { bucketName: "acme-tfstate", accountId: "111111111111", keyAlias: "acme/tfstate" });
      new CloudwatchLogGroup(stack, "trail-logs", { name: "cloudtrail", lifecycle: { preventDestroy: true } });
    },
    bad: (app) => {
      const stack = accountStack(app, "bootstrap");
      new S3Bucket(stack, "state-bucket", { bucket: "acme-tfstate" });
      new KmsKey(stack, "key", { enableKeyRotation: true });
    },
    path: "bootstrap/state-bucket",
  });

  it("leaves buckets that hold neither state nor logs to the owner's judgement", () => {
    const report = check((s) => new S3Bucket(s, "assets", { bucket: "acme-assets" }));
    expect(resultsOf(report, "prevent-destroy")).toEqual([]);
  });
});
