/**
 * What a stack declares, from the harness's copy of its synthesized JSON (the
 * one that was applied), so a read-back covers every resource of a type the
 * stack holds, not only those the assertions know by name.
 */
export type Block = Record<string, unknown>;
/** resource type -> resource name -> block, as in cdk.tf.json's `resource`. */
export type Declared = Readonly<Record<string, Readonly<Record<string, Block>>>>;

/** The blocks of `type` the stack declares, by resource name ({} when none). */
export const blocksOf = (declared: Declared, type: string): Readonly<Record<string, Block>> => declared[type] ?? {};

const REFERENCE = /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/g;

/**
 * `text` with every `${type.name.attr}` replaced by that resource's literal
 * `attr` (e.g. a name the stack set); throws when the attribute is not a literal.
 */
export function resolveLiterals(declared: Declared, text: string): string {
  return text.replace(REFERENCE, (whole, type: string, name: string, attr: string) => {
    const value = declared[type]?.[name]?.[attr];
    if (typeof value !== "string") throw new Error(`cannot resolve ${whole}: not a literal in the stack`);
    return value;
  });
}

/** The resource a `${type.name.attr}` reference points at, as [type, name, block]. */
export function referenced(declared: Declared, text: string): [string, string, Block] {
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+(?:\[\d+\]\.[a-z_]+)?\}$/.exec(text);
  const block = m && declared[m[1]]?.[m[2]];
  if (!m || !block) throw new Error(`${text} is not a reference to a resource of the stack`);
  return [m[1], m[2], block];
}
