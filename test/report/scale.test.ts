/**
 * The report at 200 workload accounts (the bench's largest config): report.md
 * still fits one pull-request comment, as a summary that says so and counts
 * what it leaves to index.html; and the page's topology stays readable in
 * headless Chromium: spokes grouped by OU under the Transit Gateway bus,
 * folded until asked, cards of readable size that do not overlap, zoom.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { benchConfig } from "../../bench/configs";
import { parseConfig } from "../../src/config/load";
import { writeReport } from "../../src/report";
import type { Located } from "../../src/report/data";
import { PR_COMMENT_LIMIT, renderMarkdown } from "../../src/report/markdown";
import { evaluate } from "../../src/synth";
import { REPORT_READS } from "../../src/report/reads";
import { chromium } from "../helpers/chromium";
import { exampleText } from "../helpers/synth";

jest.setTimeout(600_000);

const PROBE = `<script>
const box = (el) => el.getBoundingClientRect();
const groups = [...document.querySelectorAll(".ou-group")];
const foldedAtLoad = groups.filter((g) => !g.open).length;
const svg = document.querySelector("#topology svg");
const svgHeight = Math.round(box(svg).height);
document.querySelector('[data-topo="unfold"]').click();
const cards = [...document.querySelectorAll(".spoke")];
const rects = cards.map((c) => { const r = box(c); return [r.left, r.top, r.width, r.height]; });
let overlaps = 0;
for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length && j < i + 12; j++) {
  const [a, b] = [rects[i], rects[j]];
  if (a[0] < b[0] + b[2] - 1 && b[0] < a[0] + a[2] - 1 && a[1] < b[1] + b[3] - 1 && b[1] < a[1] + a[3] - 1) overlaps++;
}
const fontPx = parseFloat(getComputedStyle(cards[0]).fontSize);
const before = box(document.getElementById("topology-canvas")).width;
document.querySelector('[data-topo="in"]').click();
const after = box(document.getElementById("topology-canvas")).width;
document.querySelector('[data-topo="fold"]').click();
document.body.setAttribute("data-layout", JSON.stringify({
  groups: groups.length, foldedAtLoad, svgHeight, cards: cards.length,
  minWidth: Math.min(...rects.map((r) => r[2])), overlaps, fontPx, zoomed: after / before,
  foldedAfter: groups.filter((g) => !g.open).length,
}));
</script>`;

describe("the report at 200 workload accounts", () => {
  const dir = mkdtempSync(join(tmpdir(), "lz-report-200-"));
  const config = parseConfig(benchConfig(exampleText(), 200), "bench-200.yaml");
  const { policy } = evaluate(config, join(dir, ".lz"), REPORT_READS); // as lz report: on worker threads, partial models
  const { files, data } = writeReport(config, policy, dir);
  const md = readFileSync(files.markdown, "utf8");

  it("writes report.md within one pull-request comment, as a summary that points to index.html", () => {
    expect(md.length).toBeLessThanOrEqual(PR_COMMENT_LIMIT);
    expect(md).toContain("guardrail report (summary)");
    expect(md).toMatch(/The full report is [\d,]+ characters, more than one pull-request comment holds \(65,536\)/);
    expect(md).toContain("**index.html**");
    expect(md).toContain("| workload | 200 | 200 |");
    expect(md).toContain("| Workloads/Prod | 200 | 200 | 200 | 200 | 0 |");
    expect(md).toContain("`acme-region-guard` on Root");
    expect(md).toMatch(/## Controls that do not pass\n\n\d+ controls: \d+ pass/);
    expect(md).toContain("```mermaid");
  });

  it("lists the findings that fit and counts the rest, never dropping them silently", () => {
    const sample = policy.results.find((r) => r.status === "pass")!;
    const finding: Located = { ...sample, status: "fail", severity: "error", location: { path: ["accounts", 2] }, key: "accounts[2]" } as Located;
    const many = renderMarkdown({ ...data, findings: Array.from({ length: 5000 }, () => finding), summary: { ...data.summary, errors: 5000 } });
    expect(many.length).toBeLessThanOrEqual(PR_COMMENT_LIMIT);
    const listed = many.split("\n").filter((l) => l.startsWith("| error |")).length;
    expect(listed).toBeGreaterThan(10);
    expect(many).toContain(`**${5000 - listed} more findings** are not listed here: see index.html or findings.sarif.`);
  });

  it("keeps the topology readable in Chromium: OU groups on the bus, folded at load, cards that do not overlap, zoom and fold", () => {
    const probed = join(dir, "probed.html");
    writeFileSync(probed, readFileSync(files.html, "utf8").replace("</body>", `${PROBE}</body>`));
    const dom = chromium(["--window-size=1400,1600", "--dump-dom", pathToFileURL(probed).href]);
    const attr = /data-layout="([^"]*)"/.exec(dom);
    expect(attr).not.toBeNull();
    const layout = JSON.parse(attr![1].replace(/&quot;/g, '"').replace(/&amp;/g, "&"));
    expect(layout).toMatchObject({ groups: 1, foldedAtLoad: 1, cards: 200, overlaps: 0, foldedAfter: 1 });
    // The picture does not grow with the accounts (it was a 200-line fan into the TGW before).
    expect(layout.svgHeight).toBeLessThan(1200);
    expect(layout.minWidth).toBeGreaterThanOrEqual(200);
    expect(layout.fontPx).toBeGreaterThanOrEqual(12);
    expect(layout.zoomed).toBeCloseTo(1.25, 1);
  });
});
