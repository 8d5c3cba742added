/** Stack names and state keys: the contract between stacks, backends and the CLI. */
export const BOOTSTRAP = "bootstrap";
export const ORGANIZATION = "organization";
export const LOGGING = "logging";
export const NETWORK = "network";
export const SECURITY = "security";
/** The logging account's bucket of GuardDuty findings, exported by the security account's detectors. */
export const guardDutyFindingsBucketName = (lz: string, accountId: string): string => `${lz}-guardduty-findings-${accountId}`;
/** The logging account's CloudWatch Logs destination (and Firehose stream) receiving every web ACL's WAF logs. */
export const wafLogsDestinationName = (lz: string): string => `${lz}-waf-logs`;
/** The logging account's bucket of AWS WAF logs from every workload account. */
export const wafLogsBucketName = (lz: string, accountId: string): string => `${lz}-waf-logs-${accountId}`;
/** People: IAM Identity Center permission sets and assignments, applied after every account stack. */
export const IDENTITY_CENTER = "identity-center";
/** The logging account's bucket of AWS Config deliveries from every account. */
export const configBucketName = (lz: string, accountId: string): string => `${lz}-config-${accountId}`;
/** The prefix every account's AWS Config delivery channel writes under in that bucket. */
export const CONFIG_KEY_PREFIX = "config";
export const workloadStackName = (account: string): string => `workload-${account}`;
export const stateKey = (stack: string): string => `${stack}/terraform.tfstate`;
/** KMS alias (without alias/) of the state key, known before the key exists. */
export const stateKeyAlias = (lz: string): string => `${lz}/tfstate`;
/** The organization trail's name; the management account owns it, whoever creates it. */
export const trailName = (lz: string): string => `${lz}-organization-trail`;
/** The trail's CloudWatch Logs group in the logging account, protected by the landing zone's SCP. */
export const trailLogGroupName = (lz: string): string => `/${lz}/cloudtrail/organization`;

/**
 * Construct ids of a workload account's compute entries, from their config
 * names (never positions): `ecr-web`, `ec2-api`, `ecs-web`, `batch-etl`,
 * `apprunner-portal`. The report maps a construct path back to its entry with
 * these (src/report/locations.ts).
 */
export const computeConstructId = {
  ecr: (repository: string): string => `ecr-${repository.replace(/\//g, "--")}`,
  ec2: (name: string): string => `ec2-${name}`,
  ecs: (name: string): string => `ecs-${name}`,
  batch: (name: string): string => `batch-${name}`,
  appRunner: (name: string): string => `apprunner-${name}`,
} as const;
/** The ECS cluster and ALB access-log bucket a workload stack creates once for all its ecs entries. */
export const ECS_CLUSTER_ID = "ecs-cluster";
export const ALB_LOGS_ID = "alb-logs";
/** access-<account>: creates the deployer role in a member account through the organization's access role. */
export const accessStackName = (account: string): string => `access-${account}`;
/**
 * IAM path of the roles the landing zone deploys through. The protect-landing-zone SCP lets no one
 * but the deployer change a role on it, so nothing else may live there.
 */
export const LZ_ROLE_PATH = "/lz/";
/** The role every member-account stack applies through; the only principal the SCPs exempt. */
export const deployerRoleName = (lz: string): string => `${lz}-deployer`;
/** The network account's role for the hub side of each spoke, assumed by the deployers. */
export const hubRoleName = (lz: string): string => `${lz}-hub-attach`;
/** The read-only role CI assumes to plan on pull requests (and to look for drift): arn:aws:iam::<management>:role/lz/<name>-ci-plan. */
export const ciPlanRoleName = (lz: string): string => `${lz}-ci-plan`;
/** The role CI assumes on the main branch, behind the environment gate, to apply reviewed plans. */
export const ciApplyRoleName = (lz: string): string => `${lz}-ci-apply`;
/** ARN of a role on the landing zone's IAM path in `account`. */
export const lzRoleArn = (account: string, role: string): string => `arn:aws:iam::${account}:role${LZ_ROLE_PATH}${role}`;
/** The Suspended OU's deny-all SCP (retired accounts). */
export const suspendedPolicyName = (lz: string): string => `${lz}-suspended`;
/** ci-roles: the GitHub OIDC provider and the CI roles, in the management account (only when `ci` is set). */
export const CI_ROLES = "ci-roles";
/** The read-only role in each member account (ReadOnlyAccess) that only the plan role may assume. */
export const ciReadRoleName = (lz: string): string => `${lz}-ci-read`;
/** The ephemeral input variable of every stack with a member-account provider (with `ci` in the config): true plans through `ciReadRoleName`. */
export const READ_ONLY_VARIABLE = "lz_read_only";
