/**
 * lz report's content: summary, topology from the config, inventory,
 * coverage, control -> evidence, suppressions and findings, in HTML,
 * Markdown and SARIF 2.1.0.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { buildReport } from "../../src/report/data";
import { writeReport } from "../../src/report";
import { configPathFor } from "../../src/report/locations";
import { evaluate } from "../../src/synth";
import { sarifProblems } from "../helpers/sarif";
import { exampleText } from "../helpers/synth";

// As in the enforcement test: a module default regresses, so there is a finding to report.
jest.mock("../../modules/secure-bucket", () => {
  const actual = jest.requireActual("../../modules/secure-bucket");
  return {
    SecureBucket: class extends actual.SecureBucket {
      constructor(scope: unknown, id: string, props: Record<string, unknown>) {
        const state = String(props.bucketName).includes("tfstate");
        super(scope, id, { ...props, preventDestroy: (globalThis as { weaken?: boolean }).weaken && state ? false : props.preventDestroy });
      }
    },
  };
});

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
    expect(data.summary).toMatchObject({ accounts: 5, stacks: 10, rules: policy.rules.length, errors: 0, warnings: 0, suppressed: 0 });
    expect(data.summary.passed).toBe(policy.results.filter((r) => r.status === "pass").length);
    expect(html).toContain("No findings:");
    expect(md).toContain("**No findings**");
  });

  it("draws the topology from the config: OUs and accounts, hub and spokes with CIDRs, TGW, NAT, endpoints, trail", () => {
    const t = data.topology;
    expect(t.ous.map((o) => o.path)).toEqual(["Infrastructure", "Security", "Workloads", "Workloads/NonProd", "Workloads/Prod"]);
    expect(t.hub).toMatchObject({ cidr: "10.0.0.0/16", azs: 3, natMode: "per-az", nat: { count: 3 }, tgw: { asn: 64512 } });
    expect(t.spokes.map((s) => [s.account, s.cidr])).toEqual([["payments-prod", "10.16.0.0/20"], ["analytics-dev", "10.16.16.0/20"]]);
    const svg = html.slice(html.indexOf("<svg"), html.indexOf("</svg>"));
    for (const text of ["OU Workloads/Prod", "payments-prod · workload · 444444444444", "Hub VPC · network · 10.0.0.0/16", "NAT gateway", "Transit Gateway", "ASN 64512", "Spoke VPC · analytics-dev", "10.16.16.0/20 (from the pool)", "ecr.dkr", "Organization CloudTrail", "S3 archive", "secops@acme.example"]) {
      expect(svg).toContain(text.replace(/&/g, "&amp;"));
    }
    expect(md).toMatch(/```mermaid\nflowchart LR[\s\S]*tgw\(\("Transit Gateway ASN 64512"\)\)[\s\S]*```/);
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

  it("is self-contained: inline CSS and SVG, no scripts, nothing fetched", () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("<style>");
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  it("writes valid SARIF 2.1.0 with every rule and no results", () => {
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0].tool.driver.rules.length).toBe(policy.rules.length);
    expect(sarif.runs[0].results).toEqual([]);
  });
});

describe("the report of a config with findings and a suppression", () => {
  beforeAll(() => ((globalThis as { weaken?: boolean }).weaken = true));
  afterAll(() => ((globalThis as { weaken?: boolean }).weaken = false));

  function reportFor(suppressions: unknown[]) {
    const config = configWith(suppressions);
    const { policy } = evaluate(config, join(tmpdir(), "lz-report-state"));
    const out = mkdtempSync(join(tmpdir(), "lz-report-"));
    const { data, files } = writeReport(config, policy, out, NOW);
    return { data, html: readFileSync(files.html, "utf8"), md: readFileSync(files.markdown, "utf8"), sarif: JSON.parse(readFileSync(files.sarif, "utf8")) };
  }

  it("reports the finding with its fix and the config key that produced it, in every format", () => {
    const { data, html, md, sarif } = reportFor([]);
    expect(data.findings).toEqual([expect.objectContaining({ rule: "prevent-destroy", path: "bootstrap/state/bucket/this", key: "state", location: expect.objectContaining({ line: expect.any(Number) }) })]);
    expect(html).toContain('<div class="verdict bad">1 finding: 1 error');
    expect(md).toContain("| error | `prevent-destroy` | bootstrap |");
    expect(sarifProblems(sarif)).toEqual([]);
    const [result] = sarif.runs[0].results;
    expect(result).toMatchObject({ ruleId: "prevent-destroy", level: "error", locations: [{ physicalLocation: { artifactLocation: { uri: "landing-zone.yaml" }, region: { startLine: data.findings[0].location.line } }, logicalLocations: [{ fullyQualifiedName: "bootstrap/state/bucket/this" }] }] });
    expect(exampleText().split("\n")[result.locations[0].physicalLocation.region.startLine - 1]).toMatch(/^state:/);
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

describe("config locations of findings", () => {
  const config = configWith();
  const input = { accounts: [{}, {}, { name: "payments-prod", ecs: [{ name: "api" }, { name: "web" }] }] };
  const at = (stack: string, path: string, rule = "alb-waf") => configPathFor({ rule, severity: "error", stack, path, status: "fail", detail: "" }, config, input);

  it("leads a workload resource back to its compute entry by name", () => {
    expect(at("workload-payments-prod", "workload-payments-prod/ecs-web/alb/this")).toEqual(["accounts", 2, "ecs", 1]);
    expect(at("workload-payments-prod", "workload-payments-prod/vpc/this")).toEqual(["accounts", 2]);
  });

  it("leads shared stacks to their section, and backend rules to state", () => {
    expect(at("network", "network/hub/vpc")).toEqual(["network", "hub"]);
    expect(at("logging", "logging/trail")).toEqual(["logging"]);
    expect(at("organization", "organization/account-network/this")).toEqual(["accounts", 1]);
    expect(at("logging", "logging", "state-locking")).toEqual(["state"]);
  });
});
