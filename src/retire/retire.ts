/**
 * `lz retire` as a config edit: `retired: true` is set on one account's entry, in place. Every other
 * byte of the file, comments included, stays as it was (like `lz vend`): the new key is spliced in
 * on its own line under the entry's `name`, or an existing `retired: false` has its value replaced.
 * The result is validated by the same loader as `lz validate`.
 */
import { isDeepStrictEqual } from "node:util";
import { isMap, isPair, isScalar, LineCounter, parseDocument, Scalar, YAMLMap } from "yaml";
import { locate } from "../config/locate";
import { ConfigError, Problem } from "../config/problem";
import { LandingZoneConfig } from "../config/types";
import { parseConfig } from "../load-config";
import { accountsList, InsertError } from "../vend/insert";

export interface RetireResult {
  /** The new config text; the caller writes it. */
  readonly text: string;
  /** Index of the account in accounts. */
  readonly index: number;
  readonly name: string;
  /** The validated config after the edit. */
  readonly config: LandingZoneConfig;
}

function fail(text: string, file: string, path: (string | number)[], message: string, hint: string): never {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const problem: Problem = { path, message, hint, ...locate(doc, lines, path) };
  throw new ConfigError(file, [problem]);
}

const lineStart = (text: string, offset: number): number => text.lastIndexOf("\n", offset - 1) + 1;
const lineEnd = (text: string, offset: number): number => {
  const nl = text.indexOf("\n", offset);
  return nl === -1 ? text.length : nl + 1;
};

/** Computes the retirement of account `name`. Throws ConfigError when the config or the request is invalid. */
export function retire(text: string, file: string, name: string): RetireResult {
  const before = parseConfig(text, file);
  const index = before.accounts.findIndex((a) => a.name === name);
  if (index < 0) fail(text, file, ["accounts"], `--name ${name}: no such account`, `use one of ${before.accounts.map((a) => a.name).join(", ")}`);
  const account = before.accounts[index];
  if (account.type !== "workload") fail(text, file, ["accounts", index, "type"], `--name ${name} is the ${account.type} account, which cannot be retired`, "only workload accounts can be retired");
  if (account.retired) fail(text, file, ["accounts", index, "retired"], `--name ${name} is already retired`, "nothing to do; its stacks plan the retirement");

  const doc = parseDocument(text);
  let edited: string;
  try {
    const entry = accountsList(doc).items[index];
    if (!isMap(entry)) throw new InsertError(`accounts[${index}] is not a mapping`);
    if ((entry as YAMLMap).flow) throw new InsertError(`accounts[${index}] is written as a flow mapping { … }; write it as a block mapping so it can be edited in place`);
    const existing = entry.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === "retired");
    if (existing && isScalar(existing.value) && (existing.value as Scalar).range) {
      const [start, end] = (existing.value as Scalar).range!;
      edited = text.slice(0, start) + "true" + text.slice(end);
    } else {
      const namePair = entry.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === "name");
      const key = namePair?.key as Scalar | undefined;
      const value = namePair?.value as Scalar | undefined;
      if (!key?.range || !value?.range) throw new InsertError(`accounts[${index}] has no name on a line of its own`);
      const column = key.range[0] - lineStart(text, key.range[0]);
      const at = lineEnd(text, value.range[1] - 1 > value.range[0] ? value.range[1] - 1 : value.range[0]);
      const eol = text.includes("\r\n") ? "\r\n" : "\n";
      const glue = text.slice(0, at).endsWith("\n") ? "" : eol;
      edited = text.slice(0, at) + glue + " ".repeat(column) + "retired: true" + eol + text.slice(at);
    }
  } catch (e) {
    if (e instanceof InsertError) fail(text, file, ["accounts", index], e.message, "add retired: true to the entry by hand");
    throw e;
  }
  const after = parseConfig(edited, file);
  // The edit must set exactly this key, and change nothing else.
  const expected = doc.toJS() as { accounts: Record<string, unknown>[] };
  expected.accounts[index] = { ...expected.accounts[index], retired: true };
  const got = parseDocument(edited).toJS() as { accounts: Record<string, unknown>[] };
  if (!isDeepStrictEqual(got, expected)) throw new Error("internal error: the edited config differs from the original by more than retired: true");
  return { text: edited, index, name, config: after };
}
