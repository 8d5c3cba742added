/** The lz command as a user runs it: compiled JS, real files, exit codes. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleText, ROOT } from "../helpers/synth";

const LZ = join(ROOT, "dist", "src", "cli", "index.js");

function lz(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [LZ, ...args], { cwd, env: { ...process.env, LZ_CONFIG: "", ...env }, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function workdir(config = exampleText()): string {
  const dir = mkdtempSync(join(tmpdir(), "lz-cli-"));
  writeFileSync(join(dir, "landing-zone.yaml"), config);
  return dir;
}

describe("lz validate", () => {
  it("exits 0 for the example", () => {
    const r = lz(["validate"], workdir());
    expect(r.stdout).toMatch(/landing-zone.yaml: valid \(5 accounts, 2 workload stacks\)/);
    expect(r.code).toBe(0);
  });

  it("exits 1 with every problem and no stack trace", () => {
    const dir = workdir(exampleText().replace("homeRegion: us-east-1", "homeRegion: us-east-9").replace("retentionDays: 365", "retentionDays: 100"));
    const r = lz(["validate"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2 problems found/);
    expect(r.stderr).toMatch(/landing-zone.yaml:6:13 {2}homeRegion/);
    expect(r.stderr).toMatch(/logging.retentionDays/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("reports schema and semantic problems in one pass", () => {
    const dir = workdir(exampleText().replace("name: acme\n", "name: acme\nnmae: acme\n").replace("email: aws+analytics-dev@acme.example", "email: aws+network@acme.example"));
    const r = lz(["validate"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2 problems found/);
    expect(r.stderr).toMatch(/landing-zone.yaml:6:7 {2}nmae: unknown key "nmae"/);
    expect(r.stderr).toMatch(/accounts\[3\]\.email: email "aws\+network@acme.example" is already used by accounts\[1\] \(network\)/);
  });

  it("refuses a file of several YAML documents in words, without the parser's advice", () => {
    const r = lz(["validate"], workdir(`${exampleText()}---\nname: other\n`));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/landing-zone.yaml must hold one YAML document; found 2 \(second starts at \d+:1\)/);
    expect(r.stderr).not.toMatch(/parseAllDocuments/);
  });

  it("reads the config named by --config, then LZ_CONFIG", () => {
    const dir = workdir();
    writeFileSync(join(dir, "other.yaml"), "name: x\n");
    expect(lz(["validate", "--config", "other.yaml"], dir).stderr).toMatch(/other.yaml: \d+ problems/);
    expect(lz(["validate"], dir, { LZ_CONFIG: join(dir, "other.yaml") }).stderr).toMatch(/other.yaml: \d+ problems/);
  });

  it("says how to point at a config when the file is missing", () => {
    const r = lz(["validate", "--config", "nope.yaml"], workdir());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/file not found[\s\S]*fix: pass --config <file> or set LZ_CONFIG/);
  });
});

describe("lz synth", () => {
  it("writes every stack to <out>/stacks/<stack>/cdk.tf.json", () => {
    const dir = workdir();
    const r = lz(["synth", "--out", "out"], dir);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, "out", "stacks")).sort()).toEqual(["bootstrap", "logging", "network", "organization", "security", "workload-analytics-dev", "workload-payments-prod"]);
    expect(existsSync(join(dir, "out", "stacks", "network", "cdk.tf.json"))).toBe(true);
  });

  it("writes HCL with --hcl", () => {
    const dir = workdir();
    expect(lz(["synth", "--hcl"], dir).code).toBe(0);
    expect(readFileSync(join(dir, "cdktf.out", "stacks", "bootstrap", "cdk.tf"), "utf8")).toMatch(/resource "aws_s3_bucket" "state_bucket"/);
  });

  it("writes nothing when the config is invalid, and keeps earlier output intact", () => {
    const dir = workdir();
    expect(lz(["synth"], dir).code).toBe(0);
    const before = readFileSync(join(dir, "cdktf.out", "stacks", "network", "cdk.tf.json"), "utf8");
    writeFileSync(join(dir, "landing-zone.yaml"), exampleText().replace("cidr: 10.0.0.0/16", "cidr: 10.16.0.0/16"));
    const r = lz(["synth"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/network.hub.cidr: 10.16.0.0\/16 overlaps network.workloadCidrPool/);
    expect(readFileSync(join(dir, "cdktf.out", "stacks", "network", "cdk.tf.json"), "utf8")).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(["cdktf.out", "landing-zone.yaml"]);
  });

  it("creates no output directory on a first failed synth", () => {
    const dir = workdir("name: acme\n");
    expect(lz(["synth"], dir).code).toBe(1);
    expect(readdirSync(dir)).toEqual(["landing-zone.yaml"]);
  });
});
