/**
 * lz adopt and lz retire against the emulator (a plain moto server seeded with an organization through
 * the AWS SDK, the way an existing organization looks):
 * - adopt reads it and writes a config that validates (once the one ambiguous account's type is chosen
 *   with --type), synthesizes, and whose organization plan imports the organization, every OU and every
 *   account: no create of any of them;
 * - retire marks an account, and the organization stack's apply moves it into the Suspended OU (the
 *   OU, by that name, under the root) with the deny-all SCP attached to that OU; the account stays active.
 * The organization stack runs with local state (no bootstrap needed) and is applied with -target on the
 * Organizations resources: the rest of the stack (the management account's baseline, budgets) is not what
 * these commands change, and the deploy test applies it whole.
 */
import { CreateAccountCommand, CreateOrganizationalUnitCommand, CreateOrganizationCommand, DescribeOrganizationalUnitCommand, ListParentsCommand, ListPoliciesForTargetCommand, ListRootsCommand, MoveAccountCommand, OrganizationsClient, DescribeAccountCommand } from "@aws-sdk/client-organizations";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../src/config/load";
import { lz } from "../helpers/lz";
import { awsEnv, MotoServer, startMotoServer } from "../helpers/moto-server";
import { synthConfig } from "../helpers/synth";
import { tf, TF_ENV } from "../helpers/terraform";

jest.setTimeout(600_000);

const MANAGEMENT = "111111111111";
let moto: MotoServer | undefined;
let client: OrganizationsClient;
const ids: Record<string, string> = {};
const ous: Record<string, string> = {};

/** An organization as it exists before the landing zone: OUs, three member accounts in them. */
async function seed(): Promise<void> {
  await client.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const root = (await client.send(new ListRootsCommand({}))).Roots![0].Id!;
  const ou = async (name: string, parent: string) => (await client.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }))).OrganizationalUnit!.Id!;
  ous.Security = await ou("Security", root);
  ous.Infrastructure = await ou("Infrastructure", root);
  ous.Workloads = await ou("Workloads", root);
  ous["Workloads/Prod"] = await ou("Prod", ous.Workloads);
  for (const [name, target] of [["Log Archive", "Security"], ["Audit", "Security"], ["Network", "Infrastructure"], ["payments-prod", "Workloads/Prod"]]) {
    const status = (await client.send(new CreateAccountCommand({ AccountName: name, Email: `aws+${name.toLowerCase().replace(/ /g, "-")}@acme.example` }))).CreateAccountStatus!;
    ids[name] = status.AccountId!;
    await client.send(new MoveAccountCommand({ AccountId: status.AccountId!, SourceParentId: root, DestinationParentId: ous[target] }));
  }
}

