/**
 * The auditor's page: one self-contained HTML file (inline CSS, inline SVG,
 * a few lines of inline script to zoom and fold the topology, nothing
 * fetched) that renders offline.
 */
import { ruleById } from "../policy";
import { formatPath } from "../config/problem";
import type { RuleResult } from "../policy/types";
import { PRICE_REGION, PRICES, PRICES_AS_OF } from "./cost";
import { Control, ReportData } from "./data";
import { escapeXml as esc, TOPOLOGY_CSS, TOPOLOGY_SCRIPT, topologyFigure } from "./topology-svg";

const CSS = `
:root { --ok: #0b6e4f; --bad: #b3261e; --warn: #8a5a00; --muted: #666; --line: #ddd; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; margin: 0; background: #f6f7f9; }
header { background: #1f2a44; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #c9d1e4; }
main { padding: 8px 32px 48px; max-width: 1320px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 20px 0; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 16px 0 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: #f1f3f6; font-weight: 600; position: sticky; top: 0; }
td code, li code { font-size: 12px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; word-break: break-all; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.card b { display: block; font-size: 24px; }
.card span { color: var(--muted); }
.verdict { font-size: 16px; font-weight: 600; padding: 10px 14px; border-radius: 8px; margin-bottom: 14px; }
.verdict.ok { background: #e3f4ea; color: var(--ok); }
.verdict.bad { background: #fbe9e7; color: var(--bad); }
.badge { display: inline-block; border-radius: 10px; padding: 1px 8px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.pass { background: #e3f4ea; color: var(--ok); }
.fail, .error { background: #fbe9e7; color: var(--bad); }
.warning, .suppressed { background: #fff4e0; color: var(--warn); }
.unknown, .not-applicable { background: #eef0f3; color: var(--muted); }
.figure { overflow-x: auto; }
.muted { color: var(--muted); }
ul.evidence { margin: 0; padding-left: 18px; }
details summary { cursor: pointer; color: #1f5aa6; }
`;

const badge = (text: string, cls = text) => `<span class="badge ${esc(cls.replace(/ /g, "-"))}">${esc(text)}</span>`;
const code = (s: string) => `<code>${esc(s)}</code>`;
const where = (r: RuleResult) => `${code(r.path)}${r.address ? `<br><span class="muted">${code(r.address)}</span>` : ""}`;

