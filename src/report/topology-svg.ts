/**
 * Draws the topology so that it still reads at 200 accounts: one inline SVG
 * for the parts that do not grow with the accounts (the organization with its
 * SCPs and where they attach, allowedRegions, the OUs with account counts, the
 * hub VPC with its internet-facing parts, the audit trail and the archive's
 * Object Lock), ending in the Transit Gateway drawn as a bus; below it the
 * spokes hang off the bus in one foldable group per OU (HTML <details>), each
 * spoke a card with its CIDR, its compute and its internet exposure (public
 * subnets, IGW, public ALB and whether WAF guards it, public App Runner).
 * A few lines of inline script zoom the figure and fold or unfold every
 * group; without scripts the groups still fold. Nothing is fetched.
 * Elements the synthesized stacks hold are solid; elements only declared in
 * the config so far are dashed.
 */
import { SpokeNode, Topology } from "./topology-model";

export const escapeXml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const COLORS = {
  management: "#5b4b8a",
  logging: "#8a5a00",
  network: "#0b6e4f",
  security: "#a3262a",
  workload: "#1f5aa6",
  ou: "#555",
  public: "#e3f4ea",
  private: "#e6eefb",
  transit: "#f0f0f0",
};

class Svg {
  readonly parts: string[] = [];

  rect(b: Box, opts: { fill?: string; stroke?: string; planned?: boolean; rx?: number; cls?: string } = {}): void {
    const dash = opts.planned ? ' stroke-dasharray="6 4"' : "";
    this.parts.push(`<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="${opts.rx ?? 6}" fill="${opts.fill ?? "#fff"}" stroke="${opts.stroke ?? "#888"}" stroke-width="1.5"${dash}${opts.cls ? ` class="${opts.cls}"` : ""}/>`);
  }

  text(x: number, y: number, s: string, opts: { size?: number; weight?: string; anchor?: string; fill?: string } = {}): void {
    this.parts.push(`<text x="${x}" y="${y}" font-size="${opts.size ?? 12}"${opts.weight ? ` font-weight="${opts.weight}"` : ""}${opts.anchor ? ` text-anchor="${opts.anchor}"` : ""} fill="${opts.fill ?? "#222"}">${escapeXml(s)}</text>`);
  }

  line(x1: number, y1: number, x2: number, y2: number, opts: { arrow?: boolean; planned?: boolean; color?: string } = {}): void {
    this.parts.push(
      `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${opts.color ?? "#666"}" stroke-width="1.5"${opts.planned ? ' stroke-dasharray="6 4"' : ""}${opts.arrow ? ' marker-end="url(#arrow)"' : ""}/>`,
    );
  }
}

/** Wraps words into lines of at most `width` characters. */
function wrap(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const w of words) {
    if (current && current.length + w.length + 3 > width) {
      lines.push(current);
      current = w;
    } else current = current ? `${current} · ${w}` : w;
  }
  if (current) lines.push(current);
  return lines;
}

