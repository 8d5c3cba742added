/**
 * The report as Markdown for a pull-request comment, with the topology as a
 * Mermaid diagram. A comment holds at most 65,536 characters (GitHub), so a
 * report that would not fit is written as a summary (counts per account kind
 * and per OU, every finding that fits and how many more there are, the
 * controls that do not pass) that says so and points to index.html, which
 * always has everything. Nothing is cut silently.
 */
import { formatPath } from "../config/problem";
import { ruleById } from "../policy";
import type { RuleResult } from "../policy/types";
import { PRICE_REGION, PRICES, PRICES_AS_OF } from "./cost";
import { ReportData } from "./data";
import { Topology } from "./topology-model";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const tick = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function table(headers: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `_${empty}_\n`;
  return [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n") + "\n";
}

const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, "_");
const label = (s: string) => `"${s.replace(/"/g, "'")}"`;

/** The topology as a Mermaid flowchart; dashed links for what the stacks do not hold yet. */
export function mermaid(t: Topology): string {
  const link = (present: boolean) => (present ? "---" : "-.-");
  const lines = ["flowchart LR", '  subgraph org["Organization"]', `    root[${label(`Root · management ${t.management.id}`)}]`];
  for (const ou of t.ous) {
    lines.push(`    ou_${id(ou.path)}[${label(`OU ${ou.path}`)}]`);
    const parent = ou.depth === 0 ? "root" : `ou_${id(ou.path.split("/").slice(0, -1).join("/"))}`;
    lines.push(`    ${parent} --> ou_${id(ou.path)}`);
    for (const a of ou.accounts) {
      lines.push(`    acct_${id(a.name)}[${label(`${a.name} · ${a.type} · ${a.id ?? "vended"}`)}]`);
      lines.push(`    ou_${id(ou.path)} --> acct_${id(a.name)}`);
    }
  }
  lines.push("  end", '  subgraph net["Network"]');
  const h = t.hub;
  lines.push(`    hub[${label(`Hub VPC ${h.cidr} · ${h.account}<br>${h.azs} AZs · NAT ×${h.nat.count} (${h.natMode}) · IGW<br>${h.endpoints.length} interface endpoints`)}]`);
  lines.push(`    tgw((${label(`Transit Gateway ASN ${h.tgw.asn}`)}))`);
  lines.push(`    hub ${link(h.tgw.synthesized)} tgw`);
  for (const s of t.spokes) {
    lines.push(`    spoke_${id(s.account)}[${label(`Spoke ${s.account}<br>${s.cidr}`)}]`);
    lines.push(`    tgw ${link(s.synthesized)} spoke_${id(s.account)}`);
  }
  const l = t.logging;
  lines.push("  end", '  subgraph audit["Audit trail"]');
  lines.push(`    trail[${label("Organization CloudTrail")}]`);
  lines.push(`    archive[${label(`S3 archive · ${l.account}<br>KMS · Glacier ${l.glacierDays} d · expire ${l.expireDays} d`)}]`);
  lines.push(`    cwl[${label(`CloudWatch Logs · ${l.account}<br>${l.retentionDays} days · CIS 4.x filters`)}]`);
  lines.push(`    alarms[${label(`Alarms → SNS → ${l.alarmEmail}`)}]`);
  lines.push(`    trail ${l.archive ? "-->" : "-.->"} archive`, `    trail ${l.logGroup ? "-->" : "-.->"} cwl`, `    cwl ${l.alarms ? "-->" : "-.->"} alarms`);
  lines.push("  end", `  root ${l.trail ? "-->" : "-.->"} trail`);
  return lines.join("\n");
}

const where = (r: RuleResult) => `${tick(r.path)}${r.address ? ` (${tick(r.address)})` : ""}`;

/** GitHub's limit on a pull-request comment, in characters. */
export const PR_COMMENT_LIMIT = 65_536;
/** What report.md may use of it: the rest is room for a CI job's own heading or a sticky-comment marker. */
export const MARKDOWN_BUDGET = 60_000;

/** report.md: the full report when it fits in one comment, else the summary. */
export function renderMarkdown(d: ReportData, budget = MARKDOWN_BUDGET): string {
  const full = renderFullMarkdown(d);
  if (full.length <= budget) return full;
  // First, the coverage tables as counts per stack and control (index.html keeps every resource), then the summary.
  const counted = renderFullMarkdown(d, { coverage: "counts" });
  return counted.length <= budget ? counted : renderSummaryMarkdown(d, full.length, budget);
}

