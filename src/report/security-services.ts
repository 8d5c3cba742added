/**
 * Which security services run in each account and region, with the synthesized resources that prove
 * it: AWS Config's recorder, channel and status; the detector, hub, Inspector and analyzers; WAF
 * logging. Read from every stack's providers (account from default_tags, region from the provider),
 * so the management account's recorders, which the security stack applies, count for management.
 * Member accounts' GuardDuty and Security Hub are enabled by the security account's organization
 * configuration, and their Inspector by its member associations and member enabler (the accounts are
 * in its `account_ids`): all listed under the security account, whose provider creates them.
 */
import { StackModel } from "../policy/model";
import { providerOf } from "../policy/rules/baseline";
import { isObject, isSet, strOf, UNKNOWN } from "../policy/values";
import { parseLogsDestinationArn } from "../../aws/logs";
import { TfElement } from "../policy/model";

export interface ServiceEvidence {
  readonly service: string;
  /** `<stack>: <address>` of each resource proving it. */
  readonly resources: readonly string[];
  /** Where the service delivers, when that is the point (WAF logging: the logging account's destination). */
  readonly destinations?: readonly string[];
}

export interface AccountRegionServices {
  readonly account: string;
  readonly region: string;
  readonly services: readonly ServiceEvidence[];
}

/** A subscription filter's destination when it is a CloudWatch Logs destination (cross-account), else undefined. */
function logsDestinationOf(e: TfElement): string | undefined {
  const arn = strOf(e.attrs.destination_arn);
  return arn && arn !== UNKNOWN && parseLogsDestinationArn(arn) ? arn : undefined;
}

export const SECURITY_SERVICE_EVIDENCE: readonly {
  readonly service: string;
  readonly types: readonly string[];
  /** Which elements of those types count. @default all */
  readonly match?: (e: TfElement) => boolean;
  /** The destination an element delivers to, for the report. */
  readonly destination?: (e: TfElement) => string | undefined;
}[] = [
  { service: "AWS Config", types: ["aws_config_configuration_recorder", "aws_config_delivery_channel", "aws_config_configuration_recorder_status", "aws_config_configuration_aggregator"] },
  { service: "GuardDuty", types: ["aws_guardduty_detector", "aws_guardduty_organization_configuration"] },
  { service: "Security Hub", types: ["aws_securityhub_account", "aws_securityhub_finding_aggregator", "aws_securityhub_organization_configuration"] },
  { service: "Inspector", types: ["aws_inspector2_enabler", "aws_inspector2_organization_configuration"] },
  { service: "Access Analyzer", types: ["aws_accessanalyzer_analyzer"] },
  // The web ACL's logging to its own account's aws-waf-logs- group, the subscription forwarding it to the logging
  // account's destination, and that destination (modules/logging/waf-logs.ts).
  {
    service: "WAF logging",
    types: ["aws_wafv2_web_acl_logging_configuration", "aws_cloudwatch_log_subscription_filter", "aws_cloudwatch_log_destination"],
    match: (e) => e.type !== "aws_cloudwatch_log_subscription_filter" || logsDestinationOf(e) !== undefined,
    destination: (e) => (e.type === "aws_cloudwatch_log_subscription_filter" ? logsDestinationOf(e) : undefined),
  },
];

export function securityServiceCoverage(stacks: readonly StackModel[]): AccountRegionServices[] {
  const rows = new Map<string, { account: string; region: string; services: Map<string, string[]>; destinations: Map<string, string[]> }>();
  for (const stack of stacks) {
    for (const p of stack.providers.aws ?? []) {
      const tags = Array.isArray(p.default_tags) && isObject(p.default_tags[0]) ? p.default_tags[0].tags : undefined;
      const account = isObject(tags) && typeof tags["lz:account"] === "string" ? tags["lz:account"] : "?";
      const region = String(p.region ?? "?");
      const ref = isSet(p.alias) ? `aws.${String(p.alias)}` : "aws";
      const key = `${account} ${region}`;
      const row = rows.get(key) ?? { account, region, services: new Map<string, string[]>(), destinations: new Map<string, string[]>() };
      rows.set(key, row);
      for (const { service, types, match, destination } of SECURITY_SERVICE_EVIDENCE) {
        const elements = types.flatMap((t) => stack.ofType(t)).filter((e) => providerOf(e) === ref && (match?.(e) ?? true));
        const found = elements.map((e) => `${stack.name}: ${e.address}`);
        if (found.length) row.services.set(service, [...(row.services.get(service) ?? []), ...found]);
        const to = elements.flatMap((e) => destination?.(e) ?? []);
        if (to.length) row.destinations.set(service, [...new Set([...(row.destinations.get(service) ?? []), ...to])]);
      }
    }
  }
  return [...rows.values()]
    .filter((r) => r.services.size > 0)
    .map((r) => ({ account: r.account, region: r.region, services: SECURITY_SERVICE_EVIDENCE.filter((s) => r.services.has(s.service)).map((s) => ({ service: s.service, resources: r.services.get(s.service)!, ...(r.destinations.has(s.service) ? { destinations: r.destinations.get(s.service)! } : {}) })) }))
    .sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
}
