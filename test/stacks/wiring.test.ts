/** Stack wiring: one stack per account and concern, S3 state with locking, providers pinned to their accounts. */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { EXAMPLE_STACKS, exampleText, synthConfig } from "../helpers/synth";

describe("stack wiring", () => {
  const out = synthConfig();

  it("synthesizes bootstrap, organization, one access stack per member account, logging, network, security, one stack per workload and identity-center", () => {
    expect(out.stacks).toEqual(EXAMPLE_STACKS);
  });

  it.each(["organization", "logging", "network", "security", "workload-payments-prod", "workload-analytics-dev"])("gives %s its own encrypted, locked S3 state", (name) => {
    expect(out.stack(name).terraform.backend.s3).toEqual({
      bucket: "acme-tfstate-111111111111",
      key: `${name}/terraform.tfstate`,
      region: "us-east-1",
      encrypt: true,
      kms_key_id: "arn:aws:kms:us-east-1:111111111111:alias/acme/tfstate",
      use_lockfile: true,
    });
  });

  it("keeps bootstrap on local state outside the output directory until it is migrated", () => {
    expect(out.stack("bootstrap").terraform.backend.local.path).toBe("../../../.lz/bootstrap.tfstate");
  });

  it.each([
    ["logging", "222222222222", "log-archive"],
    ["network", "333333333333", "network"],
    ["security", "666666666666", "security"],
    ["workload-payments-prod", "444444444444", "payments-prod"],
  ])("pins %s's provider to account %s through the landing zone's deployer role", (name, id, account) => {
    const [provider] = out.stack(name).provider.aws;
    expect(provider.allowed_account_ids).toEqual([id]);
    expect(provider.assume_role).toEqual([{ role_arn: `arn:aws:iam::${id}:role/lz/acme-deployer`, session_name: `lz-${name}` }]);
    expect(provider.default_tags).toEqual([{ tags: { "lz:name": "acme", "lz:account": account, "lz:stack": name, "managed-by": "landing-zone" } }]);
    expect(provider.region).toBe("us-east-1");
  });

  it("runs management-account stacks with the caller's own credentials, pinned to the management account", () => {
    for (const name of ["bootstrap", "organization"]) {
      const [provider] = out.stack(name).provider.aws;
      expect(provider.allowed_account_ids).toEqual(["111111111111"]);
      expect(provider.assume_role).toBeUndefined();
    }
  });

  it.each([
    ["access-log-archive", "222222222222", "log-archive"],
    ["access-network", "333333333333", "network"],
    ["access-payments-prod", "444444444444", "payments-prod"],
  ])("pins %s's provider to account %s through the organization's access role, to create the deployer role", (name, id, account) => {
    const stack = out.stack(name);
    const [provider] = stack.provider.aws;
    expect(provider.allowed_account_ids).toEqual([id]);
    expect(provider.assume_role).toEqual([{ role_arn: `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`, session_name: `lz-${name}` }]);
    expect(provider.default_tags).toEqual([{ tags: { "lz:name": "acme", "lz:account": account, "lz:stack": name, "managed-by": "landing-zone" } }]);
    expect(stack.resource.aws_iam_role.deployer).toMatchObject({ name: "acme-deployer", path: "/lz/" });
    expect(stack.data.aws_iam_policy_document.deployer_trust.statement).toEqual([
      { sid: "ManagementAccount", actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:root"] }] },
    ]);
    expect(stack.resource.aws_iam_role_policy_attachment.deployer_AdministratorAccess).toEqual(
      expect.objectContaining({ role: "${aws_iam_role.deployer.name}", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
    );
    expect(Object.keys(stack.resource)).toEqual(["aws_iam_role", "aws_iam_role_policy_attachment"]);
  });

  it("orders the waves organization -> access-<account> -> the account's stacks (workloads after the network stack, whose hub role they use)", () => {
    const { stacks } = out.manifest();
    for (const account of ["log-archive", "network", "payments-prod", "analytics-dev"]) expect(stacks[`access-${account}`].dependencies).toEqual(expect.arrayContaining(["bootstrap", "organization"]));
    expect(stacks.logging.dependencies).toContain("access-log-archive");
    expect(stacks.network.dependencies).toContain("access-network");
    expect(stacks["workload-payments-prod"].dependencies).toEqual(expect.arrayContaining(["access-payments-prod", "network"]));
    expect(stacks["workload-analytics-dev"].dependencies).toEqual(expect.arrayContaining(["access-analytics-dev", "network"]));
    expect(stacks["workload-payments-prod"].dependencies).not.toContain("access-network");
  });

  it("makes every remote-state stack depend on bootstrap", () => {
    const { stacks } = out.manifest();
    for (const name of out.stacks.filter((s) => s !== "bootstrap")) expect(stacks[name].dependencies).toContain("bootstrap");
  });

  it("adopts existing accounts with import blocks instead of creating them", () => {
    const imports = out.stack("organization").import;
    expect(imports).toEqual(
      expect.arrayContaining([
        { to: 'aws_organizations_account.account["log-archive"]', id: "222222222222" },
        { to: 'aws_organizations_account.account["payments-prod"]', id: "444444444444" },
      ]),
    );
  });
});

describe("a vended account (no id)", () => {
  const doc = parseDocument(exampleText());
  doc.deleteIn(["accounts", 3, "id"]);
  const out = synthConfig(parseConfig(doc.toString()));

  it("is created by the organization stack, never closed, and protected", () => {
    const account = out.stack("organization").resource.aws_organizations_account["account"];
    expect(account.for_each["analytics-dev"]).toEqual({ name: "analytics-dev", email: "aws+analytics-dev@acme.example", parent_id: "${aws_organizations_organizational_unit.ous_workloads_nonprod.id}", tags: { "lz:account": "analytics-dev" } });
    expect(account).toMatchObject({ close_on_deletion: false, role_name: "OrganizationAccountAccessRole" });
    expect(account.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["role_name", "iam_user_access_to_billing"] });
    expect(out.stack("organization").import.map((i: { to: string }) => i.to)).not.toContain('aws_organizations_account.account["analytics-dev"]');
  });

  it("gets its id in the workload stack from the organization stack's outputs", () => {
    const workload = out.stack("workload-analytics-dev");
    const [provider] = workload.provider.aws;
    expect(provider.allowed_account_ids[0]).toMatch(/^\$\{data\.terraform_remote_state\.remote_state_organization\.outputs\./);
    expect(workload.data.terraform_remote_state["remote_state_organization"].config).toMatchObject({ bucket: "acme-tfstate-111111111111", key: "organization/terraform.tfstate" });
    expect(out.manifest().stacks["workload-analytics-dev"].dependencies).toContain("organization");
  });

  it("gets its deployer role from an access stack that reads the account id from the organization stack's outputs", () => {
    const access = out.stack("access-analytics-dev");
    const [provider] = access.provider.aws;
    expect(provider.allowed_account_ids[0]).toMatch(/^\$\{data\.terraform_remote_state\.remote_state_organization\.outputs\./);
    expect(provider.assume_role[0].role_arn).toMatch(/^arn:aws:iam::\$\{data\.terraform_remote_state\.remote_state_organization\.outputs\..*\}:role\/OrganizationAccountAccessRole$/);
    expect(out.manifest().stacks["access-analytics-dev"].dependencies).toEqual(expect.arrayContaining(["bootstrap", "organization"]));
  });
});
