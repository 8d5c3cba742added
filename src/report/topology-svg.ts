/**
 * Draws the topology as one inline SVG (no scripts, no external fonts):
 * the organization tree on the left, the hub VPC with its subnets, NAT,
 * endpoints and Transit Gateway with the spokes on the right, and the
 * organization trail flowing to the logging account below the tree.
 * Elements the synthesized stacks hold are solid; elements only declared in
 * the config so far are dashed.
 */
import { AccountNode, Topology } from "./topology-model";

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

function accountLabel(a: AccountNode): string {
  return `${a.name} · ${a.type} · ${a.id ?? "vended"}`;
}

/** Organization tree; returns the bottom y. */
function drawOrganization(svg: Svg, t: Topology, x: number, y: number, w: number): number {
  svg.text(x, y, "Organization", { size: 15, weight: "bold" });
  y += 14;
  svg.rect({ x, y, w, h: 28 }, { stroke: COLORS.management, fill: "#f3f0fa" });
  svg.text(x + 10, y + 18, `Root · management account ${t.management.id ?? ""}`, { weight: "bold", fill: COLORS.management });
  y += 36;
  for (const ou of t.ous) {
    const ox = x + 16 + ou.depth * 18;
    svg.rect({ x: ox, y, w: w - (ox - x), h: 24 }, { stroke: COLORS.ou, fill: "#fafafa", rx: 4 });
    svg.text(ox + 8, y + 16, `OU ${ou.path}`, { weight: "bold", fill: COLORS.ou });
    y += 28;
    for (const a of ou.accounts) {
      const ax = ox + 16;
      svg.rect({ x: ax, y, w: w - (ax - x), h: 22 }, { stroke: COLORS[a.type], rx: 4 });
      svg.text(ax + 8, y + 15, accountLabel(a), { size: 11, fill: COLORS[a.type] });
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
  const archive = { x, y, w: half, h: 58 };
  const logs = { x: x + half + 12, y, w: half, h: 58 };
  svg.line(x + w / 4, trail.y + trail.h, x + w / 4, y, { arrow: true, planned: !l.archive });
  svg.line(x + (3 * w) / 4, trail.y + trail.h, x + (3 * w) / 4, y, { arrow: true, planned: !l.logGroup });
  svg.rect(archive, { stroke: COLORS.logging, planned: !l.archive });
  svg.text(archive.x + 8, y + 16, "S3 archive", { weight: "bold", size: 11, fill: COLORS.logging });
  svg.text(archive.x + 8, y + 32, `${l.account} · SSE-KMS · TLS only`, { size: 10 });
  svg.text(archive.x + 8, y + 47, `Glacier ${l.glacierDays} d · expire ${l.expireDays} d`, { size: 10 });
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

/** Hub VPC, Transit Gateway and spokes; returns the bottom y. */
function drawNetwork(svg: Svg, t: Topology, x: number, y: number, w: number): number {
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
    svg.text(cx + 8, cy + 16, `public ${hub.publicSubnets[i] ?? ""}`, { size: 11 });
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
  const hubBottom = hubBox.y + hubBox.h;
  const tgw = { x: x + w / 2 - 170, y: hubBottom + 40, w: 340, h: 40 };
  for (const [cx, cy] of transitBottoms) svg.line(cx, cy, tgw.x + tgw.w / 2, tgw.y, { planned: !hub.tgw.synthesized });
  svg.rect(tgw, { stroke: COLORS.network, planned: !hub.tgw.synthesized, fill: "#eef8f3", rx: 20 });
  svg.text(tgw.x + tgw.w / 2, tgw.y + 17, "Transit Gateway", { anchor: "middle", weight: "bold", fill: COLORS.network });
  svg.text(tgw.x + tgw.w / 2, tgw.y + 32, `ASN ${hub.tgw.asn} · spokes isolated · RAM share to the org`, { anchor: "middle", size: 10 });
  const perRow = Math.max(1, Math.min(3, t.spokes.length));
  const sw = (w - (perRow - 1) * 14) / perRow;
  let sy = tgw.y + tgw.h + 50;
  t.spokes.forEach((s, i) => {
    const row = Math.floor(i / perRow);
    const sx = x + (i % perRow) * (sw + 14);
    const top = sy + row * 100;
    svg.line(tgw.x + tgw.w / 2, tgw.y + tgw.h, sx + sw / 2, top, { planned: !s.synthesized });
    svg.rect({ x: sx, y: top, w: sw, h: 80 }, { stroke: COLORS.workload, planned: !s.synthesized, fill: "#f7faff" });
    svg.text(sx + 10, top + 18, `Spoke VPC · ${s.account}`, { weight: "bold", size: 12, fill: COLORS.workload });
    svg.text(sx + 10, top + 35, `${s.cidr}${s.cidrSource === "pool" ? " (from the pool)" : ""}`, { size: 11 });
    svg.text(sx + 10, top + 51, `private ×${s.privateSubnets.length} · transit ×${s.transitSubnets.length} · no NAT`, { size: 10 });
    svg.text(sx + 10, top + 66, "0.0.0.0/0 → TGW · S3 gateway endpoint", { size: 10 });
  });
  sy += Math.ceil(t.spokes.length / perRow) * 100;
  svg.text(x, sy + 4, "Egress: spoke → Transit Gateway → hub transit subnet → NAT gateway → internet gateway", { size: 11, fill: "#444" });
  return sy + 10;
}

/** The whole picture as an `<svg>` element. */
export function topologySvg(t: Topology): string {
  const svg = new Svg();
  const width = 1160;
  const leftW = 360;
  const orgBottom = drawOrganization(svg, t, 16, 28, leftW);
  const logBottom = drawLogging(svg, t, 16, orgBottom + 36, leftW);
  svg.line(16 + leftW / 2, orgBottom + 2, 16 + leftW / 2, orgBottom + 44, { arrow: true, planned: !t.logging.trail });
  const netBottom = drawNetwork(svg, t, 16 + leftW + 40, 28, width - leftW - 72);
  const height = Math.max(logBottom, netBottom) + 40;
  svg.rect({ x: 16, y: height - 30, w: 22, h: 14 }, { rx: 2 });
  svg.text(44, height - 19, "in the synthesized stacks", { size: 11 });
  svg.rect({ x: 220, y: height - 30, w: 22, h: 14 }, { rx: 2, planned: true });
  svg.text(248, height - 19, "declared in the config, not (yet) in the stacks", { size: 11 });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" id="topology" role="img" aria-labelledby="topology-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif">`,
    `<title id="topology-title">Topology of the landing zone: organization, hub and spoke network, audit trail</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#666"/></marker></defs>',
    ...svg.parts,
    "</svg>",
  ].join("\n");
}
