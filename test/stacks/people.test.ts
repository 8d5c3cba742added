/** People in the identity-center stack (permission sets, assignments with OUs fanned out, vended accounts by reference), applied last, and money in the organization stack. */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { exampleText, resources, synthConfig } from "../helpers/synth";

describe("identity-center and organization stacks: people and money", () => {
  const out = synthConfig();
  const stack = out.stack("identity-center");
  const organization = out.stack("organization");
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

  it("runs in the management account after every account stack, whose baselines hold the policies its sets reference", () => {
    expect(stack.provider.aws[0].allowed_account_ids).toEqual(["111111111111"]);
    expect(stack.provider.aws[0].assume_role).toBeUndefined();
    expect(out.manifest().stacks["identity-center"].dependencies).toEqual(
      expect.arrayContaining(["organization", "logging", "network", "workload-payments-prod", "workload-analytics-dev"]),
    );
    expect(resources(stack, "aws_iam_policy")).toEqual({}); // no baseline of its own: the organization stack holds the management account's
    expect(resources(organization, "aws_ssoadmin_permission_set")).toEqual({});
  });

  it("assigns an account vended later through its OU, by the id of the organization stack's own account resource", () => {
    const doc = parseDocument(exampleText());
    (doc.get("accounts") as { add(v: unknown): void }).add({ name: "batch-dev", type: "workload", email: "aws+batch-dev@acme.example", ou: "Workloads/NonProd" });
    const vended = synthConfig(parseConfig(doc.toString()));
    const dev = resources(vended.stack("identity-center"), "aws_ssoadmin_account_assignment").identity_center_assign_developers_Developer_batch_dev;
    // Through the organization stack's outputs: the id of aws_organizations_account.account["batch-dev"].
    expect(dev.target_id).toMatch(/^\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+\}$/);
    const org = vended.stack("organization");
    const published = Object.values(org.output as Record<string, { value: string }>).map((o) => o.value);
    expect(published).toContain('${aws_organizations_account.account["batch-dev"].id}');
    expect(resources(org, "aws_budgets_budget").budgets_budget_batch_dev.cost_filter).toEqual([{ name: "LinkedAccount", values: ['${aws_organizations_account.account["batch-dev"].id}'] }]);
  });

  it("budgets every account from the payer, and watches the organization's spend for anomalies", () => {
    const budgets = Object.values(resources(organization, "aws_budgets_budget")).map((b) => `${b.name} ${b.limit_amount} ${b.cost_filter[0].values[0]}`);
    expect(budgets.sort()).toEqual([
      "acme-analytics-dev-monthly 500.00 555555555555",
      "acme-log-archive-monthly 300.00 222222222222",
      "acme-network-monthly 1500.00 333333333333",
      "acme-payments-prod-monthly 500.00 444444444444",
    ]);
    const [subscription] = Object.values(resources(organization, "aws_ce_anomaly_subscription"));
    expect(subscription.subscriber.map((s: { address: string }) => s.address)).toEqual(
      expect.arrayContaining(["finops@acme.example", "aws+payments-prod@acme.example", "aws+network@acme.example"]),
    );
  });
});
