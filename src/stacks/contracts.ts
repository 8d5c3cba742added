/**
 * The contracts between stacks, in one place. A producer publishes a fixed,
 * documented set of outputs; a consumer reads them through an explicit
 * `terraform_remote_state` (S3) data source that it declares itself, with the
 * same bucket, key scheme and KMS key as every stack's backend
 * (src/stacks/account-stack.ts, stateKey in names.ts). No cdktf cross-stack
 * reference is left, so a producer's JSON never depends on its consumers:
 * adding a workload account adds one entry to the organization's
 * `account_ids` map and leaves the network stack byte-identical, and any stack
 * can be synthesized, diffed and planned alone (`lz synth --stacks`).
 *
 * A new consumer reads a producer with one call:
 *
 *     const org = readOrganization(this, config);   // org.organizationId, org.accountIdOf(account)
 *     const hub = readHub(this, config);            // hub.transitGatewayId, …
 *
 * Each read also records the producer in `upstreamStacks(consumer)`, from
 * which the app adds the manifest dependency, so waves stay right.
 */
import { DataTerraformRemoteStateS3, Fn, TerraformOutput, TerraformStack, Token } from "cdktf";
import { Account, LandingZoneConfig } from "../config/types";
import { backendConfig } from "./account-stack";
import { hasWebAcl } from "../config/types-compute";
import { logsDestinationArn } from "../../aws/logs";
import { CONFIG_KEY_PREFIX, configBucketName, LOGGING, NETWORK, ORGANIZATION, wafLogsDestinationName } from "./names";

/** The organization stack's outputs: names, and what each holds. */
export const ORGANIZATION_OUTPUTS = {
  /** The organization id (o-…), for aws:PrincipalOrgID conditions. */
  organizationId: "organization_id",
  /** The organization ARN, the principal of RAM shares to the whole organization. */
  organizationArn: "organization_arn",
  /** The root id (r-…). */
  rootId: "organization_root_id",
  /** Map of every member account's config name to its id (created or existing). */
  accountIds: "account_ids",
} as const;

/** The values behind ORGANIZATION_OUTPUTS, as the organization stack publishes them. */
export interface OrganizationContract {
  readonly organizationId: string;
  readonly organizationArn: string;
  readonly rootId: string;
  /** Account name → id. */
  readonly accountIds: Readonly<Record<string, string>>;
}

/** The network stack's outputs: the hub exports workload stacks attach to. */
export const NETWORK_OUTPUTS = {
  vpcId: "hub_vpc_id",
  hubCidr: "hub_cidr",
  transitGatewayId: "transit_gateway_id",
  spokesRouteTableId: "transit_gateway_spokes_route_table_id",
  hubRouteTableId: "transit_gateway_hub_route_table_id",
  endpointZoneIds: "endpoint_zone_ids",
} as const;

/** What workload stacks need from the hub. */
export interface HubExports {
  readonly vpcId: string;
  readonly hubCidr: string;
  readonly transitGatewayId: string;
  /** TGW route table spoke attachments associate with. */
  readonly spokesRouteTableId: string;
  /** TGW route table spoke attachments propagate into. */
  readonly hubRouteTableId: string;
  /** Service short name (e.g. ecr.dkr) -> private hosted zone id. */
  readonly endpointZoneIds: Readonly<Record<string, string>>;
}

/**
 * The logging stack's outputs for the security services: where AWS Config delivers and where GuardDuty
 * exports findings. Published only when the service is on (securityServices.config / guardDuty).
 */
export const LOGGING_OUTPUTS = {
  /** The bucket every account's AWS Config recorders deliver to. */
  configBucket: "config_bucket",
  /** The logging key (encrypts Config deliveries). */
  configKeyArn: "config_kms_key_arn",
  /** GuardDuty's findings archive bucket ARN and its key. */
  guardDutyFindingsBucketArn: "guardduty_findings_bucket_arn",
  guardDutyFindingsKeyArn: "guardduty_findings_kms_key_arn",
  /** The CloudWatch Logs destination (home region) every web ACL's log group subscribes to. */
  wafLogsDestinationArn: "waf_logs_destination_arn",
} as const;

/** Where AWS Config delivers (the same shape as modules/security/recorder's ConfigDelivery). */
export interface ConfigDeliveryContract {
  readonly bucketName: string;
  readonly keyPrefix: string;
  readonly kmsKeyArn: string;
}

/** Where GuardDuty exports findings (modules/security/guardduty's FindingsDestination, without dependsOn). */
export interface FindingsContract {
  readonly bucketArn: string;
  readonly kmsKeyArn: string;
}

