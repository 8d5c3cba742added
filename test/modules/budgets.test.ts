/** The budgets module alone: a monthly cost budget per account with forecast and actual alerts, and the anomaly monitor. */
import { TerraformVariable } from "cdktf";
import { Budgets } from "../../modules/budgets";
import { synthConstruct as synthModule } from "../helpers/construct";
import { resources, single } from "../helpers/synth";

describe("budgets module", () => {
  const out = synthModule(
    (s) =>
      new Budgets(s, "b", {
        namePrefix: "acme",
        // A vended account's id is a reference within the stack (here a variable standing for it).
        budgets: [{ name: "dev", accountId: new TerraformVariable(s, "dev_account_id", { type: "string" }).stringValue, monthlyUsd: 250, notify: ["dev@acme.example", "finops@acme.example"] }],
        anomalyNotify: ["finops@acme.example", "dev@acme.example", "finops@acme.example"],
      }),
  );

  it("budgets the account's monthly cost, filtered on its LinkedAccount (a vended account's id by reference)", () => {
    expect(single(out, "aws_budgets_budget")).toMatchObject({
      name: "acme-dev-monthly",
      budget_type: "COST",
      time_unit: "MONTHLY",
      limit_amount: "250.00",
      limit_unit: "USD",
      cost_filter: [{ name: "LinkedAccount", values: ["${var.dev_account_id}"] }],
    });
  });

  it("alerts at 80 % forecast and 100 % actual", () => {
    const { notification } = single(out, "aws_budgets_budget");
    expect(notification).toEqual([
      { notification_type: "FORECASTED", comparison_operator: "GREATER_THAN", threshold: 80, threshold_type: "PERCENTAGE", subscriber_email_addresses: ["dev@acme.example", "finops@acme.example"] },
      { notification_type: "ACTUAL", comparison_operator: "GREATER_THAN", threshold: 100, threshold_type: "PERCENTAGE", subscriber_email_addresses: ["dev@acme.example", "finops@acme.example"] },
    ]);
  });

  it("watches every service's spend and mails a daily digest of anomalies to each recipient once", () => {
    expect(single(out, "aws_ce_anomaly_monitor")).toMatchObject({ monitor_type: "DIMENSIONAL", monitor_dimension: "SERVICE" });
    const sub = single(out, "aws_ce_anomaly_subscription");
    expect(sub).toMatchObject({ frequency: "DAILY", monitor_arn_list: ["${aws_ce_anomaly_monitor.b_anomaly_monitor.arn}"] });
    expect(sub.subscriber).toEqual([{ type: "EMAIL", address: "finops@acme.example" }, { type: "EMAIL", address: "dev@acme.example" }]);
  });

  it("refuses more email subscribers than AWS Budgets allows", () => {
    const notify = Array.from({ length: 11 }, (_, i) => `p${i}@acme.example`);
    expect(() => synthModule((s) => new Budgets(s, "b", { namePrefix: "acme", budgets: [{ name: "dev", accountId: "1", monthlyUsd: 1, notify }] }))).toThrow(/11 email subscribers; AWS Budgets allows 10/);
  });

  it("creates no anomaly monitor without recipients", () => {
    const none = synthModule((s) => new Budgets(s, "b", { namePrefix: "acme", budgets: [] }));
    expect(resources(none, "aws_ce_anomaly_monitor")).toEqual({});
  });
});