beforeAll(async () => {
  moto = await startMotoServer(MANAGEMENT);
  client = new OrganizationsClient({ endpoint: moto.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  await seed();
});
afterAll(() => moto?.stop());

const env = () => ({ ...TF_ENV, ...awsEnv(moto!.endpoint), CHECKPOINT_DISABLE: "1" });

/** The organization stack of `configText` with local state in `dir` (kept across runs). */
function writeOrganization(configText: string, dir: string): void {
  const stack = synthConfig(parseConfig(configText, "landing-zone.yaml")).stack("organization");
  stack.terraform.backend = { local: { path: "terraform.tfstate" } };
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(stack, null, 1));
}

async function run(args: string[], dir: string): Promise<string> {
  const r = await tf(args, dir, env());
  if (r.code !== 0) throw new Error(`terraform ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

type Change = { address: string; type: string; change: { actions: string[]; importing?: { id: string } } };
const ORG_TYPES = ["aws_organizations_organization", "aws_organizations_organizational_unit", "aws_organizations_account"];
const TARGETS = ["-target=aws_organizations_account.account"];

describe("lz adopt, then lz retire, on the emulator", () => {
  const work = mkdtempSync(join(tmpdir(), "lz-adopt-e2e-"));
  const stackDir = mkdtempSync(join(tmpdir(), "lz-adopt-org-"));
  const configFile = join(work, "landing-zone.yaml");

  it("adopt writes a config of the organization as it is", () => {
    const r = lz(["adopt", "--out", configFile, "--name", "acme", "--region", "us-east-1", "--type", "payments-prod=workload"], work, awsEnv(moto!.endpoint));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("It validates.");
    const config = parseConfig(readFileSync(configFile, "utf8"), configFile);
    expect(config.organization.organizationalUnitIds).toEqual(ous);
    expect(config.accounts.map((a) => [a.name, a.type, a.id, a.ou])).toEqual([
      ["network", "network", ids.Network, "Infrastructure"],
      ["log-archive", "logging", ids["Log Archive"], "Security"],
      ["audit", "security", ids.Audit, "Security"],
      ["payments-prod", "workload", ids["payments-prod"], "Workloads/Prod"],
    ]);
  });

  it("its organization plan imports the organization, every OU and every account, and creates none of them", async () => {
    writeOrganization(readFileSync(configFile, "utf8"), stackDir);
    await run(["init", "-input=false"], stackDir);
    await run(["plan", "-input=false", "-out=adopt.tfplan"], stackDir);
    const plan = JSON.parse(await run(["show", "-json", "adopt.tfplan"], stackDir)) as { resource_changes: Change[] };
    const org = plan.resource_changes.filter((c) => ORG_TYPES.includes(c.type));
    expect(org.map((c) => c.address).sort()).toEqual(
      [
        "aws_organizations_organization.organization",
        ...["infrastructure", "security", "workloads", "workloads_prod"].map((o) => `aws_organizations_organizational_unit.ous_${o}`),
        ...["audit", "log-archive", "network", "payments-prod"].map((a) => `aws_organizations_account.account["${a}"]`),
      ].sort(),
    );
    for (const c of org) {
      expect([c.address, c.change.importing !== undefined]).toEqual([c.address, true]);
      expect([c.address, c.change.actions]).not.toEqual([c.address, expect.arrayContaining(["create"])]);
      expect([c.address, c.change.actions]).not.toEqual([c.address, expect.arrayContaining(["delete"])]);
    }
    // Applying only the accounts (and the OUs and organization they need) imports them into state.
    await run(["apply", "-input=false", "-auto-approve", ...TARGETS], stackDir);
  });

  it("retire moves the account into the Suspended OU under the deny-all SCP, and leaves it active", async () => {
    const r = lz(["retire", "--name", "payments-prod", "--config", configFile], work);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    writeOrganization(readFileSync(configFile, "utf8"), stackDir);
    await run(["apply", "-input=false", "-auto-approve", ...TARGETS, "-target=aws_organizations_policy_attachment.scp_suspended_attachment"], stackDir);

    const parent = (await client.send(new ListParentsCommand({ ChildId: ids["payments-prod"] }))).Parents![0];
    expect(parent.Type).toBe("ORGANIZATIONAL_UNIT");
    const unit = (await client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parent.Id! }))).OrganizationalUnit!;
    expect(unit.Name).toBe("Suspended");
    const root = (await client.send(new ListRootsCommand({}))).Roots![0].Id!;
    expect((await client.send(new ListParentsCommand({ ChildId: parent.Id! }))).Parents![0].Id).toBe(root);
    const policies = (await client.send(new ListPoliciesForTargetCommand({ TargetId: parent.Id!, Filter: "SERVICE_CONTROL_POLICY" }))).Policies!.map((p) => p.Name);
    expect(policies).toContain("acme-suspended");
    // Never closed: the account is still an active member of the organization.
    const account = (await client.send(new DescribeAccountCommand({ AccountId: ids["payments-prod"] }))).Account!;
    expect(account.Status ?? account.State).toBe("ACTIVE");
    // The other accounts did not move.
    expect((await client.send(new ListParentsCommand({ ChildId: ids.Network }))).Parents![0].Id).toBe(ous.Infrastructure);
  });
});
