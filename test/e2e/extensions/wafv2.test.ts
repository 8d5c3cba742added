/**
 * test/e2e/moto/extensions/wafv2.py through the AWS SDK: a web ACL logs only to a destination named
 * aws-waf-logs-… (https://docs.aws.amazon.com/waf/latest/APIReference/API_LoggingConfiguration.html) in its
 * own account (https://docs.aws.amazon.com/waf/latest/developerguide/logging-s3.html), which is why the
 * landing zone forwards WAF logs to the logging account with a subscription instead of logging there directly.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateWebACLCommand, GetLoggingConfigurationCommand, PutLoggingConfigurationCommand, WAFV2Client } from "@aws-sdk/client-wafv2";
import { NETWORK, REGION, WORKLOAD, smallOrganization } from "../helpers/small-organization";

jest.setTimeout(60_000);
const world = smallOrganization();

describe("web ACL logging destinations", () => {
  let aclArn: string;
  beforeAll(async () => {
    const waf = new WAFV2Client(world.spoke);
    const created = await waf.send(
      new CreateWebACLCommand({ Name: "acme-web", Scope: "REGIONAL", DefaultAction: { Allow: {} }, VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: "acme-web" } }),
    );
    aclArn = created.Summary!.ARN!;
    await new CloudWatchLogsClient(world.spoke).send(new CreateLogGroupCommand({ logGroupName: "aws-waf-logs-acme-web" }));
    await new CloudWatchLogsClient(world.spoke).send(new CreateLogGroupCommand({ logGroupName: "acme-web-waf" }));
  });

  it("logs to an aws-waf-logs- log group of the web ACL's account and reads it back", async () => {
    const waf = new WAFV2Client(world.spoke);
    const group = `arn:aws:logs:${REGION}:${WORKLOAD}:log-group:aws-waf-logs-acme-web`;
    await waf.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: aclArn, LogDestinationConfigs: [group] } }));
    expect((await waf.send(new GetLoggingConfigurationCommand({ ResourceArn: aclArn }))).LoggingConfiguration?.LogDestinationConfigs).toEqual([group]);
  });

  it("refuses a destination not named aws-waf-logs-…, with WAFInvalidParameterException", async () => {
    const waf = new WAFV2Client(world.spoke);
    for (const arn of [`arn:aws:logs:${REGION}:${WORKLOAD}:log-group:acme-web-waf`, "arn:aws:s3:::acme-waf-logs-444444444444", `arn:aws:firehose:${REGION}:${WORKLOAD}:deliverystream/acme-waf-logs`]) {
      await expect(waf.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: aclArn, LogDestinationConfigs: [arn] } }))).rejects.toMatchObject({ name: "WAFInvalidParameterException" });
    }
  });

  it("refuses a log group or stream in another account (the logging account's), with WAFLogDestinationPermissionIssueException", async () => {
    const waf = new WAFV2Client(world.spoke);
    for (const arn of [`arn:aws:logs:${REGION}:${NETWORK}:log-group:aws-waf-logs-central`, `arn:aws:firehose:${REGION}:${NETWORK}:deliverystream/aws-waf-logs-central`]) {
      await expect(waf.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: aclArn, LogDestinationConfigs: [arn] } }))).rejects.toMatchObject({ name: "WAFLogDestinationPermissionIssueException" });
    }
  });
});
