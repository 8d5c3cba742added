/**
 * The report's "who can access what" and "what the landing zone costs": permission sets per account from the
 * config, and the fixed monthly cost counted in the synthesized stacks, checked against totals computed by hand.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { HOURS_PER_MONTH, PRICES, tradeOffs } from "../../src/report/cost";
import { buildReport } from "../../src/report/data";
import { renderHtml } from "../../src/report/html";
import { renderMarkdown } from "../../src/report/markdown";
import { evaluate } from "../../src/synth";
import { exampleConfig, exampleText } from "../helpers/synth";

describe("report: people and money", () => {
  const config = exampleConfig();
  const { policy } = evaluate(config, join(tmpdir(), "lz-report-state"));
  const data = buildReport(config, policy, new Date("2025-01-01T00:00:00Z"));
  const byStack = Object.fromEntries(data.cost.stacks.map((s) => [s.stack, s]));

  it("prices hourly resources at 730 hours, to the cent", () => {
    expect(HOURS_PER_MONTH).toBe(730);
    expect(PRICES.natGateway.monthlyUsd).toBe(32.85); // 0.045 × 730
    expect(PRICES.interfaceEndpointAz.monthlyUsd).toBe(7.3); // 0.01 × 730
    expect(PRICES.transitGatewayAttachment.monthlyUsd).toBe(36.5); // 0.05 × 730
    expect(PRICES.applicationLoadBalancer.monthlyUsd).toBe(16.43); // 0.0225 × 730 = 16.425
    expect(PRICES.publicIpv4.monthlyUsd).toBe(3.65); // 0.005 × 730
  });

  it("counts the hub's NAT gateways, interface endpoints per AZ, attachment, keys and zones", () => {
    // 3 NAT × 32.85 + 3 EIP × 3.65 + 9 interface endpoints × 3 AZs × 7.30 + 1 attachment × 36.50 + 5 keys × 1 + 9 zones × 0.50
    expect(Object.fromEntries(byStack.network.lines.map((l) => [l.item, l.quantity]))).toEqual({
      natGateway: 3,
      publicIpv4: 3,
      interfaceEndpointAz: 27,
      transitGatewayAttachment: 1,
      kmsKey: 5,
      hostedZone: 9,
    });
    expect(byStack.network.monthlyUsd).toBe(352.6);
  });

  it("adds up per account and in total, by hand: 508.86 USD a month for the example", () => {
    expect(byStack.bootstrap.monthlyUsd).toBe(1); // the state key
    expect(byStack.logging.monthlyUsd).toBe(8.5); // 7 keys (with the GuardDuty findings and WAF logs keys) + 15 alarms × 0.10 + the trail (free)
    expect(byStack.organization.monthlyUsd).toBe(4); // 4 keys; budgets without actions are free
    expect(byStack["workload-payments-prod"].monthlyUsd).toBe(79.83); // attachment 36.50 + 5 keys + ALB 16.43 + its apprunner.requests endpoint in 3 AZs 21.90
    expect(byStack["workload-analytics-dev"].monthlyUsd).toBe(57.93); // attachment 36.50 + 5 keys + ALB 16.43 (no private App Runner endpoint)
    expect(byStack["identity-center"].monthlyUsd).toBe(0); // permission sets and assignments are free
    expect(byStack.security.monthlyUsd).toBe(5); // 5 keys: the baseline's and the findings topic's
    expect(data.cost.monthlyUsd).toBe(508.86); // 1 + 4 + 8.50 + 352.60 + 79.83 + 57.93 + 5
  });

  it("sets NAT per AZ against a single NAT, and central endpoints against endpoints in every VPC", () => {
    const [nat, endpoints] = data.cost.tradeOffs;
    expect(nat.options.map((o) => [o.monthlyUsd, o.current])).toEqual([[109.5, true], [36.5, false]]); // 3 × (32.85 + 3.65), 1 × …
    expect(endpoints.options.map((o) => [o.monthlyUsd, o.current])).toEqual([[197.1, true], [591.3, false]]); // 9 × 3 × 7.30 × 1, × 3 VPCs
    expect(tradeOffs({ availabilityZones: 2, natGateways: "single", interfaceEndpoints: 4, spokes: 5 })[0].options[1].current).toBe(true);
  });

  it("lists who can access what, per account, with groups and policies", () => {
    const payments = data.access.find((a) => a.account === "payments-prod")!;
    expect(payments.sets.find((s) => s.permissionSet === "SessionUser")).toEqual({ permissionSet: "SessionUser", sessionDuration: "PT4H", groups: ["developers"], policies: ["customer managed acme-session-user"] });
    expect(payments.sets.find((s) => s.permissionSet === "SecurityAudit")!.policies).toEqual(["AWS managed SecurityAudit", "AWS managed ReadOnlyAccess"]);
    expect(data.access.find((a) => a.account === "network")!.sets.map((s) => s.permissionSet)).not.toContain("Developer");
  });

  it("shows both in the HTML page and the Markdown", () => {
    const html = renderHtml(data);
    const md = renderMarkdown(data);
    for (const out of [html, md]) {
      expect(out).toContain("Who can access what");
      expect(out).toContain("administered from the management account");
      expect(out).toContain("Estimate: $508.86 per month");
      expect(out).toContain("https://aws.amazon.com/vpc/pricing/");
    }
    expect(md).toMatch(/\| payments-prod \| `SessionUser` \| PT4H \| developers \| customer managed acme-session-user \|/);
    expect(md).toMatch(/\| `network` \| network \| [^|]*3 × NAT gateway \(\$98\.55\)[^|]*27 × interface endpoint per AZ \(\$197\.10\)[^|]*\| \$352\.60 \|/);
  });

  it("names the delegated administrator as where access is administered", () => {
    const doc = parseDocument(exampleText());
    doc.setIn(["access", "administrator"], "log-archive");
    const delegated = parseConfig(doc.toString());
    const report = buildReport(delegated, evaluate(delegated, join(tmpdir(), "lz-report-state")).policy);
    expect(renderMarkdown(report)).toContain("administered from log-archive.");
  });

  it("counts one NAT fewer in total with natGateways: single", () => {
    const doc = parseDocument(exampleText());
    doc.setIn(["network", "hub", "natGateways"], "single");
    const single = parseConfig(doc.toString());
    const total = buildReport(single, evaluate(single, join(tmpdir(), "lz-report-state")).policy).cost.monthlyUsd;
    expect(total).toBe(508.86 - 2 * (32.85 + 3.65));
  });
});
