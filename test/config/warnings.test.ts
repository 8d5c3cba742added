/**
 * Warnings: valid configs the user should hear about before applying. Each
 * is positioned like an error (key path, line:col, fix) and never refuses
 * the config.
 */
import { parseConfig, configWarnings } from "../../src/config/load";
import { formatPath, formatWarnings } from "../../src/config/problem";
import { exampleConfig, exampleText, lineOf } from "../helpers/synth";

/** The example with payments-prod's id line removed (so the landing zone would create that account), every other byte kept. */
const vendedPayments = (): string => exampleText().replace(/^ {4}id: "444444444444"\n/m, "");

describe("config warnings", () => {
  it("has none for the bundled example (every account with App Runner already exists)", () => {
    expect(configWarnings(exampleConfig())).toEqual([]);
  });

  it("warns when an account the landing zone creates lists appRunner, at accounts[i].appRunner (the key) with line:col, citing the availability change", () => {
    const text = vendedPayments();
    const config = parseConfig(text, "landing-zone.yaml");
    const warnings = configWarnings(config);
    expect(warnings.map((w) => [formatPath(w.path), w.line, w.col])).toEqual([["accounts[2].appRunner", lineOf(text, "    appRunner:"), 5]]);
    expect(warnings[0].message).toBe(
      "App Runner is closed to new customers since 2026-04-30, and payments-prod is an account the landing zone creates: App Runner may refuse its service (https://docs.aws.amazon.com/apprunner/latest/dg/apprunner-availability-change.html)",
    );
    expect(warnings[0].hint).toMatch(/^run the service as an ecs entry/);
  });

  it("keeps the config valid: the App Runner service is still synthesized", () => {
    const config = parseConfig(vendedPayments());
    expect(config.workloads.find((w) => w.name === "payments-prod")!.compute.appRunner.map((a) => a.name)).toEqual(["portal"]);
  });

  it("does not warn for an account without App Runner, with or without an id", () => {
    const text = exampleText().replace(/^ {4}id: "555555555555"\n/m, "");
    expect(configWarnings(parseConfig(text))).toEqual([]);
  });

  it("formats warnings as WARNING file:line:col path: message plus a fix", () => {
    const warnings = configWarnings(parseConfig(vendedPayments(), "lz.yaml"));
    const [head, first, fix] = formatWarnings("lz.yaml", warnings);
    expect(head).toBe("lz.yaml: 1 warning");
    expect(first).toMatch(/^ {2}WARNING lz\.yaml:\d+:5 {2}accounts\[2\]\.appRunner: App Runner is closed to new customers/);
    expect(fix).toMatch(/^ {6}fix: run the service as an ecs entry/);
    expect(formatWarnings("lz.yaml", [])).toEqual([]);
  });
});
