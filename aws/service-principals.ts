/**
 * The service principals the landing zone names in trust policies, key
 * policies, bucket policies and trusted access, and the regional names
 * services use, each as its AWS page spells it. Modules, stacks and
 * guardrails import them from here; none spells one itself.
 * (The security services' principals — GuardDuty, Security Hub, Config,
 * Access Analyzer — are kept with the rest of their facts.)
 */

/** Global service principals, by what the service does for the landing zone. */
export const SERVICE_PRINCIPALS = {
  /**
   * CloudTrail, delivering a trail to its bucket, key and log group.
   * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
   */
  cloudTrail: "cloudtrail.amazonaws.com",
  /**
   * CloudWatch alarms publishing to an encrypted SNS topic.
   * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
   */
  cloudWatch: "cloudwatch.amazonaws.com",
  /**
   * EC2, assuming an instance role (sends no aws:SourceAccount).
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html
   */
  ec2: "ec2.amazonaws.com",
  /**
   * ECS tasks (and Batch jobs on Fargate), assuming task and execution roles.
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
   */
  ecsTasks: "ecs-tasks.amazonaws.com",
  /**
   * EventBridge, running targets and publishing to encrypted topics.
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
   */
  events: "events.amazonaws.com",
  /**
   * VPC Flow Logs, assuming its delivery role into CloudWatch Logs.
   * https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
   */
  vpcFlowLogs: "vpc-flow-logs.amazonaws.com",
  /**
   * S3 server access logging, writing into the target bucket.
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general
   */
  s3ServerAccessLogs: "logging.s3.amazonaws.com",
  /**
   * CloudWatch Logs vended-log delivery (VPC Flow Logs and others to S3).
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html
   */
  logDelivery: "delivery.logs.amazonaws.com",
  /**
   * CloudWatch Logs, assuming a cross-account destination's role to put subscribed log events into its
   * Firehose stream (the trust names the global principal, with aws:SourceArn of the sending account).
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateFirehoseStreamDestination.html
   */
  cloudWatchLogs: "logs.amazonaws.com",
  /**
   * Amazon Data Firehose, assuming its delivery role into an S3 bucket (sts:ExternalId = the account).
   * https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3
   */
  firehose: "firehose.amazonaws.com",
  /**
   * App Runner pulling an image from ECR (access role).
   * https://docs.aws.amazon.com/apprunner/latest/dg/security_iam_service-with-iam.html
   */
  appRunnerBuild: "build.apprunner.amazonaws.com",
  /**
   * App Runner running the service's code (instance role).
   * https://docs.aws.amazon.com/apprunner/latest/dg/security_iam_service-with-iam.html
   */
  appRunnerTasks: "tasks.apprunner.amazonaws.com",
  /**
   * AWS RAM, given trusted access when sharing with the organization is enabled.
   * https://docs.aws.amazon.com/ram/latest/userguide/getting-started-sharing.html#getting-started-sharing-orgs
   */
  ram: "ram.amazonaws.com",
  /**
   * IAM Identity Center, given trusted access to the organization.
   * https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-sso.html
   */
  identityCenter: "sso.amazonaws.com",
} as const;

/**
 * The service's regional name, `<service>.<region>.amazonaws.com`: what a
 * service sends as `kms:ViaService` when it calls KMS for a caller
 * (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service),
 * and the private DNS name of most interface endpoints.
 */
export const regionalServiceName = (service: string, region: string): string => `${service}.${region}.amazonaws.com`;

/**
 * CloudWatch Logs' principal in a Region, which a log group's KMS key must
 * admit (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
 */
export const logsPrincipal = (region: string): string => regionalServiceName("logs", region);
