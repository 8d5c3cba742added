/** Edge guardrails: load balancers (TLS 1.3, HTTP redirects, header hygiene, logs, protection) and WAF. */
import { DEFAULT_TLS_POLICY, TLS13_POLICY_PREFIX, TLS_POLICY } from "../../../aws/elb";
import { MANAGED_RULE_GROUPS } from "../../../aws/waf";
import { parseLogsDestinationArn } from "../../../aws/logs";
import { memberAccountOf } from "./baseline";
import { TfElement } from "../model";
import { fail, pass, ResourceRule, unknown } from "../types";
import { JsonObject } from "../json";
import { blockOf, blocksOf, boolOf, isObject, isSet, jsonOf, strOf, UNKNOWN } from "../values";

const LB = ["aws_lb", "aws_alb"];
const LISTENER = ["aws_lb_listener", "aws_alb_listener"];

/** True for an application load balancer (the default type). */
const isAlb = (e: TfElement) => (strOf(e.attrs.load_balancer_type) ?? "application") === "application";

/** Names of the managed rule groups a web ACL uses, from `rule` blocks or the API-shaped `rule_json`. */
function managedGroups(acl: TfElement): string[] | typeof UNKNOWN {
  if (isSet(acl.attrs.rule_json)) {
    const rules = jsonOf(acl.attrs.rule_json);
    if (rules === UNKNOWN || !Array.isArray(rules)) return UNKNOWN;
    return rules.flatMap((r) => {
      const statement = isObject(r) && isObject(r.Statement) ? r.Statement : {};
      const managed = isObject(statement.ManagedRuleGroupStatement) ? statement.ManagedRuleGroupStatement : {};
      return typeof managed.Name === "string" ? [managed.Name] : [];
    });
  }
  const rules = blocksOf(acl.attrs.rule);
  if (rules === UNKNOWN) return UNKNOWN;
  const out: string[] = [];
  for (const r of rules) {
    const statement = blockOf(r.statement);
    if (statement === UNKNOWN) return UNKNOWN;
    const managed = statement && isObject(statement) ? blockOf(statement.managed_rule_group_statement) : undefined;
    if (managed === UNKNOWN) return UNKNOWN;
    if (managed && typeof managed.name === "string") out.push(managed.name);
  }
  return out;
}

