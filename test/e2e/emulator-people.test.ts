/**
 * The people-and-money emulator extensions (test/e2e/moto/extensions/ssoadmin.py,
 * budgets.py, cost_explorer.py) and the Identity Center seed, each called
 * through the AWS SDK the way the provider calls it: what AWS accepts is
 * accepted, what AWS refuses is refused with AWS's error.
 */
import { BudgetsClient, CreateBudgetCommand, DescribeNotificationsForBudgetCommand, DescribeSubscribersForNotificationCommand, ListTagsForResourceCommand as ListBudgetTagsCommand, Notification } from "@aws-sdk/client-budgets";
import {
  CostExplorerClient,
  CreateAnomalyMonitorCommand,
  CreateAnomalySubscriptionCommand,
  DeleteAnomalyMonitorCommand,
  DeleteAnomalySubscriptionCommand,
  GetAnomalyMonitorsCommand,
  GetAnomalySubscriptionsCommand,
  ListTagsForResourceCommand as ListCeTagsCommand,
} from "@aws-sdk/client-cost-explorer";
import { CreatePolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetGroupIdCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DeletePermissionsBoundaryFromPermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribePermissionSetProvisioningStatusCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListInstancesCommand,
  ListTagsForResourceCommand as ListSsoTagsCommand,
  ProvisionPermissionSetCommand,
  PutPermissionsBoundaryToPermissionSetCommand,
  SSOAdminClient,
  TagResourceCommand as TagSsoCommand,
} from "@aws-sdk/client-sso-admin";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsWorld, ClientOptions } from "./helpers/aws";
import { Emulator, startMoto } from "./helpers/moto";

jest.setTimeout(60_000);

const MANAGEMENT = "111111111111";
const WORKLOAD = "444444444444";
const REGION = "us-east-1";
const refused = (name: string) => expect.objectContaining({ name });

let workDir: string;
let emulator: Emulator;
let management: ClientOptions;
let workload: ClientOptions;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "lz-emulator-people-"));
  emulator = await startMoto(workDir, {
    managementAccountId: MANAGEMENT,
    accessRoleName: "OrganizationAccountAccessRole",
    accounts: [{ id: WORKLOAD, name: "workload", email: "workload@example.test" }],
    identityCenter: { region: REGION, groups: ["developers", "auditors"] },
  });
  const world = new AwsWorld(emulator, REGION, MANAGEMENT, "OrganizationAccountAccessRole");
  [management, workload] = await Promise.all([world.in(MANAGEMENT), world.in(WORKLOAD)]);
});

afterAll(async () => {
  await emulator?.stop();
  if (process.env.LZ_E2E_KEEP !== "1") rmSync(workDir, { recursive: true, force: true });
});

async function instance(): Promise<{ InstanceArn: string; IdentityStoreId: string }> {
  const found = (await new SSOAdminClient(management).send(new ListInstancesCommand({}))).Instances![0];
  return { InstanceArn: found.InstanceArn!, IdentityStoreId: found.IdentityStoreId! };
}

describe("Identity Center seed: the organization's instance holds the config's groups", () => {
  it("finds a seeded group by display name (GetGroupId, as data aws_identitystore_group does) and refuses an unknown one", async () => {
    const { IdentityStoreId } = await instance();
    const ids = new IdentitystoreClient(management);
    const byName = (name: string) => new GetGroupIdCommand({ IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "DisplayName", AttributeValue: name } } });
    expect((await ids.send(byName("developers"))).GroupId).toMatch(/\S/);
    await expect(ids.send(byName("no-such-group"))).rejects.toEqual(refused("ResourceNotFoundException"));
  });
});

