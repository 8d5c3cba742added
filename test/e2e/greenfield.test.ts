/**
 * Greenfield: an empty management account, no organization. The config is the
 * example without `organization.id` and account ids (and without what names
 * resources inside accounts that do not exist yet: see greenfieldConfigText).
 * The organization stack creates the organization and every member account;
 * then the user creates the certificates and roles the workloads name in the
 * new accounts and fills in their ARNs, and the access, logging, network and
 * workload stacks apply with the ids from the organization stack's outputs.
 * Every stack is checked with the AWS SDK in its account and re-planned clean.
 */
import { ACMClient, RequestCertificateCommand } from "@aws-sdk/client-acm";
import { CreateRoleCommand, GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { parseConfig } from "../../src/config/load";
import { ORGANIZATION } from "../../src/stacks/names";
import { EXAMPLE_FILE, exampleText } from "../helpers/synth";
import { applyAssertReplan } from "./helpers/cycle";
import { startWorld, World } from "./helpers/run";
import { Created, greenfieldConfigText, greenfieldSeed, inAccountResources } from "./helpers/world";

jest.setTimeout(5 * 60_000);

const userConfig = parseConfig(exampleText(), EXAMPLE_FILE);
let world: World;
let failed = false;

beforeAll(async () => {
  world = await startWorld("greenfield", userConfig, greenfieldSeed(userConfig), () => greenfieldConfigText(exampleText(), EXAMPLE_FILE));
}, 2 * 60_000);

afterAll(async () => {
  await world?.close(process.env.LZ_E2E_KEEP === "1" || failed);
});

/**
 * What a greenfield user does once the organization stack created the
 * accounts: in each workload account, create the IAM roles named as Batch
 * submitters and request the load balancers' certificates (ACM picks their
 * ARNs), then put them into the config with the new account ids and
 * synthesize again.
 */
async function fillInCreatedAccounts(): Promise<void> {
  const accountIds = await world.createdAccountIds();
  world.progress(`the organization stack created ${Object.entries(accountIds).map(([name, id]) => `${name} ${id}`).join(", ")}`);
  const wanted = inAccountResources(userConfig);
  const certificates: Record<string, string> = {};
  for (const role of wanted.roles) {
    const iam = new IAMClient(await world.aws.in(accountIds[role.account]));
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accountIds[role.account]}:root` }, Action: "sts:AssumeRole" }] };
    await iam.send(new CreateRoleCommand({ RoleName: role.name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  }
  for (const cert of wanted.certificates) {
    const acm = new ACMClient(await world.aws.in(accountIds[cert.account]));
    certificates[cert.arn] = (await acm.send(new RequestCertificateCommand({ DomainName: cert.domain, ValidationMethod: "DNS" }))).CertificateArn!;
  }
  const created: Created = { accountIds, certificates };
  await world.synth(greenfieldConfigText(exampleText(), EXAMPLE_FILE, created));
}

describe("greenfield: the example created from an empty management account", () => {
  it("starts with no organization", async () => {
    const org = new OrganizationsClient(await world.aws.in(userConfig.organization.managementAccountId));
    await expect(org.send(new DescribeOrganizationCommand({}))).rejects.toThrow(/AWSOrganizationsNotInUse|not a member of an organization/);
    expect(world.config.organization.id).toBeUndefined();
    expect(world.config.accounts.filter((a) => a.id !== undefined)).toEqual([]);
  });

  it(
    "creates the organization and every account, applies every other stack with their ids, finds what each declares, and re-plans clean",
    async () => {
      try {
        await applyAssertReplan(world, {
          afterWave: async (wave) => {
            if (wave.some((s) => s.name === ORGANIZATION)) await fillInCreatedAccounts();
          },
        });
      } catch (e) {
        failed = true;
        throw e;
      }
    },
    30 * 60_000,
  );

  it("left in every created account the access role CreateAccount makes, trusted by the management account", async () => {
    // AWS: CreateAccount creates the role named by RoleName in the new account, with
    // administrator permissions, trusted by the management account
    // (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html).
    const ids = await world.createdAccountIds();
    expect(Object.keys(ids).sort()).toEqual(userConfig.accounts.map((a) => a.name).sort());
    for (const [name, id] of Object.entries(ids)) {
      expect(id).toMatch(/^\d{12}$/);
      const iam = new IAMClient(await world.aws.in(id));
      const role = (await iam.send(new GetRoleCommand({ RoleName: userConfig.organization.accessRoleName }))).Role!;
      const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!));
      expect({ name, statements: trust.Statement }).toEqual({
        name,
        statements: [expect.objectContaining({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: `arn:aws:iam::${userConfig.organization.managementAccountId}:root` } })],
      });
    }
  });
});
