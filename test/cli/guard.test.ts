/** lz guard as CI runs it on plan JSON files. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { lz, workdir } from "../helpers/lz";

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
    expect(r.stderr).toMatch(/is not a Terraform plan in JSON; pass the output of terraform show -json <planfile>/);
  });
});
