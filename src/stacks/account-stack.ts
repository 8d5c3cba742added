/**
 * The base of every stack but bootstrap: S3 remote state with native locking,
 * one AWS provider pinned to the stack's account, and (for member accounts)
 * the account baseline.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Backend, TerraformStack } from "cdktf";
import { LzStack } from "./lz-stack";
import { Construct } from "constructs";
import { AccountBaseline } from "../../modules/baseline";
import { LandingZoneConfig } from "../config/types";
import { stateKey, stateKeyAlias } from "./names";

export interface AccountTarget {
  /** Account name from the config (or "management"). */
  readonly name: string;
  /** Account id: a literal, or a token from the organization stack for a vended account. */
  readonly id: string;
  /** Assume the landing zone's access role; false for the management account, where CI's own credentials act. */
  readonly assumeRole: boolean;
}

/** The tag naming the account a resource is in (for a member account resource: that account). */
export const ACCOUNT_TAG = "lz:account";

/** Tags every resource carries, via the provider's default_tags. */
export function defaultTags(config: LandingZoneConfig, stack: string, account: string): Record<string, string> {
  return { ...config.tags, "lz:name": config.name, [ACCOUNT_TAG]: account, "lz:stack": stack, "managed-by": "landing-zone" };
}

/** An AWS provider acting in `target`, optionally under an alias. */
export function accountProvider(scope: Construct, id: string, config: LandingZoneConfig, stack: string, target: AccountTarget, alias?: string): AwsProvider {
  return new AwsProvider(scope, id, {
    alias,
    region: config.homeRegion,
    allowedAccountIds: [target.id],
    assumeRole: target.assumeRole
      ? [{ roleArn: `arn:aws:iam::${target.id}:role/${config.organization.accessRoleName}`, sessionName: `lz-${stack}` }]
      : undefined,
    defaultTags: [{ tags: defaultTags(config, stack, target.name) }],
  });
}

/** Configures the S3 backend shared by every stack: one key per stack, KMS-encrypted, S3 lock file. */
export function s3Backend(stack: TerraformStack, config: LandingZoneConfig, name: string): void {
  new S3Backend(stack, {
    bucket: config.state.bucket,
    key: stateKey(name),
    region: config.state.region,
    encrypt: true,
    kmsKeyId: `arn:aws:kms:${config.state.region}:${config.organization.managementAccountId}:alias/${stateKeyAlias(config.name)}`,
  });
  // cdktf 0.21's S3Backend has no property for S3-native locking (Terraform >= 1.10).
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
}

export interface AccountStackOptions {
  /**
   * Apply the account baseline (EBS default encryption, IMDSv2 defaults, S3 account public access
   * block, password policy, Access Analyzer, Session Manager preferences) in the stack's account.
   * @default true
   */
  readonly baseline?: boolean;
}

export abstract class AccountStack extends LzStack {
  readonly provider: AwsProvider;
  /** The account baseline, in every member-account stack. */
  readonly baseline?: AccountBaseline;

  protected constructor(scope: Construct, name: string, protected readonly config: LandingZoneConfig, target: AccountTarget, options: AccountStackOptions = {}) {
    super(scope, name);
    s3Backend(this, config, name);
    this.provider = accountProvider(this, "aws", config, name, target);
    if (options.baseline ?? true) {
      this.baseline = new AccountBaseline(this, "baseline", {
        namePrefix: config.name,
        accountId: target.id,
        region: config.homeRegion,
        sessionLogRetentionDays: config.logging.retentionDays,
      });
    }
  }
}
