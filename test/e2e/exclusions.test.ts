/** What the harness leaves out of the emulator apply, and how it removes it from its copy of a stack. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { excludeResources, exclusionsFor } from "./helpers/exclusions";

function stackWith(json: object): { name: string; dir: string; dependencies: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "lz-exclusions-"));
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(json));
  return { name: "workload-x", dir, dependencies: [] };
}

describe("emulator exclusions", () => {
  it("leaves out only services moto and its extensions lack, never S3 Control or Access Analyzer", () => {
    const always = exclusionsFor({ unresolvedHosts: [] }).map((e) => e.type);
    expect(always).toEqual(expect.arrayContaining(["aws_apprunner_service"]));
    expect(always).not.toContain("aws_s3_account_public_access_block");
    expect(always).not.toContain("aws_accessanalyzer_analyzer"); // served by the access_analyzer extension
  });

  it("fails, naming the hosts and the fix, when <account>.localhost does not resolve, instead of leaving the account public access block out", () => {
    expect(() => exclusionsFor({ unresolvedHosts: ["111111111111.localhost"] })).toThrow(/111111111111\.localhost do not resolve to 127\.0\.0\.1: add "127\.0\.0\.1 111111111111\.localhost" to \/etc\/hosts/);
  });

  it("removes the excluded resources, the depends_on on them and the outputs that read them, and names them", () => {
    const stack = stackWith({
      resource: {
        aws_apprunner_service: { api: { service_name: "api" } },
        aws_sns_topic: { alarms: { name: "alarms", depends_on: ["aws_apprunner_service.api"] } },
      },
      output: { api_url: { value: "${aws_apprunner_service.api.service_url}" }, topic: { value: "${aws_sns_topic.alarms.arn}" } },
    });
    const removed = excludeResources(stack, [{ type: "aws_apprunner_service", reason: "test" }]);
    expect(removed).toEqual(["workload-x: aws_apprunner_service.api", "workload-x: output.api_url"]);
    const json = JSON.parse(readFileSync(join(stack.dir, "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource)).toEqual(["aws_sns_topic"]);
    expect(json.resource.aws_sns_topic.alarms.depends_on).toEqual([]);
    expect(Object.keys(json.output)).toEqual(["topic"]);
  });

  it("refuses to exclude a resource whose attributes another resource uses", () => {
    const stack = stackWith({
      resource: {
        aws_apprunner_vpc_connector: { c: { vpc_connector_name: "c" } },
        aws_security_group_rule: { r: { description: "${aws_apprunner_vpc_connector.c.arn}" } },
      },
    });
    expect(() => excludeResources(stack, [{ type: "aws_apprunner_vpc_connector", reason: "test" }])).toThrow(/aws_apprunner_vpc_connector.c: other blocks use their attributes/);
  });
});
