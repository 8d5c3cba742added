/** Load balancer and WAF guardrails, each proven both ways on constructs synthesized alone. */
import { Lb, LbConfig } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { Wafv2WebAcl, Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogSubscriptionFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { TerraformStack } from "cdktf";
import { check, expectFailure, resultsOf, rule } from "./helpers";

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
    address: "aws_lb_listener.https",
    reason: /^ssl_policy = ELBSecurityPolicy-2016-08 \(default\)$/,
    good: (s) => new LbListener(s, "https", { loadBalancerArn: "arn:lb", port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: "arn:cert", defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }] }),
    bad: (s) => new LbListener(s, "https", { loadBalancerArn: "arn:lb", port: 443, protocol: "HTTPS", certificateArn: "arn:cert", defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }] }),
  });
  rule("alb-http-redirects-to-https", {
    address: "aws_lb_listener.http",
    reason: /^default action forward$/,
    good: (s) => new LbListener(s, "http", { loadBalancerArn: "arn:lb", port: 80, protocol: "HTTP", defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] }),
    bad: (s) => new LbListener(s, "http", { loadBalancerArn: "arn:lb", port: 80, protocol: "HTTP", defaultAction: [{ type: "forward", targetGroupArn: "arn:tg" }] }),
  });
  rule("alb-drop-invalid-headers", { address: "aws_lb.alb", reason: /^drop_invalid_header_fields is not true$/, good: (s) => lb(s), bad: (s) => lb(s, { dropInvalidHeaderFields: false }) });
  rule("alb-desync-mitigation", { address: "aws_lb.alb", reason: /^desync_mitigation_mode = "monitor"$/, good: (s) => lb(s), bad: (s) => lb(s, { desyncMitigationMode: "monitor" }) });
  rule("alb-deletion-protection", { address: "aws_lb.alb", reason: /^enable_deletion_protection is not true$/, good: (s) => lb(s), bad: (s) => lb(s, { enableDeletionProtection: false }) });
  rule("alb-access-logs", { address: "aws_lb.alb", reason: /^access_logs not enabled$/, good: (s) => lb(s), bad: (s) => lb(s, { accessLogs: { bucket: "acme-alb-logs", enabled: false } }) });
  rule("alb-waf", {
    address: "aws_lb.alb",
    reason: /^no aws_wafv2_web_acl_association refers to it$/,
    good: (s) => new Wafv2WebAclAssociation(s, "waf-association", { resourceArn: lb(s).arn, webAclArn: acl(s, baseline).arn }),
    bad: (s) => lb(s),
    path: "test/alb",
  });
  rule("waf-has-rules", { address: "aws_wafv2_web_acl.waf", reason: /^no rule blocks$/, good: (s) => acl(s, baseline), bad: (s) => acl(s, []) });
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

  rule("waf-managed-baseline", { address: "aws_wafv2_web_acl.waf", reason: /^missing AWSManagedRulesKnownBadInputsRuleSet$/, good: (s) => acl(s, baseline), bad: (s) => acl(s, baseline.slice(0, 1)) });

  /** A web ACL logging to its local aws-waf-logs- group; `forwardTo` adds the subscription filter to that destination. */
  const loggedAcl = (s: TerraformStack, forwardTo?: string) => {
    const web = acl(s, baseline);
    const group = new CloudwatchLogGroup(s, "waf-logs", { name: "aws-waf-logs-web", kmsKeyId: "arn:aws:kms:us-east-1:444444444444:key/k", retentionInDays: 365 });
    new Wafv2WebAclLoggingConfiguration(s, "waf-logging", { resourceArn: web.arn, logDestinationConfigs: [group.arn] });
    if (forwardTo) new CloudwatchLogSubscriptionFilter(s, "waf-logs-forwarding", { name: "to-logging-account", logGroupName: group.name, filterPattern: "", destinationArn: forwardTo });
  };
  const LOGGING_DESTINATION = "arn:aws:logs:us-east-1:222222222222:destination:acme-waf-logs";
  rule("waf-logs-to-logging-account", {
    address: "aws_wafv2_web_acl.waf",
    reason: /^aws_cloudwatch_log_group\.waf_logs has no subscription filter: the logs stay in account test$/,
    good: (s) => loggedAcl(s, LOGGING_DESTINATION),
    bad: (s) => loggedAcl(s),
  });
  it("flags a web ACL without a logging configuration, and one whose logs are forwarded to something other than another account's destination", () => {
    expectFailure(check((s) => acl(s, baseline)), "waf-logs-to-logging-account", "aws_wafv2_web_acl.waf", /^no aws_wafv2_web_acl_logging_configuration refers to it$/);
    const toStream = check((s) => loggedAcl(s, "arn:aws:firehose:us-east-1:444444444444:deliverystream/aws-waf-logs-web"));
    expectFailure(toStream, "waf-logs-to-logging-account", "aws_wafv2_web_acl.waf", /^aws_cloudwatch_log_group\.waf_logs is not forwarded to a CloudWatch Logs destination in another account \(the logging account\)$/);
  });
  it("passes the evidence: the group, its filter and the destination", () => {
    const [result] = resultsOf(check((s) => loggedAcl(s, LOGGING_DESTINATION)), "waf-logs-to-logging-account");
    expect(result).toMatchObject({ status: "pass", detail: `aws_cloudwatch_log_group.waf_logs forwarded by aws_cloudwatch_log_subscription_filter.waf_logs_forwarding to ${LOGGING_DESTINATION}` });
  });
});
