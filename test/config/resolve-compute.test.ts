import { parseDocument } from "yaml";
import { parseImage } from "../../src/config/images";
import { parseConfig } from "../../src/config/load";
import { exampleConfig, exampleText } from "../helpers/synth";

describe("compute resolution", () => {
  const config = exampleConfig();
  const [payments, analytics] = config.workloads;

  it("resolves an image named after an ecr repository of the account, with its tag", () => {
    expect(payments.compute.ecs[0].image).toEqual({ kind: "ecr", repository: "web", tag: "1.0.0" });
    expect(analytics.compute.batch[0].jobs[0].image).toEqual({ kind: "ecr", repository: "reports", tag: "latest" });
  });

  it("keeps a full image URI as given", () => {
    expect(analytics.compute.ecs[0].image).toEqual({ kind: "uri", uri: "public.ecr.aws/nginx/nginx-unprivileged:1.27", ecrPublic: true, ecrRepositoryArn: undefined });
  });

  it("gives an ecs service the scratch directories it lists, and /tmp when it lists none", () => {
    expect(analytics.compute.ecs[0].scratch).toEqual(["/tmp"]);
    const doc = parseDocument(exampleText());
    doc.setIn(["accounts", 3, "ecs", 0, "scratch"], ["/var/cache/nginx", "/var/run"]);
    doc.setIn(["accounts", 2, "ecs", 0, "scratch"], []);
    const [p, a] = parseConfig(doc.toString()).workloads;
    expect(a.compute.ecs[0].scratch).toEqual(["/var/cache/nginx", "/var/run"]);
    expect(p.compute.ecs[0].scratch).toEqual([]);
    expect(payments.compute.ecs[0].scratch).toEqual(["/tmp"]);
  });

  it("derives the repository ARN of a private ECR image URI, for the pull permission", () => {
    expect(parseImage("999999999999.dkr.ecr.eu-west-1.amazonaws.com/team/app", "v1", [])).toEqual({
      kind: "uri",
      uri: "999999999999.dkr.ecr.eu-west-1.amazonaws.com/team/app:v1",
      ecrRepositoryArn: "arn:aws:ecr:eu-west-1:999999999999:repository/team/app",
      ecrPublic: false,
    });
  });

  it("resolves an ec2 ingress source to the entry it names", () => {
    expect(payments.compute.ec2[0].ingress).toEqual([{ port: 8443, from: { kind: "ecs", name: "web" } }]);
  });

  it("gives the spoke public subnets only for an internet-facing load balancer", () => {
    expect(payments.publicSubnets).toBe(true);
    expect(analytics.publicSubnets).toBe(false);
  });

  it("defaults service autoscaling around the desired count", () => {
    expect(analytics.compute.ecs[0]).toMatchObject({ desiredCount: 1, autoscaling: { min: 1, max: 4, cpuTarget: 60 }, executeCommand: false });
  });

  it("applies ec2, batch and App Runner defaults", () => {
    expect(payments.compute.ec2[0]).toMatchObject({ count: 2, volumeSize: 20, patchSchedule: "cron(0 3 ? * SUN *)" });
    expect(payments.compute.ec2[0].ami).toBeUndefined();
    expect(payments.compute.batch[0]).toMatchObject({ platform: "fargate", instanceTypes: ["optimal"] });
    expect(analytics.compute.batch[0].instanceTypes).toEqual(["m6i", "c6i"]);
    expect(payments.compute.appRunner[0]).toMatchObject({ public: false, healthCheckPath: "/", autoscaling: { min: 1, max: 5, maxConcurrency: 100 } });
  });

  it("gives an account without compute empty lists", () => {
    const doc = parseDocument(exampleText());
    for (const key of ["ecr", "ecs", "batch"]) doc.deleteIn(["accounts", 3, key]);
    const bare = parseConfig(doc.toString()).workloads[1];
    expect(bare.compute).toEqual({ ecr: [], ec2: [], ecs: [], batch: [], appRunner: [] });
  });
});