/** Coverage rows counted per stack, control and status: what the Markdown keeps when the per-resource rows do not fit. */
function coverageCounts(rows: readonly RuleResult[]): string[][] {
  const counts = new Map<string, { stack: string; rule: string; status: string; n: number }>();
  for (const r of rows) {
    const status = r.suppressedBy !== undefined ? "suppressed" : r.status;
    const key = `${r.stack}\u0000${r.rule}\u0000${status}`;
    const c = counts.get(key) ?? { stack: r.stack, rule: r.rule, status, n: 0 };
    c.n++;
    counts.set(key, c);
  }
  return [...counts.values()].map((c) => [c.stack, tick(c.rule), c.status, String(c.n)]);
}

/** The topology at OU granularity: accounts counted per OU and kind, spokes counted per OU. */
export function mermaidSummary(t: Topology): string {
  const lines = ["flowchart LR", '  subgraph org["Organization"]', `    root[${label(`Root · management ${t.management.id}<br>SCPs: ${t.scps.filter((p) => p.attachedTo.includes("Root")).map((p) => p.name).join(", ") || "none"}`)}]`];
  for (const ou of t.ous) {
    const kinds = (["logging", "network", "security", "workload"] as const).map((k) => [k, ou.accounts.filter((a) => a.type === k).length] as const).filter(([, n]) => n > 0);
    lines.push(`    ou_${id(ou.path)}[${label(`OU ${ou.path}${kinds.length ? `<br>${kinds.map(([k, n]) => `${n} ${k}`).join(", ")}` : ""}`)}]`);
    lines.push(`    ${ou.depth === 0 ? "root" : `ou_${id(ou.path.split("/").slice(0, -1).join("/"))}`} --> ou_${id(ou.path)}`);
  }
  lines.push("  end", '  subgraph net["Network"]');
  lines.push(`    hub[${label(`Hub VPC ${t.hub.cidr} · ${t.hub.account}`)}]`, `    tgw[${label(`Transit Gateway bus · ASN ${t.hub.tgw.asn}`)}]`, "    hub --- tgw");
  const groups = new Map<string, number>();
  for (const sp of t.spokes) groups.set(sp.ou, (groups.get(sp.ou) ?? 0) + 1);
  for (const [ou, n] of [...groups].sort(([a], [b]) => a.localeCompare(b))) lines.push(`    spokes_${id(ou)}[${label(`${n} spokes in ${ou}`)}]`, `    tgw --- spokes_${id(ou)}`);
  lines.push("  end");
  return lines.join("\n");
}

function findingRow(f: ReportData["findings"][number]): string[] {
  const rule = ruleById(f.rule)!;
  return [f.severity, tick(f.rule), f.stack, where(f), `${rule.message}: ${f.detail}`, rule.fix, `${tick(f.key)}${f.location.line ? ` line ${f.location.line}` : ""}`];
}

