/** Quoting for commands the landing zone prints for a user to paste into a POSIX shell. */

/** `value` as one shell word: unchanged when it is safe bare, else in single quotes. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
