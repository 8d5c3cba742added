/** What lz plan prints after the waves: the guard's verdict on the --allow entries it was given. */
import { reportPlans } from "../../src/cli/plan";
import { StackPlan } from "../../src/plan/plan-stack";

const vpcDelete = { stack: "network", address: "aws_vpc.hub", type: "aws_vpc", action: "delete" as const };
const RESULTS: StackPlan[] = [
  { stack: "network", wave: 2, status: "changes", counts: { add: 0, change: 0, destroy: 1, import: 0, replace: 0 }, guard: { blocked: [], allowed: [vpcDelete] }, files: { log: "network.log" }, seconds: 1 },
  { stack: "workload-a", wave: 3, status: "waiting", waitingOn: "organization", reason: "account a is not created yet", files: { log: "workload-a.log" }, seconds: 1 },
] as StackPlan[];

function run(allow: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const ok = reportPlans(RESULTS, "/tmp/plans", allow, (l) => out.push(l), (l) => err.push(l));
  return { ok, out: out.join("\n"), err: err.join("\n") };
}

describe("lz plan's guard verdict", () => {
  it("names what an --allow let through instead of claiming nothing is deleted", () => {
    const r = run(["network:aws_vpc.hub"]);
    expect(r.ok).toBe(true);
    expect(r.out).toContain("guard: allowed (reviewed) network: deletes aws_vpc.hub");
    expect(r.out).toContain("guard: 1 plan checked; the only protected resource deleted or replaced: network: deletes aws_vpc.hub (allowed with --allow)");
    expect(r.err).toBe("");
  });

  it("fails on an --allow that matches nothing in the plans it made", () => {
    const r = run(["network:aws_vpc.hub", "network:aws_vpc.hubb"]);
    expect(r.ok).toBe(false);
    expect(r.err).toBe("guard: --allow network:aws_vpc.hubb matched no protected delete or replace in the checked plans. Fix the address (STACK:ADDRESS as the guard prints it) or remove the entry.");
  });

  it("only notes an --allow for a stack that made no plan (waiting), which it could not check", () => {
    const r = run(["network:aws_vpc.hub", 'workload-a:aws_vpc.spoke["x"]']);
    expect(r.ok).toBe(true);
    expect(r.out).toContain(`guard: --allow 'workload-a:aws_vpc.spoke["x"]' not checked: its stack made no plan`);
    expect(r.err).toBe("");
  });
});
