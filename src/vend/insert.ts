/**
 * Appends an entry to the `accounts` list of a YAML document without
 * touching a single byte elsewhere. The `yaml` Document API finds the list,
 * its last item and that item's indentation; the new entry is rendered by
 * `yaml` too, so every value is quoted correctly, and spliced into the
 * original text after the last item (and after comments indented under it).
 * Re-serializing the whole document would re-wrap long lines and move
 * comments, so the text is spliced instead.
 */
import { Document, isMap, isPair, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq } from "yaml";

export class InsertError extends Error {}

/** Where a block list's items sit: the column of `-` and of the item's keys. */
interface ListLayout {
  readonly dashCol: number;
  readonly keyCol: number;
  /** Offset just after the last item, including comment lines indented under it. */
  readonly end: number;
  /** Items are separated by blank lines. */
  readonly spaced: boolean;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl === -1 ? text.length : nl + 1;
}

function layoutOf(text: string, seq: YAMLSeq): ListLayout {
  const last = seq.items[seq.items.length - 1];
  if (!isMap(last) || !last.range) throw new InsertError("the last entry of accounts is not a mapping; fix the config first");
  const start = last.range[0];
  const prefix = text.slice(lineStart(text, start), start);
  const m = /^( *)-( +)$/.exec(prefix);
  if (!m) throw new InsertError("cannot tell the indentation of the accounts list; write each account as '- name: …' on its own line");
  const dashCol = m[1].length;
  const keyCol = prefix.length;
  // End of the last item's own content, then any comment lines indented under it.
  let end = lineEnd(text, Math.max(start, last.range[1] - 1));
  for (let pos = end; pos < text.length; ) {
    const next = lineEnd(text, pos);
    const line = text.slice(pos, next);
    if (/^\s*$/.test(line)) {
      pos = next;
      continue;
    }
    const comment = /^( *)#/.exec(line);
    if (!comment || comment[1].length <= dashCol) break;
    end = next;
    pos = next;
  }
  const spaced = seq.items.length > 1 && Boolean((seq.items[seq.items.length - 1] as YAMLMap).spaceBefore);
  return { dashCol, keyCol, end, spaced };
}

/** The `accounts` sequence node, or an error saying why it can't be edited. */
export function accountsList(doc: Document): YAMLSeq {
  if (!isMap(doc.contents)) throw new InsertError("the config is not a mapping");
  const pair = doc.contents.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === "accounts");
  const seq = pair?.value;
  if (!isSeq(seq)) throw new InsertError("the config has no accounts list");
  if (seq.flow) throw new InsertError("accounts is written as a flow list [ … ]; write it as a block list ('- name: …' per account) so it can be edited in place");
  if (seq.items.length === 0) throw new InsertError("the accounts list is empty");
  return seq;
}

/** Renders `entry` as a block-list item at the list's indentation, with `eol` line ends. */
function renderItem(entry: Record<string, string>, layout: ListLayout, eol: string): string {
  const body = new Document(entry).toString({ lineWidth: 0 }).replace(/\n$/, "").split("\n");
  const first = " ".repeat(layout.dashCol) + "-" + " ".repeat(layout.keyCol - layout.dashCol - 1);
  const lines = body.map((line, i) => (i === 0 ? first : " ".repeat(layout.keyCol)) + line);
  return (layout.spaced ? eol : "") + lines.join(eol) + eol;
}

/**
 * Returns `text` with `entry` appended to its accounts list. Everything
 * before and after the inserted lines is byte-for-byte the original.
 */
export function appendAccount(text: string, entry: Record<string, string>): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new InsertError(`the config is not valid YAML: ${doc.errors[0].message.split("\n")[0]}`);
  const layout = layoutOf(text, accountsList(doc));
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const before = text.slice(0, layout.end);
  const glue = before.endsWith("\n") ? "" : eol;
  return before + glue + renderItem(entry, layout, eol) + text.slice(layout.end);
}
