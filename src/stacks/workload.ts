/**
 * workload-<name>: one workload account's spoke and compute. Reads like a
 * wiring diagram: the account key, the spoke on the hub's Transit Gateway
 * (with a second provider acting in the network account for the hub side of
 * each cross-account pair), then the compute from config.
 */
import { Construct } from "constructs";
import { SessionAccess } from "../../modules/compute/session-access";
import { AvailabilityZones } from "../../modules/network/vpc";
import { SpokeNetwork } from "../../modules/network/spoke";
import { WorkloadKey } from "../../modules/workload-key";
import { LandingZoneConfig, WorkloadAccount } from "../config/types";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { roleArn } from "../../modules/access";
import { AccountStack, ciReadRoleArn, defaultTags, readOnlyVariable, targetRoleArn } from "./account-stack";
import { Fn, TerraformStack } from "cdktf";
import { hubRoleName, LZ_ROLE_PATH } from "./names";
import { readConfigDelivery, readHub, readOrganization, readWafLogs } from "./contracts";
import { buildCompute } from "./workload-compute";

/** Alias of the provider acting in the network account. */
export const NETWORK_PROVIDER_ALIAS = "network";

/** The two accounts the hub-side provider of a workload stack spans. */
export interface SpokeAccounts {
  /** The workload account, whose deployer role is the first hop. */
  readonly accountId: string;
  /** The network account, whose hub role the deployer assumes. */
  readonly networkAccountId: string;
}

/** The provider acting in the network account as the hub role, chained through the account's deployer. */
export function networkProvider(scope: Construct, config: LandingZoneConfig, account: WorkloadAccount, props: SpokeAccounts): AwsProvider {
  const sessionName = `lz-${account.stackName}`;
  const chain = [targetRoleArn(config, { id: props.accountId }), roleArn(props.networkAccountId, LZ_ROLE_PATH, hubRoleName(config.name))];
  const provider = new AwsProvider(scope, "aws-network", {
    alias: NETWORK_PROVIDER_ALIAS,
    region: config.homeRegion,
    allowedAccountIds: [props.networkAccountId],
    assumeRole: config.ci ? undefined : chain.map((arn) => ({ roleArn: arn, sessionName })),
    defaultTags: [{ tags: defaultTags(config, account.stackName, config.networkAccount.name) }],
  });
  if (config.ci) {
    // Read-only plans (lz_read_only, see readOnlyVariable) reach the network account through its own ci-read
    // role, which trusts CI's plan role alone, not through the chain: one assume_role block instead of two, so a
    // dynamic block (Terraform allows them in provider blocks) over a list chosen at run time.
    const readOnly = readOnlyVariable(TerraformStack.of(scope)).booleanValue;
    provider.addOverride("dynamic.assume_role", {
      for_each: Fn.conditional(readOnly, [ciReadRoleArn(config, props.networkAccountId)], chain),
      content: { role_arn: "${assume_role.value}", session_name: sessionName },
    });
  }
  return provider;
}

export class WorkloadStack extends AccountStack {
  readonly spoke: SpokeNetwork;
  readonly key: WorkloadKey;

  /**
   * Reads the account ids and the organization id from the organization stack, and the hub from the
   * network stack, through their contracts (src/stacks/contracts.ts).
   */
  constructor(scope: Construct, config: LandingZoneConfig, readonly account: WorkloadAccount) {
    super(scope, account.stackName, config, (self) => ({ name: account.name, id: readOrganization(self, config).accountIdOf(account), assumeRole: true }), {
      // The account's AWS Config recorders deliver to the logging stack's Config bucket (its contract).
      configDelivery: (self) => readConfigDelivery(self, config),
    });
    const organization = readOrganization(this, config);
    const props = {
      accountId: this.accountId,
      networkAccountId: organization.accountIdOf(config.networkAccount),
      organizationId: organization.organizationId,
      hub: readHub(this, config),
    };
    const region = config.homeRegion;
    // The hub side of the spoke runs as the network account's hub role, reached by role chaining
    // (AWS provider >= 5.67 assumes assume_role blocks in order): this account's deployer first, whose
    // ARN the hub role's trust names, then the hub role. No stack holds admin in the network account.
    const hubProvider = networkProvider(this, config, account, props);

    this.key = new WorkloadKey(this, "workload-key", { accountId: props.accountId, region, alias: `${config.name}/workload` });

    const zones = new AvailabilityZones(this, "zones", { count: config.network.hub.availabilityZones });
    this.spoke = new SpokeNetwork(this, "spoke", {
      name: `${config.name}-${account.name}`,
      cidr: account.cidr,
      zones: zones.zones,
      subnets: account.subnets,
      publicSubnets: account.publicSubnets,
      region,
      accountId: props.accountId,
      kmsKeyArn: this.key.arn,
      flowLogRetentionDays: config.logging.retentionDays,
      hub: props.hub,
      hubProvider,
    });

    buildCompute(this, {
      config,
      account,
      accountId: props.accountId,
      organizationId: props.organizationId,
      kmsKeyArn: this.key.arn,
      spoke: this.spoke,
      hubCidr: props.hub.hubCidr,
      session: this.sessionAccess(region),
      // Web ACLs log in this account (WAF's rule) and forward to the logging account's destination.
      wafLogs: readWafLogs(this, config),
    });
  }

  /** The baseline's Session Manager key and log group in `region`, which the compute's instance and task roles may use. */
  private sessionAccess(region: string): SessionAccess {
    if (!this.baseline) throw new Error(`${this.account.stackName}: the workload stack needs the account baseline (its Session Manager key)`);
    const parts = this.baseline.partsIn(region);
    return { keyArn: parts.sessionKey.arn, logGroupArn: parts.sessionLogGroup.arn };
  }
}
