/**
 * The base of every stack but bootstrap: S3 remote state with native locking,
 * one AWS provider per allowed region pinned to the stack's account (the home
 * region's is the default, every other region's an alias named after it), and
 * the account baseline in every one of those regions.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Fn, ITerraformDependable, S3Backend, TerraformStack, TerraformVariable } from "cdktf";
import { LzStack } from "./lz-stack";
import { Construct } from "constructs";
import { AccountBaseline } from "../../modules/baseline";
import { ConfigDelivery, ConfigRecorder } from "../../modules/security/recorder";
import { LandingZoneConfig } from "../config/types";
import { ciReadRoleName, deployerRoleName, LZ_ROLE_PATH, READ_ONLY_VARIABLE, stateKey, stateKeyAlias } from "./names";

export interface AccountTarget {
  /** Account name from the config (or "management"). */
  readonly name: string;
  /** Account id: a literal, or a token from the organization stack for a vended account. */
  readonly id: string;
  /** Assume a role in the account; false for the management account, where CI's own credentials act. */
  readonly assumeRole: boolean;
  /**
   * Which role: the landing zone's deployer role (every stack of a member account), or the
   * organization's access role (only the access-<account> stacks, which create the deployer role).
   * @default "deployer"
   */
  readonly role?: "deployer" | "access";
}

/** The ARN of the role a provider assumes in `target` to apply. */
export function targetRoleArn(config: LandingZoneConfig, target: Pick<AccountTarget, "id" | "role">): string {
  return target.role === "access"
    ? `arn:aws:iam::${target.id}:role/${config.organization.accessRoleName}`
    : `arn:aws:iam::${target.id}:role${LZ_ROLE_PATH}${deployerRoleName(config.name)}`;
}

/** The ARN of the read-only role CI's plan role assumes in account `id` (created by its access stack when `ci` is set). */
export const ciReadRoleArn = (config: LandingZoneConfig, id: string): string => `arn:aws:iam::${id}:role${LZ_ROLE_PATH}${ciReadRoleName(config.name)}`;

/**
 * The stack's `lz_read_only` input variable (declared once per stack): true makes every member-account
 * provider assume the account's `<name>-ci-read` role instead of the deployer or access role, so CI's
 * read-only plan role can plan (`lz plan --read-only`, `lz drift`). It is ephemeral (Terraform >= 1.10):
 * its value is not written to a saved plan, a plan that set it must be given it again at apply, and the
 * value may differ between the two (https://developer.hashicorp.com/terraform/docs/configuration/variables,
 * argument `ephemeral`). So a plan made read-only on a pull request applies on main as the deployer
 * (`lz apply` passes false). Verified with Terraform 1.11: a variable set at plan must be set at apply, one
 * unset at plan must stay unset (test/stacks/read-only.test.ts notes the experiment).
 * cdktf 0.21's TerraformVariable has no `ephemeral`, hence the override.
 */
export function readOnlyVariable(stack: TerraformStack): TerraformVariable {
  const existing = stack.node.tryFindChild(READ_ONLY_VARIABLE);
  if (existing) return existing as TerraformVariable;
  const variable = new TerraformVariable(stack, READ_ONLY_VARIABLE, {
    type: "bool",
    default: false,
    nullable: false,
    description: "Plan through each member account's read-only CI role (<name>-ci-read) instead of the deployer or access role. Set by lz plan --read-only and lz drift; never stored in a saved plan.",
  });
  variable.addOverride("ephemeral", true);
  return variable;
}

/**
 * The role_arn of a provider acting in `target`: the apply role (targetRoleArn) or, with `ci` in the config,
 * chosen at run time by the stack's ephemeral `lz_read_only` variable between it and the account's ci-read role.
 */
export function runTimeRoleArn(scope: Construct, config: LandingZoneConfig, target: Pick<AccountTarget, "id" | "role">): string {
  const apply = targetRoleArn(config, target);
  if (!config.ci) return apply;
  return Fn.conditional(readOnlyVariable(TerraformStack.of(scope)).booleanValue, ciReadRoleArn(config, target.id), apply) as string;
}

/** The tag naming the account a resource is in (for a member account resource: that account). */
export const ACCOUNT_TAG = "lz:account";

/** Tags every resource carries, via the provider's default_tags. */
export function defaultTags(config: LandingZoneConfig, stack: string, account: string): Record<string, string> {
  return { ...config.tags, "lz:name": config.name, [ACCOUNT_TAG]: account, "lz:stack": stack, "managed-by": "landing-zone" };
}

/** Alias of the provider acting in a region other than the home region: us-west-2 → us_west_2. */
export const regionAlias = (region: string): string => region.replace(/-/g, "_");

