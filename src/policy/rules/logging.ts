/** Logging guardrails: CloudTrail, CloudWatch log groups, metric filters and alarms, the CIS 4.x monitoring set. */
import { AppModel, refersTo, TfElement } from "../model";
import { CIS_MONITORING_CONTROLS } from "../../../modules/logging/cis-alarms";
import { AppRule, fail, pass, ResourceRule, SubjectVerdict, unknown } from "../types";
import { blockOf, boolOf, isSet, lengthOf, numOf, strOf, UNKNOWN } from "../values";
import { bucketNames } from "./storage";

const TRAIL = ["aws_cloudtrail"];

function trailFlag(attr: string, defaultValue: boolean, ok: string, bad: string) {
  return (e: TfElement) => {
    const v = boolOf(e.attrs[attr]);
    if (v === UNKNOWN) return unknown(`${attr} is known only at apply time`);
    return (v ?? defaultValue) ? pass(ok) : fail(bad);
  };
}

export const loggingRules: ResourceRule[] = [
  {
    id: "cloudtrail-multi-region",
    area: "logging",
    scope: "resource",
    severity: "error",
    title: "CloudTrail trails cover every region",
    description: "A single-region trail misses activity in the regions an attacker would choose.",
    message: "trail is single-region",
    fix: "set is_multi_region_trail = true",
    refs: { cis: "3.1", fsbp: "CloudTrail.1", checkov: "CKV_AWS_67" },
    coverage: "logging",
    types: TRAIL,
    check: trailFlag("is_multi_region_trail", false, "is_multi_region_trail = true", "is_multi_region_trail is not true"),
  },
  {
    id: "cloudtrail-log-validation",
    area: "logging",
    scope: "resource",
    severity: "error",
    title: "CloudTrail log file validation is on",
    description: "Digest files prove that delivered logs were not changed or deleted.",
    message: "trail log file validation is off",
    fix: "set enable_log_file_validation = true",
    refs: { cis: "3.2", fsbp: "CloudTrail.4", checkov: "CKV_AWS_36" },
    types: TRAIL,
    check: trailFlag("enable_log_file_validation", false, "enable_log_file_validation = true", "enable_log_file_validation is not true"),
  },
  {
    id: "cloudtrail-kms",
    area: "logging",
    scope: "resource",
    severity: "error",
    title: "CloudTrail logs are encrypted with a customer-managed KMS key",
    description: "SSE-KMS adds a key policy between the archive and anyone who can read the bucket.",
    message: "trail is not encrypted with a KMS key",
    fix: "set kms_key_id to the logging key (its policy must let cloudtrail.amazonaws.com encrypt, scoped with aws:SourceArn)",
    refs: { cis: "3.5", fsbp: "CloudTrail.2", checkov: "CKV_AWS_35" },
    coverage: "encryption",
    types: TRAIL,
    check: (e) => (isSet(e.attrs.kms_key_id) ? pass(`kms_key_id = ${String(e.attrs.kms_key_id)}`) : fail("no kms_key_id")),
  },
  {
    id: "cloudtrail-cloudwatch-logs",
    area: "logging",
    scope: "resource",
    severity: "error",
    title: "CloudTrail delivers to CloudWatch Logs",
    description: "CloudWatch Logs delivery is what the CIS metric filters and alarms run on.",
    message: "trail does not deliver to CloudWatch Logs",
    fix: "set cloud_watch_logs_group_arn (\"<group arn>:*\") and cloud_watch_logs_role_arn",
    refs: { fsbp: "CloudTrail.5", checkov: "CKV2_AWS_10" },
    types: TRAIL,
    check: (e) => (isSet(e.attrs.cloud_watch_logs_group_arn) && isSet(e.attrs.cloud_watch_logs_role_arn) ? pass("delivers to CloudWatch Logs") : fail("cloud_watch_logs_group_arn or cloud_watch_logs_role_arn missing")),
  },
  {
    id: "cloudtrail-global-events",
    area: "logging",
    scope: "resource",
    severity: "warning",
    title: "CloudTrail records global service events",
    description: "IAM, STS and Organizations events are global; without them the trail misses identity changes.",
    message: "trail excludes global service events",
    fix: "leave include_global_service_events at true",
    refs: {},
    types: TRAIL,
    check: trailFlag("include_global_service_events", true, "include_global_service_events = true", "include_global_service_events = false"),
  },
  {
    id: "cloudtrail-bucket-access-logging",
    area: "logging",
    scope: "resource",
    severity: "warning",
    title: "The CloudTrail bucket has server access logging",
    description: "Access logs show who read or tried to read the audit archive.",
    message: "the trail's bucket has no server access logging",
    fix: "add an aws_s3_bucket_logging for the trail bucket, targeting a separate access-log bucket",
    refs: { cis: "3.4", fsbp: "CloudTrail.7", checkov: "CKV_AWS_18" },
    coverage: "logging",
    types: TRAIL,
    check(trail, stack) {
      const name = trail.attrs.s3_bucket_name;
      const bucket = stack.referenced(name) ?? stack.ofType("aws_s3_bucket").find((b) => bucketNames(b).includes(String(name)));
      if (!bucket || bucket.type !== "aws_s3_bucket") return unknown(`the trail's bucket ${String(name)} is not in this stack`);
      const logging = stack.pointingAt("aws_s3_bucket_logging", "bucket", bucket, bucketNames(bucket));
      return logging.length ? pass(`${bucket.address} logs to ${String(logging[0].attrs.target_bucket)}`) : fail(`${bucket.address} has no aws_s3_bucket_logging`);
    },
  },
  {
    id: "log-group-kms",
    area: "logging",
    scope: "resource",
    severity: "error",
    title: "CloudWatch log groups are encrypted with a customer-managed KMS key",
    description: "Logs hold request details and identifiers; a key policy controls who can read them.",
    message: "log group is not encrypted with a KMS key",
    fix: "set kms_key_id to the account key (its policy must let logs.<region>.amazonaws.com use it)",
    refs: { checkov: "CKV_AWS_158" },
    coverage: "encryption",
    types: ["aws_cloudwatch_log_group"],
    check: (e) => (isSet(e.attrs.kms_key_id) ? pass(`kms_key_id = ${String(e.attrs.kms_key_id)}`) : fail("no kms_key_id")),
  },
  {
    id: "log-group-retention",
    area: "logging",
    scope: "resource",
    severity: "error",
    title: "CloudWatch log groups keep logs at least a year",
    description: "Investigations and audits look back up to a year; shorter retention silently deletes evidence.",
    message: "log group retention under 365 days",
    fix: "set retention_in_days to 365 or more (logging.retentionDays)",
    refs: { fsbp: "CloudWatch.16", checkov: "CKV_AWS_338" },
    coverage: "logging",
    types: ["aws_cloudwatch_log_group"],
    check(e) {
      const d = numOf(e.attrs.retention_in_days);
      if (d === UNKNOWN) return unknown("retention_in_days is known only at apply time");
      if (d === undefined || d === 0) return pass("kept forever");
      return d >= 365 ? pass(`${d} days`) : fail(`retention_in_days = ${d}`);
    },
  },
  {
    id: "metric-filter-alarm",
    area: "logging",
    scope: "resource",
    severity: "error",
    title: "Every metric filter has an alarm that notifies someone",
    description: "A metric nobody alarms on is not monitoring (CIS 4.x requires the filter, the alarm and a subscriber).",
    message: "metric filter has no alarm with an action",
    fix: "add an aws_cloudwatch_metric_alarm on the filter's metric (same name and namespace), threshold 1, alarm_actions = [the alarm topic]",
    refs: { cis: "4.1-4.15" },
    types: ["aws_cloudwatch_log_metric_filter"],
    check(f, stack) {
      const t = blockOf(f.attrs.metric_transformation);
      if (t === UNKNOWN || !t) return unknown("metric_transformation is known only at apply time");
      // The alarm names the metric literally, or by reference to the filter's metric_transformation.
      const same = (v: unknown, literal: unknown) => v === literal || refersTo(v, f);
      const alarms = stack.ofType("aws_cloudwatch_metric_alarm").filter((a) => same(a.attrs.metric_name, t.name) && same(a.attrs.namespace, t.namespace));
      const withAction = alarms.find((a) => {
        const actions = lengthOf(a.attrs.alarm_actions);
        return actions === UNKNOWN || actions > 0;
      });
      return withAction ? pass(`alarm ${withAction.address}`) : fail(alarms.length ? `alarm ${alarms[0].address} has no alarm_actions` : `no alarm on ${String(t.namespace)}/${String(t.name)}`);
    },
  },
  {
    id: "alarm-has-actions",
    area: "logging",
    scope: "resource",
    severity: "warning",
    title: "CloudWatch alarms have actions",
    description: "An alarm without actions changes state silently.",
    message: "alarm has no enabled actions",
    fix: "set alarm_actions (e.g. the security alarm SNS topic) and leave actions_enabled true",
    refs: { fsbp: "CloudWatch.15" },
    types: ["aws_cloudwatch_metric_alarm"],
    check(a) {
      const actions = lengthOf(a.attrs.alarm_actions);
      if (actions === UNKNOWN) return unknown("alarm_actions is known only at apply time");
      const enabled = boolOf(a.attrs.actions_enabled);
      if (enabled === UNKNOWN) return unknown("actions_enabled is known only at apply time");
      if (enabled === false) return fail("actions_enabled = false");
      return actions ? pass(`${actions} action(s)`) : fail("no alarm_actions");
    },
  },
];

