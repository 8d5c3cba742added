/** logging: the organization trail, archive and CIS alarms, in the logging account. */
import { Construct } from "constructs";
import { LandingZoneConfig } from "../config/types";
import { AccountStack } from "./account-stack";
import { LOGGING } from "./names";

export class LoggingStack extends AccountStack {
  constructor(scope: Construct, config: LandingZoneConfig, accountId: string) {
    super(scope, LOGGING, config, { name: config.loggingAccount.name, id: accountId, assumeRole: true });
  }
}
