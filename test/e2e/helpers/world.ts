/**
 * The world a real user already has before the landing zone runs, and the
 * harness's copy of the config that points the landing zone at it.
 */
import { parseDocument } from "yaml";
import { parseConfig } from "../../../src/config/load";
import { LandingZoneConfig } from "../../../src/config/types";

/**
 * What the launcher seeds: an organization in the management account and its
 * member accounts, plus what the config refers to that a user creates outside
 * the landing zone: IAM roles named as Batch submitters, and the ACM
 * certificates of load balancers.
 */
export interface Seed {
  readonly managementAccountId: string;
  /** The organization's id when the config names one (organization.id); else moto picks it. */
  readonly organizationId?: string;
  readonly accessRoleName: string;
  readonly accounts: readonly { readonly id: string; readonly name: string; readonly email: string }[];
  readonly roles?: readonly { readonly account: string; readonly name: string }[];
  readonly certificates?: readonly { readonly account: string; readonly region: string; readonly arn: string; readonly domain: string }[];
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;
const CERTIFICATE_ARN = /^arn:aws:acm:([a-z0-9-]+):(\d{12}):certificate\/.+$/;

/** The pre-existing world: every account of the config that has an id, and the roles and certificates it names. */
export function seedFor(config: LandingZoneConfig): Seed {
  const roles = config.workloads.flatMap((w) => w.compute.batch.flatMap((b) => b.submitters)).flatMap((arn) => {
    const m = ROLE_ARN.exec(arn);
    return m ? [{ account: m[1], name: m[2] }] : [];
  });
  const certificates = config.workloads.flatMap((w) =>
    w.compute.ecs.flatMap((service) => {
      const m = service.loadBalancer ? CERTIFICATE_ARN.exec(service.loadBalancer.certificateArn) : null;
      return m ? [{ region: m[1], account: m[2], arn: service.loadBalancer!.certificateArn, domain: `${service.name}.${w.name}.example.test` }] : [];
    }),
  );
  return {
    managementAccountId: config.organization.managementAccountId,
    ...(config.organization.id ? { organizationId: config.organization.id } : {}),
    accessRoleName: config.organization.accessRoleName,
    accounts: config.accounts.filter((a) => a.id !== undefined).map((a) => ({ id: a.id!, name: a.name, email: a.email })),
    roles: [...new Map(roles.map((r) => [`${r.account}/${r.name}`, r])).values()],
    certificates: [...new Map(certificates.map((c) => [c.arn, c])).values()],
  };
}

/** What the emulator knows once seeded. */
export interface SeededWorld {
  readonly organizationId?: string;
  /** The config's certificate ARN -> the ARN ACM gave the imported certificate. */
  readonly certificates?: Readonly<Record<string, string>>;
}

/**
 * The harness's copy of the config, from the user's YAML text: the only place
 * where the e2e run changes it. Like a real user with an existing organization,
 * it names the seeded organization in `organization.id`, so the organization
 * stack adopts it with an import block; and it names each load balancer
 * certificate by the ARN ACM gave it (ACM, not the user, picks ARNs).
 */
export function e2eConfig(yamlText: string, file: string, world: SeededWorld): LandingZoneConfig {
  const doc = parseDocument(yamlText);
  if (!world.organizationId) throw new Error("the emulator did not report the seeded organization's id");
  doc.setIn(["organization", "id"], world.organizationId);
  const config = parseConfig(yamlText, file);
  config.accounts.forEach((account, i) => {
    const workload = config.workloads.find((w) => w.name === account.name);
    workload?.compute.ecs.forEach((service, j) => {
      const arn = service.loadBalancer && world.certificates?.[service.loadBalancer.certificateArn];
      if (arn) doc.setIn(["accounts", i, "ecs", j, "loadBalancer", "certificateArn"], arn);
    });
  });
  return parseConfig(doc.toString(), file);
}

/** Every account id of the config, management first. */
export function accountIds(config: LandingZoneConfig): string[] {
  return [config.organization.managementAccountId, ...config.accounts.flatMap((a) => (a.id ? [a.id] : []))];
}
