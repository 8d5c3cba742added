/** Stack names and state keys: the contract between stacks, backends and the CLI. */
export const BOOTSTRAP = "bootstrap";
export const ORGANIZATION = "organization";
export const LOGGING = "logging";
export const NETWORK = "network";
export const workloadStackName = (account: string): string => `workload-${account}`;
export const stateKey = (stack: string): string => `${stack}/terraform.tfstate`;
/** KMS alias (without alias/) of the state key, known before the key exists. */
export const stateKeyAlias = (lz: string): string => `${lz}/tfstate`;
/** The organization trail's name; the management account owns it, whoever creates it. */
export const trailName = (lz: string): string => `${lz}-organization-trail`;
/** The trail's CloudWatch Logs group in the logging account, protected by the landing zone's SCP. */
export const trailLogGroupName = (lz: string): string => `/${lz}/cloudtrail/organization`;
