/** Stack wiring: one stack per account and concern, S3 state with locking, providers pinned to their accounts. */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { exampleText, synthConfig } from "../helpers/synth";

describe("stack wiring", () => {
  const out = synthConfig();

  it("synthesizes bootstrap, organization, logging, network, security and one stack per workload", () => {
    expect(out.stacks).toEqual(["bootstrap", "logging", "network", "organization", "security", "workload-analytics-dev", "workload-payments-prod"]);
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
  ])("pins %s's provider to account %s through the access role", (name, id, account) => {
    const [provider] = out.stack(name).provider.aws;
    expect(provider.allowed_account_ids).toEqual([id]);
    expect(provider.assume_role).toEqual([{ role_arn: `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`, session_name: `lz-${name}` }]);
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
    expect(account.for_each["analytics-dev"]).toEqual({ name: "analytics-dev", email: "aws+analytics-dev@acme.example", parent_id: "${aws_organizations_organizational_unit.ous_workloads_nonprod.id}" });
    expect(account).toMatchObject({ close_on_deletion: false, role_name: "OrganizationAccountAccessRole" });
    expect(account.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["role_name", "iam_user_access_to_billing"] });
    expect(out.stack("organization").import.map((i: { to: string }) => i.to)).not.toContain('aws_organizations_account.account["analytics-dev"]');
  });

  it("gets its id in the workload stack from the organization stack's outputs", () => {
    const workload = out.stack("workload-analytics-dev");
    const [provider] = workload.provider.aws;
    expect(provider.allowed_account_ids[0]).toMatch(/^\$\{data\.terraform_remote_state\.cross_stack_reference_input_organization\.outputs\./);
    expect(workload.data.terraform_remote_state["cross_stack_reference_input_organization"].config).toMatchObject({ bucket: "acme-tfstate-111111111111", key: "organization/terraform.tfstate" });
    expect(out.manifest().stacks["workload-analytics-dev"].dependencies).toContain("organization");
  });
});
