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
  GuardDutyOrganization,
  InspectorOrganization,
  OrganizationAnalyzer,
  SecurityFindings,
  SecurityHubOrganization,
} from "../../modules/security";
import { LandingZoneConfig } from "../config/types";
import { AccountStack, accountProvider, regionAlias } from "./account-stack";
import { ConfigRecorder } from "../../modules/security/recorder";
import { readConfigDelivery, readGuardDutyFindings, readOrganization } from "./contracts";
import { SECURITY } from "./names";

/** Alias of the providers acting in the management account (its AWS Config recorders). */
export const MANAGEMENT_PROVIDER_ALIAS = "management";

export class SecurityStack extends AccountStack {
  /**
   * Reads through the contracts (src/stacks/contracts.ts): its account id and the organization root
   * (r-…) from the organization stack; from the logging stack, where AWS Config recorders deliver (this
   * account's, and the management account's, recorded from here because the organization stack applies
   * before that bucket exists) and the GuardDuty findings bucket and key every region's detector exports to.
   */
  constructor(scope: Construct, config: LandingZoneConfig) {
    super(scope, SECURITY, config, (self) => ({ name: config.securityAccount.name, id: readOrganization(self, config).accountIdOf(config.securityAccount), assumeRole: true }), {
      configDelivery: (self) => readConfigDelivery(self, config),
    });
    const accountId = this.accountId;
    const organization = readOrganization(this, config);
    const organizationRootId = organization.rootId;
    const configDelivery = this.configDelivery;
    const guardDutyFindings = readGuardDutyFindings(this, config);
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
      // Findings are exported to the logging account's archive (the logging stack's GuardDuty findings bucket).
      for (const p of places) new GuardDutyOrganization(this, `guardduty${p.suffix}`, { provider: p.provider, findings: guardDutyFindings, adoptExisting: true });
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
      // The management account's recorders, through CI's own (management) credentials in every allowed region.
      const management = { name: "management", id: config.organization.managementAccountId, assumeRole: false };
      const managementRecorder = configDelivery
        ? new ConfigRecorder(this, "management-config-recorder", {
            name: namePrefix,
            provider: accountProvider(this, "aws-management", config, SECURITY, management, MANAGEMENT_PROVIDER_ALIAS),
            regions: others.map((o) => ({
              region: o.region,
              provider: accountProvider(this, `aws-management-${o.region}`, config, SECURITY, management, `${MANAGEMENT_PROVIDER_ALIAS}_${regionAlias(o.region)}`, o.region),
            })),
            delivery: configDelivery,
          })
        : undefined;
      // Organization rules evaluate only where a recorder runs: after this stack's and the management
      // account's (the other accounts' stacks apply before this one: see src/app.ts).
      const recorders = [this.configRecorder, managementRecorder].flatMap((r) => r?.recorders.map((x) => x.status) ?? []);
      new ConfigOrganization(this, "config", { namePrefix, accountId, regions: config.allowedRegions, regionalProviders: others, dependsOn: recorders });
    }
    if (services.inspector) {
      // Every other account of the organization is associated and activated; auto-enable covers only accounts that join later.
      const members = [
        { name: "management-account", accountId: config.organization.managementAccountId },
        ...config.accounts.filter((a) => a.name !== config.securityAccount.name).map((a) => ({ name: `account-${a.name}`, accountId: organization.accountIdOf(a) })),
      ];
      for (const p of places) new InspectorOrganization(this, `inspector${p.suffix}`, { accountId, members, provider: p.provider });
    }
    if (services.accessAnalyzer) {
      for (const p of places) new OrganizationAnalyzer(this, `access-analyzer${p.suffix}`, { name: `${namePrefix}-organization`, provider: p.provider });
    }
    const findings = new SecurityFindings(this, "findings", { namePrefix, accountId, region: home, email: services.email, minimumSeverity: services.notifySeverity });

    new TerraformOutput(this, "findings_topic_arn", { value: findings.topic.arn, description: "SNS topic the security findings reach" });
  }
}