/** The summary for a report too large for one comment; at most `budget` characters. */
export function renderSummaryMarkdown(d: ReportData, fullLength: number, budget = MARKDOWN_BUDGET): string {
  const s = d.summary;
  const t = d.topology;
  const findings = s.errors + s.warnings;
  const head: string[] = [];
  head.push(`# Landing zone ${d.name}: guardrail report (summary)`, "");
  head.push(
    `> The full report is ${fullLength.toLocaleString("en-US")} characters, more than one pull-request comment holds (${PR_COMMENT_LIMIT.toLocaleString("en-US")}). ` +
      "This is its summary; **index.html** in the report artifact has every account, finding, control and its evidence, and findings.sarif every finding.",
    "",
  );
  head.push(`From ${tick(d.configFile)}, generated ${d.generatedAt}. ${s.rules} rules mapped to CIS AWS Foundations v3.0, AWS FSBP and checkov.`, "");
  head.push("## Summary", "");
  head.push(findings === 0 ? `**No findings**: ${s.passed} checks passed across ${s.stacks} stacks.` : `**${findings} findings**: ${s.errors} errors (these stop \`lz synth\`), ${s.warnings} warnings.`, "");
  head.push(table(["accounts", "stacks", "resources", "rules", "checks passed", "errors", "warnings", "suppressed", "unverifiable at synth"], [[s.accounts, s.stacks, s.resources, s.rules, s.passed, s.errors, s.warnings, s.suppressed, s.unknown].map(String)], ""));
  const accounts = t.ous.flatMap((o) => o.accounts);
  head.push("## Accounts by kind", "");
  head.push(table(["Kind", "Accounts", "Vended (created by the organization stack)"], [["management", "1", "0"], ...(["logging", "network", "security", "workload"] as const).map((k) => [k, String(accounts.filter((a) => a.type === k).length), String(accounts.filter((a) => a.type === k && !a.id).length)])], ""));
  const groups = new Map<string, typeof t.spokes[number][]>();
  for (const sp of t.spokes) groups.set(sp.ou, [...(groups.get(sp.ou) ?? []), sp]);
  head.push("## Spokes by OU", "");
  head.push(
    table(
      ["OU", "Spokes", "Internet-facing", "Public ALBs", "with WAF", "Public App Runner"],
      [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([ou, sp]) => [ou, String(sp.length), String(sp.filter((x) => x.exposure.igw || x.exposure.publicAlbs > 0 || x.exposure.publicAppRunner > 0).length), String(sp.reduce((n, x) => n + x.exposure.publicAlbs, 0)), String(sp.reduce((n, x) => n + x.exposure.wafProtected, 0)), String(sp.reduce((n, x) => n + x.exposure.publicAppRunner, 0))]),
      "No spokes.",
    ),
  );
  head.push(`SCPs: ${t.scps.map((p) => `${tick(p.name)} on ${p.attachedTo.join(", ") || "nothing"}`).join("; ") || "none"}. Allowed regions: ${t.allowedRegions.join(", ")}.`, "");
  head.push("## Topology", "", "```mermaid", mermaidSummary(t), "```", "");
  const notPassing = d.controls.filter((c) => c.status === "fail" || c.status === "suppressed" || c.status === "unknown");
  const byStatus = (["pass", "fail", "suppressed", "unknown", "not applicable"] as const).map((st) => `${d.controls.filter((c) => c.status === st).length} ${st}`).join(", ");
  const tail: string[] = ["## Controls that do not pass", "", `${d.controls.length} controls: ${byStatus}.`, ""];
  tail.push(table(["Rule", "Control", "Severity", "Status", "Failing / unverifiable resources"], notPassing.map((c) => [tick(c.rule.id), c.rule.title, c.rule.severity, c.status, String(c.failures.length + c.unknowns.length)]), "Every applicable control passes."));
  tail.push("## Suppressions", "", `${d.suppressions.length} suppression${d.suppressions.length === 1 ? "" : "s"} accepting ${s.suppressed} finding${s.suppressed === 1 ? "" : "s"}: see index.html.`, "");
  // Findings fill what is left; the rest are counted, never dropped silently.
  const fixed = head.join("\n").length + tail.join("\n").length + 400;
  const rows: string[][] = [];
  let used = fixed;
  for (const f of d.findings) {
    const row = findingRow(f);
    const len = row.reduce((n, c) => n + c.length + 3, 4);
    if (used + len > budget) break;
    rows.push(row);
    used += len;
  }
  const out = [...head, "## Findings", ""];
  out.push(table(["Severity", "Rule", "Stack", "Construct", "Finding", "Fix", "Config key"], rows, "No findings."));
  if (rows.length < d.findings.length) out.push(`**${d.findings.length - rows.length} more findings** are not listed here: see index.html or findings.sarif.`, "");
  out.push(...tail);
  return out.join("\n");
}

