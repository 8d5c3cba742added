/**
 * test/e2e/moto/extensions/cost_explorer.py through the AWS SDK, the way the provider's anomaly monitor
 * and subscription resources call it: what AWS accepts is accepted, what AWS refuses is refused with
 * AWS's error (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_Operations_AWS_Cost_Explorer_Service.html).
 */
import {
  CostExplorerClient,
  CreateAnomalyMonitorCommand,
  CreateAnomalySubscriptionCommand,
  DeleteAnomalyMonitorCommand,
  DeleteAnomalySubscriptionCommand,
  GetAnomalyMonitorsCommand,
  GetAnomalySubscriptionsCommand,
  ListTagsForResourceCommand as ListCeTagsCommand,
} from "@aws-sdk/client-cost-explorer";
import { MANAGEMENT, smallOrganization } from "../helpers/small-organization";

jest.setTimeout(60_000);
const world = smallOrganization();
const refused = (name: string) => expect.objectContaining({ name });

describe("cost_explorer extension", () => {
  it("creates, reads, tags and deletes an anomaly monitor and its daily email subscription", async () => {
    const ce = new CostExplorerClient(world.management);
    const { MonitorArn } = await ce.send(
      new CreateAnomalyMonitorCommand({ AnomalyMonitor: { MonitorName: "services", MonitorType: "DIMENSIONAL", MonitorDimension: "SERVICE" }, ResourceTags: [{ Key: "lz:name", Value: "acme" }] }),
    );
    expect(MonitorArn).toMatch(new RegExp(`^arn:aws:ce::${MANAGEMENT}:anomalymonitor/`));
    const monitors = (await ce.send(new GetAnomalyMonitorsCommand({ MonitorArnList: [MonitorArn!] }))).AnomalyMonitors ?? [];
    expect(monitors.map((m) => [m.MonitorName, m.MonitorType, m.MonitorDimension])).toEqual([["services", "DIMENSIONAL", "SERVICE"]]);
    expect((await ce.send(new ListCeTagsCommand({ ResourceArn: MonitorArn! }))).ResourceTags).toEqual([{ Key: "lz:name", Value: "acme" }]);

    const { SubscriptionArn } = await ce.send(
      new CreateAnomalySubscriptionCommand({
        AnomalySubscription: {
          SubscriptionName: "anomalies",
          MonitorArnList: [MonitorArn!],
          Frequency: "DAILY",
          Subscribers: [{ Type: "EMAIL", Address: "finops@example.test" }],
          ThresholdExpression: { Dimensions: { Key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", MatchOptions: ["GREATER_THAN_OR_EQUAL"], Values: ["100"] } },
        },
      }),
    );
    const subscriptions = (await ce.send(new GetAnomalySubscriptionsCommand({ MonitorArn }))).AnomalySubscriptions ?? [];
    expect(subscriptions.map((s) => [s.SubscriptionArn, s.Frequency, s.Subscribers?.map((r) => r.Address)])).toEqual([[SubscriptionArn, "DAILY", ["finops@example.test"]]]);

    await ce.send(new DeleteAnomalySubscriptionCommand({ SubscriptionArn }));
    await ce.send(new DeleteAnomalyMonitorCommand({ MonitorArn }));
    await expect(ce.send(new GetAnomalyMonitorsCommand({ MonitorArnList: [MonitorArn!] }))).rejects.toEqual(refused("UnknownMonitorException"));
    await expect(ce.send(new GetAnomalySubscriptionsCommand({ SubscriptionArnList: [SubscriptionArn!] }))).rejects.toEqual(refused("UnknownSubscriptionException"));
  });

  it("refuses a DIMENSIONAL monitor without a dimension, a subscription to an unknown monitor, and email for IMMEDIATE alerts", async () => {
    const ce = new CostExplorerClient(world.management);
    await expect(ce.send(new CreateAnomalyMonitorCommand({ AnomalyMonitor: { MonitorName: "bare", MonitorType: "DIMENSIONAL" } }))).rejects.toEqual(refused("ValidationException"));
    const unknown = `arn:aws:ce::${MANAGEMENT}:anomalymonitor/00000000-0000-0000-0000-000000000000`;
    const subscribe = (MonitorArnList: string[], Frequency: "DAILY" | "IMMEDIATE") =>
      ce.send(new CreateAnomalySubscriptionCommand({ AnomalySubscription: { SubscriptionName: "s", MonitorArnList, Frequency, Subscribers: [{ Type: "EMAIL", Address: "finops@example.test" }] } }));
    await expect(subscribe([unknown], "DAILY")).rejects.toEqual(refused("UnknownMonitorException"));
    const { MonitorArn } = await ce.send(new CreateAnomalyMonitorCommand({ AnomalyMonitor: { MonitorName: "immediate", MonitorType: "DIMENSIONAL", MonitorDimension: "SERVICE" } }));
    await expect(subscribe([MonitorArn!], "IMMEDIATE")).rejects.toEqual(refused("ValidationException"));
  });
});
