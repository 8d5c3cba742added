/** How lz plan --changed synthesizes the base revision: config-only when only the config changed. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { changedPaths, defaultBase, synthBase, synthCode } from "../../src/plan/base-revision";
import { exampleText } from "../helpers/synth";

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), "lz-base-repo-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  writeFileSync(join(dir, "landing-zone.yaml"), exampleText());
  git("add", ".");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base");
  return dir;
}

describe("the base revision of lz plan --changed", () => {
  it("synthesizes the base config with the current code when only the config changed", () => {
    const dir = repo();
    writeFileSync(join(dir, "landing-zone.yaml"), exampleText() + "# a comment\n");
    writeFileSync(join(dir, "NOTES.md"), "docs never change a synth\n");
    const seen: string[] = [];
    const base = synthBase({ ref: "HEAD", configFile: join(dir, "landing-zone.yaml"), synthCurrent: (text, _file, outdir) => void seen.push(text, outdir) });
    base.cleanup();
    expect(base.mode).toBe("config-only");
    expect(seen[0]).toBe(exampleText());
    expect(base.note).toMatch(/^no code changed since [0-9a-f]{12}: the base landing-zone.yaml synthesized with the current code$/);
  });

  it("counts code changes, untracked files included, and ignores docs, tests, CI files and output", () => {
    const dir = repo();
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src", "new.ts"), "export {};\n");
    expect(changedPaths(dir, "HEAD")).toEqual(["src/new.ts"]);
    expect(["README.md", "test/x.test.ts", ".github/workflows/landing-zone.yml", "help", "cdktf.out/manifest.json", ".lz/bootstrap.tfstate", "plans/results.json"].some(synthCode)).toBe(false);
    expect(["src/stacks/network.ts", "modules/network/index.ts", "aws/principals.ts", "package-lock.json", "main.ts"].every(synthCode)).toBe(true);
  });

  it("has no base stacks when the config did not exist at the base, and compares with HEAD without origin/main", () => {
    const dir = repo();
    expect(defaultBase(dir)).toBe("HEAD");
    mkdirSync(join(dir, "other"));
    writeFileSync(join(dir, "other", "lz.yaml"), exampleText());
    const base = synthBase({ ref: "HEAD", configFile: join(dir, "other", "lz.yaml"), synthCurrent: () => undefined });
    expect(base.mode).toBe("no-config");
    expect(base.outdir).toBeUndefined();
  });

  it("refuses an unknown revision with what to do", () => {
    const dir = repo();
    expect(() => synthBase({ ref: "origin/nope", configFile: join(dir, "landing-zone.yaml"), synthCurrent: () => undefined })).toThrow(
      "--base origin/nope: no such git revision (fetch it first, e.g. git fetch origin main)",
    );
  });
});
