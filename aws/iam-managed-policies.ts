/**
 * AWS managed IAM policies the landing zone names, and a short list of those
 * commonly given to people, by name (path included for job functions).
 *
 * AWS managed policies cannot be listed offline, so a permission set naming one
 * outside this list is only warned about (src/config/rules-warnings.ts), never
 * refused: AWS adds policies. Sources: "AWS managed policies for job functions"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html)
 * and the AWS Managed Policy reference
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html),
 * each name checked against moto 5.2.1's copy of AWS's managed policies.
 */


export const ADMINISTRATOR_ACCESS = "AdministratorAccess";
export const POWER_USER_ACCESS = "PowerUserAccess";
export const READ_ONLY_ACCESS = "ReadOnlyAccess";
export const SECURITY_AUDIT = "SecurityAudit";
export const IAM_READ_ONLY_ACCESS = "IAMReadOnlyAccess";
export const IAM_FULL_ACCESS = "IAMFullAccess";

/**
 * Commonly used AWS managed policies for people (job functions first), by name as written after the
 * ARN prefix. A function, not an exported list, so each name above stays exported once.
 */
export const commonAwsManagedPolicies = (): readonly string[] => COMMON;
const COMMON: readonly string[] = [
  ADMINISTRATOR_ACCESS,
  POWER_USER_ACCESS,
  READ_ONLY_ACCESS,
  SECURITY_AUDIT,
  "job-function/Billing",
  "job-function/DatabaseAdministrator",
  "job-function/DataScientist",
  "job-function/NetworkAdministrator",
  "job-function/SupportUser",
  "job-function/SystemAdministrator",
  "job-function/ViewOnlyAccess",
  IAM_READ_ONLY_ACCESS,
  IAM_FULL_ACCESS,
  "AWSSupportAccess",
  "AWSBillingReadOnlyAccess",
  "AWSOrganizationsReadOnlyAccess",
  "AmazonS3ReadOnlyAccess",
  "AmazonEC2ReadOnlyAccess",
  "AmazonEC2ContainerRegistryReadOnly",
  "AmazonECS_FullAccess",
  "AmazonSSMReadOnlyAccess",
  "CloudWatchReadOnlyAccess",
  "AWSCloudTrail_ReadOnlyAccess",
  "AWSConfigUserAccess",
  "AWSSecurityHubReadOnlyAccess",
  "AmazonGuardDutyReadOnlyAccess",
  "AmazonInspector2ReadOnlyAccess",
  "AWSKeyManagementServicePowerUser",
  "AWSCloudShellFullAccess",
];
