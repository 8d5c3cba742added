/**
 * bootstrap: the state bucket and its key, in the management account.
 * It starts on local state (nothing else exists yet); once applied, set
 * `state.bootstrapMigrated: true` and run `terraform init -migrate-state`
 * in its directory to move its own state into the bucket (see README).
 */
import { LocalBackend, TerraformOutput } from "cdktf";
import { LzStack } from "./lz-stack";
import { Construct } from "constructs";
import { StateStore } from "../../modules/state";
import { LandingZoneConfig } from "../config/types";
import { accountProvider, s3Backend } from "./account-stack";
import { BOOTSTRAP, stateKeyAlias } from "./names";

export interface BootstrapStackProps {
  readonly config: LandingZoneConfig;
  /** Where the local state lives before migration, relative to the stack's directory. */
  readonly localStatePath: string;
}

export class BootstrapStack extends LzStack {
  readonly store: StateStore;

  constructor(scope: Construct, { config, localStatePath }: BootstrapStackProps) {
    super(scope, BOOTSTRAP);
    if (config.state.bootstrapMigrated) s3Backend(this, config, BOOTSTRAP);
    else new LocalBackend(this, { path: localStatePath });
    const managementId = config.organization.managementAccountId;
    accountProvider(this, "aws", config, BOOTSTRAP, { name: "management", id: managementId, assumeRole: false });
    this.store = new StateStore(this, "state", { bucketName: config.state.bucket, accountId: managementId, keyAlias: stateKeyAlias(config.name) });
    new TerraformOutput(this, "state_bucket", { value: this.store.bucket.name });
    new TerraformOutput(this, "state_key_arn", { value: this.store.key.arn });
  }
}
