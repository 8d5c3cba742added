/**
 * lz retire: the config edit (in place, comments kept), the validation of `retired`, and what a retired
 * account synthesizes to: which resources of its workload stack go, which stay, the move to the
 * Suspended OU with its deny-all SCP, and an account that is never closed.
 */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { ConfigError } from "../../src/config/problem";
import { retire } from "../../src/retire/retire";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildReport } from "../../src/report/data";
import { renderMarkdown } from "../../src/report/markdown";
import { evaluate } from "../../src/synth";
import { exampleText, lineOf, resources, synthConfig, TfJson } from "../helpers/synth";

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.path.join(".")}${p.line ? `@${p.line}` : ""}: ${p.message}`);
    throw e;
  }
  throw new Error("no ConfigError");
}

const retiredText = (): string => retire(exampleText(), "landing-zone.yaml", "payments-prod").text;

describe("lz retire: the config edit", () => {
  it("adds retired: true under the account's name and keeps every other byte", () => {
    const before = exampleText();
    const after = retiredText();
    const line = lineOf(before, "- name: payments-prod");
    const lines = before.split("\n");
    lines.splice(line, 0, "    retired: true");
    expect(after).toBe(lines.join("\n"));
    expect(parseConfig(after, "x.yaml").accounts.find((a) => a.name === "payments-prod")!.retired).toBe(true);
  });

  it("replaces an explicit retired: false in place", () => {
    const before = exampleText().replace("  - name: analytics-dev\n", "  - name: analytics-dev\n    retired: false # not yet\n");
    const after = retire(before, "x.yaml", "analytics-dev").text;
    expect(after).toBe(before.replace("retired: false # not yet", "retired: true # not yet"));
  });

  it("refuses an unknown account, the logging account, and an account already retired, naming where", () => {
    expect(problems(() => retire(exampleText(), "x.yaml", "nope"))).toEqual([expect.stringMatching(/^accounts@\d+: --name nope: no such account$/)]);
    expect(problems(() => retire(exampleText(), "x.yaml", "log-archive"))).toEqual([
      `accounts.0.type@${lineOf(exampleText(), "type: logging")}: --name log-archive is the logging account, which cannot be retired`,
    ]);
    expect(problems(() => retire(retiredText(), "x.yaml", "payments-prod"))).toEqual([`accounts.2.retired@${lineOf(retiredText(), "retired: true")}: --name payments-prod is already retired`]);
  });
});

describe("retired in the config", () => {
  it("defaults to false", () => {
    expect(parseConfig(exampleText(), "x.yaml").accounts.every((a) => a.retired === false)).toBe(true);
  });

  it("is refused on the logging or network account, at its key", () => {
    const text = exampleText().replace("  - name: network\n", "  - name: network\n    retired: true\n");
    expect(problems(() => parseConfig(text, "x.yaml"))).toContainEqual(
      `accounts.1.retired@${lineOf(text, "retired: true")}: a network account cannot be retired: every account's network depends on it`,
    );
  });

  it("reserves the Suspended OU for retired accounts", () => {
    const doc = parseDocument(exampleText());
    doc.setIn(["organization", "organizationalUnits"], [...(doc.getIn(["organization", "organizationalUnits"]) as { toJSON(): string[] }).toJSON(), "Suspended"]);
    doc.setIn(["accounts", 3, "ou"], "Suspended");
    expect(problems(() => parseConfig(doc.toString(), "x.yaml"))).toEqual([expect.stringMatching(/^accounts\.3\.ou@\d+: OU Suspended is reserved for retired accounts/)]);
  });

  it("checks organizationalUnitIds: a known path, a unique id, an existing organization", () => {
    const doc = parseDocument(exampleText());
    doc.setIn(["organization", "organizationalUnitIds"], { Security: "ou-ab12-cd34ef56", Nowhere: "ou-ab12-cd34ef57", Infrastructure: "ou-ab12-cd34ef56", Workloads: "bad" });
    expect(problems(() => parseConfig(doc.toString(), "x.yaml"))).toEqual([
      expect.stringMatching(/^organization\.organizationalUnitIds\.Nowhere@\d+: "Nowhere" is not one of organization\.organizationalUnits$/),
      expect.stringMatching(/^organization\.organizationalUnitIds\.Infrastructure@\d+: OU id ou-ab12-cd34ef56 is already the id of Security$/),
      expect.stringMatching(/^organization\.organizationalUnitIds\.Workloads@\d+: must be an OU id such as ou-ab12-cd34ef56$/),
    ]);
  });
});

