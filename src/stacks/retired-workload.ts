/**
 * workload-<name> of a retired account (`retired: true`, written by `lz retire`). The stack keeps its
 * name, backend and providers, so Terraform plans against the state the active stack left:
 * - kept and still managed: the account baseline (the account still exists and must stay hardened)
 *   and the workload KMS key, which encrypts the log archives;
 * - kept but no longer managed: the log archives (every CloudWatch log group and the ALB access-log
 *   bucket with its settings), through `removed` blocks with `destroy = false`; they stay in the account
 *   with their retention, and the Suspended OU's SCP lets nobody but the landing zone's roles touch them;
 * - destroyed, because they are no longer in the configuration: everything else, that is the compute
 *   (EC2, ECS, Batch, ECR, App Runner, load balancers) and the spoke with both sides of its Transit
 *   Gateway attachment and its hosted-zone associations. The hub side lives in this stack (see
 *   modules/network/index.ts), so destroying it detaches the spoke from the hub; the network stack
 *   never knew the spoke and does not change. The `network` provider stays configured for that.
 * The destroy guard stops the plan on the protected types among them (the spoke VPC) until each is
 * allowed with `--allow`.
 */
import { App, TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { RemovedBlock } from "../../modules/shared/removed-block";
import { WorkloadKey } from "../../modules/workload-key";
import { LandingZoneConfig, WorkloadAccount } from "../config/types";
import { AccountStack } from "./account-stack";
import { readConfigDelivery, readOrganization } from "./contracts";
import { networkProvider, WorkloadStack } from "./workload";

/** Resource types that hold logs: a retired stack forgets them (removed, destroy = false) instead of destroying them. */
export const LOG_ARCHIVE_TYPE = /^aws_(cloudwatch_log_group|s3_bucket(_.+)?)$/;

export class RetiredWorkloadStack extends AccountStack {
  /** Addresses the stack lets go of without destroying them (the log archives). */
  readonly keptArchives: readonly string[];

  /** Reads the account ids from the organization stack's contract (src/stacks/contracts.ts), as the active stack does. */
  constructor(scope: Construct, config: LandingZoneConfig, readonly account: WorkloadAccount) {
    // The account still exists: its baseline and its AWS Config recorders stay.
    super(scope, account.stackName, config, (self) => ({ name: account.name, id: readOrganization(self, config).accountIdOf(account), assumeRole: true }), {
      configDelivery: (self) => readConfigDelivery(self, config),
    });
    const props = { accountId: this.accountId, networkAccountId: readOrganization(this, config).accountIdOf(config.networkAccount) };
    // Resources in state that the hub side created are destroyed through the same provider.
    networkProvider(this, config, account, props);
    new WorkloadKey(this, "workload-key", { accountId: props.accountId, region: config.homeRegion, alias: `${config.name}/workload` });
    const own = new Set(resourceAddresses(this));
    this.keptArchives = activeAddresses(config, account).filter((a) => LOG_ARCHIVE_TYPE.test(a.split(".")[0]) && !own.has(a));
    for (const from of this.keptArchives) new RemovedBlock(this, `keep-${from.split(".")[1]}`, { from });
  }
}

function resourceAddresses(scope: Construct): string[] {
  return scope.node
    .findAll()
    .filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c))
    .map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);
}

/**
 * The addresses the account's active workload stack has: built in a scratch app (never synthesized)
 * from the same config, so addresses come from the same construct ids. Values do not matter here.
 */
function activeAddresses(config: LandingZoneConfig, account: WorkloadAccount): string[] {
  const scratch = new App({ outdir: "/nonexistent", skipValidation: true });
  const stack = new WorkloadStack(scratch, config, { ...account, retired: false });
  return resourceAddresses(stack);
}
