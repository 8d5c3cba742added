/**
 * test/e2e/moto/extensions/logs.py through the AWS SDK: a workload account subscribes a log group to a
 * CloudWatch Logs destination in another account, accepted only when the destination's access policy grants
 * the sender logs:PutSubscriptionFilter and the destination is in the log group's Region, as AWS checks
 * ("Cross-account cross-Region log data sharing using Firehose",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CrossAccountSubscriptions-Firehose.html;
 * "Step 2: Create a destination", https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateFirehoseStreamDestination.html).
 * The destination policy is the one the logging stack synthesizes for the example.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeSubscriptionFiltersCommand, PutDestinationCommand, PutDestinationPolicyCommand, PutSubscriptionFilterCommand } from "@aws-sdk/client-cloudwatch-logs";
import { NETWORK, REGION, WORKLOAD, smallOrganization } from "../helpers/small-organization";
import { wafLogsDestinationStatements } from "../../../modules/logging/waf-logs";

jest.setTimeout(60_000);
const world = smallOrganization();
// NETWORK plays the logging account (the recipient), WORKLOAD the account with a web ACL.
const destinationArn = (name: string, region = REGION) => `arn:aws:logs:${region}:${NETWORK}:destination:${name}`;
/** The access policy as the logging stack renders it (aws_iam_policy_document → JSON). */
const policyFor = (arn: string, senders: string[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: wafLogsDestinationStatements(arn, senders).map((s) => ({ Sid: s.sid, Effect: "Allow", Principal: { AWS: (s.principals as { identifiers: string[] }[])[0].identifiers }, Action: s.actions, Resource: s.resources })) });

async function destination(name: string, senders: string[] | undefined, region = REGION): Promise<string> {
  const logs = new CloudWatchLogsClient({ ...world.hub, region });
  await logs.send(
    new PutDestinationCommand({ destinationName: name, targetArn: `arn:aws:firehose:${REGION}:${NETWORK}:deliverystream/${name}`, roleArn: `arn:aws:iam::${NETWORK}:role/${name}-subscription` }),
  );
  if (senders) await logs.send(new PutDestinationPolicyCommand({ destinationName: name, accessPolicy: policyFor(destinationArn(name, region), senders) }));
  return destinationArn(name, region);
}

describe("cross-account subscription filters", () => {
  const group = "aws-waf-logs-acme-web";
  beforeAll(async () => {
    await new CloudWatchLogsClient(world.spoke).send(new CreateLogGroupCommand({ logGroupName: group }));
  });

  it("subscribes a log group to another account's destination whose policy grants the sender, and reads the filter back", async () => {
    const arn = await destination("acme-waf-logs", [WORKLOAD]);
    const logs = new CloudWatchLogsClient(world.spoke);
    await logs.send(new PutSubscriptionFilterCommand({ logGroupName: group, filterName: "to-logging-account", filterPattern: "", destinationArn: arn }));
    const { subscriptionFilters } = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: group }));
    expect(subscriptionFilters?.map((f) => [f.filterName, f.destinationArn])).toEqual([["to-logging-account", arn]]);
  });

  it("refuses a destination whose policy does not name the sender, or that has no policy, with AccessDeniedException", async () => {
    const logs = new CloudWatchLogsClient(world.spoke);
    const others = await destination("others-only", ["999999999999"]);
    await expect(logs.send(new PutSubscriptionFilterCommand({ logGroupName: group, filterName: "others", filterPattern: "", destinationArn: others }))).rejects.toMatchObject({ name: "AccessDeniedException" });
    const unshared = await destination("unshared", undefined);
    await expect(logs.send(new PutSubscriptionFilterCommand({ logGroupName: group, filterName: "unshared", filterPattern: "", destinationArn: unshared }))).rejects.toMatchObject({ name: "AccessDeniedException" });
  });

  it("refuses a destination in another Region than the log group, and one that does not exist", async () => {
    const logs = new CloudWatchLogsClient(world.spoke);
    const west = await destination("acme-waf-logs", [WORKLOAD], "us-west-2");
    await expect(logs.send(new PutSubscriptionFilterCommand({ logGroupName: group, filterName: "west", filterPattern: "", destinationArn: west }))).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(logs.send(new PutSubscriptionFilterCommand({ logGroupName: group, filterName: "missing", filterPattern: "", destinationArn: destinationArn("missing") }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});
