/** Orphaned stacks: state in the bucket for a stack the config no longer synthesizes. */
import { reportOrphans } from "../../src/cli/plan";
import { orphanedStacks } from "../../src/plan/orphans";

const STACKS = ["bootstrap", "organization", "access-payments-prod", "workload-payments-prod"];

describe("orphaned stacks", () => {
  it("are the stacks with a state object that the config does not synthesize", () => {
    const keys = [
      "organization/terraform.tfstate",
      "workload-payments-prod/terraform.tfstate",
      "workload-gone/terraform.tfstate",
      "workload-gone/terraform.tfstate.tflock",
      "access-gone/terraform.tfstate",
      "notes/readme.txt",
      "deep/nested/terraform.tfstate",
    ];
    expect(orphanedStacks(keys, STACKS)).toEqual(["access-gone", "workload-gone"]);
    expect(orphanedStacks(["organization/terraform.tfstate"], STACKS)).toEqual([]);
  });

  it("fail the plan with what to do, naming each state object", async () => {
    const lines: string[] = [];
    const ok = await reportOrphans(async () => ["workload-gone/terraform.tfstate"], "acme-tfstate", STACKS, (l) => lines.push(l));
    expect(ok).toBe(false);
    expect(lines).toEqual([
      "orphaned: 1 stack still has state in s3://acme-tfstate but is no longer in the config:",
      "  workload-gone  (s3://acme-tfstate/workload-gone/terraform.tfstate)",
      "  Their resources still exist and nothing plans them. Restore the account's entry in the config, then retire it",
      "  with lz retire --name <account> (contents destroyed but its log archives, account moved to Suspended), and plan again.",
    ]);
  });

  it("are none when the bucket does not exist yet, and a bucket that cannot be listed is said, not hidden", async () => {
    const lines: string[] = [];
    expect(await reportOrphans(async () => undefined, "b", STACKS, (l) => lines.push(l))).toBe(true);
    expect(lines).toEqual([]);
    expect(
      await reportOrphans(
        async () => {
          throw new Error("Access Denied");
        },
        "b",
        STACKS,
        (l) => lines.push(l),
      ),
    ).toBe(true);
    expect(lines).toEqual(["warning: could not list s3://b to look for orphaned stacks: Access Denied"]);
  });
});