/** Where web ACLs' WAF logs go: the logging account's CloudWatch Logs destination (modules/logging/waf-logs). */
export interface WafLogsContract {
  /** arn:aws:logs:<home region>:<logging account>:destination:<lz>-waf-logs */
  readonly destinationArn: string;
}

const DESCRIPTIONS: Record<string, string> = {
  [LOGGING_OUTPUTS.configBucket]: "Bucket receiving every account's AWS Config deliveries",
  [LOGGING_OUTPUTS.configKeyArn]: "KMS key encrypting AWS Config deliveries",
  [LOGGING_OUTPUTS.guardDutyFindingsBucketArn]: "Bucket receiving every region's exported GuardDuty findings",
  [LOGGING_OUTPUTS.guardDutyFindingsKeyArn]: "KMS key encrypting exported GuardDuty findings",
  [LOGGING_OUTPUTS.wafLogsDestinationArn]: "CloudWatch Logs destination receiving every web ACL's WAF logs",
  [ORGANIZATION_OUTPUTS.organizationId]: "The organization id",
  [ORGANIZATION_OUTPUTS.organizationArn]: "The organization ARN",
  [ORGANIZATION_OUTPUTS.rootId]: "The organization root id",
  [ORGANIZATION_OUTPUTS.accountIds]: "Account id of every member account, by config name",
  [NETWORK_OUTPUTS.vpcId]: "Hub VPC id",
  [NETWORK_OUTPUTS.hubCidr]: "Hub VPC CIDR",
  [NETWORK_OUTPUTS.transitGatewayId]: "Transit Gateway shared with the organization",
  [NETWORK_OUTPUTS.spokesRouteTableId]: "TGW route table spoke attachments associate with",
  [NETWORK_OUTPUTS.hubRouteTableId]: "TGW route table spoke attachments propagate into",
  [NETWORK_OUTPUTS.endpointZoneIds]: "Private hosted zone id per interface endpoint service",
};

function publish<K extends string>(stack: TerraformStack, names: Record<K, string>, values: Record<K, unknown>): void {
  for (const key of Object.keys(names) as K[]) new TerraformOutput(stack, names[key], { value: values[key], description: DESCRIPTIONS[names[key]] });
}

/** The organization stack's half of the contract. */
export function publishOrganization(stack: TerraformStack, values: OrganizationContract): void {
  publish(stack, ORGANIZATION_OUTPUTS, values);
}

/** The network stack's half of the contract. */
export function publishHub(stack: TerraformStack, hub: HubExports): void {
  publish(stack, NETWORK_OUTPUTS, hub);
}

/** The logging stack's half of the contract: only the parts whose service is on. */
export function publishLogging(stack: TerraformStack, values: { configDelivery?: ConfigDeliveryContract; guardDutyFindings?: FindingsContract; wafLogs?: WafLogsContract }): void {
  const out = (name: string, value: string) => new TerraformOutput(stack, name, { value, description: DESCRIPTIONS[name] });
  if (values.configDelivery) {
    out(LOGGING_OUTPUTS.configBucket, values.configDelivery.bucketName);
    out(LOGGING_OUTPUTS.configKeyArn, values.configDelivery.kmsKeyArn);
  }
  if (values.guardDutyFindings) {
    out(LOGGING_OUTPUTS.guardDutyFindingsBucketArn, values.guardDutyFindings.bucketArn);
    out(LOGGING_OUTPUTS.guardDutyFindingsKeyArn, values.guardDutyFindings.kmsKeyArn);
  }
  if (values.wafLogs) out(LOGGING_OUTPUTS.wafLogsDestinationArn, values.wafLogs.destinationArn);
}

const upstream = new WeakMap<TerraformStack, Set<string>>();
const sources = new WeakMap<TerraformStack, Map<string, DataTerraformRemoteStateS3>>();

/** The stacks `consumer` reads through remote state (for the manifest's dependencies). */
export function upstreamStacks(consumer: TerraformStack): string[] {
  return [...(upstream.get(consumer) ?? [])].sort();
}

/**
 * The consumer's `terraform_remote_state.remote_state_<producer>`, declared on first use: the producer's
 * state in the landing zone's state bucket, read with the backend's own settings.
 */
export function remoteState(consumer: TerraformStack, config: LandingZoneConfig, producer: string): DataTerraformRemoteStateS3 {
  const mine = sources.get(consumer) ?? new Map<string, DataTerraformRemoteStateS3>();
  sources.set(consumer, mine);
  let source = mine.get(producer);
  if (!source) {
    source = new DataTerraformRemoteStateS3(consumer, `remote-state-${producer}`, { ...backendConfig(config, producer), workspace: "${terraform.workspace}" });
    mine.set(producer, source);
    upstream.set(consumer, (upstream.get(consumer) ?? new Set()).add(producer));
  }
  return source;
}

