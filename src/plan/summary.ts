/**
 * Plan results as a terminal table, as `summary.md` for a pull-request
 * comment, and as `results.json`, which `lz summary` merges across the plan
 * jobs of a CI run.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { allowHint, describeFinding } from "../guard/guard";
import { StackPlan } from "./plan-stack";

export const RESULTS_FILE = "results.json";
export const SUMMARY_FILE = "summary.md";
/** Marks the PR comment so CI updates it instead of adding a new one. */
export const COMMENT_MARKER = "<!-- lz-plan-summary -->";
/** GitHub rejects comments over 65,536 characters. */
const COMMENT_LIMIT = 60_000;

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

/**
 * summary.md: the table, the guard's findings, and each stack's plan text
 * (from `planText(stack)`) folded, trimmed to fit one GitHub comment.
 */
export function summaryMarkdown(results: readonly StackPlan[], planText: (r: StackPlan) => string | undefined = () => undefined): string {
  const rows = ordered(results);
  const head = [
    COMMENT_MARKER,
    "### Landing zone plan",
    "",
    "| wave | stack | add | change | destroy | import | status |",
    "|--:|---|--:|--:|--:|--:|---|",
    ...rows.map((r) => `| ${r.wave} | \`${r.stack}\` | ${count(r, "add")} | ${count(r, "change")} | ${count(r, "destroy")} | ${count(r, "import")} | ${ICON[r.status]} ${statusText(r).replace(/\|/g, "\\|")} |`),
    "",
  ];
  const blocked = rows.flatMap((r) => r.guard?.blocked ?? []);
  const allowed = rows.flatMap((r) => r.guard?.allowed ?? []);
  if (blocked.length > 0) head.push(`**⛔ Guard:** protected resources would be destroyed:`, ...blocked.map((f) => `- ${describeFinding(f)}`), "", allowHint(blocked), "");
  if (allowed.length > 0) head.push(`**Guard, allowed after review:**`, ...allowed.map((f) => `- ${describeFinding(f)}`), "");
  const waiting = rows.filter((r) => r.status === "waiting");
  if (waiting.length > 0) head.push(`⏳ ${waiting.length === 1 ? "1 stack waits" : `${waiting.length} stacks wait`} on stacks or accounts that are not applied yet; they plan once those exist.`, "");
  let text = head.join("\n");
  for (const r of rows) {
    const plan = planText(r);
    if (!plan) continue;
    const body = actionsOnly(plan);
    const block = `\n<details><summary><code>${r.stack}</code> plan</summary>\n\n\`\`\`terraform\n${body}\n\`\`\`\n</details>\n`;
    if (text.length + block.length > COMMENT_LIMIT) {
      text += `\n_Plan details trimmed to fit a comment; every plan is in the workflow's artifacts._\n`;
      break;
    }
    text += block;
  }
  return text;
}

/** The part of `terraform plan` output from the action list on, without the refresh noise. */
export function actionsOnly(plan: string): string {
  const start = plan.search(/^(Terraform will perform|Terraform used the selected|No changes\.|Changes to Outputs)/m);
  return (start >= 0 ? plan.slice(start) : plan).trim().replace(/```/g, "'''");
}

/** Reads results.json from plan output directories (one per CI plan job), merged. */
export function readResults(dirs: readonly string[]): { results: StackPlan[]; texts: Map<string, string> } {
  const results: StackPlan[] = [];
  const texts = new Map<string, string>();
  for (const dir of dirs) {
    const file = existsSync(dir) && statSync(dir).isDirectory() ? join(dir, RESULTS_FILE) : dir;
    if (!existsSync(file)) throw new Error(`${file} not found; pass directories written by lz plan --out`);
    const base = dirname(file);
    for (const r of JSON.parse(readFileSync(file, "utf8")) as StackPlan[]) {
      results.push(r);
      const text = r.files.text && join(base, r.files.text);
      if (text && existsSync(text)) texts.set(r.stack, readFileSync(text, "utf8"));
    }
  }
  return { results, texts };
}