export const edgeRules: ResourceRule[] = [
  {
    id: "alb-tls13-policy",
    area: "edge",
    scope: "resource",
    severity: "error",
    title: "HTTPS listeners use a TLS 1.3 security policy",
    description: "Older policies still negotiate TLS 1.0/1.1 and weak ciphers.",
    message: "HTTPS listener allows pre-TLS 1.3 policies",
    fix: `set ssl_policy = "${TLS_POLICY}" (or another ${TLS13_POLICY_PREFIX}* policy)`,
    refs: { fsbp: "ELB.17", checkov: "CKV_AWS_103" },
    types: LISTENER,
    check(e) {
      const protocol = strOf(e.attrs.protocol);
      if (protocol === UNKNOWN) return unknown("protocol is known only at apply time");
      if (protocol !== "HTTPS" && protocol !== "TLS") return undefined;
      const policy = strOf(e.attrs.ssl_policy);
      if (policy === UNKNOWN) return unknown("ssl_policy is known only at apply time");
      return policy?.startsWith(TLS13_POLICY_PREFIX) ? pass(`ssl_policy = ${policy}`) : fail(`ssl_policy = ${policy ?? `${DEFAULT_TLS_POLICY} (default)`}`);
    },
  },
  {
    id: "alb-http-redirects-to-https",
    area: "edge",
    scope: "resource",
    severity: "error",
    title: "HTTP listeners only redirect to HTTPS",
    description: "Plain HTTP carries credentials and cookies in clear text.",
    message: "HTTP listener serves traffic instead of redirecting to HTTPS",
    fix: 'make the default action type = "redirect" with redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" }',
    refs: { fsbp: "ELB.1", checkov: "CKV2_AWS_20" },
    types: LISTENER,
    check(e) {
      const protocol = strOf(e.attrs.protocol);
      if (protocol === UNKNOWN) return unknown("protocol is known only at apply time");
      if (protocol !== "HTTP") return undefined;
      const actions = blocksOf(e.attrs.default_action);
      if (actions === UNKNOWN) return unknown("default actions are known only at apply time");
      const opaque = actions.some((a) => {
        const r = blockOf(a.redirect);
        return strOf(a.type) === UNKNOWN || r === UNKNOWN || strOf(r?.protocol) === UNKNOWN;
      });
      if (opaque) return unknown("a default action is known only at apply time");
      const bad = actions.filter((a) => {
        const r = blockOf(a.redirect) as JsonObject | undefined;
        return a.type !== "redirect" || r?.protocol !== "HTTPS";
      });
      return bad.length || actions.length === 0 ? fail(`default action ${bad.map((a) => String(a.type)).join(", ") || "missing"}`) : pass("redirects to HTTPS");
    },
  },
  {
    id: "alb-drop-invalid-headers",
    area: "edge",
    scope: "resource",
    severity: "error",
    title: "Application load balancers drop invalid HTTP headers",
    description: "Invalid header fields are a request-smuggling vector.",
    message: "load balancer forwards invalid header fields",
    fix: "set drop_invalid_header_fields = true",
    refs: { fsbp: "ELB.4", checkov: "CKV_AWS_131" },
    types: LB,
    check(e) {
      if (!isAlb(e)) return undefined;
      const v = boolOf(e.attrs.drop_invalid_header_fields);
      if (v === UNKNOWN) return unknown("drop_invalid_header_fields is known only at apply time");
      return v === true ? pass("drop_invalid_header_fields = true") : fail("drop_invalid_header_fields is not true");
    },
  },
  {
    id: "alb-desync-mitigation",
    area: "edge",
    scope: "resource",
    severity: "warning",
    title: "Application load balancers mitigate HTTP desync",
    description: "Monitor mode lets ambiguous requests through to targets.",
    message: "desync mitigation is in monitor mode",
    fix: 'set desync_mitigation_mode = "strictest" (or "defensive")',
    refs: { fsbp: "ELB.12" },
    types: LB,
    check(e) {
      if (!isAlb(e)) return undefined;
      const v = strOf(e.attrs.desync_mitigation_mode);
      if (v === UNKNOWN) return unknown("desync_mitigation_mode is known only at apply time");
      return v === "monitor" ? fail('desync_mitigation_mode = "monitor"') : pass(`desync_mitigation_mode = ${v ?? "defensive (default)"}`);
    },
  },
  {
    id: "alb-deletion-protection",
    area: "edge",
    scope: "resource",
    severity: "warning",
    title: "Load balancers have deletion protection",
    description: "Deleting the entry point of a service is an outage; make it a deliberate two-step change.",
    message: "load balancer deletion protection is off",
    fix: "set enable_deletion_protection = true",
    refs: { fsbp: "ELB.6", checkov: "CKV_AWS_150" },
    types: LB,
    check(e) {
      const v = boolOf(e.attrs.enable_deletion_protection);
      if (v === UNKNOWN) return unknown("enable_deletion_protection is known only at apply time");
      return v === true ? pass("enable_deletion_protection = true") : fail("enable_deletion_protection is not true");
    },
  },
  {
    id: "alb-access-logs",
    area: "edge",
    scope: "resource",
    severity: "error",
    title: "Load balancers write access logs",
    description: "Access logs are the record of every request that reached the service.",
    message: "load balancer access logs are off",
    fix: "set access_logs { bucket = <log bucket>, enabled = true }",
    refs: { fsbp: "ELB.5", checkov: "CKV_AWS_91" },
    coverage: "logging",
    types: LB,
    check(e) {
      const logs = blockOf(e.attrs.access_logs);
      if (logs === UNKNOWN) return unknown("access_logs is known only at apply time");
      const enabled = boolOf(logs?.enabled);
      if (enabled === UNKNOWN) return unknown("access_logs.enabled is known only at apply time");
      return enabled === true && isSet(logs?.bucket) ? pass(`access logs to ${String(logs?.bucket)}`) : fail("access_logs not enabled");
    },
  },
  {
    id: "alb-waf",
    area: "edge",
    scope: "resource",
    severity: "error",
    title: "Internet-facing application load balancers are behind AWS WAF",
    description: "A web ACL with the managed rule sets blocks common exploits before they reach the service.",
    message: "internet-facing load balancer has no web ACL",
    fix: "add an aws_wafv2_web_acl_association with resource_arn = the load balancer's ARN",
    refs: { checkov: "CKV2_AWS_28" },
    types: LB,
    check(e, stack) {
      const internal = boolOf(e.attrs.internal);
      if (internal === UNKNOWN) return unknown("internal is known only at apply time");
      if (internal === true || !isAlb(e)) return undefined;
      const assoc = stack.pointingAt("aws_wafv2_web_acl_association", "resource_arn", e);
      if (assoc.length) return pass(assoc[0].address);
      return stack.hasOpaque("aws_wafv2_web_acl_association", "resource_arn") ? unknown("a web ACL association's target is known only at apply time") : fail("no aws_wafv2_web_acl_association refers to it");
    },
  },
  {
    id: "waf-has-rules",
    area: "edge",
    scope: "resource",
    severity: "error",
    title: "Web ACLs have at least one rule",
    description: "An empty web ACL only applies its default action.",
    message: "web ACL has no rules",
    fix: "add rules (e.g. the AWS managed common and known-bad-inputs rule groups)",
    refs: { fsbp: "WAF.10" },
    types: ["aws_wafv2_web_acl"],
    check(e) {
      if (isSet(e.attrs.rule_json)) {
        const rules = jsonOf(e.attrs.rule_json);
        if (rules === UNKNOWN) return unknown("rule_json is known only at apply time");
        return Array.isArray(rules) && rules.length ? pass(`${rules.length} rule(s) in rule_json`) : fail("rule_json holds no rules");
      }
      const rules = blocksOf(e.attrs.rule);
      if (rules === UNKNOWN) return unknown("rules are known only at apply time");
      return rules.length ? pass(`${rules.length} rule(s)`) : fail("no rule blocks");
    },
  },
  {
    id: "waf-managed-baseline",
    area: "edge",
    scope: "resource",
    severity: "warning",
    title: "Web ACLs use the AWS managed common and known-bad-inputs rule groups",
    description: "The two baseline managed groups cover the OWASP top risks and known exploit payloads such as Log4Shell.",
    message: "web ACL lacks a baseline managed rule group",
    fix: `add managed_rule_group_statement rules for ${MANAGED_RULE_GROUPS.join(" and ")}`,
    refs: { checkov: "CKV_AWS_192" },
    types: ["aws_wafv2_web_acl"],
    check(e) {
      const groups = managedGroups(e);
      if (groups === UNKNOWN) return unknown("rules are known only at apply time");
      const missing = MANAGED_RULE_GROUPS.filter((g) => !groups.includes(g));
      return missing.length ? fail(`missing ${missing.join(", ")}`) : pass("common and known-bad-inputs rule groups");
    },
  },
  {
    id: "waf-logs-to-logging-account",
    area: "edge",
    scope: "resource",
    severity: "error",
    title: "Every web ACL's logs reach the logging account",
    description:
      "AWS WAF logs only into the web ACL's own account (a log group, bucket or stream named aws-waf-logs-…), where the workload's own admins could delete them. The web ACL logs to such a log group and a subscription filter forwards every event to the logging account's CloudWatch Logs destination.",
    message: "web ACL's logs do not reach the logging account",
    fix: "add an aws_wafv2_web_acl_logging_configuration to an aws-waf-logs- log group of the stack, and an aws_cloudwatch_log_subscription_filter on that group whose destination_arn is the logging account's destination (waf_logs_destination_arn)",
    refs: { fsbp: "WAF.11" },
    coverage: "logging",
    types: ["aws_wafv2_web_acl"],
    check(e, stack) {
      const configs = stack.pointingAt("aws_wafv2_web_acl_logging_configuration", "resource_arn", e);
      if (configs.length === 0) {
        return stack.hasOpaque("aws_wafv2_web_acl_logging_configuration", "resource_arn") ? unknown("a logging configuration's web ACL is known only at apply time") : fail("no aws_wafv2_web_acl_logging_configuration refers to it");
      }
      const groups = stack.ofType("aws_cloudwatch_log_group").filter((g) => configs.some((c) => stack.pointingAt(c.type, "log_destination_configs", g).includes(c)));
      if (groups.length === 0) return fail(`${configs[0].address} does not log to a log group of this stack, so nothing forwards its logs to the logging account`);
      const own = memberAccountOf(stack);
      for (const group of groups) {
        const filters = stack.pointingAt("aws_cloudwatch_log_subscription_filter", "log_group_name", group);
        for (const f of filters) {
          const arn = strOf(f.attrs.destination_arn);
          if (arn === UNKNOWN) return unknown(`${f.address}'s destination is known only at apply time`);
          const destination = arn ? parseLogsDestinationArn(arn) : undefined;
          if (destination && destination.accountId !== own) return pass(`${group.address} forwarded by ${f.address} to ${arn}`);
        }
        if (filters.length === 0) return fail(`${group.address} has no subscription filter: the logs stay in account ${own}`);
      }
      return fail(`${groups[0].address} is not forwarded to a CloudWatch Logs destination in another account (the logging account)`);
    },
  },
];