/**
 * A filter pattern without the whitespace CloudWatch ignores (outside quoted
 * strings), so a pattern reformatted across lines still equals the
 * benchmark's, while any change to a term does not.
 */
export function normalizePattern(pattern: string): string {
  return pattern.replace(/("(?:[^"\\]|\\.)*")|\s+/g, (_, quoted: string | undefined) => quoted ?? "");
}

/** The log group a trail delivers to: an element of its stack (by reference), a literal name, or UNKNOWN. */
function trailLogGroup(trail: TfElement, app: AppModel): { element?: TfElement; name?: string } | typeof UNKNOWN {
  const arn = trail.attrs.cloud_watch_logs_group_arn;
  const stack = app.get(trail.stack)!;
  const element = stack.referenced(arn);
  if (element?.type === "aws_cloudwatch_log_group") return { element, name: strOf(element.attrs.name) === UNKNOWN ? undefined : (element.attrs.name as string | undefined) };
  const literal = strOf(arn);
  const name = typeof literal === "string" ? /:log-group:(.+?)(:\*)?$/.exec(literal)?.[1] : undefined;
  if (!name) return UNKNOWN;
  const local = stack.ofType("aws_cloudwatch_log_group").find((g) => g.attrs.name === name);
  return { element: local, name };
}

/** Whether a metric filter reads `group`: true, false, or UNKNOWN when its log_group_name is an expression this model cannot follow. */
function onGroup(filter: TfElement, group: { element?: TfElement; name?: string }, app: AppModel): boolean | typeof UNKNOWN {
  const v = filter.attrs.log_group_name;
  if (group.name !== undefined && v === group.name) return true;
  if (typeof v !== "string" || !v.includes("${")) return false;
  const stack = app.get(filter.stack)!;
  if (group.element && group.element.stack === filter.stack && refersTo(v, group.element)) return true;
  return stack.referenced(v) ? false : UNKNOWN;
}

