/**
 * `lz synth --stacks S…`: with the contracts between stacks, the named stacks
 * synthesize alone, byte-identical to a full synth, and nothing else in the
 * output directory changes: no other stack's file, no .terraform leftovers,
 * no other manifest entry.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseConfig } from "../../src/config/load";
import { synthesize } from "../../src/synth";
import { vend } from "../../src/vend/vend";
import { exampleConfig, exampleText } from "../helpers/synth";

function files(dir: string, root = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) Object.assign(out, files(p, root));
    else out[relative(root, p)] = createHash("sha256").update(readFileSync(p)).digest("hex");
  }
  return out;
}

describe("lz synth --stacks", () => {
  const base = mkdtempSync(join(tmpdir(), "lz-synth-stacks-"));
  const out = join(base, "out");
  const localStateDir = join(base, ".lz");
  synthesize(exampleConfig(), { outdir: out, localStateDir });
  writeFileSync(join(out, "stacks", "network", ".terraform.lock.hcl"), "# kept\n");
  const vended = parseConfig(vend(exampleText(), "landing-zone.yaml", { name: "new-team", email: "aws+new-team@acme.example", ou: "Workloads/Prod" }).text, "landing-zone.yaml");
  const full = join(base, "full");
  synthesize(vended, { outdir: full, localStateDir });

  it("builds only the named stacks (the vend path: organization and the new workload) and touches nothing else", () => {
    const before = files(out);
    const result = synthesize(vended, { outdir: out, localStateDir, stacks: ["organization", "workload-new-team"] });
    expect(result.stacks).toEqual(["organization", "workload-new-team"]);
    expect(result.removedStacks).toEqual([]);
    const after = files(out);
    const changed = Object.keys({ ...before, ...after }).filter((f) => before[f] !== after[f]).sort();
    expect(changed).toEqual([".lz-synth", "manifest.json", "stacks/organization/cdk.tf.json", "stacks/workload-new-team/cdk.tf.json"]);
    // Each named stack is byte-identical to what a full synth of the same config writes.
    for (const stack of ["organization", "workload-new-team"]) {
      expect(readFileSync(join(out, "stacks", stack, "cdk.tf.json"), "utf8")).toBe(readFileSync(join(full, "stacks", stack, "cdk.tf.json"), "utf8"));
    }
  });

  it("records the new stack's full dependencies in the manifest and keeps every other entry", () => {
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    const fullManifest = JSON.parse(readFileSync(join(full, "manifest.json"), "utf8"));
    expect(manifest.stacks["workload-new-team"]).toEqual(fullManifest.stacks["workload-new-team"]);
    // logging: the account's AWS Config recorders deliver to the logging stack's Config bucket.
    expect(manifest.stacks["workload-new-team"].dependencies).toEqual(["bootstrap", "access-new-team", "network", "organization", "logging"]);
    expect(manifest.stacks.network).toEqual(fullManifest.stacks.network);
    expect(JSON.parse(readFileSync(join(out, ".lz-synth"), "utf8")).stacks).toHaveProperty("workload-new-team");
  });

  it("refuses a stack the config does not have, naming the stacks it has", () => {
    expect(() => synthesize(vended, { outdir: out, localStateDir, stacks: ["workload-nope"] })).toThrow(/no stack workload-nope in this config\nfix: name stacks of the config: bootstrap, organization/);
  });
});
