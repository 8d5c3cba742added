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
