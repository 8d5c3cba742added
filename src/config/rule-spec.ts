/** The shape of a semantic rule: a small function from the parsed config to its problems, and what it reads. */
import { Problem } from "./problem";
import { ParsedConfig } from "./schema";

export type Rule = (config: ParsedConfig) => Problem[];

/** A rule and the part of the config it reads. */
export interface RuleSpec {
  readonly check: Rule;
  /**
   * The top-level keys the rule reads; it is given only these. When the
   * schema fails elsewhere, the rule still runs as long as each of them
   * parsed. `accounts` then holds the entries that parsed, each at its own
   * index: an entry that did not is a hole, which forEach, map, flatMap and
   * filter skip (so iterate with those, not for…of).
   */
  readonly reads: readonly (keyof ParsedConfig)[];
  /** The rule counts accounts, so it needs every entry to have parsed. */
  readonly everyAccount?: true;
}

/** The spec of a rule reading `reads`. */
export const reading = (check: Rule, ...reads: (keyof ParsedConfig)[]): RuleSpec => ({ check, reads });

/**
 * The parts of a config that passed the schema: a top-level key is present
 * only when it parsed, and `accounts` may have holes where entries did not.
 */
export interface ParsedParts {
  readonly config: Partial<ParsedConfig>;
  /** Every account entry parsed (and `accounts` itself is a list). */
  readonly everyAccount: boolean;
}
