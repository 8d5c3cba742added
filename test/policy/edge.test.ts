/** Load balancer and WAF guardrails, each proven both ways on constructs synthesized alone. */
import { Lb, LbConfig } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { Wafv2WebAcl, Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { TerraformStack } from "cdktf";
import { check, resultsOf, rule } from "./helpers";

const lb = (s: TerraformStack, o: Partial<LbConfig> = {}) =>
  new Lb(s, "alb", {
    name: "web",
    internal: false,
    loadBalancerType: "application",
    dropInvalidHeaderFields: true,
    enableDeletionProtection: true,
    desyncMitigationMode: "strictest",
    accessLogs: { bucket: "acme-alb-logs", enabled: true },
    ...o,
  });
const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
const managed = (name: string, priority: number): Wafv2WebAclRule => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managed_rule_group_statement: { name, vendor_name: "AWS" } },
  visibilityConfig: visibility(name),
});
const acl = (s: TerraformStack, rules: Wafv2WebAclRule[]) =>
  new Wafv2WebAcl(s, "waf", { name: "web", scope: "REGIONAL", defaultAction: { allow: {} }, visibilityConfig: visibility("web"), rule: rules });
const baseline = [managed("AWSManagedRulesCommonRuleSet", 1), managed("AWSManagedRulesKnownBadInputsRuleSet", 2)];

describe("edge rules", () => {
  rule("alb-tls13-policy", {
    good: (s) => new LbListener(s, "https", { loadBalancerArn: "arn:lb", port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: "arn:cert", defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }] }),
    bad: (s) => new LbListener(s, "https", { loadBalancerArn: "arn:lb", port: 443, protocol: "HTTPS", certificateArn: "arn:cert", defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }] }),
    detail: /ELBSecurityPolicy-2016-08 \(default\)/,
  });
  rule("alb-http-redirects-to-https", {
    good: (s) => new LbListener(s, "http", { loadBalancerArn: "arn:lb", port: 80, protocol: "HTTP", defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] }),
    bad: (s) => new LbListener(s, "http", { loadBalancerArn: "arn:lb", port: 80, protocol: "HTTP", defaultAction: [{ type: "forward", targetGroupArn: "arn:tg" }] }),
    detail: /default action forward/,
  });
  rule("alb-drop-invalid-headers", { good: (s) => lb(s), bad: (s) => lb(s, { dropInvalidHeaderFields: false }) });
  rule("alb-desync-mitigation", { good: (s) => lb(s), bad: (s) => lb(s, { desyncMitigationMode: "monitor" }) });
  rule("alb-deletion-protection", { good: (s) => lb(s), bad: (s) => lb(s, { enableDeletionProtection: false }) });
  rule("alb-access-logs", { good: (s) => lb(s), bad: (s) => lb(s, { accessLogs: { bucket: "acme-alb-logs", enabled: false } }) });
  rule("alb-waf", {
    good: (s) => new Wafv2WebAclAssociation(s, "waf-association", { resourceArn: lb(s).arn, webAclArn: acl(s, baseline).arn }),
    bad: (s) => lb(s),
    path: "test/alb",
  });
  rule("waf-has-rules", { good: (s) => acl(s, baseline), bad: (s) => acl(s, []) });
  it("reads the managed rule groups of a web ACL written as rule_json", () => {
    const ruleJson = JSON.stringify(
      ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"].map((name, i) => ({
        Name: name,
        Priority: i + 1,
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: name } },
        VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name },
      })),
    );
    const report = check((s) => new Wafv2WebAcl(s, "waf", { name: "web", scope: "REGIONAL", defaultAction: { allow: {} }, visibilityConfig: visibility("web"), ruleJson }));
    expect(resultsOf(report, "waf-managed-baseline")[0]).toMatchObject({ status: "pass" });
    expect(resultsOf(report, "waf-has-rules")[0]).toMatchObject({ status: "pass", detail: "2 rule(s) in rule_json" });
  });

  rule("waf-managed-baseline", { good: (s) => acl(s, baseline), bad: (s) => acl(s, baseline.slice(0, 1)), detail: /missing AWSManagedRulesKnownBadInputsRuleSet/ });
});
