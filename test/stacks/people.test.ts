/** People and money in the organization stack: the example's permission sets, assignments (OUs fanned out, vended accounts by reference) and budgets. */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { exampleText, resources, synthConfig } from "../helpers/synth";

describe("organization stack: people and money", () => {
  const stack = synthConfig().stack("organization");
  const assignments = Object.values(resources(stack, "aws_ssoadmin_account_assignment"));
  const setOf = (arn: string) => /identity_center_set_(\w+)\.arn/.exec(arn)![1];
  const groupOf = (id: string) => /identity_center_group_(\w+)\.group_id/.exec(id)![1];
  const granted = (account: string) =>
    assignments
      .filter((a) => a.target_id === account)
      .map((a) => `${groupOf(a.principal_id)}:${setOf(a.permission_set_arn)}`)
      .sort();

  it("creates the six built-in permission sets in the management account", () => {
    const sets = Object.values(resources(stack, "aws_ssoadmin_permission_set")).map((s) => `${s.name} ${s.session_duration}`);
    expect(sets.sort()).toEqual(["Admin PT1H", "Developer PT8H", "PlatformEngineer PT4H", "ReadOnly PT8H", "SecurityAudit PT8H", "SessionUser PT4H"]);
  });

  it("gives SessionUser the baseline's session-user policy, by name, in every account it is provisioned to", () => {
    const refs = Object.entries(resources(stack, "aws_ssoadmin_customer_managed_policy_attachment")).filter(([k]) => k.includes("SessionUser"));
    expect(refs.map(([, a]) => a.customer_managed_policy_reference)).toEqual([{ name: "acme-session-user", path: "/" }]);
  });

  it("grants developers Developer in non-prod, ReadOnly and SessionUser in prod, and nothing in the network or logging accounts", () => {
    expect(granted("555555555555")).toEqual(["auditors:SecurityAudit", "developers:Developer", "platform_admins:Admin", "platform_engineers:PlatformEngineer"]);
    expect(granted("444444444444")).toEqual(["auditors:SecurityAudit", "developers:ReadOnly", "developers:SessionUser", "platform_admins:Admin", "platform_engineers:PlatformEngineer"]);
    for (const account of ["222222222222", "333333333333"]) expect(granted(account).filter((g) => g.startsWith("developers"))).toEqual([]);
  });

  it("assigns an account vended later through its OU, by the id of the organization stack's own account resource", () => {
    const doc = parseDocument(exampleText());
    (doc.get("accounts") as { add(v: unknown): void }).add({ name: "batch-dev", type: "workload", email: "aws+batch-dev@acme.example", ou: "Workloads/NonProd" });
    const vended = synthConfig(parseConfig(doc.toString())).stack("organization");
    const dev = resources(vended, "aws_ssoadmin_account_assignment").identity_center_assign_developers_Developer_batch_dev;
    expect(dev.target_id).toBe('${aws_organizations_account.account["batch-dev"].id}');
    expect(resources(vended, "aws_budgets_budget").budgets_budget_batch_dev.cost_filter).toEqual([{ name: "LinkedAccount", values: ['${aws_organizations_account.account["batch-dev"].id}'] }]);
  });

  it("budgets every account from the payer, and watches the organization's spend for anomalies", () => {
    const budgets = Object.values(resources(stack, "aws_budgets_budget")).map((b) => `${b.name} ${b.limit_amount} ${b.cost_filter[0].values[0]}`);
    expect(budgets.sort()).toEqual([
      "acme-analytics-dev-monthly 500.00 555555555555",
      "acme-log-archive-monthly 300.00 222222222222",
      "acme-network-monthly 1500.00 333333333333",
      "acme-payments-prod-monthly 500.00 444444444444",
    ]);
    const [subscription] = Object.values(resources(stack, "aws_ce_anomaly_subscription"));
    expect(subscription.subscriber.map((s: { address: string }) => s.address)).toEqual(
      expect.arrayContaining(["finops@acme.example", "aws+payments-prod@acme.example", "aws+network@acme.example"]),
    );
  });
});
