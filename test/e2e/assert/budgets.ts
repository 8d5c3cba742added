/**
 * Money, in the management account (part of the organization stack): each
 * account's monthly budget with its limit, its LinkedAccount filter, the 80 %
 * forecast and 100 % actual alerts and their email subscribers; and the
 * organization's anomaly monitor with its daily digest to every address.
 */
import { BudgetsClient, DescribeBudgetCommand, DescribeNotificationsForBudgetCommand, DescribeSubscribersForNotificationCommand } from "@aws-sdk/client-budgets";
import { CostExplorerClient, GetAnomalyMonitorsCommand, GetAnomalySubscriptionsCommand } from "@aws-sdk/client-cost-explorer";
import { anomalyMonitorName, anomalySubscriptionName, budgetName } from "../../../modules/budgets";
import { accountIdOf } from "./accounts";
import { StackContext } from "./context";

export async function assertBudgets(ctx: StackContext): Promise<void> {
  const { config } = ctx;
  const management = config.organization.managementAccountId;
  const options = await ctx.aws.in(management);
  const budgets = new BudgetsClient(options);
  expect(config.budgets.length).toBeGreaterThan(0);
  for (const b of config.budgets) {
    const id = await accountIdOf(ctx, config.accounts.find((a) => a.name === b.account)!);
    const name = budgetName(config.name, b.account);
    const budget = (await budgets.send(new DescribeBudgetCommand({ AccountId: management, BudgetName: name }))).Budget!;
    expect({ type: budget.BudgetType, unit: budget.TimeUnit, limit: Number(budget.BudgetLimit?.Amount), filter: budget.CostFilters }).toEqual({
      type: "COST",
      unit: "MONTHLY",
      limit: b.monthlyUsd,
      filter: { LinkedAccount: [id] },
    });
    const notifications = (await budgets.send(new DescribeNotificationsForBudgetCommand({ AccountId: management, BudgetName: name }))).Notifications ?? [];
    const alerts = notifications.map((n) => `${n.NotificationType} ${n.ComparisonOperator} ${n.Threshold} ${n.ThresholdType ?? "PERCENTAGE"}`).sort();
    expect(alerts).toEqual(["ACTUAL GREATER_THAN 100 PERCENTAGE", "FORECASTED GREATER_THAN 80 PERCENTAGE"]);
    for (const notification of notifications) {
      const subscribers = (await budgets.send(new DescribeSubscribersForNotificationCommand({ AccountId: management, BudgetName: name, Notification: notification }))).Subscribers ?? [];
      expect(subscribers.map((s) => `${s.SubscriptionType} ${s.Address}`).sort()).toEqual(b.notify.map((address) => `EMAIL ${address}`).sort());
    }
  }

  const ce = new CostExplorerClient(options);
  const monitors = ((await ce.send(new GetAnomalyMonitorsCommand({}))).AnomalyMonitors ?? []).filter((m) => m.MonitorName === anomalyMonitorName(config.name));
  expect(monitors.map((m) => ({ type: m.MonitorType, dimension: m.MonitorDimension }))).toEqual([{ type: "DIMENSIONAL", dimension: "SERVICE" }]);
  const subscriptions = ((await ce.send(new GetAnomalySubscriptionsCommand({ MonitorArn: monitors[0].MonitorArn }))).AnomalySubscriptions ?? []).filter((s) =>
    s.SubscriptionName?.startsWith(anomalySubscriptionName(config.name)),
  );
  expect(subscriptions.every((s) => s.Frequency === "DAILY")).toBe(true);
  const recipients = [...new Set(config.budgets.flatMap((b) => b.notify))].sort();
  expect(subscriptions.flatMap((s) => (s.Subscribers ?? []).map((r) => `${r.Type} ${r.Address}`)).sort()).toEqual(recipients.map((a) => `EMAIL ${a}`));
}
