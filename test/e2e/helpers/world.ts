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
  /** false: the management account has no organization yet (greenfield). Default true. */
  readonly organization?: boolean;
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

/** An empty management account: no organization, no member accounts, nothing the config names. */
export function greenfieldSeed(config: LandingZoneConfig): Seed {
  return { managementAccountId: config.organization.managementAccountId, accessRoleName: config.organization.accessRoleName, organization: false, accounts: [] };
}

/**
 * The harness's copy of the config, from the user's YAML text: the only place
 * where the e2e run changes it. Like a real user with an existing organization,
 * it names the seeded organization in `organization.id`, so the organization
 * stack adopts it with an import block; and it names each load balancer
 * certificate by the ARN ACM gave it (ACM, not the user, picks ARNs).
 */
export function e2eConfigText(yamlText: string, file: string, world: SeededWorld): string {
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
  return doc.toString();
}

export function e2eConfig(yamlText: string, file: string, world: SeededWorld): LandingZoneConfig {
  return parseConfig(e2eConfigText(yamlText, file, world), file);
}

/** What exists once the organization stack created the accounts: each created account's id by name, and the certificates requested in them. */
export interface Created {
  readonly accountIds: Readonly<Record<string, string>>;
  /** The config's certificate ARN -> the ARN ACM gave the certificate requested in the created account. */
  readonly certificates: Readonly<Record<string, string>>;
}

/** What in a workload entry names a resource inside its own account: it cannot exist before the account does. */
const IN_ACCOUNT_ARN = /^(arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:)(\d{12})(:.*)$/;

/**
 * The greenfield config: the user's YAML with no `organization.id` and no
 * account `id`, so the organization stack creates the organization and every
 * account. Left out as well, because each names a resource inside a member
 * account that does not exist before the organization stack creates it (the
 * account id is part of the ARN, and only CreateAccount picks it):
 * - each ECS service's `loadBalancer` (its `certificateArn`, an ACM certificate
 *   in the workload account, is required: an HTTPS-only load balancer cannot be
 *   configured without one);
 * - each ECS service's `secrets` (Secrets Manager / SSM ARNs in the account);
 * - each Batch environment's `submitters` (IAM roles of the account: Batch has
 *   no resource policies, so they must be roles of the account itself).
 * That is the config for the organization stack's first apply. Once it created
 * the accounts, `created` puts them back as the user would: the account id of
 * each ARN replaced by the created account's, and each certificate ARN by the
 * one ACM gave the certificate requested in that account.
 */
export function greenfieldConfigText(yamlText: string, file: string, created?: Created): string {
  const doc = parseDocument(yamlText);
  const config = parseConfig(yamlText, file);
  doc.deleteIn(["organization", "id"]);
  const inAccount = (arn: string, account: string): string => {
    const m = IN_ACCOUNT_ARN.exec(arn);
    return m && created ? `${m[1]}${created.accountIds[account]}${m[3]}` : arn;
  };
  config.accounts.forEach((account, i) => {
    doc.deleteIn(["accounts", i, "id"]);
    const workload = config.workloads.find((w) => w.name === account.name);
    workload?.compute.ecs.forEach((service, j) => {
      const path = ["accounts", i, "ecs", j];
      if (service.loadBalancer) {
        const arn = created?.certificates[service.loadBalancer.certificateArn];
        if (arn) doc.setIn([...path, "loadBalancer", "certificateArn"], arn);
        else doc.deleteIn([...path, "loadBalancer"]);
      }
      for (const [name, arn] of Object.entries(service.secrets ?? {})) {
        if (created) doc.setIn([...path, "secrets", name], inAccount(arn, account.name));
        else doc.deleteIn([...path, "secrets"]);
      }
    });
    workload?.compute.batch.forEach((env, j) => {
      if (env.submitters.length === 0) return;
      if (created) doc.setIn(["accounts", i, "batch", j, "submitters"], env.submitters.map((arn) => inAccount(arn, account.name)));
      else doc.deleteIn(["accounts", i, "batch", j, "submitters"]);
    });
  });
  return doc.toString();
}

/** The Batch submitter roles and load balancer certificates of the config, by account name: what a greenfield user creates in each new account. */
export function inAccountResources(config: LandingZoneConfig): {
  roles: { account: string; name: string }[];
  certificates: { account: string; arn: string; domain: string }[];
} {
  return {
    roles: config.workloads.flatMap((w) =>
      w.compute.batch.flatMap((b) => b.submitters).flatMap((arn) => {
        const m = ROLE_ARN.exec(arn);
        return m ? [{ account: w.name, name: m[2] }] : [];
      }),
    ),
    certificates: config.workloads.flatMap((w) =>
      w.compute.ecs.flatMap((service) => (service.loadBalancer ? [{ account: w.name, arn: service.loadBalancer.certificateArn, domain: `${service.name}.${w.name}.example.test` }] : [])),
    ),
  };
}

/** Every account id of the config, management first. */
export function accountIds(config: LandingZoneConfig): string[] {
  return [config.organization.managementAccountId, ...config.accounts.flatMap((a) => (a.id ? [a.id] : []))];
}