describe("sso-admin extension", () => {
  it("keeps the status of each provisioning request, and refuses an unknown request id", async () => {
    const { InstanceArn } = await instance();
    const sso = new SSOAdminClient(management);
    const set = (await sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "Provisioned", SessionDuration: "PT4H", Tags: [{ Key: "team", Value: "platform" }] }))).PermissionSet!;
    const request = (await sso.send(new ProvisionPermissionSetCommand({ InstanceArn, PermissionSetArn: set.PermissionSetArn!, TargetType: "ALL_PROVISIONED_ACCOUNTS" }))).PermissionSetProvisioningStatus!;
    const status = await sso.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn, ProvisionPermissionSetRequestId: request.RequestId! }));
    expect(status.PermissionSetProvisioningStatus?.Status).toBe("SUCCEEDED");
    await expect(sso.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn, ProvisionPermissionSetRequestId: "00000000-0000-0000-0000-000000000000" }))).rejects.toEqual(
      refused("ResourceNotFoundException"),
    );
  });

  it("keeps a permission set's tags (CreatePermissionSet, TagResource, ListTagsForResource)", async () => {
    const { InstanceArn } = await instance();
    const sso = new SSOAdminClient(management);
    const set = (await sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "Tagged", Tags: [{ Key: "team", Value: "platform" }] }))).PermissionSet!;
    await sso.send(new TagSsoCommand({ InstanceArn, ResourceArn: set.PermissionSetArn!, Tags: [{ Key: "cost-center", Value: "42" }] }));
    const tags = (await sso.send(new ListSsoTagsCommand({ InstanceArn, ResourceArn: set.PermissionSetArn! }))).Tags ?? [];
    expect(tags).toEqual([{ Key: "team", Value: "platform" }, { Key: "cost-center", Value: "42" }]);
  });

  it("attaches one permissions boundary, refuses a boundary naming both kinds or none, and reads no boundary as not found", async () => {
    const { InstanceArn } = await instance();
    const sso = new SSOAdminClient(management);
    const PermissionSetArn = (await sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "Bounded" }))).PermissionSet!.PermissionSetArn!;
    await expect(sso.send(new GetPermissionsBoundaryForPermissionSetCommand({ InstanceArn, PermissionSetArn }))).rejects.toEqual(refused("ResourceNotFoundException"));
    await expect(
      sso.send(
        new PutPermissionsBoundaryToPermissionSetCommand({
          InstanceArn,
          PermissionSetArn,
          PermissionsBoundary: { ManagedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess", CustomerManagedPolicyReference: { Name: "boundary" } },
        }),
      ),
    ).rejects.toEqual(refused("ValidationException"));
    await expect(sso.send(new PutPermissionsBoundaryToPermissionSetCommand({ InstanceArn, PermissionSetArn, PermissionsBoundary: {} }))).rejects.toEqual(refused("ValidationException"));
    await sso.send(new PutPermissionsBoundaryToPermissionSetCommand({ InstanceArn, PermissionSetArn, PermissionsBoundary: { CustomerManagedPolicyReference: { Name: "boundary" } } }));
    expect((await sso.send(new GetPermissionsBoundaryForPermissionSetCommand({ InstanceArn, PermissionSetArn }))).PermissionsBoundary).toEqual({
      CustomerManagedPolicyReference: { Name: "boundary", Path: "/" },
    });
    await sso.send(new DeletePermissionsBoundaryFromPermissionSetCommand({ InstanceArn, PermissionSetArn }));
    await expect(sso.send(new GetPermissionsBoundaryForPermissionSetCommand({ InstanceArn, PermissionSetArn }))).rejects.toEqual(refused("ResourceNotFoundException"));
  });

  it("fails an assignment to an account that lacks a customer managed policy of the set, and makes it once the policy exists", async () => {
    const { InstanceArn, IdentityStoreId } = await instance();
    const sso = new SSOAdminClient(management);
    const PermissionSetArn = (await sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "NeedsPolicy" }))).PermissionSet!.PermissionSetArn!;
    await sso.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ InstanceArn, PermissionSetArn, CustomerManagedPolicyReference: { Name: "team-session", Path: "/" } }));
    const PrincipalId = (
      await new IdentitystoreClient(management).send(new GetGroupIdCommand({ IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "DisplayName", AttributeValue: "developers" } } }))
    ).GroupId!;
    const assign = () => sso.send(new CreateAccountAssignmentCommand({ InstanceArn, PermissionSetArn, PrincipalType: "GROUP", PrincipalId, TargetType: "AWS_ACCOUNT", TargetId: WORKLOAD }));
    const statusOf = async (requestId: string) =>
      (await sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn, AccountAssignmentCreationRequestId: requestId }))).AccountAssignmentCreationStatus!;

    const first = (await assign()).AccountAssignmentCreationStatus!;
    expect(first.Status).toBe("IN_PROGRESS");
    const failed = await statusOf(first.RequestId!);
    expect(failed.Status).toBe("FAILED");
    expect(failed.FailureReason).toMatch(/\/team-session does not exist in account 444444444444/);
    expect((await sso.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId: WORKLOAD, PermissionSetArn }))).AccountAssignments).toEqual([]);

    const document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:StartSession", Resource: "*" }] });
    await new IAMClient(workload).send(new CreatePolicyCommand({ PolicyName: "team-session", PolicyDocument: document }));
    const second = (await assign()).AccountAssignmentCreationStatus!;
    expect((await statusOf(second.RequestId!)).Status).toBe("SUCCEEDED");
    const made = (await sso.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId: WORKLOAD, PermissionSetArn }))).AccountAssignments ?? [];
    expect(made.map((a) => a.PrincipalId)).toEqual([PrincipalId]);
  });
});