describe("a retired workload account, synthesized", () => {
  const out = synthConfig(parseConfig(retiredText(), "landing-zone.yaml"));
  const active = synthConfig().stack("workload-payments-prod");
  const stack = out.stack("workload-payments-prod");
  const types = (s: TfJson) => Object.keys(s.resource ?? {}).sort();

  it("keeps its stack, backend and state key, so Terraform plans against the active stack's state", () => {
    expect(out.stacks).toContain("workload-payments-prod");
    expect(stack.terraform.backend.s3.key).toBe("workload-payments-prod/terraform.tfstate");
  });

  it("drops the compute and the spoke, both sides of the Transit Gateway attachment included (the spoke leaves the hub)", () => {
    for (const gone of ["aws_vpc", "aws_subnet", "aws_ec2_transit_gateway_vpc_attachment", "aws_ec2_transit_gateway_vpc_attachment_accepter", "aws_ec2_transit_gateway_route_table_association", "aws_ec2_transit_gateway_route_table_propagation", "aws_route", "aws_route53_zone_association", "aws_route53_vpc_association_authorization", "aws_ecs_service", "aws_instance", "aws_ecr_repository", "aws_lb", "aws_batch_compute_environment", "aws_flow_log"]) {
      expect([gone, types(active).includes(gone)]).toEqual([gone, true]);
      expect([gone, types(stack).includes(gone)]).toEqual([gone, false]);
    }
  });

  it("keeps the account baseline and the workload key, still managed and protected", () => {
    expect(Object.keys(resources(stack, "aws_kms_key")).sort()).toEqual(["baseline_ebs_key", "baseline_session_key", "baseline_us_west_2_ebs_key", "baseline_us_west_2_session_key", "workload_key"]);
    expect(resources(stack, "aws_kms_key").workload_key.lifecycle.prevent_destroy).toBe(true);
    expect(Object.keys(resources(stack, "aws_cloudwatch_log_group")).sort()).toEqual(["baseline_session_logs", "baseline_us_west_2_session_logs"]);
    expect(resources(stack, "aws_ebs_encryption_by_default").baseline_ebs_encryption).toBeDefined();
  });

  it("lets go of every log archive without destroying it (removed, destroy = false)", () => {
    const activeArchives = [
      ...Object.keys(resources(active, "aws_cloudwatch_log_group")).filter((n) => !n.startsWith("baseline_")).map((n) => `aws_cloudwatch_log_group.${n}`),
      ...Object.entries(active.resource).filter(([t]) => t.startsWith("aws_s3_bucket")).flatMap(([t, r]) => Object.keys(r as object).map((n) => `${t}.${n}`)),
    ].sort();
    expect(activeArchives).toContain("aws_cloudwatch_log_group.spoke_flow_logs_log_group");
    expect(activeArchives).toContain("aws_s3_bucket.alb_logs_bucket");
    expect(stack.removed.map((r: TfJson) => r.from).sort()).toEqual(activeArchives);
    for (const r of stack.removed) expect(r.lifecycle).toEqual({ destroy: false });
  });

  it("keeps the network provider, through which the hub side of the spoke in state is destroyed", () => {
    expect(stack.provider.aws.map((p: TfJson) => p.alias)).toContain("network");
  });

  describe("organization stack", () => {
    const org = out.stack("organization");
    const ous = resources(org, "aws_organizations_organizational_unit");
    const account = resources(org, "aws_organizations_account").account;

    it("creates the Suspended OU at the root and moves the account there", () => {
      expect(ous.ous_suspended).toMatchObject({ name: "Suspended", parent_id: "${aws_organizations_organization.organization.roots[0].id}" });
      expect(account.for_each["payments-prod"].parent_id).toBe("${aws_organizations_organizational_unit.ous_suspended.id}");
      expect(account.for_each["analytics-dev"].parent_id).toBe("${aws_organizations_organizational_unit.ous_workloads_nonprod.id}");
    });

    it("never closes the account: it stays in the keyed resource, close_on_deletion false, prevent_destroy", () => {
      expect(Object.keys(account.for_each)).toContain("payments-prod");
      expect(account.close_on_deletion).toBe(false);
      expect(account.lifecycle.prevent_destroy).toBe(true);
    });

    it("attaches a deny-all SCP to Suspended, excepting only the deployer and access roles", () => {
      const policy = resources(org, "aws_organizations_policy")["scp_suspended_policy"];
      expect(policy.name).toBe("acme-suspended");
      expect(JSON.parse(policy.content)).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyAllButLandingZoneRoles",
            Effect: "Deny",
            Action: "*",
            Resource: "*",
            Condition: { ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/lz/acme-deployer", "arn:aws:iam::*:role/OrganizationAccountAccessRole"] } },
          },
        ],
      });
      expect(resources(org, "aws_organizations_policy_attachment")["scp_suspended_attachment"]).toMatchObject({
        policy_id: "${aws_organizations_policy.scp_suspended_policy.id}",
        target_id: "${aws_organizations_organizational_unit.ous_suspended.id}",
      });
    });

    it("has no Suspended OU nor SCP while no account is retired", () => {
      const plain = synthConfig().stack("organization");
      expect(resources(plain, "aws_organizations_organizational_unit").ous_suspended).toBeUndefined();
      expect(resources(plain, "aws_organizations_policy")["scp_suspended_policy"]).toBeUndefined();
    });
  });

  it("takes the account's access assignments away", () => {
    const ic = JSON.stringify(out.stack("identity-center"));
    expect(JSON.stringify(synthConfig().stack("identity-center"))).toContain("payments-prod");
    expect(ic).not.toContain("payments-prod");
  });
});

describe("the report", () => {
  it("lists retired accounts, and draws no spoke for them", () => {
    const config = parseConfig(retiredText(), "landing-zone.yaml");
    const data = buildReport(config, evaluate(config, join(tmpdir(), "lz-retire-state")).policy, new Date("2025-01-01T00:00:00Z"));
    expect(data.retired).toEqual([{ name: "payments-prod", id: "444444444444", ou: "Workloads/Prod", location: { line: lineOf(retiredText(), "retired: true"), col: 14 } }]);
    expect(data.topology.spokes.map((s) => s.account)).toEqual(["analytics-dev"]);
    expect(renderMarkdown(data)).toContain(`| payments-prod | 444444444444 | Workloads/Prod | \`retired: true\` line ${lineOf(retiredText(), "retired: true")} |`);
  });
});
