/**
 * The emulator the extension tests call (test/e2e/emulator.test.ts and
 * test/e2e/extensions/*.test.ts): a fresh launcher, with its extensions, and a
 * small organization: management, a network (hub) account and a workload
 * account, each reached the way the provider reaches it.
 */
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsWorld, ClientOptions } from "./aws";
import { Emulator, startMoto } from "./moto";

export const MANAGEMENT = "111111111111";
export const NETWORK = "333333333333";
export const WORKLOAD = "444444444444";
export const REGION = "us-east-1";

export interface SmallOrganization {
  readonly emulator: Emulator;
  /** Plain credentials in the management account. */
  readonly management: ClientOptions;
  /** The network (hub) account, through its access role. */
  readonly hub: ClientOptions;
  /** The workload account, through its access role. */
  readonly spoke: ClientOptions;
}

/**
 * Starts the emulator (with an Identity Center instance holding `options.identityCenter.groups`, if given) before the file's tests and stops it after them (the
 * work directory is kept with LZ_E2E_KEEP=1). Read the returned object's
 * fields inside tests, once beforeAll has run.
 */
export function smallOrganization(options: { readonly identityCenter?: { readonly groups: readonly string[] } } = {}): SmallOrganization {
  const world = {} as { -readonly [K in keyof SmallOrganization]: SmallOrganization[K] };
  let workDir: string;
  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "lz-emulator-"));
    world.emulator = await startMoto(workDir, {
      managementAccountId: MANAGEMENT,
      accessRoleName: "OrganizationAccountAccessRole",
      accounts: [
        { id: NETWORK, name: "network", email: "network@example.test" },
        { id: WORKLOAD, name: "workload", email: "workload@example.test" },
      ],
      // The organization's Identity Center instance, seeded with these groups (as a real organization has them).
      identityCenter: options.identityCenter && { region: REGION, groups: [...options.identityCenter.groups] },
    });
    const aws = new AwsWorld(world.emulator, REGION, MANAGEMENT, "OrganizationAccountAccessRole");
    [world.management, world.hub, world.spoke] = await Promise.all([aws.in(MANAGEMENT), aws.in(NETWORK), aws.in(WORKLOAD)]);
  });
  afterAll(async () => {
    await world.emulator?.stop();
    if (workDir && process.env.LZ_E2E_KEEP !== "1") rmSync(workDir, { recursive: true, force: true });
  });
  return world;
}

/** A VPC with one /24 subnet in the Region's first zone and a security group, in `options`' account. */
export async function vpcWithSubnet(options: ClientOptions, cidr: string): Promise<{ vpcId: string; subnetId: string; securityGroupId: string }> {
  const ec2 = new EC2Client(options);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr.replace(/\/\d+$/, "/24"), AvailabilityZone: `${options.region}a` }))).Subnet!.SubnetId!;
  const securityGroupId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `sg-${cidr}`, Description: "test" }))).GroupId!;
  return { vpcId, subnetId, securityGroupId };
}
