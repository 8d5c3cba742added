/**
 * security: the organization's security services, in the security (audit)
 * account, which the organization stack registers as their delegated
 * administrator. GuardDuty, Inspector and the organization Access Analyzer run
 * in every allowed region (through the region providers); Security Hub
 * aggregates every allowed region into the home region and applies one
 * central configuration policy to the organization root; AWS Config's
 * aggregator and organization rules run from here; findings reach the
 * security email through EventBridge and an encrypted SNS topic.
 */
import { TerraformOutput, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  ConfigOrganization,
  GuardDutyFindingsArchive,
  GuardDutyOrganization,
  InspectorOrganization,
  OrganizationAnalyzer,
  SecurityFindings,
  SecurityHubOrganization,
} from "../../modules/security";
import { LandingZoneConfig } from "../config/types";
import { AccountStack } from "./account-stack";
import { guardDutyFindingsBucketName, SECURITY } from "./names";

export class SecurityStack extends AccountStack {
  /**
   * @param accountId the security account's id (a token for a vended account)
   * @param organizationRootId the organization root (r-…), from the organization stack
   */
  constructor(scope: Construct, config: LandingZoneConfig, accountId: string, organizationRootId: string) {
    super(scope, SECURITY, config, { name: config.securityAccount.name, id: accountId, assumeRole: true });
    const services = config.securityServices;
    const namePrefix = config.name;
    const home = config.homeRegion;
    // The home region through the default provider (ids without a suffix), then every other allowed region.
    const places: { region: string; suffix: string; provider?: TerraformProvider }[] = [
      { region: home, suffix: "" },
      ...[...this.regionalProviders].map(([region, provider]) => ({ region, suffix: `-${region}`, provider })),
    ];
    const others = places.filter((p) => p.provider).map((p) => ({ region: p.region, provider: p.provider! }));

    if (services.guardDuty) {
      const archive = new GuardDutyFindingsArchive(this, "guardduty-findings", {
        namePrefix,
        bucketName: guardDutyFindingsBucketName(namePrefix, accountId),
        accountId,
        regions: config.allowedRegions,
        expireAfterDays: config.logging.archive.expireAfterDays,
      });
      for (const p of places) new GuardDutyOrganization(this, `guardduty${p.suffix}`, { provider: p.provider, findings: archive.destination, adoptExisting: true });
      new TerraformOutput(this, "guardduty_findings_bucket", { value: archive.bucket.name, description: "Bucket receiving every region's exported GuardDuty findings" });
    }
    if (services.securityHub) {
      // The organization stack's designation enabled GuardDuty and Security Hub here: adopt, don't create.
      new SecurityHubOrganization(this, "securityhub", {
        namePrefix,
        homeRegion: home,
        linkedRegions: others.map((o) => o.region),
        targetId: organizationRootId,
        accountId,
        adoptExisting: true,
      });
    }
    if (services.config) {
      new ConfigOrganization(this, "config", { namePrefix, accountId, regions: config.allowedRegions, regionalProviders: others });
    }
    if (services.inspector) {
      for (const p of places) new InspectorOrganization(this, `inspector${p.suffix}`, { accountId, provider: p.provider });
    }
    if (services.accessAnalyzer) {
      for (const p of places) new OrganizationAnalyzer(this, `access-analyzer${p.suffix}`, { name: `${namePrefix}-organization`, provider: p.provider });
    }
    const findings = new SecurityFindings(this, "findings", { namePrefix, accountId, region: home, email: services.email, minimumSeverity: services.notifySeverity });

    new TerraformOutput(this, "findings_topic_arn", { value: findings.topic.arn, description: "SNS topic the security findings reach" });
  }
}
