/**
 * # budgets
 * Spending guardrails, from the payer (the management account): one monthly
 * cost budget per member account, filtered on the LinkedAccount dimension, so a
 * vended account has its budget before anything runs in it; and Cost Anomaly
 * Detection over every service's spend, with a daily email digest.
 *
 * Each budget alerts twice: when the month's forecast passes 80 % and when the
 * actual cost passes 100 % of the limit (AWS Budgets: "Creating a cost budget",
 * https://docs.aws.amazon.com/cost-management/latest/userguide/create-cost-budget.html).
 * A notification holds at most 10 email subscribers
 * (https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-limits.html);
 * the construct refuses more.
 *
 * Cost Anomaly Detection sends email only as a DAILY or WEEKLY digest (IMMEDIATE
 * needs SNS): https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_AnomalySubscription.html.
 * A DIMENSIONAL/SERVICE monitor in the management account watches the whole
 * organization's consolidated spend per service
 * (https://docs.aws.amazon.com/cost-management/latest/userguide/getting-started-ad.html).
 */
import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { CeAnomalyMonitor } from "@cdktf/provider-aws/lib/ce-anomaly-monitor";
import { CeAnomalySubscription } from "@cdktf/provider-aws/lib/ce-anomaly-subscription";
import { Construct } from "constructs";
import { MAX_BUDGET_EMAIL_SUBSCRIBERS } from "../../aws/budgets";

export { MAX_BUDGET_EMAIL_SUBSCRIBERS };

export interface AccountBudgetSpec {
  /** Account name: the budget is named `<prefix>-<name>` and its construct `budget-<name>`. */
  readonly name: string;
  /** Account id: a literal, or a reference to a vended account's resource. */
  readonly accountId: string;
  readonly monthlyUsd: number;
  /** Who is alerted, at most 10. */
  readonly notify: readonly string[];
}

export interface BudgetsProps {
  /** Prefix of every name. */
  readonly namePrefix: string;
  readonly budgets: readonly AccountBudgetSpec[];
  /**
   * Percent of the limit at which the forecast alerts.
   * @default 80
   */
  readonly forecastThresholdPercent?: number;
  /** Who gets the daily anomaly digest; no anomaly monitor when empty. @default [] */
  readonly anomalyNotify?: readonly string[];
  /**
   * Smallest total impact, in USD, of an anomaly worth an email.
   * @default 100
   */
  readonly anomalyImpactUsd?: number;
}

export class Budgets extends Construct {
  readonly budgets: Readonly<Record<string, BudgetsBudget>> = {};
  readonly anomalyMonitor?: CeAnomalyMonitor;

  constructor(scope: Construct, id: string, props: BudgetsProps) {
    super(scope, id);
    const out = this.budgets as Record<string, BudgetsBudget>;
    for (const b of props.budgets) {
      if (b.notify.length > MAX_BUDGET_EMAIL_SUBSCRIBERS) {
        throw new Error(`budget of ${b.name}: ${b.notify.length} email subscribers; AWS Budgets allows ${MAX_BUDGET_EMAIL_SUBSCRIBERS} per notification`);
      }
      out[b.name] = new BudgetsBudget(this, `budget-${b.name}`, {
        name: `${props.namePrefix}-${b.name}-monthly`,
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitAmount: b.monthlyUsd.toFixed(2),
        limitUnit: "USD",
        costFilter: [{ name: "LinkedAccount", values: [b.accountId] }],
        notification: [
          { notificationType: "FORECASTED", comparisonOperator: "GREATER_THAN", threshold: props.forecastThresholdPercent ?? 80, thresholdType: "PERCENTAGE", subscriberEmailAddresses: [...b.notify] },
          { notificationType: "ACTUAL", comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", subscriberEmailAddresses: [...b.notify] },
        ],
      });
    }
    const recipients = [...new Set(props.anomalyNotify ?? [])];
    if (recipients.length === 0) return;
    this.anomalyMonitor = new CeAnomalyMonitor(this, "anomaly-monitor", { name: `${props.namePrefix}-services`, monitorType: "DIMENSIONAL", monitorDimension: "SERVICE" });
    // One subscription per 10 recipients, as for budgets.
    for (let i = 0; i < recipients.length; i += MAX_BUDGET_EMAIL_SUBSCRIBERS) {
      const n = i / MAX_BUDGET_EMAIL_SUBSCRIBERS;
      new CeAnomalySubscription(this, n === 0 ? "anomaly-alerts" : `anomaly-alerts-${n + 1}`, {
        name: n === 0 ? `${props.namePrefix}-anomalies` : `${props.namePrefix}-anomalies-${n + 1}`,
        frequency: "DAILY",
        monitorArnList: [this.anomalyMonitor.arn],
        subscriber: recipients.slice(i, i + MAX_BUDGET_EMAIL_SUBSCRIBERS).map((address) => ({ type: "EMAIL", address })),
        thresholdExpression: { dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", matchOptions: ["GREATER_THAN_OR_EQUAL"], values: [String(props.anomalyImpactUsd ?? 100)] } },
      });
    }
  }
}
