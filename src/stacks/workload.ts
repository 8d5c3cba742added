/** workload-<name>: one workload account's spoke and compute. */
import { Construct } from "constructs";
import { LandingZoneConfig, WorkloadAccount } from "../config/types";
import { AccountStack } from "./account-stack";

export class WorkloadStack extends AccountStack {
  constructor(scope: Construct, config: LandingZoneConfig, readonly account: WorkloadAccount, accountId: string) {
    super(scope, account.stackName, config, { name: account.name, id: accountId, assumeRole: true });
  }
}
