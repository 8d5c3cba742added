/** Security services guardrails: AWS Config recorders everywhere, regional services in every region. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { ConfigConfigurationAggregator } from "@cdktf/provider-aws/lib/config-configuration-aggregator";
import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { OrganizationsOrganization } from "@cdktf/provider-aws/lib/organizations-organization";
import { App, S3Backend, TerraformStack } from "cdktf";
import { ConfigRecorder } from "../../modules/security/recorder";
import { InspectorOrganization } from "../../modules/security/inspector";
import { LzStack } from "../../src/stacks/lz-stack";
import { appRule, check, checkApp, expectFailure, resultsOf, rule } from "./helpers";

const delivery = { bucketName: "acme-config-222222222222", keyPrefix: "config", kmsKeyArn: "arn:aws:kms:us-east-1:222222222222:key/k" };
const west = (s: TerraformStack, alias = "us_west_2", account?: string) => new AwsProvider(s, `aws-${alias}`, { region: "us-west-2", alias, allowedAccountIds: account ? [account] : undefined });

/** A stack acting in `account` (through a role, as member-account stacks do, or without one: the management account). */
function accountStack(app: App, name: string, account: string, role = true): TerraformStack {
  const stack = new LzStack(app, name);
  new AwsProvider(stack, "aws", { region: "us-east-1", allowedAccountIds: [account], assumeRole: role ? [{ roleArn: `arn:aws:iam::${account}:role/lz/acme-deployer` }] : undefined });
  new S3Backend(stack, { bucket: "acme-tfstate", key: `${name}/terraform.tfstate`, region: "us-east-1", encrypt: true, kmsKeyId: "alias/acme/tfstate" });
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
  return stack;
}

