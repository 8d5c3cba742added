/** lz changed and lz plan --changed from the command line, in a git repository. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { lz, workdir } from "../helpers/lz";

function repo(): string {
  const dir = workdir();
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  git("add", "landing-zone.yaml");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base");
  return dir;
}

describe("lz changed / lz plan --changed", () => {
  it("lists a vend's stacks with the reason for each, and writes them per CI wave", () => {
    const dir = repo();
    expect(lz(["vend", "--name", "data-lake", "--email", "aws+data-lake@acme.example", "--ou", "Workloads/Prod"], dir).code).toBe(0);
    const r = lz(["changed", "--json", "changes.json"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^comparing with HEAD \([0-9a-f]{12}\): no code changed since [0-9a-f]{12}: the base landing-zone.yaml synthesized with the current code$/m);
    expect(r.stdout).toMatch(/^\+ workload-data-lake +new stack$/m);
    expect(r.stdout).toMatch(/^- workload-payments-prod +unchanged; the outputs it reads from organization, logging, network are unchanged$/m);
    expect(r.stdout).toMatch(/^6 of 15 stacks to plan$/m);
    const changes = JSON.parse(readFileSync(join(dir, "changes.json"), "utf8"));
    // logging too: the AWS Config bucket and key policies name every account; security: Inspector activates it.
    expect([...changes.stacks].sort()).toEqual(["access-data-lake", "identity-center", "logging", "organization", "security", "workload-data-lake"]);
    // The CI waves (bootstrap left out until migrated), empty ones kept so wave N is always the workflow's wave N.
    expect(changes.waves[0]).toEqual(["organization"]);
    expect(changes.waves.flat().sort()).toEqual([...changes.stacks].sort());
    expect(changes.waves.some((w: string[]) => w.length === 0)).toBe(true);
  });

  it("plans nothing when nothing changed, and says so in the summary", () => {
    const dir = repo();
    const r = lz(["plan", "--changed"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^no stack changed: nothing to plan$/m);
    expect(readFileSync(join(dir, "plans", "summary.md"), "utf8")).toContain("No stack changed: nothing to plan.");
    expect(JSON.parse(readFileSync(join(dir, "plans", "results.json"), "utf8"))).toEqual([]);
  });

  it("refuses --changed with --stacks, and --base without --changed", () => {
    const dir = repo();
    expect(lz(["plan", "--changed", "--stacks", "network"], dir)).toMatchObject({ code: 1, stderr: "error: use --changed or --stacks, not both\n" });
    expect(lz(["plan", "--base", "HEAD"], dir)).toMatchObject({ code: 1, stderr: "error: --base only applies with --changed\n" });
  });
});
