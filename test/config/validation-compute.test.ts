/**
 * Bad compute config is refused with its key path, line:col and a fix.
 * Each case edits the bundled example (accounts[2] is payments-prod,
 * accounts[3] analytics-dev), so only the problem under test is reported.
 */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { ConfigError, formatPath, Problem } from "../../src/config/problem";
import { exampleText } from "../helpers/synth";
import { Edit, expectProblemAt, problemsOf } from "../helpers/config";

const web = ["accounts", 2, "ecs", 0];
const etl = ["accounts", 2, "batch", 0];
const portal = ["accounts", 2, "appRunner", 0];
const api = ["accounts", 2, "ec2", 0];

const cases: [string, Edit, string, RegExp][] = [
  ["Fargate cpu 256 with memory 4096", (d) => d.setIn([...web, "memory"], 4096), "accounts[2].ecs[0].memory", /Fargate cpu 256 takes memory 512, 1024 or 2048 MiB, not 4096/],
  ["a Fargate cpu that does not exist", (d) => d.setIn([...web, "cpu"], 300), "accounts[2].ecs[0].cpu", /Fargate has no cpu 300/],
  [
    "a Batch Fargate job with vcpus 0.25 and 4096 MiB",
    (d) => {
      d.setIn([...etl, "jobs", 0, "vcpus"], 0.25);
      d.setIn([...etl, "jobs", 0, "memory"], 4096);
    },
    "accounts[2].batch[0].jobs[0].memory",
    /Batch on Fargate vcpus 0.25 takes memory 512, 1024 or 2048 MiB, not 4096/,
  ],
  ["a Batch Fargate job with 3 vcpus", (d) => d.setIn([...etl, "jobs", 0, "vcpus"], 3), "accounts[2].batch[0].jobs[0].vcpus", /has no vcpus 3/],
  ["a Batch EC2 job with fractional vcpus", (d) => d.setIn(["accounts", 3, "batch", 0, "jobs", 0, "vcpus"], 0.5), "accounts[3].batch[0].jobs[0].vcpus", /whole vCPUs/],
  ["instance types on a Fargate batch entry", (d) => d.setIn([...etl, "instanceTypes"], ["m6i"]), "accounts[2].batch[0].instanceTypes", /platform: ec2 only/],
  ["an App Runner cpu/memory pair that does not exist", (d) => d.setIn([...portal, "memory"], 512), "accounts[2].appRunner[0].memory", /App Runner cpu 1024 takes memory 2048, 3072 or 4096 MiB, not 512/],
  ["an image that is neither a repository of the account nor a URI", (d) => d.setIn([...web, "image"], "frontend"), "accounts[2].ecs[0].image", /"frontend" is not a repository in this account's ecr list/],
  ["a repository of another account given by name", (d) => d.setIn(["accounts", 3, "batch", 0, "jobs", 0, "image"], "etl"), "accounts[3].batch[0].jobs[0].image", /not a repository in this account's ecr list/],
  ["an image URI with a tag and tag set too", (d) => d.setIn(["accounts", 3, "ecs", 0, "tag"], "1.28"), "accounts[3].ecs[0].image", /already has a tag or digest/],
  ["an App Runner image outside ECR", (d) => d.setIn([...portal, "image"], "docker.io/library/nginx"), "accounts[2].appRunner[0].image", /App Runner pulls only from ECR/],
  ["a secret that is not an ARN", (d) => d.setIn([...web, "secrets", "DB_PASSWORD"], "hunter2"), "accounts[2].ecs[0].secrets.DB_PASSWORD", /not a Secrets Manager secret or SSM parameter ARN/],
  ["a secret-looking plain environment variable", (d) => d.setIn([...web, "environment", "API_TOKEN"], "abc"), "accounts[2].ecs[0].environment.API_TOKEN", /looks like a secret/],
  ["a variable in both environment and secrets", (d) => d.setIn([...web, "environment", "DB_PASSWORD"], "x"), "accounts[2].ecs[0].environment.DB_PASSWORD", /both environment and secrets/],
  ["an internet-facing load balancer without a certificate", (d) => d.deleteIn([...web, "loadBalancer", "certificateArn"]), "accounts[2].ecs[0].loadBalancer.certificateArn", /an internet-facing load balancer needs a certificate/],
  ["a certificate that is not an ACM ARN", (d) => d.setIn([...web, "loadBalancer", "certificateArn"], "arn:aws:iam::444444444444:server-certificate/web"), "accounts[2].ecs[0].loadBalancer.certificateArn", /not an ACM certificate ARN/],
  ["a certificate in another region", (d) => d.setIn([...web, "loadBalancer", "certificateArn"], "arn:aws:acm:eu-west-1:444444444444:certificate/0f4e5c1a-1111-4222-8333-444455556666"), "accounts[2].ecs[0].loadBalancer.certificateArn", /in eu-west-1, but the load balancer is in us-east-1/],
  ["autoscaling with max below min", (d) => d.setIn([...web, "autoscaling", "max"], 1), "accounts[2].ecs[0].autoscaling.max", /below min 2/],
  ["a desired count outside the autoscaling range", (d) => d.setIn([...web, "desiredCount"], 20), "accounts[2].ecs[0].desiredCount", /outside autoscaling 2-10/],
  ["App Runner autoscaling with max below min", (d) => d.setIn([...portal, "autoscaling"], { min: 3, max: 2 }), "accounts[2].appRunner[0].autoscaling.max", /below min 3/],
  ["an ec2 port opened for SSH", (d) => d.setIn([...api, "ingress", 0, "port"], 22), "accounts[2].ec2[0].ingress[0].port", /port 22 \(SSH\) is never opened/],
  ["an ec2 port opened for RDP", (d) => d.setIn([...api, "ingress", 0, "port"], 3389), "accounts[2].ec2[0].ingress[0].port", /port 3389 \(RDP\)/],
  ["an ec2 ingress from an unknown group", (d) => d.setIn([...api, "ingress", 0, "from"], "nobody"), "accounts[2].ec2[0].ingress[0].from", /"nobody" is not an ec2, ecs, batch or appRunner entry/],
  ["two compute entries with one name", (d) => d.setIn([...portal, "name"], "web"), "accounts[2].appRunner[0].name", /"web" is already used by accounts\[2\]\.ecs\[0\]/],
  ["a repository listed twice", (d) => d.setIn(["accounts", 2, "ecr", 2], "web"), "accounts[2].ecr[2]", /clashes with accounts\[2\]\.ecr\[0\]/],
  ["repositories that differ only in punctuation", (d) => d.setIn(["accounts", 2, "ecr"], ["web", "etl", "portal", "my-app", "my.app"]), "accounts[2].ecr[4]", /"my.app" clashes with accounts\[2\]\.ecr\[3\]/],
  ["a repository name ECR refuses", (d) => d.setIn(["accounts", 2, "ecr", 2], "Portal"), "accounts[2].ecr[2]", /must be an ECR repository name/],
  ["two jobs with one name", (d) => d.setIn([...etl, "jobs", 1], { name: "transform", image: "etl", vcpus: 1, memory: 2048 }), "accounts[2].batch[0].jobs[1].name", /listed twice/],
  ["a batch submitter that is not a role ARN", (d) => d.setIn([...etl, "submitters", 0], "data-team"), "accounts[2].batch[0].submitters[0]", /not an IAM role ARN/],
  ["a batch submitter in another account", (d) => d.setIn([...etl, "submitters", 0], "arn:aws:iam::555555555555:role/data-team"), "accounts[2].batch[0].submitters[0]", /in account 555555555555, not in payments-prod/],
  ["compute on the network account", (d) => d.setIn(["accounts", 1, "ecr"], ["tools"]), "accounts[1].ecr", /a network account runs no workloads/],
  ["compute on the logging account", (d) => d.setIn(["accounts", 0, "ec2"], [{ name: "x1", instanceType: "t3.micro" }]), "accounts[0].ec2", /a logging account runs no workloads/],
  ["an unknown key in an ecs entry", (d) => d.setIn([...web, "privileged"], true), "accounts[2].ecs[0].privileged", /unknown key "privileged"/],
  ["a misspelled batch platform", (d) => d.setIn([...etl, "platform"], "lambda"), "accounts[2].batch[0].platform", /must be one of fargate, ec2/],
  ["an invalid AMI id", (d) => d.setIn([...api, "ami"], "al2023"), "accounts[2].ec2[0].ami", /must be an AMI id/],
  ["an invalid instance type", (d) => d.setIn([...api, "instanceType"], "micro"), "accounts[2].ec2[0].instanceType", /instance type/],
  ["a root volume too small for the AMI", (d) => d.setIn([...api, "volumeSize"], 4), "accounts[2].ec2[0].volumeSize", /8/],
  ["a batch entry without jobs", (d) => d.setIn([...etl, "jobs"], []), "accounts[2].batch[0].jobs", /needs at least 1 entry/],
  ["a health check path without a leading slash", (d) => d.setIn([...web, "loadBalancer", "healthCheckPath"], "health"), "accounts[2].ecs[0].loadBalancer.healthCheckPath", /starting with \//],
  ["a relative scratch path", (d) => d.setIn(["accounts", 3, "ecs", 0, "scratch"], ["var/cache/nginx"]), "accounts[3].ecs[0].scratch[0]", /must be an absolute directory path such as \/tmp/],
  ["a scratch path with '..'", (d) => d.setIn(["accounts", 3, "ecs", 0, "scratch"], ["/tmp", "/var/../etc"]), "accounts[3].ecs[0].scratch[1]", /no '\.' or '\.\.'/],
  ["a scratch path with a trailing slash", (d) => d.setIn(["accounts", 3, "ecs", 0, "scratch"], ["/tmp/"]), "accounts[3].ecs[0].scratch[0]", /no trailing '\/'/],
  ["a scratch path listed twice", (d) => d.setIn(["accounts", 3, "ecs", 0, "scratch"], ["/tmp", "/var/run", "/tmp"]), "accounts[3].ecs[0].scratch[2]", /"\/tmp" is listed twice/],
  ["scratch paths whose volumes would share a name", (d) => d.setIn(["accounts", 3, "ecs", 0, "scratch"], ["/var/cache", "/var.cache"]), "accounts[3].ecs[0].scratch[1]", /clashes with scratch\[0\] \("\/var\/cache"\)/],
  ["a patch schedule that is not cron or rate", (d) => d.setIn([...api, "patchSchedule"], "weekly"), "accounts[2].ec2[0].patchSchedule", /cron\(\.\.\.\) or rate/],
];

describe("compute config validation", () => {
  it.each(cases)("refuses %s, naming the key path", (_name, edit, path, message) => {
    expectProblemAt(problemsOf(edit), path, message);
  });

  it("points at the bad scratch entry's own line and column", () => {
    const text = exampleText().replace("scratch: [/tmp]", "scratch: [/tmp, tmp/cache]");
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes("scratch: [/tmp, tmp/cache]"));
    let problems: readonly Problem[] = [];
    try {
      parseConfig(text, "landing-zone.yaml");
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems = e.problems;
    }
    expect(problems.map((p) => [formatPath(p.path), p.line, p.col])).toEqual([["accounts[3].ecs[0].scratch[1]", line + 1, lines[line].indexOf("tmp/cache") + 1]]);
  });

  it("suggests the cpu that fits an oversized memory", () => {
    const p = problemsOf((d) => d.setIn([...web, "memory"], 4096)).find((x) => formatPath(x.path) === "accounts[2].ecs[0].memory")!;
    expect(p.hint).toBe("use one of those, or set cpu to 512, 1024 or 2048 for 4096 MiB");
  });

  it("reports an unknown homeRegion once, not again on every certificate", () => {
    const problems = problemsOf((d) => d.set("homeRegion", "us-east-9"));
    expect(problems.map((p) => formatPath(p.path))).toEqual(["homeRegion"]);
  });

  it("accepts every valid Fargate pair and an ECR image URI of another account", () => {
    const doc = parseDocument(exampleText());
    doc.setIn([...web, "cpu"], 16384);
    doc.setIn([...web, "memory"], 122880);
    doc.setIn([...etl, "jobs", 0, "image"], "999999999999.dkr.ecr.us-east-1.amazonaws.com/shared/etl");
    expect(() => parseConfig(doc.toString())).not.toThrow();
  });
});