/** Organization: root with the SCPs attached there and the allowed regions, then each OU with its accounts (counted when many) and its own SCPs. */
function drawOrganization(svg: Svg, t: Topology, x: number, y: number, w: number): number {
  svg.text(x, y, "Organization", { size: 15, weight: "bold" });
  y += 14;
  const scpsAt = (target: string) => t.scps.filter((p) => p.attachedTo.includes(target)).map((p) => p.name);
  const rootScps = wrap(scpsAt("Root"), Math.floor((w - 20) / 6.2));
  const regions = wrap(t.allowedRegions, Math.floor((w - 20) / 6.2));
  const rootH = 28 + (rootScps.length + regions.length) * 14 + 8;
  svg.rect({ x, y, w, h: rootH }, { stroke: COLORS.management, fill: "#f3f0fa" });
  svg.text(x + 10, y + 18, `Root · management account ${t.management.id ?? ""}`, { weight: "bold", fill: COLORS.management });
  let ly = y + 18;
  rootScps.forEach((line, i) => svg.text(x + 10, (ly += 14), `${i === 0 ? "SCPs: " : ""}${line}`, { size: 10 }));
  regions.forEach((line, i) => svg.text(x + 10, (ly += 14), `${i === 0 ? "allowed regions: " : ""}${line}`, { size: 10 }));
  y += rootH + 8;
  for (const ou of t.ous) {
    const ox = x + 16 + ou.depth * 18;
    const own = scpsAt(`OU ${ou.path}`);
    svg.rect({ x: ox, y, w: w - (ox - x), h: own.length ? 36 : 24 }, { stroke: COLORS.ou, fill: "#fafafa", rx: 4 });
    svg.text(ox + 8, y + 16, `OU ${ou.path}`, { weight: "bold", fill: COLORS.ou });
    if (own.length) svg.text(ox + 8, y + 30, `SCPs: ${own.join(" · ")}`, { size: 10 });
    y += own.length ? 40 : 28;
    // Few accounts: one row each. Many: one row per account kind, with the count (the spokes are listed under the bus).
    const rows =
      ou.accounts.length <= 4 ? ou.accounts.map((a) => ({ type: a.type, label: `${a.name} · ${a.type} · ${a.id ?? "vended"}` }))
      : (["logging", "network", "workload"] as const)
          .map((type) => ({ type, n: ou.accounts.filter((a) => a.type === type).length }))
          .filter((r) => r.n > 0)
          .map((r) => ({ type: r.type, label: `${r.n} ${r.type} accounts (${ou.accounts.filter((a) => a.type === r.type && !a.id).length} vended)` }));
    for (const r of rows) {
      const ax = ox + 16;
      svg.rect({ x: ax, y, w: w - (ax - x), h: 22 }, { stroke: COLORS[r.type], rx: 4 });
      svg.text(ax + 8, y + 15, r.label, { size: 11, fill: COLORS[r.type] });
      y += 26;
    }
  }
  return y;
}

/** Trail flow to the logging account; returns the bottom y. */
function drawLogging(svg: Svg, t: Topology, x: number, y: number, w: number): number {
  const l = t.logging;
  svg.text(x, y, "Audit trail", { size: 15, weight: "bold" });
  y += 14;
  const trail = { x, y, w, h: 40 };
  svg.rect(trail, { stroke: COLORS.logging, planned: !l.trail, fill: "#fff8ec" });
  svg.text(x + 10, y + 17, "Organization CloudTrail", { weight: "bold", fill: COLORS.logging });
  svg.text(x + 10, y + 32, "all accounts · all regions · log file validation · KMS", { size: 11 });
  y += 58;
  const half = (w - 12) / 2;
  const archive = { x, y, w: half, h: 70 };
  const logs = { x: x + half + 12, y, w: half, h: 58 };
  svg.line(x + w / 4, trail.y + trail.h, x + w / 4, y, { arrow: true, planned: !l.archive });
  svg.line(x + (3 * w) / 4, trail.y + trail.h, x + (3 * w) / 4, y, { arrow: true, planned: !l.logGroup });
  svg.rect(archive, { stroke: COLORS.logging, planned: !l.archive });
  svg.text(archive.x + 8, y + 16, "S3 archive", { weight: "bold", size: 11, fill: COLORS.logging });
  svg.text(archive.x + 8, y + 32, `${l.account} · SSE-KMS · TLS only`, { size: 10 });
  svg.text(archive.x + 8, y + 47, `Glacier ${l.glacierDays} d · expire ${l.expireDays} d`, { size: 10 });
  svg.text(archive.x + 8, y + 62, l.objectLock ? `Object Lock ${l.objectLock.days} d, ${l.objectLock.mode.toLowerCase()}${l.objectLock.synthesized ? "" : " (planned)"}` : "no Object Lock", { size: 10, fill: l.objectLock ? COLORS.network : "#b3261e" });
  svg.rect(logs, { stroke: COLORS.logging, planned: !l.logGroup });
  svg.text(logs.x + 8, y + 16, "CloudWatch Logs", { weight: "bold", size: 11, fill: COLORS.logging });
  svg.text(logs.x + 8, y + 32, `${l.account} · KMS · ${l.retentionDays} d`, { size: 10 });
  svg.text(logs.x + 8, y + 47, "CIS 4.1-4.15 metric filters", { size: 10 });
  y += 76;
  svg.line(logs.x + logs.w / 2, logs.y + logs.h, logs.x + logs.w / 2, y, { arrow: true, planned: l.alarms === 0 });
  const alarms = { x: logs.x, y, w: logs.w, h: 40 };
  svg.rect(alarms, { stroke: COLORS.logging, planned: l.alarms === 0 || !l.topic });
  svg.text(alarms.x + 8, y + 16, `${l.alarms ? `${l.alarms} alarms` : "CIS alarms"} → SNS (KMS)`, { weight: "bold", size: 11, fill: COLORS.logging });
  svg.text(alarms.x + 8, y + 31, `email ${l.alarmEmail}`, { size: 10 });
  return y + alarms.h;
}

