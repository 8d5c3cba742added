/** `lz report [--config F] [--out D]`: guardrail report for auditors, pull requests and code scanning. */
import { Command, Option } from "commander";
import { dirname, join, relative } from "node:path";
import { configFilePath } from "../config/load";
import { loadConfig } from "../load-config";
import { writeReport } from "../report";
import { REPORT_READS } from "../report/reads";
import { evaluate, prestartSynthWorkers } from "../synth-lazy";

export function reportCommand(): Command {
  return new Command("report")
    .description("write <out>/index.html (self-contained, with a topology picture), report.md and findings.sarif (SARIF 2.1.0)")
    .addOption(new Option("-c, --config <file>", "landing zone config (default: $LZ_CONFIG or ./landing-zone.yaml)"))
    .option("-o, --out <dir>", "output directory", "report")
    .action((opts: { config?: string; out: string }) => {
      const file = configFilePath(opts.config);
      prestartSynthWorkers(file);
      const config = loadConfig(file);
      const { policy } = evaluate(config, join(dirname(file), ".lz"), REPORT_READS);
      const { data } = writeReport(config, policy, opts.out);
      const s = data.summary;
      const out = relative(process.cwd(), opts.out) || ".";
      console.log(`Wrote ${out}/index.html, ${out}/report.md and ${out}/findings.sarif`);
      console.log(`${s.rules} rules, ${s.passed} checks passed, ${s.errors} errors, ${s.warnings} warnings, ${s.suppressed} suppressed, ${s.unknown} unverifiable at synth`);
    });
}
