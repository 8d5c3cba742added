/**
 * Plan results as a terminal table, as `summary.md` for a pull-request
 * comment, and as `results.json`, which `lz summary` merges across the plan
 * jobs of a CI run.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { allowHint, describeFinding } from "../guard/guard";
import { StackPlan } from "./plan-stack";

export const RESULTS_FILE = "results.json";
export const SUMMARY_FILE = "summary.md";
/** Marks the PR comment so CI updates it instead of adding a new one. */
export const COMMENT_MARKER = "<!-- lz-plan-summary -->";
/** GitHub rejects comments over 65,536 characters; the summary stays below this. */
export const COMMENT_LIMIT = 65_000;
/** Resource lists longer than this are folded in a <details> block. */
const OPEN_LIST_MAX = 10;
const FENCE = "```";

export function statusText(r: StackPlan): string {
  switch (r.status) {
    case "changes":
      return r.counts && r.counts.replace > 0 ? `changes (${r.counts.replace} replaced)` : "changes";
    case "no-changes":
      return "no changes";
    case "waiting":
      return `waiting on ${r.waitingOn}: ${r.reason}`;
    case "blocked":
      return `BLOCKED by the guard: ${r.guard!.blocked.map((f) => `${f.action} ${f.address}`).join(", ")}`;
    case "failed":
      return `FAILED: ${(r.errors ?? []).join("; ")}`;
  }
}

const count = (r: StackPlan, key: "add" | "change" | "destroy" | "import"): string => (r.counts ? String(r.counts[key]) : "-");

/** Sorted by wave, then name. */
export function ordered(results: readonly StackPlan[]): StackPlan[] {
  return [...results].sort((a, b) => a.wave - b.wave || a.stack.localeCompare(b.stack));
}