/** Hub VPC with its tiers, NAT, internet gateway and endpoints; returns its bottom and where each transit subnet meets the bus. */
function drawHub(svg: Svg, t: Topology, x: number, y: number, w: number): { bottom: number; transit: [number, number][] } {
  const hub = t.hub;
  svg.text(x, y, "Network", { size: 15, weight: "bold" });
  y += 14;
  const pad = 12;
  const gap = 10;
  const col = (w - 2 * pad - (hub.azs - 1) * gap) / hub.azs;
  const endpointLines = wrap(hub.endpoints, Math.floor(w / 7));
  const columnsTop = y + 46 + endpointLines.length * 15;
  const hubBox = { x, y, w, h: columnsTop - y + 196 };
  svg.rect(hubBox, { stroke: COLORS.network, planned: !hub.synthesized, fill: "#fbfefc" });
  svg.text(x + pad, y + 20, `Hub VPC · ${hub.account} · ${hub.cidr}`, { weight: "bold", size: 13, fill: COLORS.network });
  const igw = { x: x + w - 150, y: y - 12, w: 138, h: 24 };
  svg.rect(igw, { stroke: COLORS.network, planned: !hub.igw, fill: "#fff" });
  svg.text(igw.x + 69, igw.y + 16, "Internet gateway", { anchor: "middle", size: 11, fill: COLORS.network });
  let ey = y + 38;
  svg.text(x + pad, ey, `Interface endpoints (${hub.endpoints.length}${hub.endpointsSynthesized ? `, ${hub.endpointsSynthesized} synthesized` : ""}) in the private subnets, with private hosted zones for every spoke:`, { size: 11, weight: "bold" });
  for (const line of endpointLines) {
    ey += 15;
    svg.text(x + pad, ey, line, { size: 11 });
  }
  const transitBottoms: [number, number][] = [];
  for (let i = 0; i < hub.azs; i++) {
    const cx = x + pad + i * (col + gap);
    let cy = columnsTop;
    svg.text(cx, cy + 10, `AZ ${i + 1}`, { weight: "bold", size: 11 });
    cy += 18;
    const hasNat = hub.natMode === "per-az" || i === 0;
    svg.rect({ x: cx, y: cy, w: col, h: 52 }, { fill: COLORS.public, stroke: "#4a9d6f" });
    svg.text(cx + 8, cy + 16, `public ${hub.publicSubnets[i] ?? ""} · internet-facing`, { size: 11 });
    if (hasNat) {
      svg.rect({ x: cx + 8, y: cy + 24, w: 96, h: 20 }, { stroke: COLORS.network, planned: !hub.nat.synthesized, rx: 10 });
      svg.text(cx + 56, cy + 38, "NAT gateway", { anchor: "middle", size: 10, fill: COLORS.network });
    }
    cy += 60;
    svg.rect({ x: cx, y: cy, w: col, h: 44 }, { fill: COLORS.private, stroke: "#5b7fc2" });
    svg.text(cx + 8, cy + 16, `private ${hub.privateSubnets[i] ?? ""}`, { size: 11 });
    svg.text(cx + 8, cy + 33, "interface endpoints", { size: 10, fill: "#444" });
    cy += 52;
    svg.rect({ x: cx, y: cy, w: col, h: 30 }, { fill: COLORS.transit, stroke: "#999" });
    svg.text(cx + 8, cy + 19, `transit ${hub.transitSubnets[i] ?? ""}`, { size: 11 });
    transitBottoms.push([cx + col / 2, cy + 30]);
  }
  return { bottom: hubBox.y + hubBox.h, transit: transitBottoms };
}