describe("budgets extension", () => {
  const notification = (type: "ACTUAL" | "FORECASTED", threshold: number): Notification => ({ NotificationType: type, ComparisonOperator: "GREATER_THAN", Threshold: threshold, ThresholdType: "PERCENTAGE" });
  const budget = (name: string) => ({ BudgetName: name, BudgetType: "COST" as const, TimeUnit: "MONTHLY" as const, BudgetLimit: { Amount: "500", Unit: "USD" } });
  const emails = (...addresses: string[]) => addresses.map((Address) => ({ SubscriptionType: "EMAIL" as const, Address }));

  it("lists the subscribers of each notification and the budget's tags, as aws_budgets_budget reads them", async () => {
    const budgets = new BudgetsClient(management);
    await budgets.send(
      new CreateBudgetCommand({
        AccountId: MANAGEMENT,
        Budget: budget("read-back"),
        NotificationsWithSubscribers: [
          { Notification: notification("FORECASTED", 80), Subscribers: emails("owner@example.test", "finops@example.test") },
          { Notification: notification("ACTUAL", 100), Subscribers: emails("owner@example.test") },
        ],
        ResourceTags: [{ Key: "lz:name", Value: "acme" }],
      }),
    );
    const notifications = (await budgets.send(new DescribeNotificationsForBudgetCommand({ AccountId: MANAGEMENT, BudgetName: "read-back" }))).Notifications ?? [];
    expect(notifications).toHaveLength(2);
    const subscribersOf = async (n: Notification) =>
      ((await budgets.send(new DescribeSubscribersForNotificationCommand({ AccountId: MANAGEMENT, BudgetName: "read-back", Notification: n }))).Subscribers ?? []).map((s) => s.Address);
    expect(await subscribersOf(notification("FORECASTED", 80))).toEqual(["owner@example.test", "finops@example.test"]);
    expect(await subscribersOf(notification("ACTUAL", 100))).toEqual(["owner@example.test"]);
    await expect(subscribersOf(notification("ACTUAL", 50))).rejects.toEqual(refused("NotFoundException"));
    const tags = (await budgets.send(new ListBudgetTagsCommand({ ResourceARN: `arn:aws:budgets::${MANAGEMENT}:budget/read-back` }))).ResourceTags;
    expect(tags).toEqual([{ Key: "lz:name", Value: "acme" }]);
    await expect(budgets.send(new ListBudgetTagsCommand({ ResourceARN: `arn:aws:budgets::${MANAGEMENT}:budget/no-such-budget` }))).rejects.toEqual(refused("NotFoundException"));
  });

  it("refuses a notification with more than 10 email subscribers (AWS Budgets' quota)", async () => {
    const eleven = emails(...Array.from({ length: 11 }, (_, i) => `person${i}@example.test`));
    await expect(
      new BudgetsClient(management).send(new CreateBudgetCommand({ AccountId: MANAGEMENT, Budget: budget("too-many"), NotificationsWithSubscribers: [{ Notification: notification("ACTUAL", 100), Subscribers: eleven }] })),
    ).rejects.toEqual(refused("InvalidParameterException"));
  });
});

