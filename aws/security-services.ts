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


/** The AWS managed policy an AWS Config organization aggregator's role carries. */
export const CONFIG_ORGANIZATIONS_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations";

/** Security Hub standards, by the ARN the configuration policy enables them with (region-scoped, no account). */
export const securityHubStandardArn = {
  foundationalBestPractices: (region: string): string => `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
  cisV3: (region: string): string => `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
} as const;

/**
 * The API actions that turn a security service off or detach an account from its administrator, which
 * the protect-landing-zone SCP denies to everyone but the deployer role. From each service's API
 * reference: GuardDuty (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Operations.html),
 * Security Hub (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Operations.html), AWS Config
 * (https://docs.aws.amazon.com/config/latest/APIReference/API_Operations.html), Inspector
 * (https://docs.aws.amazon.com/inspector/v2/APIReference/API_Operations.html) and IAM Access Analyzer
 * (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_Operations.html).
 */
export const SECURITY_SERVICE_DISABLE_ACTIONS = {
  guardDuty: ["guardduty:DeleteDetector", "guardduty:Disassociate*", "guardduty:StopMonitoringMembers", "guardduty:UpdateDetector", "guardduty:DeletePublishingDestination"],
  securityHub: ["securityhub:DisableSecurityHub", "securityhub:Disassociate*", "securityhub:BatchDisableStandards"],
  config: ["config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder", "config:DeleteDeliveryChannel", "config:PutConfigurationRecorder", "config:PutDeliveryChannel"],
  inspector: ["inspector2:Disable", "inspector2:DisassociateMember"],
  accessAnalyzer: ["access-analyzer:DeleteAnalyzer"],
} as const;
