/** network: the hub VPC, Transit Gateway and central endpoints, in the network account. */
import { Construct } from "constructs";
import { LandingZoneConfig } from "../config/types";
import { AccountStack } from "./account-stack";
import { NETWORK } from "./names";

export class NetworkStack extends AccountStack {
  constructor(scope: Construct, config: LandingZoneConfig, accountId: string) {
    super(scope, NETWORK, config, { name: config.networkAccount.name, id: accountId, assumeRole: true });
  }
}
