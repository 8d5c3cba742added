/**
 * test/e2e/moto/extensions/sts.py through the AWS SDK: assuming a role that exists works, in its own account;
 * assuming one that does not is refused with AccessDenied, as AWS refuses it
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html), so a provider configured with a
 * role the landing zone has not created yet fails on the emulator as it would on AWS.
 */
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { smallOrganization, WORKLOAD } from "../helpers/small-organization";

jest.setTimeout(60_000);
const world = smallOrganization();

const assume = (roleArn: string) => new STSClient(world.management).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "lz-e2e-sts" }));

describe("sts:AssumeRole", () => {
  it("assumes a role that exists, and acts in its account", async () => {
    const { Credentials } = await assume(`arn:aws:iam::${WORKLOAD}:role/OrganizationAccountAccessRole`);
    const sts = new STSClient({ ...world.management, credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken } });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(WORKLOAD);
  });

  it("refuses a role that does not exist with AccessDenied, and assumes it once it is created", async () => {
    const arn = `arn:aws:iam::${WORKLOAD}:role/lz/acme-ci-read`;
    const refused = await assume(arn).catch((e: { name: string; message: string }) => e);
    expect(refused).toMatchObject({ name: "AccessDenied" });
    expect((refused as { message: string }).message).toContain(`sts:AssumeRole on resource: ${arn}`);
    await new IAMClient(world.spoke).send(new CreateRoleCommand({ RoleName: "acme-ci-read", Path: "/lz/", AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] }) }));
    expect((await assume(arn)).AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${WORKLOAD}:assumed-role/acme-ci-read/lz-e2e-sts`);
  });

  it("refuses a role of the same name in another account", async () => {
    await expect(assume("arn:aws:iam::333333333333:role/lz/acme-ci-read")).rejects.toMatchObject({ name: "AccessDenied" });
  });
});
