/** The lz command as a user runs it: compiled JS, real files, exit codes. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LZ, lz, workdir } from "../helpers/lz";
import { EXAMPLE_STACKS, exampleText, lineOf, ROOT } from "../helpers/synth";

describe("lz validate", () => {
  it("exits 0 for the example", () => {
    const r = lz(["validate"], workdir());
    expect(r.stdout).toMatch(/landing-zone.yaml: valid \(5 accounts, 2 workload stacks\)/);
    expect(r.stderr).not.toMatch(/WARNING/);
    expect(r.code).toBe(0);
  });

  it("prints config warnings on stderr and still exits 0 (App Runner in an account the landing zone creates)", () => {
    const r = lz(["validate"], workdir(exampleText().replace(/^ {4}id: "444444444444"\n/m, "")));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid/);
    expect(r.stderr).toMatch(/landing-zone.yaml: 1 warning\n {2}WARNING landing-zone.yaml:\d+:5 {2}accounts\[2\]\.appRunner: App Runner is closed to new customers since 2026-04-30/);
    expect(r.stderr).toMatch(/apprunner-availability-change\.html/);
  });

  it("exits 1 with every problem and no stack trace", () => {
    const dir = workdir(exampleText().replace("homeRegion: us-east-1", "homeRegion: us-east-9").replace("retentionDays: 365", "retentionDays: 100"));
    const r = lz(["validate"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2 problems found/);
    expect(r.stderr).toContain(`landing-zone.yaml:${lineOf(exampleText(), "homeRegion: us-east-1")}:13  homeRegion`);
    expect(r.stderr).toMatch(/logging.retentionDays/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("reports schema and semantic problems in one pass", () => {
    const text = exampleText().replace("name: acme\n", "name: acme\nnmae: acme\n").replace("email: aws+analytics-dev@acme.example", "email: aws+network@acme.example");
    const r = lz(["validate"], workdir(text));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2 problems found/);
    expect(r.stderr).toContain(`landing-zone.yaml:${lineOf(text, "nmae: acme")}:7  nmae: unknown key "nmae"`);
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
    expect(readdirSync(join(dir, "out", "stacks")).sort()).toEqual(EXAMPLE_STACKS);
    expect(existsSync(join(dir, "out", "stacks", "network", "cdk.tf.json"))).toBe(true);
  });

  it("prints config warnings and synthesizes anyway", () => {
    const dir = workdir(exampleText().replace(/^ {4}id: "444444444444"\n/m, ""));
    const r = lz(["synth", "--out", "out"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/WARNING landing-zone.yaml:\d+:5 {2}accounts\[2\]\.appRunner: App Runner is closed to new customers/);
    expect(existsSync(join(dir, "out", "stacks", "workload-payments-prod", "cdk.tf.json"))).toBe(true);
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

describe("lz synth never deletes what it did not write", () => {

  it("refuses a non-empty directory that is not earlier synth output, leaving every file (--out . in a repository)", () => {
    const dir = workdir();
    spawnSync("git", ["init", "-q"], { cwd: dir });
    mkdirSync(join(dir, ".lz"));
    writeFileSync(join(dir, ".lz", "bootstrap.tfstate"), "{}");
    const before = readdirSync(dir).sort();
    const r = lz(["synth", "--out", "."], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot synthesize into \.: it is not empty \(\.git, \.lz, landing-zone\.yaml\) and holds no earlier lz synth output/);
    expect(r.stderr).toMatch(/fix: synthesize into a new or empty directory \(lz synth --out D, lz plan --synth-out D; the default is cdktf.out\)/);
    expect(r.stderr).not.toMatch(/LZ_DEBUG|at .*\.js:\d+/);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(existsSync(join(dir, ".git", "HEAD"))).toBe(true);
    expect(readFileSync(join(dir, ".lz", "bootstrap.tfstate"), "utf8")).toBe("{}");
  });

  it("refuses the same directory through npx cdktf synth (dist/main.js with CDKTF_OUTDIR)", () => {
    const dir = workdir();
    writeFileSync(join(dir, "notes.txt"), "mine");
    const r = spawnSync(process.execPath, [join(ROOT, "dist", "main.js")], { cwd: dir, env: { ...process.env, LZ_CONFIG: "", CDKTF_OUTDIR: dir }, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot synthesize into .*: it is not empty \(landing-zone\.yaml, notes\.txt\)/);
    expect(readdirSync(dir).sort()).toEqual(["landing-zone.yaml", "notes.txt"]);
  });

  it("refuses through lz plan's synth before running terraform", () => {
    const dir = workdir();
    writeFileSync(join(dir, "notes.txt"), "mine");
    const r = lz(["plan", "--synth-out", "."], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot synthesize into \.: it is not empty/);
    expect(readdirSync(dir).sort()).toEqual(["landing-zone.yaml", "notes.txt"]);
  });

  it("writes a marker, and replaces its own earlier output while keeping other files, .terraform/ and lock files", () => {
    const dir = workdir();
    expect(lz(["synth", "--out", "out"], dir).code).toBe(0);
    const marker = JSON.parse(readFileSync(join(dir, "out", ".lz-synth"), "utf8"));
    expect(marker).toMatchObject({ tool: "lz", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(Object.keys(marker.stacks)).toEqual(EXAMPLE_STACKS);
    expect(marker.stacks.network).toEqual(["cdk.tf.json"]);
    // What the user and terraform init add to the output.
    writeFileSync(join(dir, "out", "notes.txt"), "mine");
    mkdirSync(join(dir, "out", "stacks", "bootstrap", ".terraform", "providers"), { recursive: true });
    writeFileSync(join(dir, "out", "stacks", "bootstrap", ".terraform", "terraform.tfstate"), "backend");
    writeFileSync(join(dir, "out", "stacks", "bootstrap", ".terraform.lock.hcl"), "# lock");
    writeFileSync(join(dir, "out", "stacks", "network", "cdk.tf.json"), "stale");

    const r = lz(["synth", "--out", "out"], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "out", "stacks", "network", "cdk.tf.json"), "utf8")).toMatch(/aws_vpc/);
    expect(readFileSync(join(dir, "out", "notes.txt"), "utf8")).toBe("mine");
    expect(readFileSync(join(dir, "out", "stacks", "bootstrap", ".terraform", "terraform.tfstate"), "utf8")).toBe("backend");
    expect(readFileSync(join(dir, "out", "stacks", "bootstrap", ".terraform.lock.hcl"), "utf8")).toBe("# lock");
    expect(readdirSync(join(dir, "out")).sort()).toEqual([".lz-synth", "manifest.json", "notes.txt", "stacks"]);
  });

  it("switching to --hcl removes the cdk.tf.json synth wrote, so Terraform never reads both", () => {
    const dir = workdir();
    expect(lz(["synth"], dir).code).toBe(0);
    expect(lz(["synth", "--hcl"], dir).code).toBe(0);
    const files = readdirSync(join(dir, "cdktf.out", "stacks", "network"));
    expect(files).toContain("cdk.tf");
    expect(files).not.toContain("cdk.tf.json");
  });

  it("removes the directory of a stack it made that left the config, but not one it did not make", () => {
    const dir = workdir();
    expect(lz(["synth"], dir).code).toBe(0);
    const stacks = join(dir, "cdktf.out", "stacks");
    mkdirSync(join(stacks, "workload-analytics-dev", ".terraform"));
    mkdirSync(join(stacks, "my-own"));
    writeFileSync(join(stacks, "my-own", "main.tf"), "# mine");
    const withoutAnalytics = exampleText().replace(/\n  - name: analytics-dev[\s\S]*?(?=\n  - name: |\n\S)/, "");
    expect(withoutAnalytics).not.toMatch(/analytics-dev/);
    writeFileSync(join(dir, "landing-zone.yaml"), withoutAnalytics);
    const r = lz(["synth"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Removed the output of stacks no longer in the config: access-analytics-dev, workload-analytics-dev\n/);
    expect(readdirSync(stacks).sort()).toEqual(EXAMPLE_STACKS.filter((s) => !s.endsWith("-analytics-dev")).concat("my-own").sort());
    expect(readFileSync(join(stacks, "my-own", "main.tf"), "utf8")).toBe("# mine");
  });

  it("replaces an output written before the marker existed (only manifest.json and stacks/)", () => {
    const dir = workdir();
    expect(lz(["synth"], dir).code).toBe(0);
    spawnSync("rm", [join(dir, "cdktf.out", ".lz-synth")]);
    expect(lz(["synth"], dir).code).toBe(0);
    expect(existsSync(join(dir, "cdktf.out", ".lz-synth"))).toBe(true);
  });

  it("synthesizes into a checkout that commits only the stacks' .terraform.lock.hcl, keeping them", () => {
    const dir = workdir();
    mkdirSync(join(dir, "cdktf.out", "stacks", "network"), { recursive: true });
    writeFileSync(join(dir, "cdktf.out", "stacks", "network", ".terraform.lock.hcl"), "# committed");
    const r = lz(["synth"], dir);
    expect(r.stderr).toBe("");
    expect(readFileSync(join(dir, "cdktf.out", "stacks", "network", ".terraform.lock.hcl"), "utf8")).toBe("# committed");
    expect(existsSync(join(dir, "cdktf.out", "stacks", "network", "cdk.tf.json"))).toBe(true);
  });

  it("creates missing parents of --out", () => {
    const dir = workdir();
    const r = lz(["synth", "--out", "a/b"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "a", "b", "stacks", "network", "cdk.tf.json"))).toBe(true);
    expect(readdirSync(join(dir, "a", "b")).sort()).toEqual([".lz-synth", "manifest.json", "stacks"]);
  });

  it("leaves no directory behind when a synth into new parents is refused after building", () => {
    const dir = workdir(exampleText().replace("suppressions: []", "suppressions: [{ rule: prevent-destroy, resource: no/such/construct, reason: a test of cleanup }]"));
    const r = lz(["synth", "--out", "a/b"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no\/such\/construct/);
    expect(readdirSync(dir)).toEqual(["landing-zone.yaml"]);
  });

  it("leaves nothing behind either when a parallel synth (worker threads) is refused after building", () => {
    const dir = workdir(exampleText().replace("suppressions: []", "suppressions: [{ rule: prevent-destroy, resource: no/such/construct, reason: a test of cleanup }]"));
    const r = lz(["synth", "--out", "a/b", "--jobs", "2"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no\/such\/construct/);
    expect(readdirSync(dir)).toEqual(["landing-zone.yaml"]);
  });
});

describe("lz help synth", () => {
  it("says how synth scales: --jobs for threads, --stacks for the vend path", () => {
    const r = lz(["help", "synth"], workdir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/-j, --jobs <n> +threads for the stacks/);
    expect(r.stdout).toMatch(/At scale: the stacks are synthesized on worker threads beside this one, one thread per core from 16 workload\naccounts \(--jobs N sets how many, --jobs 1 is serial; the output is byte-identical\)/);
    expect(r.stdout).toContain("lz synth --stacks organization workload-<name>");
  });
});

describe("lz --version and lz schema --out -", () => {
  it("is runnable as npx lz right after npm ci: the prepare script compiles it", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(pkg.scripts.prepare).toBe("npm run build --silent");
    expect(pkg.bin.lz).toBe("dist/bundle/lz.js");
    expect(pkg.scripts.build).toMatch(/^tsc -p tsconfig.json && npm run bundle/);
    expect(existsSync(join(ROOT, pkg.bin.lz))).toBe(true);
    expect(readFileSync(join(ROOT, ".ci", "run"), "utf8")).toMatch(/^npm ci /m);
  });

  it("prints the version from package.json", () => {
    const r = lz(["--version"], workdir());
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });

  it("prints the schema to standard output for --out -, writing no file", () => {
    const dir = workdir();
    const r = lz(["schema", "--out", "-"], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ type: "object" });
    expect(readdirSync(dir)).toEqual(["landing-zone.yaml"]);
  });
});

describe("the bundled CLI (bin: dist/bundle/lz.js, esbuild of tsc's dist/src, run with a V8 code cache)", () => {
  const BUNDLE = join(ROOT, "dist", "bundle", "lz.js");
  const CACHE = join(ROOT, "node_modules", ".cache", "lz");
  const cacheFiles = (command: string) => (existsSync(CACHE) ? readdirSync(CACHE).filter((f) => f.endsWith(`-${command}.cache`)) : []);
  const files = (dir: string): Record<string, string> =>
    Object.fromEntries(
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => {
          const path = join(e.parentPath, e.name);
          return [path.slice(dir.length), readFileSync(path, "utf8")];
        }),
    );
  const run = (cli: string, args: string[], cwd: string) => spawnSync(process.execPath, [cli, ...args], { cwd, env: { ...process.env, LZ_CONFIG: "" }, encoding: "utf8" });

  it("synthesizes byte-identical output to dist/src/cli/index.js, serially and on worker threads (--jobs 2)", () => {
    const dir = workdir();
    for (const f of cacheFiles("worker")) rmSync(join(CACHE, f));
    const compiled = run(LZ, ["synth", "--out", "compiled", "--jobs", "1"], dir);
    const serial = run(BUNDLE, ["synth", "--out", "serial", "--jobs", "1"], dir);
    const parallel = run(BUNDLE, ["synth", "--out", "parallel", "--jobs", "2"], dir);
    for (const r of [compiled, serial, parallel]) expect(r.status).toBe(0);
    const expected = files(join(dir, "compiled"));
    expect(Object.keys(expected)).toContain("/stacks/organization/cdk.tf.json");
    expect(files(join(dir, "serial"))).toEqual(expected);
    expect(files(join(dir, "parallel"))).toEqual(expected);
    // The worker thread ran the launcher, which saved its code cache beside the commands'.
    expect(cacheFiles("worker")).toHaveLength(1);
  });

  it("saves a code cache per command in node_modules/.cache/lz, and runs the same from it, from a corrupt one and without one", () => {
    const dir = workdir();
    const expected = run(LZ, ["schema", "--out", "-"], dir).stdout;
    for (const f of cacheFiles("schema")) rmSync(join(CACHE, f));
    const off = spawnSync(process.execPath, [BUNDLE, "schema", "--out", "-"], { cwd: dir, encoding: "utf8", env: { ...process.env, LZ_COMPILE_CACHE: "0" } });
    expect(off.stdout).toBe(expected);
    expect(cacheFiles("schema")).toEqual([]);
    expect(run(BUNDLE, ["schema", "--out", "-"], dir).stdout).toBe(expected);
    const written = cacheFiles("schema");
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^lz-[0-9a-f]{16}-schema\.cache$/);
    expect(run(BUNDLE, ["schema", "--out", "-"], dir).stdout).toBe(expected);
    writeFileSync(join(CACHE, written[0]), "not a V8 code cache");
    const corrupt = run(BUNDLE, ["schema", "--out", "-"], dir);
    expect(corrupt.status).toBe(0);
    expect(corrupt.stdout).toBe(expected);
    expect(readFileSync(join(CACHE, written[0])).length).toBeGreaterThan(1000);
  });

  it("keys the cache on the bundle file: a rebuilt bundle saves and reads a cache of its own", () => {
    const copy = mkdtempSync(join(tmpdir(), "lz-bundle-copy-"));
    mkdirSync(join(copy, "dist", "bundle"), { recursive: true });
    for (const f of ["lz.js", "lz-main.js"]) writeFileSync(join(copy, "dist", "bundle", f), readFileSync(join(ROOT, "dist", "bundle", f)));
    const launcher = join(copy, "dist", "bundle", "lz.js");
    const cache = join(copy, "node_modules", ".cache", "lz");
    const expected = run(BUNDLE, ["schema", "--out", "-"], workdir()).stdout;
    expect(run(launcher, ["schema", "--out", "-"], copy).stdout).toBe(expected);
    const first = readdirSync(cache);
    expect(first).toHaveLength(1);
    writeFileSync(join(copy, "dist", "bundle", "lz-main.js"), `${readFileSync(join(copy, "dist", "bundle", "lz-main.js"), "utf8")}\n// rebuilt\n`);
    expect(run(launcher, ["schema", "--out", "-"], copy).stdout).toBe(expected);
    const second = readdirSync(cache);
    expect(second).toHaveLength(2);
    expect(second).toEqual(expect.arrayContaining(first));
    rmSync(copy, { recursive: true, force: true });
  });

  it("prints the same help and version", () => {
    const dir = workdir();
    for (const args of [["--help"], ["help", "synth"], ["--version"]]) expect(run(BUNDLE, args, dir).stdout).toBe(run(LZ, args, dir).stdout);
  });
});

describe("lazy loading", () => {
  it("loading the CLI loads neither the synth machinery (src/synth, src/app) nor the stack classes: every command requires them when it synthesizes", () => {
    const script = `require(${JSON.stringify(LZ)}); console.log(Object.keys(require.cache).filter((k) => /[\\/]dist[\\/]src[\\/](synth|app)\\.js$|[\\/]dist[\\/]src[\\/]stacks[\\/](organization|network|workload|security)\\.js$/.test(k)).join(" ") || "none")`;
    expect(spawnSync(process.execPath, ["-e", script], { encoding: "utf8" }).stdout.trim()).toBe("none");
  });
});
