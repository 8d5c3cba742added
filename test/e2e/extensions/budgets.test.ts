/**
 * test/e2e/moto/extensions/budgets.py through the AWS SDK, the way aws_budgets_budget calls it: what AWS
 * accepts is accepted, what AWS refuses is refused with AWS's error
 * (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_Operations_AWS_Budgets.html).
 */
import { BudgetsClient, CreateBudgetCommand, DescribeNotificationsForBudgetCommand, DescribeSubscribersForNotificationCommand, ListTagsForResourceCommand as ListBudgetTagsCommand, Notification } from "@aws-sdk/client-budgets";
import { MANAGEMENT, smallOrganization } from "../helpers/small-organization";

jest.setTimeout(60_000);
const world = smallOrganization();
const refused = (name: string) => expect.objectContaining({ name });

describe("budgets extension", () => {
  const notification = (type: "ACTUAL" | "FORECASTED", threshold: number): Notification => ({ NotificationType: type, ComparisonOperator: "GREATER_THAN", Threshold: threshold, ThresholdType: "PERCENTAGE" });
  const budget = (name: string) => ({ BudgetName: name, BudgetType: "COST" as const, TimeUnit: "MONTHLY" as const, BudgetLimit: { Amount: "500", Unit: "USD" } });
  const emails = (...addresses: string[]) => addresses.map((Address) => ({ SubscriptionType: "EMAIL" as const, Address }));

  it("lists the subscribers of each notification and the budget's tags, as aws_budgets_budget reads them", async () => {
    const budgets = new BudgetsClient(world.management);
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
      new BudgetsClient(world.management).send(new CreateBudgetCommand({ AccountId: MANAGEMENT, Budget: budget("too-many"), NotificationsWithSubscribers: [{ Notification: notification("ACTUAL", 100), Subscribers: eleven }] })),
    ).rejects.toEqual(refused("InvalidParameterException"));
  });
});

