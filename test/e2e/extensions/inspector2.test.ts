/**
 * test/e2e/moto/extensions/inspector2.py through signed calls, the way the provider's
 * aws_inspector2_member_association and aws_inspector2_enabler call Inspector: only the Region's
 * delegated administrator associates members (API_AssociateMember), and Enable activates another
 * account only for its administrator once associated; any other account comes back in failedAccounts
 * with ACCESS_DENIED and stays off (https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html).
 */
import { signedCall } from "../helpers/signed";
import { MANAGEMENT, NETWORK, smallOrganization, WORKLOAD } from "../helpers/small-organization";

jest.setTimeout(60_000);
const world = smallOrganization();
const REGION = "eu-west-2";
const TYPES = ["EC2", "ECR", "LAMBDA"];

const statusOf = async (account: string) => {
  const { accounts } = await signedCall(world.spoke, REGION, "inspector2", "POST", "/status/batch/get", { accountIds: [account] });
  return (accounts as { accountId: string; resourceState: Record<string, { status: string }> }[]).find((a) => a.accountId === account)?.resourceState.ec2.status ?? "DISABLED";
};

describe("inspector2 members", () => {
  it("refuses AssociateMember from an account that is not the Region's delegated administrator", async () => {
    await expect(signedCall(world.spoke, REGION, "inspector2", "POST", "/members/associate", { accountId: NETWORK })).rejects.toThrow(/AccessDeniedException/);
  });

  it("returns an unassociated account in failedAccounts (ACCESS_DENIED) and leaves it off, while activating the caller", async () => {
    const { accounts, failedAccounts } = await signedCall(world.spoke, REGION, "inspector2", "POST", "/enable", { accountIds: [WORKLOAD, NETWORK], resourceTypes: TYPES });
    expect(accounts.map((a: { accountId: string }) => a.accountId)).toEqual([WORKLOAD]);
    expect(failedAccounts).toEqual([expect.objectContaining({ accountId: NETWORK, errorCode: "ACCESS_DENIED" })]);
    expect(await statusOf(NETWORK)).toBe("DISABLED");
  });

  it("lets the delegated administrator associate a member and then activate it", async () => {
    await signedCall(world.management, REGION, "inspector2", "POST", "/delegatedadminaccounts/enable", { delegatedAdminAccountId: WORKLOAD });
    for (const accountId of [NETWORK, MANAGEMENT]) await signedCall(world.spoke, REGION, "inspector2", "POST", "/members/associate", { accountId });
    const { failedAccounts } = await signedCall(world.spoke, REGION, "inspector2", "POST", "/enable", { accountIds: [NETWORK, MANAGEMENT], resourceTypes: TYPES });
    expect(failedAccounts).toEqual([]);
    expect([await statusOf(NETWORK), await statusOf(MANAGEMENT)]).toEqual(["ENABLED", "ENABLED"]);
    const { members } = await signedCall(world.spoke, REGION, "inspector2", "POST", "/members/list", { onlyAssociated: true });
    expect(members.map((m: { accountId: string }) => m.accountId).sort()).toEqual([MANAGEMENT, NETWORK].sort());
  });
});
