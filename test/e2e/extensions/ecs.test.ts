/**
 * test/e2e/moto/extensions/ecs.py through the AWS SDK, in the workload
 * account: a service keeps the settings CreateService and UpdateService send,
 * with AWS's defaults for what was never sent, and a setting AWS refuses is
 * refused with InvalidParameterException
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html).
 */
import { CreateClusterCommand, CreateServiceCommand, CreateServiceCommandInput, DescribeServicesCommand, ECSClient, RegisterTaskDefinitionCommand, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { smallOrganization, vpcWithSubnet } from "../helpers/small-organization";

jest.setTimeout(60_000);
const world = smallOrganization();

/** A cluster named `cluster` with a Fargate task definition "api", and what a service in it needs. */
async function cluster(name: string, cidr: string): Promise<{ ecs: ECSClient; service: (serviceName: string, extra?: Partial<CreateServiceCommandInput>) => CreateServiceCommand }> {
  const ecs = new ECSClient(world.spoke);
  const { subnetId, securityGroupId } = await vpcWithSubnet(world.spoke, cidr);
  await ecs.send(new CreateClusterCommand({ clusterName: name }));
  await ecs.send(new RegisterTaskDefinitionCommand({ family: "api", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512", containerDefinitions: [{ name: "api", image: "api:1" }] }));
  const networkConfiguration = { awsvpcConfiguration: { subnets: [subnetId], securityGroups: [securityGroupId] } };
  return {
    ecs,
    service: (serviceName, extra = {}) => new CreateServiceCommand({ cluster: name, serviceName, taskDefinition: "api", desiredCount: 1, launchType: "FARGATE", networkConfiguration, ...extra }),
  };
}

const targetGroup = "arn:aws:elasticloadbalancing:us-east-1:444444444444:targetgroup/api/0123456789abcdef";

describe("ecs service settings", () => {
  it("returns a service's availabilityZoneRebalancing, enableECSManagedTags and healthCheckGracePeriodSeconds", async () => {
    const { ecs, service } = await cluster("rebalancing", "10.20.0.0/20");
    await ecs.send(
      service("web", {
        availabilityZoneRebalancing: "DISABLED",
        enableECSManagedTags: true,
        healthCheckGracePeriodSeconds: 60,
        loadBalancers: [{ targetGroupArn: targetGroup, containerName: "api", containerPort: 8080 }],
      }),
    );
    const [read] = (await ecs.send(new DescribeServicesCommand({ cluster: "rebalancing", services: ["web"] }))).services!;
    expect(read).toMatchObject({ availabilityZoneRebalancing: "DISABLED", enableECSManagedTags: true, healthCheckGracePeriodSeconds: 60 });
    await ecs.send(new UpdateServiceCommand({ cluster: "rebalancing", service: "web", healthCheckGracePeriodSeconds: 90 }));
    const [updated] = (await ecs.send(new DescribeServicesCommand({ cluster: "rebalancing", services: ["web"] }))).services!;
    expect(updated).toMatchObject({ availabilityZoneRebalancing: "DISABLED", enableECSManagedTags: true, healthCheckGracePeriodSeconds: 90 });
  });

  it("refuses an availabilityZoneRebalancing other than ENABLED or DISABLED, and a health check grace period without a load balancer", async () => {
    const { ecs, service } = await cluster("refusing", "10.32.0.0/20");
    const refused = { name: "InvalidParameterException" };
    await expect(ecs.send(service("sideways", { availabilityZoneRebalancing: "SOMETIMES" as "ENABLED" }))).rejects.toMatchObject(refused);
    await expect(ecs.send(service("graceless", { healthCheckGracePeriodSeconds: 60 }))).rejects.toMatchObject({ ...refused, message: expect.stringMatching(/only valid for services configured to use load balancers/) });
    await ecs.send(service("plain"));
    await expect(ecs.send(new UpdateServiceCommand({ cluster: "refusing", service: "plain", healthCheckGracePeriodSeconds: 60 }))).rejects.toMatchObject(refused);
    await expect(ecs.send(new UpdateServiceCommand({ cluster: "refusing", service: "plain", availabilityZoneRebalancing: "SOMETIMES" as "ENABLED" }))).rejects.toMatchObject(refused);
    expect((await ecs.send(new DescribeServicesCommand({ cluster: "refusing", services: ["sideways", "graceless"] }))).services).toEqual([]);
  });

  it("returns a service's deployment configuration, with AWS's defaults for what was not sent", async () => {
    const { ecs, service } = await cluster("deployments", "10.25.0.0/20");
    const described = async (name: string) => (await ecs.send(new DescribeServicesCommand({ cluster: "deployments", services: [name] }))).services![0].deploymentConfiguration;
    await ecs.send(service("plain"));
    expect(await described("plain")).toEqual({ deploymentCircuitBreaker: { enable: false, rollback: false }, maximumPercent: 200, minimumHealthyPercent: 100 });
    await ecs.send(service("guarded", { deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, minimumHealthyPercent: 50 } }));
    expect(await described("guarded")).toEqual({ deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 50 });
    await ecs.send(new UpdateServiceCommand({ cluster: "deployments", service: "guarded", deploymentConfiguration: { maximumPercent: 150 } }));
    expect(await described("guarded")).toEqual({ deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 150, minimumHealthyPercent: 50 });
  });

  it("refuses to update a service that does not exist, with ServiceNotFoundException", async () => {
    const { ecs } = await cluster("empty", "10.33.0.0/20");
    await expect(ecs.send(new UpdateServiceCommand({ cluster: "empty", service: "ghost", availabilityZoneRebalancing: "DISABLED" }))).rejects.toMatchObject({ name: "ServiceNotFoundException" });
  });
});
