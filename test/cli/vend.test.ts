/** lz vend as a user runs it: the file on disk, the output, the exit code. */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { exampleText, lineOf } from "../helpers/synth";
import { lz, workdir } from "../helpers/lz";

const VEND = ["vend", "--name", "payments-dev", "--email", "aws+payments-dev@acme.example", "--ou", "Workloads/NonProd"];
const read = (dir: string) => readFileSync(join(dir, "landing-zone.yaml"), "utf8");

describe("lz vend", () => {
  it("adds the account in place and prints the account, its stacks and its CIDR", () => {
    const dir = workdir();
    const r = lz(VEND, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/account {2}payments-dev <aws\+payments-dev@acme.example> in OU Workloads\/NonProd: created by the organization stack/);
    expect(r.stdout).toMatch(/stacks {3}access-payments-dev \(its deployer role\), then workload-payments-dev/);
    expect(r.stdout).toMatch(/cidr {5}10\.16\.32\.0\/20 \(next free \/20 of network.workloadCidrPool 10\.16\.0\.0\/12\)/);
    expect(read(dir)).toContain("  - name: payments-dev\n    type: workload\n    email: aws+payments-dev@acme.example\n    ou: Workloads/NonProd\n    cidr: 10.16.32.0/20\nnetwork:\n");
    expect(lz(["validate"], dir).stdout).toMatch(/valid \(6 accounts, 3 workload stacks\)/);
    expect(readdirSync(dir)).toEqual(["landing-zone.yaml"]); // the temporary file was renamed into place
  });

  it("prints a unified diff with --dry-run and writes nothing", () => {
    const dir = workdir();
    const mtime = statSync(join(dir, "landing-zone.yaml")).mtimeMs;
    const r = lz([...VEND, "--dry-run"], dir);
    expect(r.code).toBe(0);
    // one hunk: 3 lines of context either side, 5 lines added, none removed
    expect(r.stdout).toMatch(/^--- a\/landing-zone.yaml\n\+\+\+ b\/landing-zone.yaml\n@@ -(\d+),6 \+\1,11 @@\n/);
    expect(r.stdout).toContain("+  - name: payments-dev\n+    type: workload\n");
    expect(r.stdout).toMatch(/dry run: landing-zone.yaml not written/);
    expect(read(dir)).toBe(exampleText());
    expect(statSync(join(dir, "landing-zone.yaml")).mtimeMs).toBe(mtime);
  });

  it("refuses a duplicate, names the clash, and leaves the file untouched", () => {
    const dir = workdir();
    const r = lz(["vend", "--name", "analytics-dev", "--email", "aws+new@acme.example", "--ou", "Workloads/NonProd"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`landing-zone.yaml:${lineOf(exampleText(), "- name: analytics-dev")}:11  accounts[3].name: --name analytics-dev is taken by this account`);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(read(dir)).toBe(exampleText());
    expect(readdirSync(dir)).toEqual(["landing-zone.yaml"]);
  });

  it("leaves the file untouched when the edited config would not validate", () => {
    const dir = workdir();
    const r = lz([...VEND, "--cidr", "192.168.0.0/20"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--cidr: 192\.168\.0\.0\/20 lies outside network.workloadCidrPool/);
    expect(read(dir)).toBe(exampleText());
  });

  it("asks for the flags it needs", () => {
    const r = lz(["vend", "--name", "x"], workdir());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/required option '--email <email>' not specified/);
  });

  it("edits the target of a symlinked config and keeps the link", () => {
    const dir = workdir();
    mkdirSync(join(dir, "real"));
    const real = join(dir, "real", "landing-zone.yaml");
    renameSync(join(dir, "landing-zone.yaml"), real);
    symlinkSync(join("real", "landing-zone.yaml"), join(dir, "link.yaml"));
    const r = lz([...VEND, "--config", "link.yaml"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, "link.yaml")).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toContain("  - name: payments-dev\n");
    expect(readdirSync(join(dir, "real"))).toEqual(["landing-zone.yaml"]);
  });

  it("keeps --config in the Next hint, quoted for the shell", () => {
    const dir = workdir();
    renameSync(join(dir, "landing-zone.yaml"), join(dir, "my org.yaml"));
    const r = lz([...VEND, "--config", "my org.yaml"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Next: lz plan --config 'my org.yaml' --stacks organization access-payments-dev logging workload-payments-dev security identity-center, review, and merge (re-run lz ci --config 'my org.yaml' if");
  });

  it("leaves --config out of the Next hint when the default config was used", () => {
    const r = lz(VEND, workdir());
    expect(r.stdout).toContain("Next: lz plan --stacks organization access-payments-dev logging workload-payments-dev security identity-center, review");
  });
});
