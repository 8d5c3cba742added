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

  it("leaves out Identity Center, budgets and anomaly detection, which moto 5.2.1 cannot apply, data sources included", () => {
    const always = exclusionsFor({ unresolvedHosts: [] });
    expect(always.map((e) => e.type)).toEqual(expect.arrayContaining(["aws_ssoadmin_account_assignment", "aws_budgets_budget", "aws_ce_anomaly_monitor"]));
    const stack = stackWith({
      data: { aws_ssoadmin_instances: { i: {} }, aws_identitystore_group: { g: { identity_store_id: "${data.aws_ssoadmin_instances.i.identity_store_ids[0]}" } } },
      resource: {
        aws_ssoadmin_permission_set: { p: { instance_arn: "${data.aws_ssoadmin_instances.i.arns[0]}" } },
        aws_ssoadmin_account_assignment: { a: { principal_id: "${data.aws_identitystore_group.g.group_id}", permission_set_arn: "${aws_ssoadmin_permission_set.p.arn}" } },
        aws_budgets_budget: { b: { name: "b" } },
        aws_sns_topic: { t: { name: "t" } },
      },
    });
    expect(excludeResources(stack, always)).toEqual([
      "workload-x: aws_ssoadmin_permission_set.p",
      "workload-x: aws_ssoadmin_account_assignment.a",
      "workload-x: data.aws_identitystore_group.g",
      "workload-x: data.aws_ssoadmin_instances.i",
      "workload-x: aws_budgets_budget.b",
    ]);
    const json = JSON.parse(readFileSync(join(stack.dir, "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource)).toEqual(["aws_sns_topic"]);
    expect(json.data).toEqual({});
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