describe("cost_explorer extension", () => {
  it("creates, reads, tags and deletes an anomaly monitor and its daily email subscription", async () => {
    const ce = new CostExplorerClient(management);
    const { MonitorArn } = await ce.send(
      new CreateAnomalyMonitorCommand({ AnomalyMonitor: { MonitorName: "services", MonitorType: "DIMENSIONAL", MonitorDimension: "SERVICE" }, ResourceTags: [{ Key: "lz:name", Value: "acme" }] }),
    );
    expect(MonitorArn).toMatch(new RegExp(`^arn:aws:ce::${MANAGEMENT}:anomalymonitor/`));
    const monitors = (await ce.send(new GetAnomalyMonitorsCommand({ MonitorArnList: [MonitorArn!] }))).AnomalyMonitors ?? [];
    expect(monitors.map((m) => [m.MonitorName, m.MonitorType, m.MonitorDimension])).toEqual([["services", "DIMENSIONAL", "SERVICE"]]);
    expect((await ce.send(new ListCeTagsCommand({ ResourceArn: MonitorArn! }))).ResourceTags).toEqual([{ Key: "lz:name", Value: "acme" }]);

    const { SubscriptionArn } = await ce.send(
      new CreateAnomalySubscriptionCommand({
        AnomalySubscription: {
          SubscriptionName: "anomalies",
          MonitorArnList: [MonitorArn!],
          Frequency: "DAILY",
          Subscribers: [{ Type: "EMAIL", Address: "finops@example.test" }],
          ThresholdExpression: { Dimensions: { Key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", MatchOptions: ["GREATER_THAN_OR_EQUAL"], Values: ["100"] } },
        },
      }),
    );
    const subscriptions = (await ce.send(new GetAnomalySubscriptionsCommand({ MonitorArn }))).AnomalySubscriptions ?? [];
    expect(subscriptions.map((s) => [s.SubscriptionArn, s.Frequency, s.Subscribers?.map((r) => r.Address)])).toEqual([[SubscriptionArn, "DAILY", ["finops@example.test"]]]);

    await ce.send(new DeleteAnomalySubscriptionCommand({ SubscriptionArn }));
    await ce.send(new DeleteAnomalyMonitorCommand({ MonitorArn }));
    await expect(ce.send(new GetAnomalyMonitorsCommand({ MonitorArnList: [MonitorArn!] }))).rejects.toEqual(refused("UnknownMonitorException"));
    await expect(ce.send(new GetAnomalySubscriptionsCommand({ SubscriptionArnList: [SubscriptionArn!] }))).rejects.toEqual(refused("UnknownSubscriptionException"));
  });

  it("refuses a DIMENSIONAL monitor without a dimension, a subscription to an unknown monitor, and email for IMMEDIATE alerts", async () => {
    const ce = new CostExplorerClient(management);
    await expect(ce.send(new CreateAnomalyMonitorCommand({ AnomalyMonitor: { MonitorName: "bare", MonitorType: "DIMENSIONAL" } }))).rejects.toEqual(refused("ValidationException"));
    const unknown = `arn:aws:ce::${MANAGEMENT}:anomalymonitor/00000000-0000-0000-0000-000000000000`;
    const subscribe = (MonitorArnList: string[], Frequency: "DAILY" | "IMMEDIATE") =>
      ce.send(new CreateAnomalySubscriptionCommand({ AnomalySubscription: { SubscriptionName: "s", MonitorArnList, Frequency, Subscribers: [{ Type: "EMAIL", Address: "finops@example.test" }] } }));
    await expect(subscribe([unknown], "DAILY")).rejects.toEqual(refused("UnknownMonitorException"));
    const { MonitorArn } = await ce.send(new CreateAnomalyMonitorCommand({ AnomalyMonitor: { MonitorName: "immediate", MonitorType: "DIMENSIONAL", MonitorDimension: "SERVICE" } }));
    await expect(subscribe([MonitorArn!], "IMMEDIATE")).rejects.toEqual(refused("ValidationException"));
  });
});
