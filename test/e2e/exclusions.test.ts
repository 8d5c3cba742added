/** What the harness leaves out of the emulator apply, and how it removes it from its copy of a stack. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXAMPLE_FILE, exampleText, synthConfig } from "../helpers/synth";
import { excludeResources, exclusionsFor } from "./helpers/exclusions";
import { parseConfig } from "../../src/config/load";
import { e2eConfig, greenfieldConfigText, inAccountResources } from "./helpers/world";

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
    // Security services: only the APIs moto 5.2.1 lacks; the detectors, hubs, Inspector and the aggregator are applied.
    expect(always).toEqual(expect.arrayContaining(["aws_guardduty_publishing_destination", "aws_securityhub_configuration_policy", "aws_config_organization_managed_rule"]));
    for (const applied of ["aws_guardduty_detector", "aws_securityhub_account", "aws_inspector2_enabler", "aws_config_configuration_aggregator", "aws_organizations_delegated_administrator"]) {
      expect(always).not.toContain(applied);
    }
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

  it("drops a section it empties, since Terraform refuses an empty block type (\"output\": {} is \"Missing block label\")", () => {
    const stack = stackWith({
      resource: { aws_apprunner_service: { api: { service_name: "api" } }, aws_sns_topic: { t: { name: "t" } } },
      output: { api_url: { value: "${aws_apprunner_service.api.service_url}" } },
    });
    excludeResources(stack, [{ type: "aws_apprunner_service", reason: "test" }]);
    const json = JSON.parse(readFileSync(join(stack.dir, "cdk.tf.json"), "utf8"));
    expect(json).not.toHaveProperty("output");
    expect(Object.keys(json.resource)).toEqual(["aws_sns_topic"]);
  });

  it("applies Identity Center, budgets and anomaly detection (served by extensions), data sources included", () => {
    const always = exclusionsFor({ unresolvedHosts: [] }).map((e) => e.type);
    for (const type of ["aws_ssoadmin_permission_set", "aws_ssoadmin_account_assignment", "aws_ssoadmin_permissions_boundary_attachment", "aws_identitystore_group", "aws_ssoadmin_instances", "aws_budgets_budget", "aws_ce_anomaly_monitor", "aws_ce_anomaly_subscription"]) {
      expect(always).not.toContain(type);
    }
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

describe("the example in the emulator", () => {
  it("replaces the example's placeholder organization.id with the seeded organization's", () => {
    expect(exampleText()).toMatch(/^ {2}id: o-a1b2c3d4e5/m);
    const config = e2eConfig(exampleText(), EXAMPLE_FILE, { organizationId: "o-seeded12345" });
    expect(config.organization.id).toBe("o-seeded12345");
  });

  it("greenfield: no organization.id, no account id, nothing named inside an account before it exists; put back with the created ids", () => {
    const example = parseConfig(exampleText(), EXAMPLE_FILE);
    const before = parseConfig(greenfieldConfigText(exampleText(), EXAMPLE_FILE), "greenfield.yaml");
    expect(before.organization.id).toBeUndefined();
    expect(before.accounts.map((a) => a.id)).toEqual(example.accounts.map(() => undefined));
    const compute = before.workloads.map((w) => w.compute);
    expect(compute.flatMap((c) => c.ecs.map((s) => ({ lb: s.loadBalancer, secrets: s.secrets })))).toEqual(compute.flatMap((c) => c.ecs.map(() => ({ lb: undefined, secrets: {} }))));
    expect(compute.flatMap((c) => c.batch.flatMap((b) => b.submitters))).toEqual([]);
    // Everything else stays: the example's compute, its CIDRs.
    expect(before.workloads.map((w) => [w.name, w.cidr, w.compute.ecs.length, w.compute.batch.length])).toEqual(example.workloads.map((w) => [w.name, w.cidr, w.compute.ecs.length, w.compute.batch.length]));

    const wanted = inAccountResources(example);
    expect(wanted.roles).toEqual([{ account: "payments-prod", name: "data-team" }]);
    expect(wanted.certificates.map((c) => c.account)).toEqual(["payments-prod", "analytics-dev"]);
    const accountIds = { "log-archive": "900000000001", network: "900000000002", "payments-prod": "900000000003", "analytics-dev": "900000000004" };
    const certificates = Object.fromEntries(wanted.certificates.map((c, i) => [c.arn, `arn:aws:acm:us-east-1:90000000000${i + 3}:certificate/00000000-0000-4000-8000-00000000000${i}`]));
    const after = parseConfig(greenfieldConfigText(exampleText(), EXAMPLE_FILE, { accountIds, certificates }), "greenfield.yaml");
    expect(after.organization.id).toBeUndefined();
    expect(after.accounts.map((a) => a.id)).toEqual(example.accounts.map(() => undefined));
    const prod = after.workloads.find((w) => w.name === "payments-prod")!.compute;
    expect(prod.ecs[0].loadBalancer?.certificateArn).toBe(certificates[example.workloads[0].compute.ecs[0].loadBalancer!.certificateArn]);
    expect(prod.ecs[0].secrets.DB_PASSWORD).toBe("arn:aws:secretsmanager:us-east-1:900000000003:secret:payments/db-password-AbCdEf");
    expect(prod.batch[0].submitters).toEqual(["arn:aws:iam::900000000003:role/data-team"]);
  });

  it("leaves the private App Runner service's ingress connection and its domain output out of the workload stack, and nothing that reads them", () => {
    const out = synthConfig();
    const dir = join(out.outdir, "stacks", "workload-payments-prod");
    const removed = excludeResources({ name: "workload-payments-prod", dir, dependencies: [] }, exclusionsFor({ unresolvedHosts: [] }));
    expect(removed).toEqual(
      expect.arrayContaining(["workload-payments-prod: aws_apprunner_vpc_ingress_connection.apprunner_portal_ingress", "workload-payments-prod: output.apprunner_portal_domain_name"]),
    );
    // The spoke's apprunner.requests endpoint stays: moto holds VPC endpoints.
    expect(JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")).resource.aws_vpc_endpoint.apprunner_ingress_endpoint).toBeDefined();
  });
});
