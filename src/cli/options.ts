/** Options shared by lz commands. */
import { InvalidArgumentError, Option } from "commander";
export { shellQuote } from "../shell-quote";

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