function table(headers: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p class="muted">${esc(empty)}</p>`;
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

function evidenceList(results: readonly RuleResult[]): string {
  const item = (r: RuleResult) => `<li>${code(r.address ? `${r.stack}: ${r.address}` : r.path)} ${esc(r.detail)}</li>`;
  if (results.length <= 6) return `<ul class="evidence">${results.map(item).join("")}</ul>`;
  return `<ul class="evidence">${results.slice(0, 4).map(item).join("")}</ul><details><summary>all ${results.length} resources</summary><ul class="evidence">${results.slice(4).map(item).join("")}</ul></details>`;
}

function controlRow(c: Control): string[] {
  const proof =
    c.evidence.length ? evidenceList(c.evidence)
    : c.status === "not applicable" ? `<span class="muted">no resource of this kind in the stacks</span>`
    : "";
  const problems = [...c.failures, ...c.unknowns].map((r) => `<li>${code(r.path)} ${esc(r.detail)}${r.suppressedBy !== undefined ? ` (suppressed by suppressions[${r.suppressedBy}])` : ""}</li>`);
  return [
    `${code(c.rule.id)}<br><span class="muted">${esc(c.area)}</span>`,
    `${esc(c.rule.title)}<br><span class="muted">${esc(c.rule.description)}</span>`,
    esc(c.refs || "-"),
    badge(c.rule.severity),
    badge(c.status),
    proof + (problems.length ? `<ul class="evidence">${problems.join("")}</ul>` : ""),
  ];
}

function coverageTable(rows: readonly RuleResult[], what: string): string {
  return table(
    ["Resource", "Stack", "Control", "Status", "Evidence"],
    rows.map((r) => [where(r), esc(r.stack), code(r.rule), badge(r.suppressedBy !== undefined ? "suppressed" : r.status), esc(r.detail)]),
    `No ${what} resources in the synthesized stacks yet.`,
  );
}

export function renderHtml(d: ReportData): string {
  const s = d.summary;
  const findingsCount = s.errors + s.warnings;
  const verdict =
    findingsCount === 0 ? `<div class="verdict ok">No findings: ${s.passed} checks passed across ${s.stacks} stacks${s.suppressed ? `, ${s.suppressed} accepted by suppressions` : ""}.</div>`
    : `<div class="verdict bad">${findingsCount} finding${findingsCount === 1 ? "" : "s"}: ${s.errors} error${s.errors === 1 ? "" : "s"} (these stop lz synth), ${s.warnings} warning${s.warnings === 1 ? "" : "s"}.</div>`;
  const cards = [
    ["accounts", s.accounts],
    ["stacks", s.stacks],
    ["resources", s.resources],
    ["rules", s.rules],
    ["checks passed", s.passed],
    ["errors", s.errors],
    ["warnings", s.warnings],
    ["suppressed", s.suppressed],
    ["unverifiable at synth", s.unknown],
  ]
    .map(([label, n]) => `<div class="card"><b>${n}</b><span>${label}</span></div>`)
    .join("");
  const findings = table(
    ["Severity", "Rule", "Stack", "Construct", "Finding", "Fix", "Config key"],
    d.findings.map((f) => {
      const rule = ruleById(f.rule)!;
      return [badge(f.severity), code(f.rule), esc(f.stack), where(f), `${esc(rule.message)}: ${esc(f.detail)}`, esc(rule.fix), `${code(f.key)}${f.location.line ? ` line ${f.location.line}` : ""}`];
    }),
    "No findings.",
  );
  const suppressions = table(
    ["#", "Rule", "Resource", "Reason", "Accepted findings", "Config"],
    d.suppressions.map((u) => [
      String(u.index),
      code(u.rule),
      code(u.resource),
      esc(u.reason),
      u.matched.length ? `<ul class="evidence">${u.matched.map((m) => `<li>${code(m.path)} ${esc(m.detail)}</li>`).join("")}</ul>` : `<span class="muted">none (the finding no longer occurs; remove the suppression)</span>`,
      `${code(formatPath(u.location.path))}${u.location.line ? ` line ${u.location.line}` : ""}`,
    ]),
    "No suppressions: every guardrail holds without exceptions.",
  );
  const inventory = table(
    ["Stack", "Account", "Account id", "Resources", "By type"],
    d.inventory.map((i) => [code(i.stack), esc(i.account), esc(i.accountId), String(i.total), i.byType.map(([t, n]) => `${code(t)}&nbsp;${n}`).join(", ")]),
    "No stacks.",
  );
  const unknowns = table(
    ["Rule", "Stack", "Construct", "Why"],
    d.unknowns.map((u) => [code(u.rule), esc(u.stack), where(u), esc(u.detail)]),
    "Every check could be decided at synth.",
  );
  const access = table(
    ["Account", "Permission set", "Session", "Groups", "Policies"],
    d.access.flatMap((a) => a.sets.map((p) => [esc(a.account), code(p.permissionSet), esc(p.sessionDuration), esc(p.groups.join(", ")), esc(p.policies.join(", "))])),
    "No access assignments.",
  );
  const security = table(
    ["Account", "Region", "Services", "Proven by"],
    d.securityServices.map((r) => [esc(r.account), esc(r.region), esc(r.services.map((s) => s.service).join(", ")), r.services.map((s) => `${esc(s.service)}: ${s.resources.map(code).join(", ")}${s.destinations ? ` → ${s.destinations.map(code).join(", ")}` : ""}`).join("<br>")]),
    "No security services.",
  );
  const usd = (n: number) => `$${n.toFixed(2)}`;
  const cost =
    `<p><b>Estimate: ${usd(d.cost.monthlyUsd)} per month</b> for the landing zone's own fixed parts: ${esc(PRICE_REGION)} on-demand list prices from the project's price table (written ${esc(PRICES_AS_OF)}, each linked to its pricing page, not fetched live), 730 hours a month, usage not included. Check the pricing pages before you budget.</p>` +
    table(["Stack", "Account", "Items", "Per month"], d.cost.stacks.map((c) => [code(c.stack), esc(c.account), esc(c.lines.map((l) => `${l.quantity} × ${PRICES[l.item].unit} (${usd(l.monthlyUsd)})`).join(", ") || "-"), usd(c.monthlyUsd)]), "No stacks.") +
    d.cost.tradeOffs.map((t) => `<h3>${esc(t.title)}</h3>` + table(["Option", "Per month", ""], t.options.map((o) => [esc(o.label), usd(o.monthlyUsd), o.current ? badge("this config", "pass") : ""]), "")).join("") +
    `<p class="muted">Not estimated: ${esc(d.cost.notEstimated.join("; "))}.</p>` +
    `<details><summary>price table</summary>${table(["Unit", "Per month", "Note", "Source"], Object.values(PRICES).map((p) => [esc(p.unit), usd(p.monthlyUsd), esc(p.note ?? ""), code(p.source)]), "")}</details>`;
  const controls = table(["Rule", "Control", "CIS / FSBP / checkov", "Severity", "Status", "Evidence"], d.controls.map(controlRow), "No rules.");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(d.name)} landing zone: guardrail report</title>
<style>${CSS}${TOPOLOGY_CSS}</style>
</head>
<body>
<header><h1>Landing zone ${esc(d.name)}: guardrail report</h1><p>From ${esc(d.configFile)} · generated ${esc(d.generatedAt)} · ${s.rules} rules (CIS AWS Foundations v3.0, AWS FSBP, checkov)</p></header>
<main>
<section id="summary"><h2>Summary</h2>${verdict}<div class="cards">${cards}</div></section>
<section id="retired"><h2>Retired accounts</h2><p class="muted">In the Suspended OU under a deny-all SCP (the deployer and access roles excepted); contents destroyed but the log archives; never closed.</p>${table(["Account", "Id", "Former OU"], d.retired.map((r) => [esc(r.name), esc(r.id ?? "vended"), esc(r.ou)]), "No retired accounts.")}</section>
<section id="topology"><h2>Topology</h2>${topologyFigure(d.topology)}</section>
<section id="findings"><h2>Findings</h2>${findings}</section>
<section id="suppressions"><h2>Suppressions</h2>${suppressions}</section>
<section id="inventory"><h2>Per-account inventory</h2>${inventory}</section>
<section id="security-services"><h2>Security services</h2><p class="muted">Per account and region, the security services that run there and the synthesized resources that prove it. Member accounts' GuardDuty, Security Hub and Inspector are auto-enabled by the security account's organization configuration.</p>${security}</section>
<section id="access"><h2>Who can access what</h2><p class="muted">IAM Identity Center groups and the permission sets they hold in each account (OU assignments included), administered from ${esc(d.accessAdministrator)}.</p>${access}</section>
<section id="cost"><h2>What the landing zone costs</h2>${cost}</section>
<section id="coverage"><h2>Encryption and logging coverage</h2><h3>Encryption at rest</h3>${coverageTable(d.coverage.encryption, "encryptable")}<h3>Logging</h3>${coverageTable(d.coverage.logging, "logging")}</section>
<section id="controls"><h2>Controls and evidence</h2><p class="muted">For each rule, the resources whose synthesized configuration satisfies it.</p>${controls}</section>
<section id="unverifiable"><h2>Checks that can only be decided at apply time</h2>${unknowns}</section>
</main>
${TOPOLOGY_SCRIPT}
</body>
</html>
`;
}
