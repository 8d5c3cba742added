/** lz guard as CI runs it on plan JSON files. */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { LZ, lz, workdir } from "../helpers/lz";

function planFile(dir: string, name: string, changes: Array<[string, string[]]>): string {
  const resource_changes = changes.map(([address, actions]) => ({ address, type: address.split(".").slice(-2)[0], mode: "managed", change: { actions } }));
  const file = join(dir, `${name}.plan.json`);
  writeFileSync(file, JSON.stringify({ format_version: "1.2", resource_changes }));
  return file;
}

describe("lz guard", () => {
  it("exits 1 and names every protected delete or replace", () => {
    const dir = workdir();
    const logging = planFile(dir, "logging", [["aws_cloudtrail.org", ["delete"]], ["aws_sns_topic.alarms", ["delete"]]]);
    const network = planFile(dir, "network", [["aws_ec2_transit_gateway.hub", ["delete", "create"]]]);
    const r = lz(["guard", logging, network], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("guard: 2 protected resources would be destroyed:\n  logging: deletes aws_cloudtrail.org\n  network: replaces aws_ec2_transit_gateway.hub\n");
    expect(r.stdout).toContain("--allow logging:aws_cloudtrail.org --allow network:aws_ec2_transit_gateway.hub");
  });

  it("exits 0 when every protected change is allowed, and says so", () => {
    const dir = workdir();
    const file = planFile(dir, "logging", [["aws_cloudtrail.org", ["delete"]]]);
    const r = lz(["guard", file, "--allow", "logging:aws_cloudtrail.org"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/allowed \(reviewed\) logging: deletes aws_cloudtrail.org/);
  });

  it("protects extra types with --protect", () => {
    const dir = workdir();
    const file = planFile(dir, "network", [["aws_route53_zone.internal", ["delete"]]]);
    expect(lz(["guard", file], dir).code).toBe(0);
    expect(lz(["guard", file, "--protect", "aws_route53_zone"], dir).code).toBe(1);
  });

  it("explains a file that is not a plan", () => {
    const dir = workdir();
    writeFileSync(join(dir, "x.json"), "{}");
    const r = lz(["guard", join(dir, "x.json")], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/x\.json is not a Terraform plan in JSON \(the output of terraform show -json <planfile>\); pass the plan JSON files, e.g. plans\/\*\.plan\.json/);
  });

  it("skips lz plan's results.json among plans/*.json, and says so", () => {
    const dir = workdir();
    const file = planFile(dir, "network", [["aws_vpc.hub", ["update"]]]);
    writeFileSync(join(dir, "results.json"), JSON.stringify([{ stack: "network", wave: 2, status: "changes" }]));
    const r = lz(["guard", join(dir, "network.plan.json"), join(dir, "results.json")], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`guard: skipped ${join(dir, "results.json")}: not a Terraform plan in JSON`);
    expect(r.stdout).toContain("guard: 1 plan checked; no protected resource is deleted or replaced");
    expect(file).toBeTruthy();
  });

  it("prints --allow suggestions quoted for the shell, and the pasted command passes", () => {
    const dir = workdir();
    const address = 'aws_organizations_account.account["payments-prod"]';
    const file = planFile(dir, "organization", [[address, ["delete"]]]);
    const r = lz(["guard", file], dir);
    expect(r.code).toBe(1);
    const hint = /re-run with (.*)$/m.exec(r.stdout)![1];
    expect(hint).toBe(`--allow 'organization:${address}'`);
    const pasted = spawnSync("bash", ["-c", `"${process.execPath}" "${LZ}" guard "${file}" ${hint}`], { cwd: dir, encoding: "utf8" });
    expect(pasted.stderr).toBe("");
    expect(pasted.status).toBe(0);
  });

  it("refuses an --allow that matches nothing, naming it", () => {
    const dir = workdir();
    const file = planFile(dir, "logging", [["aws_cloudtrail.org", ["delete"]]]);
    const r = lz(["guard", file, "--allow", "logging:aws_cloudtrail.org", "--allow", "network:aws_vpc.hubb"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("guard: --allow network:aws_vpc.hubb matched no protected delete or replace in the checked plans.");
    expect(r.stdout).not.toMatch(/no protected resource is deleted/);
  });

  it("says exactly what was allowed instead of claiming nothing is deleted", () => {
    const dir = workdir();
    const file = planFile(dir, "logging", [["aws_cloudtrail.org", ["delete"]]]);
    const r = lz(["guard", file, "--allow", "logging:aws_cloudtrail.org"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("guard: 1 plan checked; the only protected resource deleted or replaced: logging: deletes aws_cloudtrail.org (allowed with --allow)");
    expect(r.stdout).not.toMatch(/no protected resource is deleted/);
  });
});