/** The organization as a consumer sees it. */
export interface OrganizationReader {
  readonly organizationId: string;
  readonly organizationArn: string;
  /** The root id (r-…). */
  readonly rootId: string;
  /** An account's id: its literal id from the config, else the organization's `account_ids` entry. */
  accountIdOf(account: Pick<Account, "name" | "id">): string;
}

/** Reads the organization stack's contract in `consumer`; the remote state is declared only when a value is used. */
export function readOrganization(consumer: TerraformStack, config: LandingZoneConfig): OrganizationReader {
  const state = () => remoteState(consumer, config, ORGANIZATION);
  return {
    get organizationId() {
      return state().getString(ORGANIZATION_OUTPUTS.organizationId);
    },
    get organizationArn() {
      return state().getString(ORGANIZATION_OUTPUTS.organizationArn);
    },
    get rootId() {
      return state().getString(ORGANIZATION_OUTPUTS.rootId);
    },
    accountIdOf: (account) => account.id ?? Token.asString(Fn.lookupNested(state().get(ORGANIZATION_OUTPUTS.accountIds), [account.name])),
  };
}

/** Reads the network stack's hub exports in `consumer`. The hub CIDR is the config's literal (the same value the network stack publishes). */
export function readHub(consumer: TerraformStack, config: LandingZoneConfig): HubExports {
  const state = remoteState(consumer, config, NETWORK);
  // The network stack publishes a zone for each service with a zone name (modules/endpoints): the same keys.
  const services = config.network.hub.interfaceEndpoints.filter((e) => e.zoneName !== undefined).map((e) => e.service);
  return {
    vpcId: state.getString(NETWORK_OUTPUTS.vpcId),
    hubCidr: config.network.hub.cidr,
    transitGatewayId: state.getString(NETWORK_OUTPUTS.transitGatewayId),
    spokesRouteTableId: state.getString(NETWORK_OUTPUTS.spokesRouteTableId),
    hubRouteTableId: state.getString(NETWORK_OUTPUTS.hubRouteTableId),
    endpointZoneIds: Object.fromEntries(services.map((s) => [s, Token.asString(Fn.lookupNested(state.get(NETWORK_OUTPUTS.endpointZoneIds), [s]))])),
  };
}

/** Where AWS Config delivers, read from the logging stack in `consumer`; undefined when Config is off. */
export function readConfigDelivery(consumer: TerraformStack, config: LandingZoneConfig): ConfigDeliveryContract | undefined {
  if (!config.securityServices.config) return undefined;
  // The bucket's name is known from the logging account's id (names.ts), a literal when the config has it.
  const bucketName = configBucketName(config.name, readOrganization(consumer, config).accountIdOf(config.loggingAccount));
  return { bucketName, keyPrefix: CONFIG_KEY_PREFIX, kmsKeyArn: remoteState(consumer, config, LOGGING).getString(LOGGING_OUTPUTS.configKeyArn) };
}

/** Where GuardDuty exports findings, read from the logging stack in `consumer`; undefined when GuardDuty is off. */
export function readGuardDutyFindings(consumer: TerraformStack, config: LandingZoneConfig): FindingsContract | undefined {
  if (!config.securityServices.guardDuty) return undefined;
  const state = remoteState(consumer, config, LOGGING);
  return { bucketArn: state.getString(LOGGING_OUTPUTS.guardDutyFindingsBucketArn), kmsKeyArn: state.getString(LOGGING_OUTPUTS.guardDutyFindingsKeyArn) };
}

/** The workload accounts whose web ACLs log to the logging account: every live workload with a web ACL. */
export function wafLogSenders(config: LandingZoneConfig): LandingZoneConfig["workloads"] {
  return config.workloads.filter((w) => !w.retired && hasWebAcl(w.compute));
}

/**
 * Where a workload's web ACLs send their WAF logs, in `consumer`: the logging stack's destination, whose ARN
 * is known from the logging account's id (a literal when the config has it, else the organization's
 * contract), so a vend changes nothing here. Undefined when no workload has a web ACL (the logging stack then
 * builds no destination). The logging stack publishes the same value as `waf_logs_destination_arn`.
 */
export function readWafLogs(consumer: TerraformStack, config: LandingZoneConfig): WafLogsContract | undefined {
  if (wafLogSenders(config).length === 0) return undefined;
  const loggingAccountId = readOrganization(consumer, config).accountIdOf(config.loggingAccount);
  return { destinationArn: logsDestinationArn(config.homeRegion, loggingAccountId, wafLogsDestinationName(config.name)) };
}
