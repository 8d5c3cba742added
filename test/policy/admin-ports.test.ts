/**
 * Admin ports are refused twice: by the config rule at validate time
 * (test/config/refused-at-validate.test.ts) and, as defense in depth, by the
 * guardrails at synth when a config built in code skips validation.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PolicyError } from "../../src/policy/errors";
import { synthesize } from "../../src/synth";
import { LandingZoneConfig } from "../../src/config/types";
import { exampleConfig } from "../helpers/synth";

/** The example with payments-prod's web service on `port`, built without the config rules. */
function withEcsPort(port: number): LandingZoneConfig {
  const config = exampleConfig();
  const [payments, ...rest] = config.workloads;
  const [web, ...services] = payments.compute.ecs;
  return { ...config, workloads: [{ ...payments, compute: { ...payments.compute, ecs: [{ ...web, port }, ...services] } }, ...rest] };
}

describe("an ECS service on an admin port that skipped validation", () => {
  it("is still refused at synth by sg-no-ssh-rdp, on the tasks' security group", () => {
    const base = mkdtempSync(join(tmpdir(), "lz-admin-"));
    expect.assertions(3);
    try {
      synthesize(withEcsPort(22), { outdir: join(base, "out"), localStateDir: join(base, ".lz") });
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      const errors = (e as PolicyError).report.errors.filter((f) => f.rule === "sg-no-ssh-rdp");
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((f) => f.stack === "workload-payments-prod" && /tcp 22/.test(f.detail ?? ""))).toBe(true);
    }
  });
});
