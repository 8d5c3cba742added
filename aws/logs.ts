/**
 * CloudWatch Logs cross-account destinations: a subscription filter in one account sends a log group's
 * events to a destination in another account, which encapsulates a Kinesis or Firehose stream there.
 * The log group and the destination must be in the same Region (the stream may be elsewhere). AWS,
 * "Cross-account cross-Region log data sharing using Firehose":
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CrossAccountSubscriptions-Firehose.html
 */

/** ARN of the CloudWatch Logs destination `name` of `accountId` in `region`. */
export const logsDestinationArn = (region: string, accountId: string, name: string): string => `arn:aws:logs:${region}:${accountId}:destination:${name}`;

/** A destination ARN's parts (Region, account, name), or undefined for anything else. */
export function parseLogsDestinationArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = /^arn:aws[\w-]*:logs:([a-z0-9-]+):(\d{12}):destination:(.+)$/.exec(arn);
  return m ? { region: m[1], accountId: m[2], name: m[3] } : undefined;
}
