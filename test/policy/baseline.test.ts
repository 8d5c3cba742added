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
  rule("baseline-ebs-encryption-default", { good: (s) => baseline(s), bad: (s) => new EbsEncryptionByDefault(s, "ebs-default", { enabled: false }) });
  rule("ebs-default-key", { good: (s) => baseline(s), bad: (s) => new EbsEncryptionByDefault(s, "ebs-default", { enabled: true }), path: "test" });
  rule("baseline-imdsv2-default", {
    good: (s) => baseline(s),
    bad: (s) => new Ec2InstanceMetadataDefaults(s, "imds", { httpTokens: "optional" }),
    detail: /http_tokens = optional/,
  });
  rule("baseline-s3-account-public-access-block", {
    good: (s) => baseline(s),
    bad: (s) => new S3AccountPublicAccessBlock(s, "s3-account", { blockPublicAcls: true }),
  });
  rule("iam-password-length", { good: (s) => password(s), bad: (s) => password(s, { minimumPasswordLength: 8 }), detail: /minimum_password_length = 8/ });
  rule("iam-password-reuse", { good: (s) => password(s), bad: (s) => password(s, { passwordReusePrevention: undefined }), detail: /unset; needs 24/ });
  rule("iam-password-complexity", { good: (s) => password(s), bad: (s) => password(s, { requireSymbols: false, maxPasswordAge: 365 }), detail: /require_symbols not true, max_password_age = 365/ });
  rule("access-analyzer-external-access", {
    good: (s) => new AccessanalyzerAnalyzer(s, "analyzer", { analyzerName: "org", type: "ORGANIZATION" }),
    bad: (s) => new AccessanalyzerAnalyzer(s, "analyzer", { analyzerName: "unused", type: "ACCOUNT_UNUSED_ACCESS" }),
  });
  rule("ssm-session-preferences", {
    good: (s) => new SsmDocument(s, "prefs", { name: "SSM-SessionManagerRunShell", documentType: "Session", documentFormat: "YAML", content: sessionPreferences(GOOD_SESSION, "YAML") }),
    bad: (s) => new SsmDocument(s, "prefs", { name: "SSM-SessionManagerRunShell", documentType: "Session", content: sessionPreferences({ ...GOOD_SESSION, idleSessionTimeout: "60", kmsKeyId: "" }) }),
    detail: /no kmsKeyId \(session encryption\), idleSessionTimeout = 60/,
  });
  rule("baseline-complete", { good: (s) => baseline(s), bad: (s) => baseline(s, ["imds"]), path: "test", detail: /missing IMDSv2 account default/ });

  it("does not ask a stack without any baseline part to be complete", () => {
    expect(resultsOf(check(() => undefined), "baseline-complete")).toEqual([]);
  });

  appRule("baseline-every-account", {
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
    detail: /nor in another stack of account 555555555555/,
  });
});

describe("state rules", () => {
  rule("state-encrypted", { good: () => undefined, bad: (s) => s.addOverride("terraform.backend.s3.encrypt", false), path: "test" });
  rule("state-kms", { good: () => undefined, bad: (s) => s.addOverride("terraform.backend.s3.kms_key_id", null) });
  rule("state-locking", { good: () => undefined, bad: (s) => s.addOverride("terraform.backend.s3.use_lockfile", false), detail: /neither use_lockfile nor dynamodb_table/ });

  appRule("state-remote-backend", {
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
    detail: /local backend/,
  });

  appRule("prevent-destroy", {
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
    detail: /bucket for Terraform state without prevent_destroy/,
  });

  it("leaves buckets that hold neither state nor logs to the owner's judgement", () => {
    const report = check((s) => new S3Bucket(s, "assets", { bucket: "acme-assets" }));
    expect(resultsOf(report, "prevent-destroy")).toEqual([]);
  });
});