/** An AWS provider acting in `target`, optionally under an alias, in `region` (default: the home region). */
export function accountProvider(scope: Construct, id: string, config: LandingZoneConfig, stack: string, target: AccountTarget, alias?: string, region: string = config.homeRegion): AwsProvider {
  return new AwsProvider(scope, id, {
    alias,
    region,
    allowedAccountIds: [target.id],
    assumeRole: target.assumeRole
      ? [{ roleArn: runTimeRoleArn(scope, config, target), sessionName: `lz-${stack}` }]
      : undefined,
    defaultTags: [{ tags: defaultTags(config, stack, target.name) }],
  });
}

/** Where stack `name` keeps its state: the landing zone's bucket, one key per stack, KMS-encrypted. Remote-state reads (contracts.ts) use the same. */
export function backendConfig(config: LandingZoneConfig, name: string): { bucket: string; key: string; region: string; encrypt: true; kmsKeyId: string } {
  return {
    bucket: config.state.bucket,
    key: stateKey(name),
    region: config.state.region,
    encrypt: true,
    kmsKeyId: `arn:aws:kms:${config.state.region}:${config.organization.managementAccountId}:alias/${stateKeyAlias(config.name)}`,
  };
}

/** Configures the S3 backend shared by every stack: one key per stack, KMS-encrypted, S3 lock file. */
export function s3Backend(stack: TerraformStack, config: LandingZoneConfig, name: string): void {
  new S3Backend(stack, backendConfig(config, name));
  // cdktf 0.21's S3Backend has no property for S3-native locking (Terraform >= 1.10).
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
}

export interface AccountStackOptions {
  /**
   * Apply the account baseline (EBS default encryption, IMDSv2 defaults, S3 account public access
   * block, password policy, Access Analyzer, Session Manager preferences) in the stack's account,
   * the regional parts in every allowed region.
   * @default true
   */
  readonly baseline?: boolean;
  /**
   * Record the account's configuration with AWS Config in every allowed region, delivering here
   * (the logging account's Config bucket), unless `securityServices.config` is off.
   * @default no recorders (the logging stack records itself once its bucket exists)
   */
  readonly configDelivery?: ConfigDelivery | ((stack: LzStack) => ConfigDelivery | undefined);
}

export abstract class AccountStack extends LzStack {
  /** The stack's account id: a literal, or the organization's output read through remote state (contracts.ts). */
  readonly accountId: string;
  /** The default provider: the stack's account in the home region. */
  readonly provider: AwsProvider;
  /** One aliased provider per allowed region other than the home region, same account, role and tags. */
  readonly regionalProviders: ReadonlyMap<string, AwsProvider>;
  /** The account baseline, in every account stack (the management account's is in the organization stack). */
  readonly baseline?: AccountBaseline;
  /** AWS Config's recorders in this account, when the stack records it. */
  configRecorder?: ConfigRecorder;
  /** Where this stack's AWS Config recorders deliver (options.configDelivery resolved once, or set by the logging stack, which owns the bucket). */
  configDelivery?: ConfigDelivery;

  /** @param target the account, or a function of this stack giving it (to read the id through this stack's remote state) */
  protected constructor(scope: Construct, name: string, protected readonly config: LandingZoneConfig, targetOf: AccountTarget | ((stack: LzStack) => AccountTarget), options: AccountStackOptions = {}) {
    super(scope, name);
    const target = typeof targetOf === "function" ? targetOf(this) : targetOf;
    this.accountId = target.id;
    s3Backend(this, config, name);
    this.provider = accountProvider(this, "aws", config, name, target);
    this.regionalProviders = new Map(
      config.allowedRegions.filter((r) => r !== config.homeRegion).map((r) => [r, accountProvider(this, `aws-${r}`, config, name, target, regionAlias(r), r)]),
    );
    if (options.baseline ?? true) {
      this.baseline = new AccountBaseline(this, "baseline", {
        namePrefix: config.name,
        accountId: target.id,
        region: config.homeRegion,
        regions: [...this.regionalProviders].map(([region, provider]) => ({ region, provider })),
        sessionLogRetentionDays: config.logging.retentionDays,
      });
    }
    this.configDelivery = typeof options.configDelivery === "function" ? options.configDelivery(this) : options.configDelivery;
    if (this.configDelivery) this.recordConfiguration(this.configDelivery);
  }

  /** AWS Config recorders, delivery channels and their status in every allowed region of the stack's account. */
  protected recordConfiguration(delivery: ConfigDelivery, dependsOn?: ITerraformDependable[]): void {
    if (!this.config.securityServices.config) return;
    this.configRecorder = new ConfigRecorder(this, "config-recorder", {
      name: this.config.name,
      regions: [...this.regionalProviders].map(([region, provider]) => ({ region, provider })),
      delivery,
      dependsOn,
    });
  }
}
