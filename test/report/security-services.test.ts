/** The report's security services view: per account and region, what runs and the resources that prove it. */
import { buildReport } from "../../src/report/data";
import { renderMarkdown } from "../../src/report/markdown";
import { evaluate } from "../../src/synth";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleConfig } from "../helpers/synth";

describe("report: security services per account and region", () => {
  const config = exampleConfig();
  const data = buildReport(config, evaluate(config, join(tmpdir(), "lz-report-state")).policy);
  const row = (account: string, region: string) => data.securityServices.find((r) => r.account === account && r.region === region);

  it.each(["management", ...config.accounts.map((a) => a.name)].flatMap((a) => config.allowedRegions.map((r) => [a, r])))("shows AWS Config recording %s in %s, proven by its recorder, channel and status", (account, region) => {
    const config_ = row(account, region)?.services.find((s) => s.service === "AWS Config");
    expect(config_?.resources.some((r) => /aws_config_configuration_recorder\./.test(r))).toBe(true);
    expect(config_?.resources.some((r) => /aws_config_delivery_channel\./.test(r))).toBe(true);
    expect(config_?.resources.some((r) => /aws_config_configuration_recorder_status\./.test(r))).toBe(true);
  });

  it.each(config.allowedRegions)("shows GuardDuty, Inspector and Access Analyzer in the security account in %s", (region) => {
    expect(row(config.securityAccount.name, region)?.services.map((s) => s.service)).toEqual(expect.arrayContaining(["GuardDuty", "Inspector", "Access Analyzer"]));
  });

  it("shows Security Hub in the security account's home region and the management account's recorders from the security stack", () => {
    expect(row(config.securityAccount.name, config.homeRegion)?.services.map((s) => s.service)).toContain("Security Hub");
    expect(row("management", config.homeRegion)?.services.find((s) => s.service === "AWS Config")?.resources).toContain("security: aws_config_configuration_recorder.management_config_recorder_recorder");
  });

  it("shows WAF logging in the account with a web ACL, to the logging account's destination, and that destination in the logging account", () => {
    const destination = "arn:aws:logs:us-east-1:222222222222:destination:acme-waf-logs";
    const waf = row("payments-prod", config.homeRegion)?.services.find((s) => s.service === "WAF logging");
    expect(waf?.resources).toEqual([
      "workload-payments-prod: aws_wafv2_web_acl_logging_configuration.ecs_web_load_balancer_waf_logging",
      "workload-payments-prod: aws_cloudwatch_log_subscription_filter.ecs_web_load_balancer_waf_logs_forwarding",
    ]);
    expect(waf?.destinations).toEqual([destination]);
    expect(row(config.loggingAccount.name, config.homeRegion)?.services.find((s) => s.service === "WAF logging")?.resources).toEqual(["logging: aws_cloudwatch_log_destination.waf_logs_destination"]);
    expect(renderMarkdown(data)).toContain(`WAF logging 2 (to ${destination})`);
  });

  it("draws the security account in the topology, in its OU", () => {
    const accounts = data.topology.ous.flatMap((o) => o.accounts.map((a) => [o.path, a.name, a.type]));
    expect(accounts).toContainEqual(["Security", config.securityAccount.name, "security"]);
  });

  it("renders the table in the Markdown report", () => {
    expect(renderMarkdown(data)).toMatch(/## Security services[\s\S]*\| security \| us-west-2 \| AWS Config, GuardDuty, /);
  });
});