/** The terminal table: stack, add/change/destroy/import, status. */
export function summaryTable(results: readonly StackPlan[]): string {
  const rows = [["stack", "add", "change", "destroy", "import", "status"], ...ordered(results).map((r) => [r.stack, count(r, "add"), count(r, "change"), count(r, "destroy"), count(r, "import"), statusText(r)])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows
    .map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "))
    .join("\n");
}

/** True when any stack failed or is blocked: lz plan exits 1. */
export const anyFailed = (results: readonly StackPlan[]): boolean => results.some((r) => r.status === "failed" || r.status === "blocked");

const ICON: Record<StackPlan["status"], string> = { changes: "🟡", "no-changes": "✅", waiting: "⏳", blocked: "⛔", failed: "❌" };

/** The guard column: what the destroy guard said about the stack's plan ("-" when it made none). */
export function guardVerdict(r: StackPlan): string {
  if (!r.guard) return "-";
  if (r.guard.blocked.length > 0) return `⛔ ${r.guard.blocked.length} blocked`;
  if (r.guard.allowed.length > 0) return `pass (${r.guard.allowed.length} allowed)`;
  return "pass";
}

/** Terraform's plan symbols, import as `<=`. */
const SYMBOL: Record<string, string> = { create: "+", update: "~", delete: "-", replace: "-/+", import: "<=", "import+update": "<= ~", "import+create": "<= +", "import+replace": "<= -/+", "import+delete": "<= -" };

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** One stack's changed resources, one line each, or counted by type and action when `byType`. */
function resourceLines(r: StackPlan, byType: boolean): string[] {
  const list = r.resources ?? [];
  if (!byType) return list.map((c) => `${SYMBOL[c.action] ?? c.action} ${c.address}`);
  const counts = new Map<string, number>();
  for (const c of list) {
    const type = c.address.replace(/^(module\.[^.]+\.)+/, "").split(".")[0];
    const key = `${SYMBOL[c.action] ?? c.action} ${type}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${key} × ${n}`);
}

function resourceBlock(r: StackPlan, byType: boolean): string {
  const lines = resourceLines(r, byType);
  const c = r.counts;
  const what = c ? `${c.add} to add, ${c.change} to change, ${c.destroy} to destroy${c.import ? `, ${c.import} to import` : ""}` : statusText(r);
  const title = `<code>${r.stack}</code>: ${what}`;
  const body = `${FENCE}diff\n${lines.join("\n").split(FENCE).join("'''")}\n${FENCE}`;
  if (!byType && lines.length <= OPEN_LIST_MAX) return `\n#### ${title}\n\n${body}\n`;
  const note = byType ? `\n_${(r.resources ?? []).length} resources counted by type to fit one comment; the full list is in the plan artifact (${r.files.text ?? r.files.json ?? r.files.log})._\n` : "";
  return `\n<details><summary>${title}</summary>\n\n${body}\n${note}</details>\n`;
}

/**
 * summary.md, for the pull-request comment: a table with one row per stack
 * (add, change, destroy, import, guard verdict, status), the guard's
 * findings, then each changing stack's resource list, folded when long.
 * A stack without changes is one table row. It always fits one GitHub
 * comment: when the lists do not fit, the longest are counted by resource
 * type instead, and when even that does not fit they are left out with a
 * note saying so; nothing is cut silently.
 */
export function summaryMarkdown(results: readonly StackPlan[], limit = COMMENT_LIMIT): string {
  const rows = ordered(results);
  const changing = rows.filter((r) => (r.resources ?? []).length > 0);
  const head = [COMMENT_MARKER, "### Landing zone plan", ""];
  if (rows.length === 0) head.push("No stack changed: nothing to plan.", "");
  else {
    const total = (key: "add" | "change" | "destroy" | "import") => rows.reduce((n, r) => n + (r.counts?.[key] ?? 0), 0);
    head.push(
      `${rows.length} ${rows.length === 1 ? "stack" : "stacks"} planned, ${changing.length} with changes: ${total("add")} to add, ${total("change")} to change, ${total("destroy")} to destroy, ${total("import")} to import.`,
      "",
      "| wave | stack | add | change | destroy | import | guard | status |",
      "|--:|---|--:|--:|--:|--:|---|---|",
      ...rows.map((r) => `| ${r.wave} | \`${r.stack}\` | ${count(r, "add")} | ${count(r, "change")} | ${count(r, "destroy")} | ${count(r, "import")} | ${guardVerdict(r)} | ${ICON[r.status]} ${cell(statusText(r))} |`),
      "",
    );
  }
  const blocked = rows.flatMap((r) => r.guard?.blocked ?? []);
  const allowed = rows.flatMap((r) => r.guard?.allowed ?? []);
  if (blocked.length > 0) head.push(`**⛔ Guard:** protected resources would be destroyed:`, ...blocked.map((f) => `- ${describeFinding(f)}`), "", allowHint(blocked), "");
  if (allowed.length > 0) head.push(`**Guard, allowed after review:**`, ...allowed.map((f) => `- ${describeFinding(f)}`), "");
  const waiting = rows.filter((r) => r.status === "waiting");
  if (waiting.length > 0) head.push(`⏳ ${waiting.length === 1 ? "1 stack waits" : `${waiting.length} stacks wait`} on stacks or accounts that are not applied yet; they plan once those exist.`, "");
  const text = head.join("\n");
  if (changing.length === 0) return fit(text, limit);
  const heading = "\n### Changes\n";
  // Full lists while they fit; then the longest lists are counted by type, one at a time.
  const full = new Map(changing.map((r) => [r.stack, resourceBlock(r, false)]));
  const counted = new Map(changing.map((r) => [r.stack, resourceBlock(r, true)]));
  const byType = new Set<string>();
  let size = text.length + heading.length + [...full.values()].reduce((n, b) => n + b.length, 0);
  for (const r of [...changing].sort((a, b) => (b.resources ?? []).length - (a.resources ?? []).length)) {
    if (size <= limit) break;
    byType.add(r.stack);
    size += counted.get(r.stack)!.length - full.get(r.stack)!.length;
  }
  const all = heading + changing.map((r) => (byType.has(r.stack) ? counted : full).get(r.stack)!).join("");
  if (text.length + all.length <= limit) return text + all;
  return fit(`${text}${heading}\n_The resource lists of the ${changing.length} changing stacks do not fit one comment, even counted by type; they are in the workflow's plan artifacts._\n`, limit);
}

/** Cuts only as a last resort (thousands of stacks in the table), and says so. */
function fit(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = "\n\n_Summary cut at GitHub's comment limit; the full table is in the workflow's plan-summary artifact._\n";
  return text.slice(0, text.lastIndexOf("\n", limit - note.length)) + note;
}

/** Reads results.json from plan output directories (one per CI plan job), merged. */
export function readResults(dirs: readonly string[]): StackPlan[] {
  const results: StackPlan[] = [];
  for (const dir of dirs) {
    const file = existsSync(dir) && statSync(dir).isDirectory() ? join(dir, RESULTS_FILE) : dir;
    if (!existsSync(file)) throw new Error(`${file} not found; pass directories written by lz plan --out`);
    results.push(...(JSON.parse(readFileSync(file, "utf8")) as StackPlan[]));
  }
  return results;
}
