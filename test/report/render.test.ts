/**
 * Browser layer: the report renders offline in headless Chromium. The test
 * saves a screenshot (test-artifacts/report.png) and checks, in the rendered
 * page, that the topology picture and the tables have real size and content.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { loadConfig } from "../../src/config/load";
import { writeReport } from "../../src/report";
import { evaluate } from "../../src/synth";
import { chromium } from "../helpers/chromium";
import { readPng } from "../helpers/png";
import { EXAMPLE_FILE, ROOT } from "../helpers/synth";

jest.setTimeout(180_000);

/** Measures what the browser laid out, into a data attribute --dump-dom prints. */
const PROBE = `<script>
const box = (el) => { const r = el.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; };
const svg = document.querySelector("#topology svg");
document.body.setAttribute("data-layout", JSON.stringify({
  svg: box(svg),
  shapes: svg.querySelectorAll("rect").length,
  texts: [...svg.querySelectorAll("text")].filter((t) => t.getComputedTextLength() > 0).length,
  tables: [...document.querySelectorAll("section table")].map((t) => ({ section: t.closest("section").id, size: box(t), rows: t.rows.length })),
  spokes: [...document.querySelectorAll(".ou-group[open] .spoke")].map(box),
  folded: (document.querySelector('[data-topo="fold"]').click(), document.querySelectorAll(".ou-group:not([open])").length),
}));
</script>`;

describe("the report in headless Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "lz-render-"));
  const config = loadConfig(EXAMPLE_FILE);
  const { files } = writeReport(config, evaluate(config, join(dir, ".lz")).policy, dir);
  const artifacts = join(ROOT, "test-artifacts");
  const screenshot = join(artifacts, "report.png");
  mkdirSync(artifacts, { recursive: true });

  it("renders a non-blank page (screenshot saved to test-artifacts/report.png)", () => {
    chromium(["--window-size=1400,1600", `--screenshot=${screenshot}`, pathToFileURL(files.html).href]);
    copyFileSync(files.html, join(artifacts, "report.html"));
    const png = readPng(screenshot);
    expect([png.width, png.height]).toEqual([1400, 1600]);
    // Sample the page: enough of it must differ from plain white, and the header's navy and the hub's green must show.
    let inked = 0;
    let samples = 0;
    const colors = new Set<string>();
    let green = 0;
    for (let y = 0; y < png.height; y += 4) {
      for (let x = 0; x < png.width; x += 4) {
        const [r, g, b] = png.pixel(x, y);
        samples++;
        if (r < 235 || g < 235 || b < 235) inked++;
        colors.add(`${r >> 4},${g >> 4},${b >> 4}`);
        if (Math.abs(r - 0x0b) + Math.abs(g - 0x6e) + Math.abs(b - 0x4f) < 60) green++;
      }
    }
    expect(inked / samples).toBeGreaterThan(0.05);
    expect(colors.size).toBeGreaterThan(20);
    expect(green).toBeGreaterThan(20); // the hub VPC's outline and labels
    expect(png.pixel(20, 20).slice(0, 3)).toEqual([0x1f, 0x2a, 0x44]);
  });

  it("lays out the topology picture and every table with real size", () => {
    const probed = join(dir, "probed.html");
    writeFileSync(probed, readFileSync(files.html, "utf8").replace("</body>", `${PROBE}</body>`));
    const dom = chromium(["--window-size=1400,1600", "--dump-dom", pathToFileURL(probed).href]);
    const attr = /data-layout="([^"]*)"/.exec(dom);
    expect(attr).not.toBeNull();
    const layout = JSON.parse(attr![1].replace(/&quot;/g, '"').replace(/&amp;/g, "&"));
    expect(layout.svg[0]).toBeGreaterThan(1000);
    expect(layout.svg[1]).toBeGreaterThan(400);
    expect(layout.shapes).toBeGreaterThan(30);
    expect(layout.texts).toBeGreaterThan(40);
    // Few spokes: their OU groups are unfolded at load, each card laid out; the fold button folds both groups.
    expect(layout.spokes).toHaveLength(2);
    for (const [w, h] of layout.spokes) expect([w > 200, h > 60]).toEqual([true, true]);
    expect(layout.folded).toBe(2);
    const sections = layout.tables.map((t: { section: string }) => t.section);
    expect(sections).toEqual(expect.arrayContaining(["inventory", "coverage", "controls"]));
    for (const t of layout.tables) {
      expect(t.size[0]).toBeGreaterThan(600);
      expect(t.size[1]).toBeGreaterThan(30);
      expect(t.rows).toBeGreaterThan(1);
    }
  });
});
