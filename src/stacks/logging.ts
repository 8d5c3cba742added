/**
 * logging: the organization trail, its archive, CloudWatch Logs and the CIS
 * alarms, in the logging account (which the organization stack registers as
 * CloudTrail delegated administrator).
 */
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { KmsKeyConstruct } from "../../modules/kms";
import { CisAlarms, cisAlarmPrefix, LogArchive, logKeyStatements, organizationTrailArn, OrganizationTrail } from "../../modules/logging";
import { LandingZoneConfig } from "../config/types";
import { AccountStack } from "./account-stack";
import { readOrganization } from "./contracts";
import { LOGGING, trailLogGroupName, trailName } from "./names";

export class LoggingStack extends AccountStack {
  readonly trail: OrganizationTrail;

  /** The account id and the organization id come from the organization stack's contract (src/stacks/contracts.ts). */
  constructor(scope: Construct, config: LandingZoneConfig) {
    super(scope, LOGGING, config, (self) => ({ name: config.loggingAccount.name, id: readOrganization(self, config).accountIdOf(config.loggingAccount), assumeRole: true }));
    const accountId = this.accountId;
    const organizationId = readOrganization(this, config).organizationId;
    const region = config.homeRegion;
    const managementAccountId = config.organization.managementAccountId;
    const name = trailName(config.name);
    const logGroupName = trailLogGroupName(config.name);
    const trailArn = organizationTrailArn(region, managementAccountId, name);

    const key = new KmsKeyConstruct(this, "key", {
      alias: `${config.name}/logging`,
      description: "Encrypts the organization trail, its log group and the security alarm topic",
      accountId,
      statements: logKeyStatements({ accountId, managementAccountId, region, trailArn, logGroupNames: [logGroupName], alarmNamePrefix: cisAlarmPrefix(config.name) }),
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
    });
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

    new TerraformOutput(this, "trail_arn", { value: this.trail.arn, description: "ARN of the organization trail (owned by the management account)" });
    new TerraformOutput(this, "archive_bucket", { value: archive.bucket.name, description: "Bucket archiving the organization trail" });
    new TerraformOutput(this, "trail_log_group", { value: logGroupName, description: "CloudWatch Logs group receiving the organization trail" });
  }
}
