/**
 * logging: the organization trail, its archive, CloudWatch Logs and the CIS
 * alarms, in the logging account (which the organization stack registers as
 * CloudTrail delegated administrator).
 */
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { KmsKeyConstruct } from "../../modules/kms";
import { CisAlarms, cisAlarmPrefix, LogArchive, logKeyStatements, organizationTrailArn, OrganizationTrail, WafLogsArchive } from "../../modules/logging";
import { LandingZoneConfig } from "../config/types";
import { AccountStack } from "./account-stack";
import { FindingsDestination, GuardDutyFindingsArchive } from "../../modules/security/guardduty";
import { publishLogging, readOrganization, wafLogSenders, WafLogsContract } from "./contracts";
import { CONFIG_KEY_PREFIX, configBucketName, guardDutyFindingsBucketName, LOGGING, trailLogGroupName, trailName, wafLogsBucketName, wafLogsDestinationName } from "./names";
import { logsDestinationArn } from "../../aws/logs";

export class LoggingStack extends AccountStack {
  readonly trail: OrganizationTrail;
  /** Where the security account's GuardDuty exports every member's findings, when `securityServices.guardDuty` is on. */
  readonly guardDutyFindings?: FindingsDestination;
  /** Where every workload's web ACLs' WAF logs arrive, when a workload has a web ACL. */
  readonly wafLogs?: WafLogsContract;

  /**
   * The account ids come from the organization stack's contract (src/stacks/contracts.ts): the logging
   * account, every account whose AWS Config may deliver here (management and members), and the security
   * account (GuardDuty's delegated administrator), whose detectors export findings here.
   */
  constructor(scope: Construct, config: LandingZoneConfig) {
    super(scope, LOGGING, config, (self) => ({ name: config.loggingAccount.name, id: readOrganization(self, config).accountIdOf(config.loggingAccount), assumeRole: true }));
    const accountId = this.accountId;
    const organization = readOrganization(this, config);
    const organizationId = organization.organizationId;
    const accountIds = [config.organization.managementAccountId, ...config.accounts.map((a) => organization.accountIdOf(a))];
    const securityAccountId = organization.accountIdOf(config.securityAccount);
    const region = config.homeRegion;
    const managementAccountId = config.organization.managementAccountId;
    const name = trailName(config.name);
    const logGroupName = trailLogGroupName(config.name);
    const trailArn = organizationTrailArn(region, managementAccountId, name);
    const recordsConfig = config.securityServices.config;

    const key = new KmsKeyConstruct(this, "key", {
      alias: `${config.name}/logging`,
      description: "Encrypts the organization trail, its log group and the security alarm topic",
      accountId,
      statements: logKeyStatements({ accountId, managementAccountId, region, trailArn, logGroupNames: [logGroupName], alarmNamePrefix: cisAlarmPrefix(config.name), configSourceAccounts: recordsConfig ? accountIds : [] }),
    });
    const { archive: lifecycle } = config.logging;
    const archive = new LogArchive(this, "archive", {
      bucketName: `${config.name}-cloudtrail-${accountId}`,
      accessLogBucketName: `${config.name}-s3-access-logs-${accountId}`,
      accountId,
      kmsKeyArn: key.arn,
      trailArn,
      organizationId,
      managementAccountId,
      transitionToGlacierDays: lifecycle.transitionToGlacierDays,
      expireAfterDays: lifecycle.expireAfterDays,
      objectLockGovernanceDays: lifecycle.objectLockGovernanceDays,
      config: recordsConfig ? { bucketName: configBucketName(config.name, accountId), keyPrefix: CONFIG_KEY_PREFIX, accountIds } : undefined,
    });
    if (archive.configBucket) {
      this.configDelivery = { bucketName: archive.configBucket.name, keyPrefix: CONFIG_KEY_PREFIX, kmsKeyArn: key.arn };
      // The logging account records itself once its bucket's and key's policies let AWS Config deliver.
      this.recordConfiguration(this.configDelivery, [archive.configBucket.policy, key.key]);
    }
    this.trail = new OrganizationTrail(this, "trail", {
      name,
      managementAccountId,
      accountId,
      region,
      bucketName: archive.bucket.bucket.bucket,
      kmsKeyArn: key.arn,
      logGroupName,
      retentionDays: config.logging.retentionDays,
      dependsOn: [archive.bucket.policy, key.key],
    });
    new CisAlarms(this, "cis", {
      namePrefix: config.name,
      logGroupName: this.trail.logGroup.name,
      kmsKeyArn: key.arn,
      alarmEmail: config.logging.alarmEmail,
      accountId,
      region,
    });

    if (config.securityServices.guardDuty) {
      // GuardDuty's findings archive: in the logging account, written by the security account's detectors
      // in every allowed region ("Exporting generated findings to Amazon S3 buckets", Steps 2 and 3, with the
      // detector account as aws:SourceAccount: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html).
      const findings = new GuardDutyFindingsArchive(this, "guardduty-findings", {
        namePrefix: config.name,
        bucketName: guardDutyFindingsBucketName(config.name, accountId),
        accountId,
        sourceAccountId: securityAccountId,
        regions: config.allowedRegions,
        expireAfterDays: lifecycle.expireAfterDays,
      });
      // The security stack applies after this one (stack dependency); it cannot depends_on across stacks.
      this.guardDutyFindings = { bucketArn: findings.bucket.bucket.arn, kmsKeyArn: findings.key.arn };
    }

    const wafSenders = wafLogSenders(config);
    if (wafSenders.length > 0) {
      // AWS WAF logs only into the web ACL's own account, so each workload subscribes its web ACLs' log
      // groups to this cross-account destination (modules/logging/waf-logs.ts has the pages). The destination
      // policy and the subscription role's trust name each account with a web ACL.
      const name = wafLogsDestinationName(config.name);
      new WafLogsArchive(this, "waf-logs", {
        name,
        namePrefix: config.name,
        bucketName: wafLogsBucketName(config.name, accountId),
        accountId,
        region,
        senderAccountIds: wafSenders.map((w) => organization.accountIdOf(w)),
        expireAfterDays: lifecycle.expireAfterDays,
      });
      this.wafLogs = { destinationArn: logsDestinationArn(region, accountId, name) };
    }

    publishLogging(this, { configDelivery: this.configDelivery, guardDutyFindings: this.guardDutyFindings, wafLogs: this.wafLogs });
    new TerraformOutput(this, "trail_arn", { value: this.trail.arn, description: "ARN of the organization trail (owned by the management account)" });
    new TerraformOutput(this, "archive_bucket", { value: archive.bucket.name, description: "Bucket archiving the organization trail" });
    new TerraformOutput(this, "trail_log_group", { value: logGroupName, description: "CloudWatch Logs group receiving the organization trail" });
  }
}
