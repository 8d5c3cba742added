import { readFileSync } from "node:fs";
import { join } from "node:path";
import { accountOfOutput, classifyWaiting, errorHeadlines, stackOfRemoteState, WaitingContext } from "../../src/plan/waiting";

const fixture = (name: string) => readFileSync(join(__dirname, "..", "fixtures", "terraform-errors", `${name}.txt`), "utf8");

const ctx: WaitingContext = {
  stacks: ["bootstrap", "organization", "access-log-archive", "access-network", "logging", "network", "workload-analytics-dev", "workload-payments-prod"],
  stateBucketStack: "bootstrap",
  accounts: [
    { name: "log-archive", id: "222222222222" },
    { name: "network", id: "333333333333" },
    { name: "analytics-dev" },
  ],
};

describe("waiting on X, from real Terraform errors", () => {
  it("waits on bootstrap while the state bucket does not exist", () => {
    expect(classifyWaiting(fixture("state-bucket-missing"), ctx)).toEqual({ on: "bootstrap", reason: "state bucket nobucket-here does not exist yet" });
  });

  it("waits on the stack whose remote state is missing", () => {
    expect(classifyWaiting(fixture("remote-state-missing"), ctx)).toEqual({ on: "organization", reason: "organization is not applied yet (no state)" });
  });

  it("waits on the organization stack for a vended account it has not created yet", () => {
    expect(classifyWaiting(fixture("remote-state-output-missing"), ctx)).toEqual({ on: "organization", reason: "account analytics-dev is not created yet" });
  });

  it("waits on the organization stack while its account_ids map has no entry for a vended account", () => {
    expect(classifyWaiting(fixture("remote-state-account-missing"), ctx)).toEqual({ on: "organization", reason: "account analytics-dev is not created yet" });
  });

  it("maps the contracts' remote-state data sources to their stacks", () => {
    expect(stackOfRemoteState("remote_state_organization", ctx.stacks)).toBe("organization");
    expect(stackOfRemoteState("remote_state_network", ctx.stacks)).toBe("network");
  });

  it("waits on an account whose access role cannot be assumed yet", () => {
    expect(classifyWaiting(fixture("assume-role-denied"), ctx)).toEqual({
      on: "account 444444444444",
      reason: "its role arn:aws:iam::444444444444:role/OrganizationAccountAccessRole cannot be assumed yet (a new account's role takes a few minutes)",
    });
  });

  it("fails when the role of an account the config names by id cannot be assumed", () => {
    expect(classifyWaiting(fixture("assume-role-denied"), { ...ctx, accounts: [...ctx.accounts, { name: "payments-prod", id: "444444444444" }] })).toBeUndefined();
  });

  it("waits on the account's access stack while its deployer role does not exist, and on network while the hub role does not", () => {
    const denied = (arn: string) => fixture("assume-role-denied").replace(/arn:aws:iam::444444444444:role\/OrganizationAccountAccessRole/g, arn);
    expect(classifyWaiting(denied("arn:aws:iam::222222222222:role/lz/acme-deployer"), ctx)).toEqual({
      on: "access-log-archive",
      reason: "its deployer role arn:aws:iam::222222222222:role/lz/acme-deployer does not exist until access-log-archive is applied",
    });
    expect(classifyWaiting(denied("arn:aws:iam::333333333333:role/lz/acme-hub-attach"), ctx)).toEqual({
      on: "network",
      reason: "the hub role arn:aws:iam::333333333333:role/lz/acme-hub-attach does not exist until network is applied",
    });
    expect(classifyWaiting(denied("arn:aws:iam::444444444444:role/lz/acme-deployer"), ctx)?.on).toBe("account 444444444444");
  });

  it("in a read-only run, waits on the account's access stack while its ci-read role does not exist", () => {
    const denied = fixture("assume-role-denied").replace(/arn:aws:iam::444444444444:role\/OrganizationAccountAccessRole/g, "arn:aws:iam::222222222222:role/lz/acme-ci-read");
    expect(classifyWaiting(denied, ctx)).toEqual({
      on: "access-log-archive",
      reason: "its read-only role arn:aws:iam::222222222222:role/lz/acme-ci-read does not exist until access-log-archive is applied (plan that first apply without --read-only, with the apply role)",
    });
  });

  it("fails on credentials for the wrong account", () => {
    expect(classifyWaiting(fixture("account-not-allowed"), ctx)).toBeUndefined();
    expect(errorHeadlines(fixture("account-not-allowed"))).toEqual(["AWS account ID not allowed: 111111111111"]);
  });

  it("summarizes a failure by its Error: headlines, once each", () => {
    expect(errorHeadlines(fixture("remote-state-output-missing"))).toEqual(["Unsupported attribute"]);
    expect(errorHeadlines(fixture("assume-role-denied"))[0]).toBe("Cannot assume IAM Role");
  });
});

describe("naming what a stack waits on", () => {
  it("maps cdktf's remote state data sources to stacks, preferring the longest match", () => {
    expect(stackOfRemoteState("cross_stack_reference_input_workload-analytics-dev", ctx.stacks)).toBe("workload-analytics-dev");
    expect(stackOfRemoteState("cross_stack_reference_input_network", [...ctx.stacks, "hub-network"])).toBe("network");
    expect(stackOfRemoteState("something_else", ctx.stacks)).toBe("something_else");
  });

  it("maps organization outputs to account names", () => {
    expect(accountOfOutput("cross_stack_output_aws_organizations_account_account_analytics_dev_id", ctx.accounts)).toBe("analytics-dev");
    expect(accountOfOutput("account_id_network", ctx.accounts)).toBe("network");
    expect(accountOfOutput("hub_vpc_id", ctx.accounts)).toBeUndefined();
  });
});
