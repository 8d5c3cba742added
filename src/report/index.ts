/**
 * `lz report`: the guardrail verdicts of a config, written for auditors
 * (index.html), pull requests (report.md) and code scanning (findings.sarif).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { LandingZoneConfig } from "../config/types";
import type { PolicyReport } from "../policy/engine";
import { buildReport, ReportData } from "./data";
import { renderHtml } from "./html";
import { renderMarkdown } from "./markdown";
import { renderSarif } from "./sarif";

/** This tool's version, from the package.json above this file. */
export function toolVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "landing-zone") return pkg.version ?? "0.0.0";
    }
  }
  return "0.0.0";
}

export interface WrittenReport {
  readonly data: ReportData;
  readonly files: { readonly html: string; readonly markdown: string; readonly sarif: string };
}

export function writeReport(config: LandingZoneConfig, policy: PolicyReport, outDir: string, now = new Date()): WrittenReport {
  const data = buildReport(config, policy, now);
  mkdirSync(outDir, { recursive: true });
  const files = { html: join(outDir, "index.html"), markdown: join(outDir, "report.md"), sarif: join(outDir, "findings.sarif") };
  writeFileSync(files.html, renderHtml(data));
  writeFileSync(files.markdown, renderMarkdown(data));
  writeFileSync(files.sarif, JSON.stringify(renderSarif(data, toolVersion()), null, 2) + "\n");
  return { data, files };
}