/** The fixed part of the picture as an `<svg>`: organization and audit trail, hub, and the Transit Gateway bus along the bottom. */
export function topologySvg(t: Topology): string {
  const svg = new Svg();
  const width = 1160;
  const leftW = 360;
  svg.rect({ x: 16, y: 8, w: 22, h: 14 }, { rx: 2 });
  svg.text(44, 19, "in the synthesized stacks", { size: 11 });
  svg.rect({ x: 220, y: 8, w: 22, h: 14 }, { rx: 2, planned: true });
  svg.text(248, 19, "declared in the config, not (yet) in the stacks", { size: 11 });
  const orgBottom = drawOrganization(svg, t, 16, 48, leftW);
  const logBottom = drawLogging(svg, t, 16, orgBottom + 36, leftW);
  svg.line(16 + leftW / 2, orgBottom + 2, 16 + leftW / 2, orgBottom + 44, { arrow: true, planned: !t.logging.trail });
  const hub = drawHub(svg, t, 16 + leftW + 40, 48, width - leftW - 72);
  // The Transit Gateway as a bus across the whole width: the hub's transit subnets drop onto it, the spokes hang below it.
  const busY = Math.max(logBottom, hub.bottom + 40) + 30;
  for (const [cx, cy] of hub.transit) svg.line(cx, cy, cx, busY, { planned: !t.hub.tgw.synthesized, color: COLORS.network });
  svg.rect({ x: 16, y: busY, w: width - 32, h: 36 }, { stroke: COLORS.network, planned: !t.hub.tgw.synthesized, fill: "#e3f4ea", rx: 4, cls: "bus" });
  svg.text(28, busY + 15, `Transit Gateway · ASN ${t.hub.tgw.asn} · RAM share to the organization`, { weight: "bold", fill: COLORS.network });
  const exposed = t.spokes.filter(isExposed).length;
  svg.text(28, busY + 30, `${t.spokes.length} spokes attached in ${spokeGroups(t).length} OU groups below · spokes isolated from each other · egress via the hub NAT · ${exposed} spoke${exposed === 1 ? "" : "s"} internet-facing`, { size: 11 });
  const height = busY + 36;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="topology-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif">`,
    `<title id="topology-title">Topology of the landing zone: organization and SCPs, hub network, Transit Gateway, audit trail</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#666"/></marker></defs>',
    ...svg.parts,
    "</svg>",
  ].join("\n");
}

/** True when anything in the spoke is reachable from the internet. */
export const isExposed = (s: SpokeNode): boolean => s.exposure.publicAlbs > 0 || s.exposure.publicAppRunner > 0 || s.exposure.igw;

/** Spokes grouped by OU, in OU order. */
export function spokeGroups(t: Topology): { ou: string; spokes: SpokeNode[] }[] {
  const groups = new Map<string, SpokeNode[]>();
  for (const s of t.spokes) groups.set(s.ou, [...(groups.get(s.ou) ?? []), s]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([ou, spokes]) => ({ ou, spokes }));
}

/** Above this many spokes the OU groups start folded; their summaries still give the counts. */
export const UNFOLDED_SPOKES = 24;

function spokeCard(s: SpokeNode): string {
  const e = s.exposure;
  const flags = [
    e.publicSubnets ? `<span class="flag net">public subnets</span>` : "",
    e.igw ? `<span class="flag net">IGW</span>` : "",
    e.publicAlbs ? `<span class="flag ${e.wafProtected === e.publicAlbs ? "net" : "bad"}">public ALB ×${e.publicAlbs} · WAF ${e.wafProtected}/${e.publicAlbs}</span>` : "",
    e.publicAppRunner ? `<span class="flag net">public App Runner ×${e.publicAppRunner}</span>` : "",
  ].join("");
  return (
    `<div class="spoke${isExposed(s) ? " exposed" : ""}${s.synthesized ? "" : " planned"}" data-account="${escapeXml(s.account)}">` +
    `<b>${escapeXml(s.account)}</b><span class="cidr">${escapeXml(s.cidr)}${s.cidrSource === "pool" ? " (pool)" : ""}</span>` +
    `<ul>${s.compute.labels.map((l) => `<li>${escapeXml(l)}</li>`).join("") || "<li>no compute</li>"}</ul>` +
    (flags ? `<div class="flags">${flags}</div>` : `<div class="flags"><span class="flag">private only</span></div>`) +
    "</div>"
  );
}

