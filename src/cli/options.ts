/** Options shared by lz commands. */
import { InvalidArgumentError, Option } from "commander";
export { shellQuote } from "../shell-quote";
import { LandingZoneConfig } from "../config/types";
import { ciReadRoleName } from "../stacks/names";
import { UserError } from "../user-error";

export const configOption = (): Option => new Option("-c, --config <file>", "landing zone config (default: $LZ_CONFIG or ./landing-zone.yaml)");

/** Accumulates a repeatable option (`--allow a --allow b`), also splitting commas. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((v) => v.trim()).filter(Boolean)];
}

/** Parses a positive integer option value. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("use a whole number of at least 1.");
  return n;
}


/** `--read-only`: plan member accounts through `<name>-ci-read`, the role CI's plan role may assume. */
export const readOnlyOption = (description: string): Option => new Option("--read-only", description);

/**
 * Whether a run is read-only: `requested` when given, else `fallback`. The ci-read roles exist only when the
 * config has `ci` (the access stacks create them), so asking for read-only without it is an error.
 */
export function readOnlyRun(config: LandingZoneConfig, requested: boolean | undefined, fallback = false): boolean {
  if (requested === true && !config.ci) {
    throw new UserError(`--read-only plans each member account through role/lz/${ciReadRoleName(config.name)}, which the access stacks create only when the config sets ci.github: add ci.github (see README "CI roles"), apply the access stacks, or run without --read-only`);
  }
  return requested ?? (fallback && config.ci !== undefined);
}
