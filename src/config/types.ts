/** The fully resolved landing zone: defaults applied, CIDRs allocated, subnets carved. */
import { SubnetPlan } from "./addressing";
import { EndpointService } from "./endpoint-services";
import { Access, Budget } from "./resolve-access";
import { ParsedConfig, SecurityServices, Suppression } from "./schema";
import { WorkloadCompute } from "./types-compute";

export * from "./types-compute";
export type { Access, AccountAssignment, Budget, PermissionSet, PolicyReference } from "./resolve-access";

export interface Account {
  readonly name: string;
  readonly type: "logging" | "network" | "security" | "workload";
  /** Existing account id; undefined for an account the organization stack creates. */
  readonly id?: string;
  readonly email: string;
  readonly ou: string;
  /** The account's name in AWS Organizations. @default name */
  readonly displayName?: string;
  /** Retired (`lz retire`): contents destroyed but the log archives, moved to the Suspended OU, never closed. */
  readonly retired: boolean;
}

export interface WorkloadAccount extends Account {
  readonly type: "workload";
  /** Spoke VPC CIDR, explicit or allocated from the pool. */
  readonly cidr: string;
  readonly cidrSource: "explicit" | "pool";
  readonly subnets: SubnetPlan;
  /** Stack name: workload-<name>. */
  readonly stackName: string;
  /** ECR, EC2, ECS, Batch and App Runner entries, resolved. */
  readonly compute: WorkloadCompute;
  /** An internet-facing load balancer needs public subnets and an internet gateway in the spoke (ALB only: no NAT, no public IPs). */
  readonly publicSubnets: boolean;
}

export interface InterfaceEndpoint extends EndpointService {
  /** Service short name, e.g. ecr.dkr. */
  readonly service: string;
}

export interface LandingZoneConfig {
  readonly name: string;
  readonly homeRegion: string;
  readonly allowedRegions: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly organization: ParsedConfig["organization"];
  readonly state: { readonly bucket: string; readonly region: string; readonly bootstrapMigrated: boolean };
  readonly accounts: readonly Account[];
  readonly loggingAccount: Account;
  readonly networkAccount: Account;
  /** The security (audit) account: delegated administrator of the security services. */
  readonly securityAccount: Account;
  readonly workloads: readonly WorkloadAccount[];
  readonly network: {
    readonly hub: Omit<ParsedConfig["network"]["hub"], "interfaceEndpoints"> & {
      readonly subnets: SubnetPlan;
      readonly interfaceEndpoints: readonly InterfaceEndpoint[];
    };
    readonly workloadCidrPool: string;
    readonly workloadCidrPrefix: number;
  };
  readonly logging: ParsedConfig["logging"];
  /** Which security services run; `email` resolved to logging.alarmEmail when not given. */
  readonly securityServices: SecurityServices & { readonly email: string };
  /** People: permission sets (built-in and own) and every (group, set, account) assignment, OUs fanned out. */
  readonly access: Access;
  /** Money: one monthly budget per account that has one. */
  readonly budgets: readonly Budget[];
  /** CI on GitHub Actions: the repository and environment the ci-roles stack's roles trust; undefined: no ci-roles stack. */
  readonly ci?: ParsedConfig["ci"];
  /** Accepted guardrail findings, in config order (indexes match suppressions[i] in the file). */
  readonly suppressions: readonly Suppression[];
}
