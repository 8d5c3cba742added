/** Maps a config key path to a line:col in the YAML source. */
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node } from "yaml";
import { ConfigPath } from "./problem";

/**
 * Finds the position of the deepest node along `path`. When the path ends in
 * a key that is present, the key itself is reported; when part of the path is
 * missing (a required key left out), the nearest existing parent is reported.
 */
export function locate(doc: Document, lines: LineCounter, path: ConfigPath): { line: number; col: number } | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === part);
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
      // Point at the value for leaves; the key for containers is found above.
      const valueStart = rangeStart(node);
      if (valueStart !== undefined && part === path[path.length - 1] && isScalar(node)) offset = valueStart;
    } else if (isSeq(node) && typeof part === "number") {
      const item = node.items[part];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  if (offset === undefined) return undefined;
  const pos = lines.linePos(offset);
  return { line: pos.line, col: pos.col };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? range[0] : undefined;
}
