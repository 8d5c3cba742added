/** People in the identity-center stack (permission sets, assignments with OUs fanned out, vended accounts by reference), applied last, and money in the organization stack. */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { vend } from "../../src/vend/vend";
import { EXAMPLE_FILE, exampleText, resources, synthConfig } from "../helpers/synth";

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

  it("attaches to every built-in set exactly its policies", () => {
    const byKey = (type: string) => Object.entries(resources(stack, type)) as [string, Record<string, unknown>][];
    const policiesOf = (set: string) => [
      ...byKey("aws_ssoadmin_managed_policy_attachment")
        .filter(([, a]) => setOf(a.permission_set_arn as string) === set)
        .map(([, a]) => String(a.managed_policy_arn).replace("arn:aws:iam::aws:policy/", "aws:")),
      ...byKey("aws_ssoadmin_customer_managed_policy_attachment")
        .filter(([, a]) => setOf(a.permission_set_arn as string) === set)
        .map(([, a]) => `customer:${(a.customer_managed_policy_reference as { path: string; name: string }).path}${(a.customer_managed_policy_reference as { name: string }).name}`),
    ].sort();
    expect(Object.fromEntries(["Admin", "PlatformEngineer", "Developer", "ReadOnly", "SecurityAudit", "SessionUser"].map((set) => [set, policiesOf(set)]))).toEqual({
      Admin: ["aws:AdministratorAccess"],
      PlatformEngineer: ["aws:IAMReadOnlyAccess", "aws:PowerUserAccess", "customer:/acme-session-user"],
      Developer: ["aws:PowerUserAccess", "customer:/acme-session-user"],
      ReadOnly: ["aws:ReadOnlyAccess"],
      SecurityAudit: ["aws:ReadOnlyAccess", "aws:SecurityAudit"],
      SessionUser: ["customer:/acme-session-user"],
    });
    // No built-in set has an inline policy or a boundary; every assignment waits for its set's attachments.
    expect(resources(stack, "aws_ssoadmin_permission_set_inline_policy")).toEqual({});
    expect(resources(stack, "aws_ssoadmin_permissions_boundary_attachment")).toEqual({});
    for (const a of assignments) expect((a.depends_on as string[]).length).toBeGreaterThan(0);
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
    // Through the organization stack's account_ids output: the id of aws_organizations_account.account["batch-dev"].
    expect(dev.target_id).toBe('${data.terraform_remote_state.remote_state_organization.outputs.account_ids["batch-dev"]}');
    const org = vended.stack("organization");
    expect(org.output.account_ids.value["batch-dev"]).toBe('${aws_organizations_account.account["batch-dev"].id}');
    expect(resources(org, "aws_budgets_budget").budgets_budget_batch_dev.cost_filter).toEqual([{ name: "LinkedAccount", values: ['${aws_organizations_account.account["batch-dev"].id}'] }]);
  });

  it("assigns an account lz vend adds to an OU that OU's sets, and budgets it", () => {
    const vended = vend(exampleText(), EXAMPLE_FILE, { name: "batch-dev", email: "aws+batch-dev@acme.example", ou: "Workloads/NonProd" });
    const out = synthConfig(vended.config);
    const added = Object.entries(resources(out.stack("identity-center"), "aws_ssoadmin_account_assignment")).filter(([key]) => key.endsWith("_batch_dev"));
    expect(added.map(([key]) => key.replace("identity_center_assign_", "")).sort()).toEqual([
      "auditors_SecurityAudit_batch_dev",
      "developers_Developer_batch_dev",
      "platform_admins_Admin_batch_dev",
      "platform_engineers_PlatformEngineer_batch_dev",
    ]);
    expect(Object.keys(resources(out.stack("organization"), "aws_budgets_budget"))).toContain("budgets_budget_batch_dev");
  });

  it("with access.administrator, registers that account as Identity Center's delegated administrator and runs the stack there, as its deployer", () => {
    const doc = parseDocument(exampleText());
    doc.setIn(["access", "administrator"], "log-archive");
    const delegated = synthConfig(parseConfig(doc.toString()));
    const registration = Object.values(resources(delegated.stack("organization"), "aws_organizations_delegated_administrator")).filter((d) => d.service_principal === "sso.amazonaws.com");
    expect(registration.map((d) => d.account_id)).toEqual(["222222222222"]);
    const provider = delegated.stack("identity-center").provider.aws[0];
    expect(provider.allowed_account_ids).toEqual(["222222222222"]);
    expect(provider.assume_role[0].role_arn).toBe("arn:aws:iam::222222222222:role/lz/acme-deployer");
    expect(delegated.manifest().stacks["identity-center"].dependencies).toEqual(expect.arrayContaining(["organization", "access-log-archive"]));
    // Without it: no registration, and the stack stays in the management account (above).
    expect(Object.values(resources(organization, "aws_organizations_delegated_administrator")).filter((d) => d.service_principal === "sso.amazonaws.com")).toEqual([]);
  });

  it("budgets every account from the payer, and watches the organization's spend for anomalies", () => {
    const budgets = Object.values(resources(organization, "aws_budgets_budget")).map((b) => `${b.name} ${b.limit_amount} ${b.cost_filter[0].values[0]}`);
    expect(budgets.sort()).toEqual([
      "acme-analytics-dev-monthly 500.00 555555555555",
      "acme-log-archive-monthly 300.00 222222222222",
      "acme-network-monthly 1500.00 333333333333",
      "acme-payments-prod-monthly 500.00 444444444444",
    ]);
    for (const b of Object.values(resources(organization, "aws_budgets_budget"))) {
      expect(b.notification.map((n: Record<string, unknown>) => `${n.notification_type} ${n.comparison_operator} ${n.threshold} ${n.threshold_type}`)).toEqual([
        "FORECASTED GREATER_THAN 80 PERCENTAGE",
        "ACTUAL GREATER_THAN 100 PERCENTAGE",
      ]);
      expect(b.notification[0].subscriber_email_addresses).toEqual(expect.arrayContaining(["finops@acme.example"]));
    }
    const [monitor] = Object.values(resources(organization, "aws_ce_anomaly_monitor"));
    expect([monitor.monitor_type, monitor.monitor_dimension]).toEqual(["DIMENSIONAL", "SERVICE"]);
    const [subscription] = Object.values(resources(organization, "aws_ce_anomaly_subscription"));
    expect(subscription.frequency).toBe("DAILY");
    expect(subscription.subscriber.map((s: { address: string }) => s.address)).toEqual(
      expect.arrayContaining(["finops@acme.example", "aws+payments-prod@acme.example", "aws+network@acme.example"]),
    );
  });
});
