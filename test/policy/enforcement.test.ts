/**
 * The synth gate: error findings stop synth with the stack, construct path,
 * rule id and fix, and nothing is written; suppressions in the config let a
 * finding through and are reported; a suppression naming no construct is a
 * config error with its key path.
 */
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { ConfigError } from "../../src/config/problem";
import { PolicyError } from "../../src/policy/errors";
import { synthesize } from "../../src/synth";
import { exampleText, synthConfig } from "../helpers/synth";
import { weaken } from "../helpers/weakened-bucket";

// A regression in a module default: the secure bucket stops protecting the state bucket from destroy.
jest.mock("../../modules/secure-bucket", () => jest.requireActual("../helpers/weakened-bucket").weakenedSecureBucketModule());

function configWith(suppressions?: unknown[]) {
  const doc = parseDocument(exampleText());
  if (suppressions) doc.set("suppressions", suppressions);
  return parseConfig(doc.toString(), "landing-zone.yaml");
}

function synthTo(config = configWith()) {
  const base = mkdtempSync(join(tmpdir(), "lz-gate-"));
  const run = () => synthesize(config, { outdir: join(base, "out"), localStateDir: join(base, ".lz") });
  return { base, run };
}

describe("the synth gate", () => {
  afterEach(() => weaken(false));

  it("synthesizes the example with zero findings", () => {
    const out = synthConfig();
    expect(out.stacks.length).toBe(13);
    const { run } = synthTo();
    const result = run();
    expect(result.policy.findings).toEqual([]);
    expect(result.policy.results.filter((r) => r.status === "pass").length).toBeGreaterThan(20);
  });

  it("refuses an error finding, naming stack, construct path, rule id and fix, and writes nothing", () => {
    weaken(true);
    const { base, run } = synthTo();
    expect.assertions(5);
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      const text = (e as PolicyError).format();
      expect(text).toContain("ERROR [prevent-destroy] stack bootstrap: bootstrap/state/bucket/this (aws_s3_bucket.state_bucket)");
      expect(text).toContain("fix: set lifecycle { prevent_destroy = true }");
      expect(text).toMatch(/- \{ rule: prevent-destroy, resource: bootstrap\/state\/bucket\/this, reason: /);
      expect(readdirSync(base)).toEqual([]);
    }
  });

  it("lets a suppressed finding through and reports the suppression with what it matched", () => {
    weaken(true);
    const reason = "state bucket is recreated by hand in this sandbox (test)";
    const { base, run } = synthTo(configWith([{ rule: "prevent-destroy", resource: "bootstrap/state", reason }]));
    const result = run();
    expect(existsSync(join(base, "out", "stacks", "bootstrap", "cdk.tf.json"))).toBe(true);
    expect(result.policy.findings).toEqual([]);
    expect(result.policy.suppressions).toEqual([
      expect.objectContaining({ index: 0, suppression: { rule: "prevent-destroy", resource: "bootstrap/state", reason }, matched: [expect.objectContaining({ path: "bootstrap/state/bucket/this", suppressedBy: 0 })] }),
    ]);
  });

  it("refuses a suppression whose resource is not a construct, with its key path and line", () => {
    const { base, run } = synthTo(configWith([{ rule: "prevent-destroy", resource: "bootstrap/state/bukket", reason: "typo in the construct path (test)" }]));
    expect.assertions(6);
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const [p] = (e as ConfigError).problems;
      expect(p.path).toEqual(["suppressions", 0, "resource"]);
      expect(p.message).toBe('no construct "bootstrap/state/bukket" in the synthesized stacks');
      expect(p.hint).toMatch(/bootstrap\/state\/bucket/);
      expect(p.line).toBeGreaterThan(0);
      expect(readdirSync(base)).toEqual([]);
    }
  });
});