describe("security services rules", () => {
  rule("config-recorder-every-region", {
    good: (s) => new ConfigRecorder(s, "config", { name: "acme", regions: [{ region: "us-west-2", provider: west(s) }], delivery }),
    bad: (s) => {
      west(s);
      new ConfigRecorder(s, "config", { name: "acme", delivery });
    },
    address: "test",
    path: "test",
    reason: /^account \?: missing in us-west-2 \(provider aws\.us_west_2\): recorder, delivery channel, enabled recorder status$/,
  });

  it("flags global resource types recorded in more than one region", () => {
    const report = check((s) => {
      const recorder = new ConfigRecorder(s, "config", { name: "acme", regions: [{ region: "us-west-2", provider: west(s) }], delivery });
      recorder.recorders[1].recorder.addOverride("recording_group.include_global_resource_types", true);
    });
    expectFailure(report, "config-recorder-every-region", "test", /^account \?: global resource types recorded in 2 regions, not 1$/);
  });

  it("flags a recorder that is not switched on", () => {
    const report = check((s) => {
      new ConfigRecorder(s, "config", { name: "acme", delivery }).recorders[0].status.addOverride("is_enabled", false);
    });
    expectFailure(report, "config-recorder-every-region", "test", /^account \?: missing in us-east-1 \(provider aws\): enabled recorder status$/);
  });

  it("judges each account a stack records separately (the security stack records the management account too)", () => {
    const report = check((s) => {
      const mgmt = new AwsProvider(s, "aws-management", { region: "us-east-1", alias: "management", allowedAccountIds: ["111111111111"] });
      west(s, "management_us_west_2", "111111111111");
      new ConfigRecorder(s, "config", { name: "acme", delivery });
      new ConfigRecorder(s, "management-config", { name: "acme", provider: mgmt, delivery });
    });
    expectFailure(report, "config-recorder-every-region", "test", /^account 111111111111: missing in us-west-2 \(provider aws\.management_us_west_2\): recorder, delivery channel, enabled recorder status$/);
  });

  rule("security-services-every-region", {
    good: (s) => {
      const w = west(s);
      for (const provider of [undefined, w]) new GuarddutyDetector(s, `detector-${provider ? "west" : "home"}`, { enable: true, provider });
    },
    bad: (s) => {
      west(s);
      new GuarddutyDetector(s, "detector", { enable: true });
      new AccessanalyzerAnalyzer(s, "org", { analyzerName: "acme-organization", type: "ORGANIZATION" });
    },
    address: "test",
    path: "test",
    reason: /^GuardDuty detector of account \? missing in us-west-2 \(provider aws\.us_west_2\); organization Access Analyzer of account \? missing in us-west-2 \(provider aws\.us_west_2\)$/,
  });

  it("does not count the baseline's per-account analyzers as the organization's", () => {
    const report = check((s) => {
      west(s);
      new AccessanalyzerAnalyzer(s, "account", { analyzerName: "acme", type: "ACCOUNT" });
    });
    expect(resultsOf(report, "security-services-every-region")).toEqual([]);
  });

  appRule("config-recorder-every-account", {
    good: (app) => {
      const org = accountStack(app, "organization", "111111111111", false);
      new OrganizationsOrganization(org, "organization", { featureSet: "ALL" });
      new ConfigRecorder(accountStack(app, "workload-a", "444444444444"), "config", { name: "acme", delivery });
      const security = accountStack(app, "security", "666666666666");
      new ConfigRecorder(security, "config", { name: "acme", delivery });
      const mgmt = new AwsProvider(security, "aws-management", { region: "us-east-1", alias: "management", allowedAccountIds: ["111111111111"] });
      new ConfigRecorder(security, "management-config", { name: "acme", provider: mgmt, delivery });
    },
    bad: (app) => {
      const org = accountStack(app, "organization", "111111111111", false);
      new OrganizationsOrganization(org, "organization", { featureSet: "ALL" });
      new ConfigRecorder(accountStack(app, "workload-a", "444444444444"), "config", { name: "acme", delivery });
      accountStack(app, "workload-b", "555555555555");
    },
    address: "workload-b",
    path: "workload-b",
    reason: /^account 555555555555 has no AWS Config recorder in any stack$/,
  });

  it("judges nothing in an app that records no account", () => {
    expect(resultsOf(check(() => undefined), "config-recorder-every-account")).toEqual([]);
  });

  it("flags the management account (the organization stack's) when no stack records it", () => {
    const report = checkApp((app) => {
      const org = accountStack(app, "organization", "111111111111", false);
      new OrganizationsOrganization(org, "organization", { featureSet: "ALL" });
      new ConfigRecorder(accountStack(app, "workload-a", "444444444444"), "config", { name: "acme", delivery });
      // The security stack (its Config aggregator) is built, yet records no management account.
      new ConfigConfigurationAggregator(accountStack(app, "security", "666666666666"), "aggregator", { name: "acme", organizationAggregationSource: { allRegions: true, roleArn: "arn:aws:iam::666666666666:role/aggregator" } });
    });
    expectFailure(report, "config-recorder-every-account", "organization", /^account 111111111111 has no AWS Config recorder in any stack$/);
  });

  it("says unknown for the management account when the security stack is not part of the synth (lz synth --stacks)", () => {
    const report = checkApp((app) => {
      const org = accountStack(app, "organization", "111111111111", false);
      new OrganizationsOrganization(org, "organization", { featureSet: "ALL" });
      new ConfigRecorder(accountStack(app, "workload-a", "444444444444"), "config", { name: "acme", delivery });
    });
    expect(resultsOf(report, "config-recorder-every-account").filter((r) => r.stack === "organization").map((r) => r.status)).toEqual(["unknown"]);
  });

  /** The organization (management 111…), a workload and the security account running Inspector for `members`. */
  const inspectorApp = (app: App, members: { name: string; accountId: string }[], westMembers = members) => {
    const org = accountStack(app, "organization", "111111111111", false);
    new OrganizationsOrganization(org, "organization", { featureSet: "ALL" });
    accountStack(app, "workload-a", "444444444444");
    const security = accountStack(app, "security", "666666666666");
    new InspectorOrganization(security, "inspector", { accountId: "666666666666", members });
    new InspectorOrganization(security, "inspector-west", { accountId: "666666666666", members: westMembers, provider: west(security, "us_west_2", "666666666666") });
  };
  const everyone = [
    { name: "management-account", accountId: "111111111111" },
    { name: "account-a", accountId: "444444444444" },
  ];

  appRule("inspector-every-account", {
    good: (app) => inspectorApp(app, everyone),
    bad: (app) => inspectorApp(app, everyone, everyone.slice(0, 1)),
    address: "workload-a",
    path: "workload-a",
    reason: /^account 444444444444 is not activated by Inspector's administrator in security \(provider aws\.us_west_2\)$/,
  });

  it("flags the management account when only members are activated (auto-enable never reaches accounts already in the organization)", () => {
    const report = checkApp((app) => inspectorApp(app, everyone.slice(1)));
    expectFailure(report, "inspector-every-account", "organization", /^account 111111111111 is not activated by Inspector's administrator in security \(provider aws\), security \(provider aws\.us_west_2\)$/);
  });
});
