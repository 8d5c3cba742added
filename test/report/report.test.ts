/**
 * lz report's content: summary, topology from the config, inventory,
 * coverage, control -> evidence, suppressions and findings, in HTML,
 * Markdown and SARIF 2.1.0.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { configSource, parseConfig } from "../../src/config/load";
import { buildReport } from "../../src/report/data";
import { writeReport } from "../../src/report";
import { renderSarif } from "../../src/report/sarif";
import { locateResult } from "../../src/report/locations";
import { evaluate } from "../../src/synth";
import { sarifProblems } from "../helpers/sarif";
import { EXAMPLE_STACKS, exampleConfig, exampleText, synthConfig } from "../helpers/synth";
import { weaken } from "../helpers/weakened-bucket";

// As in the enforcement test: a module default regresses, so there is a finding to report.
jest.mock("../../modules/secure-bucket", () => jest.requireActual("../helpers/weakened-bucket").weakenedSecureBucketModule());

const NOW = new Date("2025-01-01T00:00:00Z");

function configWith(suppressions: unknown[] = []) {
  const doc = parseDocument(exampleText());
  doc.set("suppressions", suppressions);
  return parseConfig(doc.toString(), "landing-zone.yaml");
}

describe("the report of the example", () => {
  const config = configWith();
  const { policy } = evaluate(config, join(tmpdir(), "lz-report-state"));
  const data = buildReport(config, policy, NOW);
  const out = mkdtempSync(join(tmpdir(), "lz-report-"));
  const { files } = writeReport(config, policy, out, NOW);
  const html = readFileSync(files.html, "utf8");
  const md = readFileSync(files.markdown, "utf8");
  const sarif = JSON.parse(readFileSync(files.sarif, "utf8"));

  it("summarizes zero findings over every stack and rule", () => {
    expect(data.summary).toMatchObject({ accounts: 6, stacks: 13, rules: policy.rules.length, errors: 0, warnings: 0, suppressed: 0 });
    expect(data.summary.passed).toBe(policy.results.filter((r) => r.status === "pass").length);
    expect(html).toContain("No findings:");
    expect(md).toContain("**No findings**");
  });

  it("draws the topology from the config: OUs and accounts, hub and spokes with CIDRs, TGW, NAT, endpoints, trail", () => {
    const t = data.topology;
    expect(t.ous.map((o) => o.path)).toEqual(["Infrastructure", "Security", "Workloads", "Workloads/NonProd", "Workloads/Prod"]);
    expect(t.hub).toMatchObject({ cidr: "10.0.0.0/16", azs: 3, natMode: "per-az", nat: { count: 3 }, tgw: { asn: 64512 } });
    expect(t.spokes.map((s) => [s.account, s.cidr])).toEqual([["payments-prod", "10.16.0.0/20"], ["analytics-dev", "10.16.16.0/20"]]);
    const figure = html.slice(html.indexOf('<section id="topology">'), html.indexOf('<section id="findings">'));
    for (const text of ["OU Workloads/Prod", "payments-prod · workload · 444444444444", "Hub VPC · network · 10.0.0.0/16", "NAT gateway", "Transit Gateway", "ASN 64512", "<b>analytics-dev</b>", "10.16.16.0/20 (pool)", "ecr.dkr", "Organization CloudTrail", "S3 archive", "secops@acme.example"]) {
      expect(figure).toContain(text.replace(/&/g, "&amp;"));
    }
    expect(md).toMatch(/```mermaid\nflowchart LR[\s\S]*tgw\(\("Transit Gateway ASN 64512"\)\)[\s\S]*```/);
  });

  it("shows what an auditor looks for: SCPs and where they attach, allowed regions, internet exposure, each spoke's compute, Object Lock", () => {
    const t = data.topology;
    expect(t.scps.map((p) => [p.name, p.attachedTo])).toEqual([["acme-guardrails", ["Root"]], ["acme-protect-landing-zone", ["Root"]], ["acme-region-guard", ["Root"]]]);
    expect(t.allowedRegions).toEqual(config.allowedRegions);
    const prod = t.spokes.find((s) => s.account === "payments-prod")!;
    const dev = t.spokes.find((s) => s.account === "analytics-dev")!;
    // payments-prod's web service sits behind an internet-facing ALB in public subnets, guarded by WAF; analytics-dev's ALB is internal.
    expect(prod.exposure).toEqual({ publicSubnets: true, igw: true, publicAlbs: 1, wafProtected: 1, publicAppRunner: 0 });
    expect(dev.exposure).toEqual({ publicSubnets: false, igw: false, publicAlbs: 0, wafProtected: 0, publicAppRunner: 0 });
    expect(prod.ou).toBe("Workloads/Prod");
    expect(prod.compute.labels).toEqual(expect.arrayContaining(["ec2 api ×2 t3.micro", "ecs web ×2 public ALB"]));
    expect(dev.compute.labels).toEqual(expect.arrayContaining(["ecs dashboard ×1 internal ALB"]));
    expect(t.logging.objectLock).toEqual({ mode: "GOVERNANCE", days: config.logging.archive.objectLockGovernanceDays, synthesized: true });
    const figure = html.slice(html.indexOf('<section id="topology">'), html.indexOf('<section id="findings">'));
    for (const text of ["SCPs: acme-guardrails", "allowed regions: us-east-1", "public ALB ×1 · WAF 1/1", "IGW", "public subnets", "private only", "Object Lock 365 d, governance", "ec2 api ×2 t3.micro"]) expect(figure).toContain(text);
    // Spokes hang off the Transit Gateway bus in one foldable group per OU, unfolded while there are few.
    expect(figure.match(/<details class="ou-group" data-ou="[^"]+" open>/g)).toHaveLength(2);
    expect(figure).toMatch(/<svg[\s\S]*class="bus"[\s\S]*<\/svg><div class="bus-groups">/);
    // Small enough for one comment: the full report, not the summary.
    expect(md.length).toBeLessThanOrEqual(65_536);
    expect(md).toContain("## Per-account inventory");
    expect(md).not.toContain("(summary)");
  });

  it("inventories resources by type for each stack and its account", () => {
    const bootstrap = data.inventory.find((i) => i.stack === "bootstrap")!;
    expect(bootstrap).toMatchObject({ account: "management", accountId: "111111111111" });
    expect(bootstrap.byType).toEqual(expect.arrayContaining([["aws_s3_bucket", 1], ["aws_kms_key", 1]]));
    expect(data.inventory.find((i) => i.stack === "organization")!.byType).toEqual(expect.arrayContaining([["aws_organizations_organizational_unit", 5]]));
    // An access stack belongs to its member account and holds the deployer role.
    expect(data.inventory.find((i) => i.stack === "access-payments-prod")).toMatchObject({
      account: "payments-prod",
      accountId: "444444444444",
      byType: [["aws_iam_role", 1], ["aws_iam_role_policy_attachment", 1]],
    });
  });

  it("lists encryption coverage with its evidence", () => {
    expect(data.coverage.encryption.map((r) => [r.rule, r.path, r.status])).toEqual(expect.arrayContaining([["s3-kms-encryption", "bootstrap/state/bucket/this", "pass"]]));
    expect(html).toContain('<section id="coverage">');
  });

  it("maps every rule to the resources that prove it", () => {
    const rotation = data.controls.find((c) => c.rule.id === "kms-rotation")!;
    expect(rotation).toMatchObject({ refs: "CIS 3.6, FSBP KMS.4, checkov CKV_AWS_7", status: "pass" });
    expect(rotation.evidence.map((e) => `${e.stack}: ${e.address}`)).toEqual(expect.arrayContaining(["bootstrap: aws_kms_key.state_key", "logging: aws_kms_key.key", "network: aws_kms_key.logs_key"]));
    expect(data.controls.length).toBe(policy.rules.length);
    expect(html).toContain("<code>kms-rotation</code>");
  });

  it("is self-contained: inline CSS and SVG, one small inline script (zoom and fold), nothing fetched", () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("<style>");
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0][1]).toBe(""); // no src
    expect(scripts[0][2].length).toBeLessThan(2048);
    expect(scripts[0][2]).not.toMatch(/fetch|XMLHttpRequest|import|src|href|eval|Function\(/);
    expect(html.replace(scripts[0][0], "")).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  it("writes valid SARIF 2.1.0 with every rule and no results", () => {
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0].tool.driver.rules.length).toBe(policy.rules.length);
    expect(sarif.runs[0].results).toEqual([]);
  });
});

describe("the report of a config with findings and a suppression", () => {
  beforeAll(() => weaken(true));
  afterAll(() => weaken(false));

  function reportFor(suppressions: unknown[]) {
    const config = configWith(suppressions);
    const { policy } = evaluate(config, join(tmpdir(), "lz-report-state"));
    const out = mkdtempSync(join(tmpdir(), "lz-report-"));
    const { data, files } = writeReport(config, policy, out, NOW);
    return { data, html: readFileSync(files.html, "utf8"), md: readFileSync(files.markdown, "utf8"), sarif: JSON.parse(readFileSync(files.sarif, "utf8")) };
  }

  it("reports the finding with its fix and the config key that produced it, in every format", () => {
    const { data, html, md, sarif } = reportFor([]);
    expect(data.findings).toEqual([expect.objectContaining({ rule: "prevent-destroy", path: "bootstrap/state/bucket/this", key: "state.bucket", location: expect.objectContaining({ line: expect.any(Number) }) })]);
    expect(html).toContain('<div class="verdict bad">1 finding: 1 error');
    expect(md).toContain("| error | `prevent-destroy` | bootstrap |");
    expect(sarifProblems(sarif)).toEqual([]);
    const [result] = sarif.runs[0].results;
    expect(result).toMatchObject({ ruleId: "prevent-destroy", level: "error", locations: [{ physicalLocation: { artifactLocation: { uri: "landing-zone.yaml" }, region: { startLine: data.findings[0].location.line } }, logicalLocations: [{ fullyQualifiedName: "bootstrap/state/bucket/this" }] }] });
    expect(exampleText().split("\n")[result.locations[0].physicalLocation.region.startLine - 1]).toMatch(/^  bucket: acme-tfstate-/);
  });

  it("lists every suppression with its reason and what it accepted; SARIF marks the result suppressed", () => {
    const reason = "sandbox state bucket, recreated by hand (accepted by the platform team)";
    const { data, html, md, sarif } = reportFor([{ rule: "prevent-destroy", resource: "bootstrap/state/bucket", reason }]);
    expect(data.findings).toEqual([]);
    expect(data.suppressions).toEqual([expect.objectContaining({ index: 0, reason, matched: [expect.objectContaining({ path: "bootstrap/state/bucket/this" })] })]);
    expect(html).toContain(reason);
    expect(md).toContain(reason);
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0].results).toEqual([expect.objectContaining({ ruleId: "prevent-destroy", suppressions: [{ kind: "external", status: "accepted", justification: reason }] })]);
  });
});

describe("config locations of findings, from the example's real construct paths", () => {
  const config = exampleConfig();
  const source = configSource(config)!;
  const out = synthConfig(config);
  const text = exampleText();
  const lines = text.split("\n");
  /** Every resource's construct path, as synth wrote it in metadata.path, by stack. */
  const paths = (stack: string): string[] =>
    Object.values((out.stack(stack).resource ?? {}) as Record<string, Record<string, { "//": { metadata: { path: string } } }>>).flatMap((byName) => Object.values(byName).map((r) => r["//"].metadata.path));
  /** The construct path of one resource, asserting synth wrote it. */
  const real = (stack: string, path: string): string => {
    expect(paths(stack)).toContain(path);
    return path;
  };
  const locate = (stack: string, path: string, rule = "alb-waf") => locateResult({ rule, severity: "error", stack, path, status: "fail", detail: "" }, config, source);
  /** Asserts the key path and that its line is `line` (1-based), the line holding `needle`. */
  const expectAt = (stack: string, path: string, key: (string | number)[], needle: string, nth = 0) => {
    const loc = locate(stack, path);
    expect(loc.path).toEqual(key);
    const line = lines.map((l, i) => (l.includes(needle) ? i + 1 : 0)).filter(Boolean)[nth];
    expect(line).toBeGreaterThan(0);
    expect(loc.line).toBe(line);
    return loc;
  };

  it("synthesizes the stacks the product creates, with no account-<name> construct anywhere", () => {
    expect(out.stacks.sort()).toEqual([...EXAMPLE_STACKS]);
    for (const stack of out.stacks) for (const p of paths(stack)) expect(p.split("/")).not.toContainEqual(expect.stringMatching(/^account-/));
  });

  it("leads a workload resource to its compute entry, and a load balancer to that entry's loadBalancer", () => {
    expectAt("workload-payments-prod", real("workload-payments-prod", "workload-payments-prod/ecs-web/load-balancer/this"), ["accounts", 2, "ecs", 0, "loadBalancer"], "loadBalancer:");
    expectAt("workload-payments-prod", real("workload-payments-prod", "workload-payments-prod/ecs-web/task-definition"), ["accounts", 2, "ecs", 0], "- name: web");
    expectAt("workload-analytics-dev", real("workload-analytics-dev", "workload-analytics-dev/ecs-dashboard/this"), ["accounts", 3, "ecs", 0], "- name: dashboard");
    expectAt("workload-payments-prod", real("workload-payments-prod", "workload-payments-prod/ec2-api/instance-1"), ["accounts", 2, "ec2", 0], "- name: api");
    expectAt("workload-payments-prod", real("workload-payments-prod", "workload-payments-prod/apprunner-portal/this"), ["accounts", 2, "appRunner", 0], "- { name: portal");
    expectAt("workload-analytics-dev", real("workload-analytics-dev", "workload-analytics-dev/batch-reports/launch-template/this"), ["accounts", 3, "batch", 0], "- name: reports");
  });

  it("leads a job, a repository and an endpoint to their item in a flow sequence, line and column", () => {
    const job = expectAt("workload-payments-prod", real("workload-payments-prod", "workload-payments-prod/batch-etl/job-transform"), ["accounts", 2, "batch", 0, "jobs", 0], "jobs: [{ name: transform");
    expect(lines[job.line! - 1].slice(job.col! - 1)).toMatch(/^\{ name: transform/);
    const repo = expectAt("workload-payments-prod", real("workload-payments-prod", "workload-payments-prod/ecr-portal/this"), ["accounts", 2, "ecr", 2], "ecr: [web, etl, portal]");
    expect(lines[repo.line! - 1].slice(repo.col! - 1)).toMatch(/^portal\]/);
    const endpoint = expectAt("network", real("network", "network/endpoints/ecr.api/this"), ["network", "hub", "interfaceEndpoints", 3], "interfaceEndpoints:");
    expect(lines[endpoint.line! - 1].slice(endpoint.col! - 1)).toMatch(/^ecr\.api,/);
  });

  it("leads a spoke to the account's cidr, or to the account when the CIDR comes from the pool", () => {
    expectAt("workload-payments-prod", real("workload-payments-prod", "workload-payments-prod/spoke/vpc/this"), ["accounts", 2, "cidr"], "cidr: 10.16.0.0/20");
    expectAt("workload-analytics-dev", real("workload-analytics-dev", "workload-analytics-dev/spoke/vpc/this"), ["accounts", 3], "- name: analytics-dev");
  });

  it("leads member-account findings to the member account, never to the organization stack's config", () => {
    expectAt("logging", real("logging", "logging/baseline/ebs-encryption"), ["accounts", 0], "- name: log-archive");
    expectAt("network", "network", ["accounts", 1], "- name: network");
    expectAt("access-network", real("access-network", "access-network/deployer/this"), ["accounts", 1], "- name: network");
    expectAt("workload-payments-prod", real("workload-payments-prod", "workload-payments-prod/baseline/password-policy"), ["accounts", 2], "- name: payments-prod");
    for (const stack of out.stacks.filter((s) => s !== "bootstrap" && s !== "organization")) {
      for (const p of paths(stack)) {
        const loc = locate(stack, p);
        expect([p, loc.path[0]]).not.toEqual([p, "organization"]);
        expect([p, loc.line]).toEqual([p, expect.any(Number)]);
      }
    }
  });

  it("leads the shared stacks' resources to their section", () => {
    expectAt("logging", real("logging", "logging/trail/this"), ["logging"], "logging:");
    expectAt("logging", real("logging", "logging/archive/bucket/this"), ["logging", "archive"], "  archive:");
    expectAt("network", real("network", "network/hub/this"), ["network", "hub"], "  hub:");
    expectAt("network", real("network", "network/transit-gateway/this"), ["network", "hub", "transitGatewayAsn"], "transitGatewayAsn:");
    expectAt("bootstrap", real("bootstrap", "bootstrap/state/bucket/this"), ["state", "bucket"], "  bucket: acme-tfstate");
  });

  it("leads organization resources to the organization, its OUs, the accounts list and the allowed regions", () => {
    expectAt("organization", real("organization", "organization/ous/workloads-prod"), ["organization", "organizationalUnits", 2], "organizationalUnits:");
    expect(locate("organization", real("organization", "organization/ous/workloads")).path).toEqual(["organization", "organizationalUnits", 2]);
    expectAt("organization", real("organization", "organization/account/this"), ["accounts"], "accounts:");
    expectAt("organization", real("organization", "organization/scp/region-guard"), ["allowedRegions"], "allowedRegions:");
    expectAt("organization", real("organization", "organization/organization/this"), ["organization"], "organization:");
    expectAt("organization", real("organization", "organization/cloudtrail-delegated-admin"), ["accounts", 0], "- name: log-archive");
  });

  it("puts a member account's finding in SARIF at that account's key, with the construct path as the logical location", () => {
    const { policy } = evaluate(config, join(tmpdir(), "lz-report-state"));
    const path = real("workload-payments-prod", "workload-payments-prod/ecs-web/load-balancer/this");
    const finding = { rule: "alb-waf", severity: "error" as const, stack: "workload-payments-prod", path, address: "aws_lb.ecs-web_load-balancer_this", status: "fail" as const, detail: "no aws_wafv2_web_acl_association refers to it" };
    const data = buildReport(config, { ...policy, results: [...policy.results, finding], findings: [finding], errors: [finding] }, NOW);
    expect(data.findings).toEqual([expect.objectContaining({ key: "accounts[2].ecs[0].loadBalancer" })]);
    const sarif = renderSarif(data, "0.0.0");
    expect(sarifProblems(sarif)).toEqual([]);
    const [result] = (sarif as { runs: { results: { locations: { physicalLocation: { region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] }).runs[0].results;
    expect(lines[result.locations[0].physicalLocation.region.startLine - 1]).toMatch(/^ {8}loadBalancer:$/);
    expect(result.locations[0].logicalLocations[0].fullyQualifiedName).toBe(path);
  });

  it("leads backend rules to state, wherever they fire", () => {
    for (const rule of ["state-locking", "state-encrypted", "state-kms"]) {
      const loc = locate("logging", "logging", rule);
      expect(loc.path).toEqual(["state"]);
      expect(lines[loc.line! - 1]).toMatch(/^state:/);
    }
  });
});
