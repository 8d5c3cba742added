/** Options shared by lz commands. */
import { Option } from "commander";

export const configOption = (): Option => new Option("-c, --config <file>", "landing zone config (default: $LZ_CONFIG or ./landing-zone.yaml)");

/** Accumulates a repeatable option (`--allow a --allow b`), also splitting commas. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((v) => v.trim()).filter(Boolean)];
}

/** Parses a positive integer option, with a message naming the flag. */
export function positiveInt(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number of at least 1, got "${value}"`);
    return n;
  };
}
