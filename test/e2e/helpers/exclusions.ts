/**
 * Resources the emulator cannot hold, removed from the harness's copy of the
 * synthesized stacks before the apply, and printed. Each entry names the
 * resource type, why, and when it applies; the product's own output
 * (cdktf.out of a user) is never changed. The gaps of the issue are closed by
 * the launcher's extensions (test/e2e/moto/extensions); what is left are
 * services moto 5.2.1 does not have at all.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ManifestStack } from "../../../src/terraform/manifest";

export interface Exclusion {
  /** Terraform resource type, e.g. aws_s3_account_public_access_block. */
  readonly type: string;
  readonly reason: string;
  /** A data source of that type rather than a resource. */
  readonly data?: true;
}

export interface Environment {
  /** Host names that had to resolve to loopback and do not. */
  readonly unresolvedHosts: readonly string[];
}

/** Services moto 5.2.1 does not implement at all (no backend in moto/backend_index.py). */
const NOT_IN_MOTO: readonly Exclusion[] = [
  // IAM Access Analyzer analyzers are served by the access_analyzer extension.
  ...["service", "vpc_connector", "vpc_ingress_connection", "auto_scaling_configuration_version", "observability_configuration"].map((kind) => ({
    type: `aws_apprunner_${kind}`,
    reason: "moto 5.2.1 has no App Runner API",
  })),
  // Identity Center, budgets and anomaly detection are served by the ssoadmin, budgets and cost_explorer extensions.
];

/**
 * Security-service resources whose API moto 5.2.1 lacks in a service it otherwise has (read from
 * moto/<service>/urls.py and responses.py). The detectors, Security Hub itself, Inspector, the
 * Config aggregator, the delegations through Organizations and the findings topic are applied.
 */
const PARTLY_IN_MOTO: readonly Exclusion[] = [
  { type: "aws_guardduty_organization_configuration", reason: "moto 5.2.1 GuardDuty has no UpdateOrganizationConfiguration / DescribeOrganizationConfiguration" },
  { type: "aws_guardduty_organization_configuration_feature", reason: "moto 5.2.1 GuardDuty has no UpdateOrganizationConfiguration / DescribeOrganizationConfiguration" },
  { type: "aws_guardduty_detector_feature", reason: "moto 5.2.1 GuardDuty UpdateDetector replaces the whole feature list, so one feature per resource cannot be read back" },
  { type: "aws_guardduty_publishing_destination", reason: "moto 5.2.1 GuardDuty has no CreatePublishingDestination" },
  { type: "aws_securityhub_finding_aggregator", reason: "moto 5.2.1 Security Hub has no finding aggregator API" },
  {
    type: "aws_securityhub_organization_configuration",
    reason: "moto 5.2.1 Security Hub requires a Status in OrganizationConfiguration that the API does not take as input",
  },
  { type: "aws_securityhub_configuration_policy", reason: "moto 5.2.1 Security Hub has no configuration policy API" },
  { type: "aws_securityhub_configuration_policy_association", reason: "moto 5.2.1 Security Hub has no configuration policy API" },
  { type: "aws_config_organization_managed_rule", reason: "moto 5.2.1 AWS Config has no PutOrganizationConfigRule" },
];

/**
 * What the harness leaves out: services moto lacks, and the security-service APIs above. S3 Control is never left
 * out: when <account-id>.localhost cannot be made to resolve, this fails, so
 * the account public access block is always applied and read back.
 */
export function exclusionsFor(environment: Environment): Exclusion[] {
  if (environment.unresolvedHosts.length > 0) {
    throw new Error(
      `S3 Control is addressed at <account-id>.localhost and ${environment.unresolvedHosts.join(", ")} do not resolve to 127.0.0.1: ` +
        `add "127.0.0.1 ${environment.unresolvedHosts.join(" ")}" to /etc/hosts or install libnss-myhostname, then run again`,
    );
  }
  return [...NOT_IN_MOTO, ...PARTLY_IN_MOTO];
}

/**
 * Removes the excluded resources from a stack's cdk.tf.json, with every
 * depends_on on them and every output that reads them. Returns what it removed.
 * Throws if another resource uses one of their attributes, since the stack
 * would then no longer be the one under test.
 */
export function excludeResources(stack: ManifestStack, exclusions: readonly Exclusion[]): string[] {
  const file = join(stack.dir, "cdk.tf.json");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json: Record<string, any> = JSON.parse(readFileSync(file, "utf8"));
  const removed: string[] = [];
  for (const { type, data } of exclusions) {
    const blocks = data ? json.data : json.resource;
    for (const name of Object.keys(blocks?.[type] ?? {})) removed.push(`${data ? "data." : ""}${type}.${name}`);
    if (blocks) delete blocks[type];
  }
  if (removed.length === 0) return [];
  for (const blocks of [...Object.values(json.resource ?? {}), ...Object.values(json.data ?? {})] as Record<string, { depends_on?: string[] }>[]) {
    for (const block of Object.values(blocks)) {
      if (block.depends_on) block.depends_on = block.depends_on.filter((d) => !removed.includes(d));
    }
  }
  const outputs: string[] = [];
  for (const [name, output] of Object.entries((json.output ?? {}) as Record<string, unknown>)) {
    if (removed.some((address) => JSON.stringify(output).includes(`${address}.`))) {
      delete json.output[name];
      outputs.push(`output.${name}`);
    }
  }
  // Terraform refuses an empty block type (`"output": {}` is "Missing block label"): drop emptied sections.
  for (const section of ["resource", "data", "output"]) if (json[section] && Object.keys(json[section]).length === 0) delete json[section];
  const text = JSON.stringify(json, null, 2);
  const used = removed.filter((address) => text.includes(`${address}.`));
  if (used.length > 0) throw new Error(`stack ${stack.name}: cannot exclude ${used.join(", ")}: other blocks use their attributes`);
  writeFileSync(file, text);
  return [...removed, ...outputs].map((address) => `${stack.name}: ${address}`);
}