/** The whole report as Markdown, whatever its length. */
export function renderFullMarkdown(d: ReportData, options: { readonly coverage?: "rows" | "counts" } = {}): string {
  const s = d.summary;
  const findings = s.errors + s.warnings;
  const out: string[] = [];
  out.push(`# Landing zone ${d.name}: guardrail report`, "");
  out.push(`From ${tick(d.configFile)}, generated ${d.generatedAt}. ${s.rules} rules mapped to CIS AWS Foundations v3.0, AWS FSBP and checkov.`, "");
  out.push("## Summary", "");
  out.push(findings === 0 ? `**No findings**: ${s.passed} checks passed across ${s.stacks} stacks.` : `**${findings} findings**: ${s.errors} errors (these stop \`lz synth\`), ${s.warnings} warnings.`, "");
  out.push(table(["accounts", "stacks", "resources", "rules", "checks passed", "errors", "warnings", "suppressed", "unverifiable at synth"], [[s.accounts, s.stacks, s.resources, s.rules, s.passed, s.errors, s.warnings, s.suppressed, s.unknown].map(String)], ""));
  out.push("## Retired accounts", "");
  out.push(
    table(
      ["Account", "Id", "Former OU", "Config key"],
      d.retired.map((r) => [r.name, r.id ?? "vended", r.ou, `\`retired: true\`${r.location.line ? ` line ${r.location.line}` : ""}`]),
      "No retired accounts.",
    ),
  );
  out.push("Retired accounts sit in the `Suspended` OU under a deny-all SCP (the landing zone's deployer and access roles excepted); their contents are destroyed but for their log archives, and they are never closed.", "");
  out.push("## Topology", "", "Dashed links: declared in the config, not (yet) in the synthesized stacks.", "", "```mermaid", mermaid(d.topology), "```", "");
  out.push("## Findings", "");
  out.push(
    table(
      ["Severity", "Rule", "Stack", "Construct", "Finding", "Fix", "Config key"],
      d.findings.map(findingRow),
      "No findings.",
    ),
  );
  out.push("## Suppressions", "");
  out.push(
    table(
      ["#", "Rule", "Resource", "Reason", "Accepted findings", "Config"],
      d.suppressions.map((u) => [String(u.index), tick(u.rule), tick(u.resource), u.reason, u.matched.map((m) => tick(m.path)).join(", ") || "none (remove it)", `${tick(formatPath(u.location.path))}${u.location.line ? ` line ${u.location.line}` : ""}`]),
      "No suppressions.",
    ),
  );
  out.push("## Per-account inventory", "");
  out.push(table(["Stack", "Account", "Account id", "Resources", "By type"], d.inventory.map((i) => [tick(i.stack), i.account, i.accountId, String(i.total), i.byType.map(([t, n]) => `${t} ${n}`).join(", ")]), "No stacks."));
  out.push("## Security services", "", "Per account and region, the security services that run there and the synthesized resources that prove it. Member accounts' GuardDuty, Security Hub and Inspector are auto-enabled by the security account's organization configuration.", "");
  out.push(
    table(
      // The resources behind each service are listed in index.html; here, how many (the table is one row per account and region).
      ["Account", "Region", "Services", "Proven by (resources)"],
      d.securityServices.map((r) => [r.account, r.region, r.services.map((s) => s.service).join(", "), r.services.map((s) => `${s.service} ${s.resources.length}${s.destinations ? ` (to ${s.destinations.join(", ")})` : ""}`).join(", ")]),
      "No security services.",
    ),
  );
  out.push("## Who can access what", "", `IAM Identity Center groups and the permission sets they hold in each account (OU assignments included), administered from ${d.accessAdministrator}.`, "");
  out.push(
    table(
      ["Account", "Permission set", "Session", "Groups", "Policies"],
      d.access.flatMap((a) => a.sets.map((s) => [a.account, tick(s.permissionSet), s.sessionDuration, s.groups.join(", "), s.policies.join(", ")])),
      "No access assignments.",
    ),
  );
  const usd = (n: number) => `$${n.toFixed(2)}`;
  out.push("## What the landing zone costs", "", `**Estimate: ${usd(d.cost.monthlyUsd)} per month** for the landing zone's own fixed parts: ${PRICE_REGION} on-demand list prices from the project's price table (written ${PRICES_AS_OF}, each linked to its pricing page, not fetched live), 730 hours a month, usage not included. Check the pricing pages before you budget.`, "");
  out.push(table(["Stack", "Account", "Items", "Per month"], d.cost.stacks.map((c) => [tick(c.stack), c.account, c.lines.map((l) => `${l.quantity} × ${PRICES[l.item].unit} (${usd(l.monthlyUsd)})`).join(", ") || "-", usd(c.monthlyUsd)]), "No stacks."));
  for (const t of d.cost.tradeOffs) {
    out.push(`### ${t.title}`, "");
    out.push(table(["Option", "Per month", ""], t.options.map((o) => [o.label, usd(o.monthlyUsd), o.current ? "this config" : ""]), ""));
  }
  out.push(`Not estimated: ${d.cost.notEstimated.join("; ")}.`, "");
  out.push(`Prices: ${Object.values(PRICES).map((p) => `${p.unit} ${usd(p.monthlyUsd)} (${p.source})`).join("; ")}.`, "");
  out.push("## Encryption and logging coverage", "");
  if (options.coverage === "counts") out.push("Counted per stack and control to fit one pull-request comment; **index.html** lists every resource with its evidence.", "");
  for (const [title, rows] of [["Encryption at rest", d.coverage.encryption], ["Logging", d.coverage.logging]] as const) {
    out.push(`### ${title}`, "");
    if (options.coverage === "counts") out.push(table(["Stack", "Control", "Status", "Resources"], coverageCounts(rows), "None in the synthesized stacks yet."));
    else out.push(table(["Resource", "Stack", "Control", "Status", "Evidence"], rows.map((r) => [where(r), r.stack, tick(r.rule), r.suppressedBy !== undefined ? "suppressed" : r.status, r.detail]), "None in the synthesized stacks yet."));
  }
  out.push("## Controls and evidence", "");
  out.push(
    table(
      ["Rule", "Control", "CIS / FSBP / checkov", "Severity", "Status", "Evidence"],
      d.controls.map((c) => [
        tick(c.rule.id),
        c.rule.title,
        c.refs || "-",
        c.rule.severity,
        c.status,
        c.evidence.length ? `${c.evidence.length}: ${c.evidence.slice(0, 3).map((e) => tick(e.address ? `${e.stack}: ${e.address}` : e.path)).join(", ")}${c.evidence.length > 3 ? ", ..." : ""}` : "-",
      ]),
      "No rules.",
    ),
  );
  out.push("## Checks that can only be decided at apply time", "");
  out.push(table(["Rule", "Stack", "Construct", "Why"], d.unknowns.map((u) => [tick(u.rule), u.stack, where(u), u.detail]), "Every check could be decided at synth."));
  return out.join("\n");
}
