/**
 * The world a real user already has before the landing zone runs, and the
 * harness's copy of the config that points the landing zone at it.
 */
import { parseDocument } from "yaml";
import { parseConfig } from "../../../src/config/load";
import { LandingZoneConfig } from "../../../src/config/types";

/** What the launcher seeds: an organization in the management account and its member accounts. */
export interface Seed {
  readonly managementAccountId: string;
  readonly accessRoleName: string;
  readonly accounts: readonly { readonly id: string; readonly name: string; readonly email: string }[];
}

/** The pre-existing organization: every account of the config that has an id already exists. */
export function seedFor(config: LandingZoneConfig): Seed {
  return {
    managementAccountId: config.organization.managementAccountId,
    accessRoleName: config.organization.accessRoleName,
    accounts: config.accounts.filter((a) => a.id !== undefined).map((a) => ({ id: a.id!, name: a.name, email: a.email })),
  };
}

/** What the emulator knows once seeded. */
export interface SeededWorld {
  readonly organizationId?: string;
}

/**
 * The harness's copy of the config, from the user's YAML text: the only place
 * where the e2e run changes it. Like a real user with an existing organization,
 * it names the seeded organization in `organization.id`, so the organization
 * stack adopts it with an import block.
 */
export function e2eConfig(yamlText: string, file: string, world: SeededWorld): LandingZoneConfig {
  const doc = parseDocument(yamlText);
  if (!world.organizationId) throw new Error("the emulator did not report the seeded organization's id");
  doc.setIn(["organization", "id"], world.organizationId);
  return parseConfig(doc.toString(), file);
}

/** Every account id of the config, management first. */
export function accountIds(config: LandingZoneConfig): string[] {
  return [config.organization.managementAccountId, ...config.accounts.flatMap((a) => (a.id ? [a.id] : []))];
}
