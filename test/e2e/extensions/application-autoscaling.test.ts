/**
 * test/e2e/moto/extensions/application_autoscaling.py through Application Auto
 * Scaling's JSON protocol (no SDK client is installed), in the workload
 * account: a scalable target keeps its tags, and a tag call on a target that
 * does not exist fails with ResourceNotFoundException, as AWS answers
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TagResource.html).
 */
import { CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { REGION, WORKLOAD, smallOrganization, vpcWithSubnet } from "../helpers/small-organization";

jest.setTimeout(60_000);
const world = smallOrganization();

/** One Application Auto Scaling call, routed by moto on the credential scope; resolves to [HTTP status, body]. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(action: string, body: object): Promise<[number, Record<string, any>]> {
  const response = await fetch(world.emulator.endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AnyScaleFrontendService.${action}`,
      authorization: `AWS4-HMAC-SHA256 Credential=${world.spoke.credentials.accessKeyId}/20260101/${REGION}/application-autoscaling/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  return [response.status, (await response.json()) as Record<string, unknown>];
}

describe("application autoscaling tags", () => {
  it("keeps the tags a scalable target was registered with, and those tagged and untagged later", async () => {
    const ecs = new ECSClient(world.spoke);
    const { subnetId, securityGroupId } = await vpcWithSubnet(world.spoke, "10.19.0.0/20");
    await ecs.send(new CreateClusterCommand({ clusterName: "scaling" }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: "api", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512", containerDefinitions: [{ name: "api", image: "api:1" }] }));
    await ecs.send(
      new CreateServiceCommand({ cluster: "scaling", serviceName: "api", taskDefinition: "api", desiredCount: 1, launchType: "FARGATE", networkConfiguration: { awsvpcConfiguration: { subnets: [subnetId], securityGroups: [securityGroupId] } } }),
    );
    const target = { ServiceNamespace: "ecs", ResourceId: "service/scaling/api", ScalableDimension: "ecs:service:DesiredCount" };
    const [registered, { ScalableTargetARN }] = await call("RegisterScalableTarget", { ...target, MinCapacity: 1, MaxCapacity: 2, Tags: { "lz:stack": "workload" } });
    expect(registered).toBe(200);
    expect(await call("ListTagsForResource", { ResourceARN: ScalableTargetARN })).toEqual([200, { Tags: { "lz:stack": "workload" } }]);
    expect((await call("TagResource", { ResourceARN: ScalableTargetARN, Tags: { team: "payments" } }))[0]).toBe(200);
    expect((await call("UntagResource", { ResourceARN: ScalableTargetARN, TagKeys: ["lz:stack"] }))[0]).toBe(200);
    expect(await call("ListTagsForResource", { ResourceARN: ScalableTargetARN })).toEqual([200, { Tags: { team: "payments" } }]);
  });

  it("refuses to tag, untag or list a scalable target that does not exist, with ResourceNotFoundException", async () => {
    const ResourceARN = `arn:aws:application-autoscaling:${REGION}:${WORKLOAD}:scalable-target/0123456789abcdef0123456789abcdef`;
    for (const [action, body] of [
      ["TagResource", { ResourceARN, Tags: { team: "payments" } }],
      ["UntagResource", { ResourceARN, TagKeys: ["team"] }],
      ["ListTagsForResource", { ResourceARN }],
    ] as const) {
      const [status, answer] = await call(action, body);
      expect([action, status, answer.__type]).toEqual([action, 400, "ResourceNotFoundException"]);
    }
  });
});