/** The spokes under the bus: one foldable group per OU, with counts in its summary. */
export function spokeGroupsHtml(t: Topology): string {
  const open = t.spokes.length <= UNFOLDED_SPOKES;
  return spokeGroups(t)
    .map(({ ou, spokes }) => {
      const exposed = spokes.filter(isExposed).length;
      const albs = spokes.reduce((n, s) => n + s.exposure.publicAlbs, 0);
      const guarded = spokes.reduce((n, s) => n + s.exposure.wafProtected, 0);
      const units = spokes.reduce((n, s) => n + s.compute.units, 0);
      const summary = `<b>OU ${escapeXml(ou)}</b> · ${spokes.length} spoke${spokes.length === 1 ? "" : "s"} · ${exposed} internet-facing${albs ? ` · public ALBs ${albs}, WAF on ${guarded}` : ""} · ${units} compute units`;
      return `<details class="ou-group" data-ou="${escapeXml(ou)}"${open ? " open" : ""}><summary>${summary}</summary><div class="spokes">${spokes.map(spokeCard).join("")}</div></details>`;
    })
    .join("");
}

/** Styles of the figure (the page's stylesheet includes them). */
export const TOPOLOGY_CSS = `
.topo-tools { display: flex; gap: 6px; margin: 0 0 8px; }
.topo-tools button { font: inherit; font-size: 12px; padding: 2px 10px; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
.topo-viewport { overflow: auto; max-height: 90vh; border: 1px solid var(--line); border-radius: 6px; }
.topo { zoom: var(--zoom, 1); width: 1160px; }
.topo > svg { display: block; }
.bus-groups { margin: 0 16px 16px 40px; border-left: 6px solid #0b6e4f; padding: 4px 0 4px 0; }
.ou-group { margin: 8px 0; position: relative; padding-left: 18px; }
.ou-group::before { content: ""; position: absolute; left: 0; top: 11px; width: 14px; border-top: 3px solid #0b6e4f; }
.ou-group > summary { color: #1d1d1f; padding: 2px 6px; background: #f1f3f6; border-radius: 4px; }
.spokes { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 8px; margin-top: 8px; }
.spoke { border: 1.5px solid #1f5aa6; border-radius: 6px; background: #f7faff; padding: 6px 8px; font-size: 12px; }
.spoke.planned { border-style: dashed; }
.spoke.exposed { border-color: #8a5a00; background: #fffaf0; }
.spoke b { color: #1f5aa6; display: block; }
.spoke .cidr { color: var(--muted); font-family: ui-monospace, monospace; font-size: 11px; }
.spoke ul { margin: 4px 0; padding-left: 16px; }
.flag { display: inline-block; font-size: 10px; border-radius: 8px; padding: 0 6px; margin: 1px 2px 0 0; background: #eef0f3; color: var(--muted); }
.flag.net { background: #fff4e0; color: #8a5a00; }
.flag.bad { background: #fbe9e7; color: #b3261e; }
`;

/** Zoom and fold for the figure: a few lines, inline, nothing loaded. */
export const TOPOLOGY_SCRIPT = `<script>
(function () {
  var topo = document.getElementById("topology-canvas"), zoom = 1;
  document.querySelectorAll("[data-topo]").forEach(function (b) {
    b.addEventListener("click", function () {
      var a = b.getAttribute("data-topo");
      if (a === "in" || a === "out" || a === "fit") {
        zoom = a === "in" ? Math.min(zoom * 1.25, 4) : a === "out" ? Math.max(zoom / 1.25, 0.25) : Math.min(1, topo.parentNode.clientWidth / 1160);
        topo.style.setProperty("--zoom", String(zoom));
      } else document.querySelectorAll(".ou-group").forEach(function (g) { g.open = a === "unfold"; });
    });
  });
})();
</script>`;

/** The whole figure: tools, the SVG and the spoke groups under the bus. */
export function topologyFigure(t: Topology): string {
  const tools = [["in", "zoom in"], ["out", "zoom out"], ["fit", "fit width"], ["unfold", "unfold all OUs"], ["fold", "fold all OUs"]]
    .map(([a, label]) => `<button type="button" data-topo="${a}">${label}</button>`)
    .join("");
  return `<div class="topo-tools" role="toolbar">${tools}</div><div class="topo-viewport"><div class="topo" id="topology-canvas">${topologySvg(t)}<div class="bus-groups">${spokeGroupsHtml(t)}</div></div></div>`;
}
