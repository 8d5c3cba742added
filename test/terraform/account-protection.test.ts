/**
 * Terraform layer: an account that exists in state cannot be destroyed by
 * deleting it from the config. Terraform itself plans the organization stack
 * against a state holding every member account (written here as a state v4
 * file), with moto standing in for STS so the provider's account pin
 * (`allowed_account_ids`) is checked for real. Nothing is applied, and the
 * plan does not refresh: the accounts exist only in the state.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { awsEnv, MotoServer, startMotoServer } from "../helpers/moto-server";
import { exampleConfig, exampleText, synthConfig, TfJson } from "../helpers/synth";
import { tf, TF_ENV } from "../helpers/terraform";

jest.setTimeout(240_000);

const MANAGEMENT = "111111111111";

/** The organization stack of `config`, with its S3 backend swapped for local state in a fresh directory. */
function organizationDir(configText: string): string {
  const stack = synthConfig(parseConfig(configText)).stack("organization");
  stack.terraform.backend = { local: { path: "terraform.tfstate" } };
  const dir = mkdtempSync(join(tmpdir(), "lz-protect-"));
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(stack, null, 1));
  return dir;
}

/**
 * A state v4 file in which the example's organization (organization.id: the
 * example adopts an existing one) and every member account already exist, as
 * after the first apply: the import blocks are then no-ops.
 */
function stateWithAccounts(): TfJson {
  const organizationId = exampleConfig().organization.id!;
  const organization = {
    schema_version: 0,
    attributes: {
      id: organizationId,
      arn: `arn:aws:organizations::${MANAGEMENT}:organization/${organizationId}`,
      feature_set: "ALL",
      master_account_id: MANAGEMENT,
      master_account_arn: `arn:aws:organizations::${MANAGEMENT}:account/${organizationId}/${MANAGEMENT}`,
      master_account_email: "aws+management@acme.example",
      master_account_name: "management",
      aws_service_access_principals: [],
      enabled_policy_types: ["SERVICE_CONTROL_POLICY"],
      roots: [{ id: "r-a1b2", arn: `arn:aws:organizations::${MANAGEMENT}:root/${organizationId}/r-a1b2`, name: "Root", policy_types: [{ status: "ENABLED", type: "SERVICE_CONTROL_POLICY" }] }],
      accounts: [],
      non_master_accounts: [],
    },
    sensitive_attributes: [],
  };
  const instances = exampleConfig().accounts.map((a) => ({
    index_key: a.name,
    schema_version: 0,
    attributes: {
      id: a.id,
      arn: `arn:aws:organizations::${MANAGEMENT}:account/${organizationId}/${a.id}`,
      name: a.name,
      email: a.email,
      parent_id: "ou-a1b2-c3d4e5f6",
      status: "ACTIVE",
      close_on_deletion: false,
      create_govcloud: false,
      tags: {},
      tags_all: {},
    },
    sensitive_attributes: [],
  }));
  return {
    version: 4,
    terraform_version: "1.11.0",
    serial: 1,
    lineage: "5f0c2b1e-7d4a-4c3b-9a8e-1f2d3c4b5a69",
    outputs: {},
    resources: [
      { mode: "managed", type: "aws_organizations_organization", name: "organization", provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [organization] },
      { mode: "managed", type: "aws_organizations_account", name: "account", provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances },
    ],
    check_results: null,
  };
}

describe("removing an existing account from the config", () => {
  let moto: MotoServer | undefined;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    moto = await startMotoServer(MANAGEMENT);
    env = { ...TF_ENV, ...awsEnv(moto.endpoint) };
  });

  afterAll(() => moto?.stop());

  async function plan(configText: string, ...extra: string[]): Promise<{ code: number; output: string }> {
    const dir = organizationDir(configText);
    writeFileSync(join(dir, "terraform.tfstate"), JSON.stringify(stateWithAccounts(), null, 1));
    const init = await tf(["init", "-input=false"], dir, env);
    if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stdout}${init.stderr}`);
    const r = await tf(["plan", "-input=false", "-refresh=false", "-detailed-exitcode", ...extra], dir, env);
    return { code: r.code, output: r.stdout + r.stderr };
  }

  it("plans cleanly while every account in state is still in the config (the control case)", async () => {
    const { code, output } = await plan(exampleText());
    expect(output).not.toContain("Error:");
    expect(code).toBe(2); // changes (OUs and SCPs are new, the organization's trusted services change), no error
    expect(output).not.toMatch(/aws_organizations_account\.account\["[a-z-]+"\] will be destroyed/);
  });

  describe("payments-prod deleted from accounts", () => {
    const doc = parseDocument(exampleText());
    doc.deleteIn(["accounts", 2]);
    const without = doc.toString();
    let result: { code: number; output: string };

    beforeAll(async () => {
      expect(without).not.toContain("payments-prod");
      result = await plan(without);
    });

    it("makes the organization plan want to destroy the account", () => {
      expect(result.output).toContain('# aws_organizations_account.account["payments-prod"] will be destroyed');
      expect(result.output).toContain('(because key ["payments-prod"] is not in for_each map)');
    });

    it("fails the plan: the account is protected by prevent_destroy", () => {
      expect(result.code).toBe(1);
      expect(result.output).toContain("Error: Instance cannot be destroyed");
      expect(result.output.replace(/\s+/g, " ")).toContain('Resource aws_organizations_account.account["payments-prod"] has lifecycle.prevent_destroy set');
    });

    it("stays protected when the plan targets only that account", async () => {
      const targeted = await plan(without, '-target=aws_organizations_account.account["payments-prod"]');
      expect(targeted.code).toBe(1);
      expect(targeted.output).toContain("Error: Instance cannot be destroyed");
    });
  });
});
