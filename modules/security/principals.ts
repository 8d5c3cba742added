/**
 * The service principals and AWS facts the security services share: one place
 * for each, imported by the organization module (trusted access), the
 * delegations, the key and topic policies and the tests.
 */
export const SECURITY_SERVICE_PRINCIPALS = {
  guardDuty: "guardduty.amazonaws.com",
  securityHub: "securityhub.amazonaws.com",
  config: "config.amazonaws.com",
  /** AWS Config's organization rules and conformance packs (https://docs.aws.amazon.com/config/latest/developerguide/config-rule-multi-account-deployment.html). */
  configMultiAccountSetup: "config-multiaccountsetup.amazonaws.com",
  inspector: "inspector2.amazonaws.com",
  accessAnalyzer: "access-analyzer.amazonaws.com",
} as const;

/** EventBridge, publishing findings to the security topic. */
export const EVENTS_PRINCIPAL = "events.amazonaws.com";

/** The AWS managed policy an AWS Config organization aggregator's role carries. */
export const CONFIG_ORGANIZATIONS_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations";

/** Security Hub standards, by the ARN the configuration policy enables them with (region-scoped, no account). */
export const securityHubStandardArn = {
  foundationalBestPractices: (region: string): string => `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
  cisV3: (region: string): string => `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
} as const;

/** Finding severities, lowest first, as GuardDuty, Security Hub and Inspector label them. */
export const SEVERITY_LABELS = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type SeverityLabel = (typeof SEVERITY_LABELS)[number];

/**
 * The lowest numeric GuardDuty severity of each label
 * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html).
 */
export const GUARDDUTY_SEVERITY_FLOOR: Readonly<Record<SeverityLabel, number>> = { LOW: 1, MEDIUM: 4, HIGH: 7, CRITICAL: 9 };

/** The labels at or above `minimum`. */
export const severitiesFrom = (minimum: SeverityLabel): SeverityLabel[] => SEVERITY_LABELS.slice(SEVERITY_LABELS.indexOf(minimum));