/** The alarm on a filter's metric that notifies someone, or why there is none. */
function alarmOn(filter: TfElement, app: AppModel): { alarm?: TfElement; problem?: string } {
  const t = blockOf(filter.attrs.metric_transformation);
  if (t === UNKNOWN || !t) return { problem: `${filter.address}'s metric is known only at apply time` };
  const same = (v: unknown, literal: unknown) => v === literal || refersTo(v, filter);
  const alarms = app.get(filter.stack)!.ofType("aws_cloudwatch_metric_alarm").filter((a) => same(a.attrs.metric_name, t.name) && same(a.attrs.namespace, t.namespace));
  const alarm = alarms.find((a) => {
    const actions = lengthOf(a.attrs.alarm_actions);
    return (actions === UNKNOWN || actions > 0) && boolOf(a.attrs.actions_enabled) !== false;
  });
  if (alarm) return { alarm };
  return { problem: alarms.length ? `alarm ${alarms[0].address} on ${String(t.namespace)}/${String(t.name)} has no enabled alarm_actions` : `no alarm on ${String(t.namespace)}/${String(t.name)}` };
}

/** The comparisons a pattern makes (`$.eventName=ConsoleLogin`), to tell which control a non-benchmark pattern was meant for. */
function terms(pattern: string): Set<string> {
  return new Set([...normalizePattern(pattern).matchAll(/\$\.[\w.]+(?:!=|=)"?[^"&|)}]*"?/g)].map((m) => m[0].replace(/"/g, "")));
}

/** The filter among `candidates` whose pattern shares the most comparisons with the benchmark's pattern, if any does. */
function closest(pattern: string, candidates: readonly { f: TfElement; pattern: unknown }[]): TfElement | undefined {
  const want = terms(pattern);
  let best: { f: TfElement; n: number } | undefined;
  for (const c of candidates) {
    if (typeof c.pattern !== "string") continue;
    const n = [...terms(c.pattern)].filter((t) => want.has(t)).length;
    if (n > 0 && (!best || n > best.n)) best = { f: c.f, n };
  }
  return best?.f;
}

