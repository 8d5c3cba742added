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
  it("leaves out services moto lacks always, and S3 Control only when <account>.localhost does not resolve", () => {
    const always = exclusionsFor({ unresolvedHosts: [] }).map((e) => e.type);
    expect(always).toEqual(expect.arrayContaining(["aws_accessanalyzer_analyzer", "aws_apprunner_service"]));
    expect(always).not.toContain("aws_s3_account_public_access_block");
    // Security services: only the APIs moto 5.2.1 lacks; the detectors, hubs, Inspector and the aggregator are applied.
    expect(always).toEqual(expect.arrayContaining(["aws_guardduty_publishing_destination", "aws_securityhub_configuration_policy", "aws_config_organization_managed_rule"]));
    for (const applied of ["aws_guardduty_detector", "aws_securityhub_account", "aws_inspector2_enabler", "aws_config_configuration_aggregator", "aws_organizations_delegated_administrator"]) {
      expect(always).not.toContain(applied);
    }
    expect(exclusionsFor({ unresolvedHosts: ["111111111111.localhost"] }).map((e) => e.type)).toContain("aws_s3_account_public_access_block");
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
