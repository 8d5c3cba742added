/**
 * security: in the security account, what the emulator applies of the
 * security services (test/e2e/helpers/exclusions.ts lists what it cannot):
 * the delegations (Organizations, GuardDuty and Inspector in the management
 * account), a GuardDuty detector and Inspector for EC2, ECR and Lambda with
 * the organization auto-enable in every allowed region, every other account of
 * the organization (management included) an associated Inspector member scanned
 * for the same, Security Hub, the
 * organization Config aggregator over the allowed regions, the GuardDuty
 * findings bucket (SSE-KMS with its key) and the KMS-encrypted findings topic
 * with its email subscription; and the account baseline.
 *
 * The project has no SDK clients for GuardDuty, Security Hub, Inspector or
 * AWS Config, so those are read with a SigV4-signed call to the documented
 * REST/JSON operation (the path and target from each API reference).
 */
import { ListDelegatedAdministratorsCommand, ListDelegatedServicesForAccountCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { SECURITY_SERVICE_PRINCIPALS } from "../../../aws/security-services";
import { signedCall as call } from "../helpers/signed";
import { accountIdOf } from "./accounts";
import { assertAccountBaseline } from "./baseline";
import { assertConfigRecorders } from "./config-recorders";
import { StackContext } from "./context";
import { assertKey } from "./kms";
import { LOGGING_OUTPUTS } from "../../../src/stacks/contracts";
import { assertProtectedBucket } from "./logging";

export async function assertSecurity(ctx: StackContext): Promise<void> {
  const { config } = ctx;
  const outputs = await ctx.outputs();
  const securityId = await accountIdOf(ctx, config.securityAccount);
  const client = await ctx.aws.in(securityId);
  const management = await ctx.aws.in(config.organization.managementAccountId);
  const services = config.securityServices;
  const others = [config.organization.managementAccountId, ...(await Promise.all(config.accounts.filter((a) => a.name !== config.securityAccount.name).map((a) => accountIdOf(ctx, a))))];

  // Delegations made by the organization stack in the management account.
  const orgs = new OrganizationsClient({ ...management, region: "us-east-1" });
  const admins = (await orgs.send(new ListDelegatedAdministratorsCommand({}))).DelegatedAdministrators ?? [];
  expect(admins.map((a) => a.Id)).toContain(securityId);
  const delegated = ((await orgs.send(new ListDelegatedServicesForAccountCommand({ AccountId: securityId }))).DelegatedServices ?? []).map((s) => s.ServicePrincipal);
  if (services.config) expect(delegated).toEqual(expect.arrayContaining([SECURITY_SERVICE_PRINCIPALS.config, SECURITY_SERVICE_PRINCIPALS.configMultiAccountSetup]));
  if (services.accessAnalyzer) expect(delegated).toContain(SECURITY_SERVICE_PRINCIPALS.accessAnalyzer);

  for (const region of config.allowedRegions) {
    if (services.guardDuty) {
      const { adminAccounts } = await call(management, region, "guardduty", "GET", "/admin");
      expect({ region, admins: (adminAccounts ?? []).map((a: { adminAccountId: string }) => a.adminAccountId) }).toEqual({ region, admins: expect.arrayContaining([securityId]) });
      const { detectorIds } = await call(client, region, "guardduty", "GET", "/detector");
      // One detector: the one the designation created, adopted by the stack (not a second one).
      expect({ region, detectors: detectorIds.length }).toEqual({ region, detectors: 1 });
      const detector = await call(client, region, "guardduty", "GET", `/detector/${detectorIds[0]}`);
      expect({ region, status: detector.status, frequency: detector.findingPublishingFrequency }).toEqual({ region, status: "ENABLED", frequency: "FIFTEEN_MINUTES" });
    }
    if (services.inspector) {
      const { delegatedAdminAccounts } = await call(management, region, "inspector2", "POST", "/delegatedadminaccounts/list", {});
      expect((delegatedAdminAccounts ?? []).map((a: { accountId: string }) => a.accountId)).toContain(securityId);
      const { accounts } = await call(client, region, "inspector2", "POST", "/status/batch/get", { accountIds: [securityId] });
      const state = accounts[0].resourceState;
      expect({ region, ec2: state.ec2.status, ecr: state.ecr.status, lambda: state.lambda.status }).toEqual({ region, ec2: "ENABLED", ecr: "ENABLED", lambda: "ENABLED" });
      // Every other account: associated with the administrator, and scanned for the same types.
      const { members } = await call(client, region, "inspector2", "POST", "/members/list", { onlyAssociated: true });
      expect({ region, members: (members ?? []).map((m: { accountId: string }) => m.accountId).sort() }).toEqual({ region, members: [...others].sort() });
      const memberStates = (await call(client, region, "inspector2", "POST", "/status/batch/get", { accountIds: others })).accounts as { accountId: string; resourceState: Record<string, { status: string }> }[];
      expect({ region, scanned: memberStates.filter((a) => ["ec2", "ecr", "lambda"].every((t) => a.resourceState[t].status === "ENABLED")).map((a) => a.accountId).sort() }).toEqual({ region, scanned: [...others].sort() });
      const { autoEnable } = await call(client, region, "inspector2", "POST", "/organizationconfiguration/describe", {});
      expect({ region, autoEnable }).toMatchObject({ region, autoEnable: { ec2: true, ecr: true, lambda: true } });
    }
  }

  if (services.securityHub) {
    const { AdminAccounts } = await call(management, config.homeRegion, "securityhub", "GET", "/organization/admin");
    expect(AdminAccounts).toContainEqual({ AccountId: securityId, Status: "ENABLED" });
    const hub = await call(client, config.homeRegion, "securityhub", "GET", "/accounts");
    expect(hub.HubArn).toMatch(new RegExp(`^arn:aws:securityhub:${config.homeRegion}:${securityId}:hub/default$`));
  }
  if (services.config) {
    const { ConfigurationAggregators } = await call(client, config.homeRegion, "config", "POST", "/", {}, "StarlingDoveService.DescribeConfigurationAggregators");
    const aggregator = ConfigurationAggregators.find((a: { ConfigurationAggregatorName: string }) => a.ConfigurationAggregatorName === `${config.name}-organization`);
    expect(aggregator?.OrganizationAggregationSource).toMatchObject({ AwsRegions: [...config.allowedRegions], AllAwsRegions: false });
    expect(aggregator.OrganizationAggregationSource.RoleArn).toBe(`arn:aws:iam::${securityId}:role/${config.name}-config-aggregator`);
    // The security stack applies after every account stack: every account records by now.
    await assertConfigRecorders(ctx);
  }
  if (services.guardDuty) {
    // The findings archive is in the logging account (the logging stack's contract, src/stacks/contracts.ts).
    const loggingClient = await ctx.aws.in(await accountIdOf(ctx, config.loggingAccount));
    const key = await assertKey(loggingClient, `${config.name}/guardduty-findings`);
    const outputs = await ctx.outputsOf("logging");
    expect(outputs[LOGGING_OUTPUTS.guardDutyFindingsKeyArn]).toBe(key.Arn);
    const bucket = String(outputs[LOGGING_OUTPUTS.guardDutyFindingsBucketArn]).replace(/^arn:aws:s3:::/, "");
    await assertProtectedBucket(loggingClient, bucket, { SSEAlgorithm: "aws:kms", KMSMasterKeyID: key.Arn });
  }

  // Findings reach people: the encrypted topic and its email subscription.
  const topicKey = await assertKey(client, `${config.name}/security-findings`);
  const sns = new SNSClient(client);
  const TopicArn = String(outputs.findings_topic_arn);
  const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
  expect([topicKey.Arn, topicKey.KeyId]).toContain(Attributes?.KmsMasterKeyId);
  const subscriptions = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions ?? [];
  expect(subscriptions.map((s) => [s.Protocol, s.Endpoint])).toContainEqual(["email", services.email]);

  await assertAccountBaseline(client, config.name, config.logging.retentionDays, config.allowedRegions);
}