export const loggingAppRules: AppRule[] = [
  {
    id: "cis-monitoring-coverage",
    area: "logging",
    scope: "app",
    severity: "error",
    title: "Trails feeding CloudWatch Logs have the CIS 4.1-4.15 metric filters and alarms on the trail's log group",
    description:
      "CIS section 4 asks for a metric filter with the benchmark's pattern, and an alarm with a subscriber, per security-relevant event class, on the log group the trail delivers to; a filter on another group, or with a weaker pattern, monitors nothing.",
    message: "CIS 4.x metric filters missing or not on the trail's log group",
    fix: "add aws_cloudwatch_log_metric_filter resources on the trail's log group (cloud_watch_logs_group_arn) with the CIS AWS Foundations v3.0 patterns verbatim (modules/logging CisAlarms), each with an aws_cloudwatch_metric_alarm on its metric with alarm_actions",
    refs: { cis: "4.1-4.15" },
    coverage: "logging",
    reads: ["aws_cloudtrail", "aws_cloudwatch_log_group", "aws_cloudwatch_log_metric_filter", "aws_cloudwatch_metric_alarm"],
    check(app: AppModel): SubjectVerdict[] {
      const filters = app.ofType("aws_cloudwatch_log_metric_filter");
      return app
        .ofType("aws_cloudtrail")
        .filter((t) => isSet(t.attrs.cloud_watch_logs_group_arn))
        .map((t) => {
          const subject = { stack: t.stack, path: t.path, address: t.address };
          const group = trailLogGroup(t, app);
          if (group === UNKNOWN) return { ...subject, verdict: unknown("the trail's cloud_watch_logs_group_arn is known only at apply time") };
          const groupLabel = group.element?.address ?? group.name!;
          const where = filters.map((f) => ({ f, on: onGroup(f, group, app), pattern: strOf(f.attrs.pattern) }));
          const benchmark = new Set(CIS_MONITORING_CONTROLS.map((c) => normalizePattern(c.pattern)));
          // Filters on the trail's group whose pattern is none of the benchmark's: a weakened (or edited) CIS filter.
          const offPattern = where.filter((w) => w.on === true && typeof w.pattern === "string" && !benchmark.has(normalizePattern(w.pattern)));
          const problems: string[] = [];
          const opaque: string[] = [];
          const alarms: string[] = [];
          for (const c of CIS_MONITORING_CONTROLS) {
            const want = normalizePattern(c.pattern);
            const exact = where.filter((w) => typeof w.pattern === "string" && normalizePattern(w.pattern) === want);
            const onTrail = exact.filter((w) => w.on === true);
            const label = `${c.control} ${c.title}`;
            if (onTrail.length) {
              const judged = onTrail.map((w) => ({ w, ...alarmOn(w.f, app) }));
              const ok = judged.find((j) => j.alarm);
              if (ok) alarms.push(ok.alarm!.address);
              else problems.push(`${label}: ${judged[0].w.f.address} has ${judged[0].problem}`);
              continue;
            }
            if (exact.some((w) => w.on === UNKNOWN) || where.some((w) => w.pattern === UNKNOWN && w.on !== false)) {
              opaque.push(label);
              continue;
            }
            // Why not: the benchmark's pattern on another group, or this control's metric with another pattern.
            const elsewhere = exact.find((w) => w.on === false);
            const weakened = closest(c.pattern, offPattern);
            if (weakened) problems.push(`${label}: ${weakened.address}'s pattern is not the benchmark's`);
            else if (elsewhere) problems.push(`${label}: ${elsewhere.f.address} is on log group ${String(elsewhere.f.attrs.log_group_name).replace(/\$\{([^{}]*)\}/g, "$1")}, not the trail's (${groupLabel})`);
            else problems.push(`${label}: no metric filter with the benchmark's pattern on ${groupLabel}`);
          }
          const verdict =
            problems.length ? fail(problems.join("; "))
            : opaque.length ? unknown(`${opaque.join(", ")}: a metric filter's pattern or log group is known only at apply time`)
            : pass(`${CIS_MONITORING_CONTROLS.length} CIS 4.x metric filters with the benchmark's patterns on ${groupLabel}, each with an alarm that notifies`);
          return { ...subject, verdict };
        });
    },
  },
];
