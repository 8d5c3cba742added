import { allowHint, destruction, guardPlan, PlanJson, DESTROY_GUARDED_TYPES, unusedAllows } from "../../src/guard/guard";

type Change = { address: string; type: string; actions: string[]; mode?: string };
const plan = (...changes: Change[]): PlanJson => ({
  resource_changes: changes.map((c) => ({ address: c.address, type: c.type, mode: c.mode ?? "managed", change: { actions: c.actions } })),
});
const change = (type: string, actions: string[], name = "this"): Change => ({ address: `${type}.${name}`, type, actions });

const DESTRUCTIVE: Array<[string, string[], "delete" | "replace"]> = [
  ["delete", ["delete"], "delete"],
  ["replace (delete then create)", ["delete", "create"], "replace"],
  ["replace (create before destroy)", ["create", "delete"], "replace"],
];

describe("lz guard", () => {
  it("protects the landing zone's irreplaceable types", () => {
    expect([...DESTROY_GUARDED_TYPES].sort()).toEqual(
      ["aws_cloudtrail", "aws_cloudwatch_log_group", "aws_ec2_transit_gateway", "aws_kms_key", "aws_organizations_account", "aws_organizations_organization", "aws_s3_bucket", "aws_vpc"].sort(),
    );
  });

  describe.each(DESTROY_GUARDED_TYPES.map((t) => [t]))("%s", (type) => {
    it.each(DESTRUCTIVE)("blocks a %s and names the address", (_label, actions, action) => {
      const result = guardPlan(plan(change(type, actions, "main")), "logging");
      expect(result.blocked).toEqual([{ stack: "logging", address: `${type}.main`, type, action }]);
      expect(result.allowed).toEqual([]);
    });

    it("lets a reviewed replace through with --allow ADDRESS or STACK:ADDRESS", () => {
      const p = plan(change(type, ["delete", "create"], "main"));
      expect(guardPlan(p, "logging", { allow: [`${type}.main`] })).toEqual({ blocked: [], allowed: [{ stack: "logging", address: `${type}.main`, type, action: "replace" }] });
      expect(guardPlan(p, "logging", { allow: [`logging:${type}.main`] }).blocked).toEqual([]);
    });

    it("does not let an allow entry for another stack or address through", () => {
      const p = plan(change(type, ["delete"], "main"));
      expect(guardPlan(p, "logging", { allow: [`network:${type}.main`] }).blocked).toHaveLength(1);
      expect(guardPlan(p, "logging", { allow: [`${type}.other`] }).blocked).toHaveLength(1);
    });

    it.each([[["create"]], [["update"]], [["no-op"]], [["read"]], [["forget"]]])("passes %j", (actions) => {
      expect(guardPlan(plan(change(type, actions)), "s").blocked).toEqual([]);
    });
  });

  it("reports every blocked address across a plan, and ignores unprotected types", () => {
    const result = guardPlan(
      plan(change("aws_kms_key", ["delete"], "logs"), change("aws_iam_role", ["delete"], "x"), change("aws_s3_bucket", ["create", "delete"], "archive"), { address: 'module.m.aws_vpc.this["a"]', type: "aws_vpc", actions: ["delete", "create"] }),
      "network",
    );
    expect(result.blocked.map((f) => `${f.action} ${f.address}`)).toEqual(["delete aws_kms_key.logs", "replace aws_s3_bucket.archive", 'replace module.m.aws_vpc.this["a"]']);
  });

  it("ignores data sources", () => {
    expect(guardPlan(plan({ ...change("aws_vpc", ["delete"]), mode: "data" }), "s").blocked).toEqual([]);
  });

  it("protects more types with --protect", () => {
    const p = plan(change("aws_route53_zone", ["delete"]));
    expect(guardPlan(p, "s").blocked).toEqual([]);
    expect(guardPlan(p, "s", { protect: ["aws_route53_zone"] }).blocked).toHaveLength(1);
  });

  it("classifies action lists the way Terraform plans them", () => {
    expect([["delete"], ["delete", "create"], ["create", "delete"], ["update"], ["create"], ["no-op"]].map(destruction)).toEqual(["delete", "replace", "replace", undefined, undefined, undefined]);
  });

  it("says how to let a reviewed change through", () => {
    expect(allowHint([{ stack: "logging", address: "aws_kms_key.logs", type: "aws_kms_key", action: "delete" }])).toBe("If the change was reviewed and is intended, re-run with --allow logging:aws_kms_key.logs");
  });

  it("quotes an allow flag whose address a shell would misread", () => {
    const finding = { stack: "organization", address: 'aws_organizations_account.account["it\'s"]', type: "aws_organizations_account", action: "delete" as const };
    expect(allowHint([finding])).toBe(`If the change was reviewed and is intended, re-run with --allow 'organization:aws_organizations_account.account["it'\\''s"]'`);
  });

  it("lists the allow entries that let nothing through", () => {
    const result = guardPlan(plan(change("aws_vpc", ["delete"], "hub")), "network", { allow: ["network:aws_vpc.hub", "aws_vpc.spoke", "logging:aws_vpc.hub"] });
    expect(result.allowed.map((f) => f.address)).toEqual(["aws_vpc.hub"]);
    expect(unusedAllows(["network:aws_vpc.hub", "aws_vpc.spoke", "logging:aws_vpc.hub"], result.allowed)).toEqual(["aws_vpc.spoke", "logging:aws_vpc.hub"]);
  });
});
