/** Terraform layer: every synthesized stack of the example passes `terraform validate` offline. */
import { join } from "node:path";
import { inParallel, validateStack } from "../helpers/terraform";
import { synthConfig } from "../helpers/synth";

jest.setTimeout(240_000);

describe("terraform validate", () => {
  const out = synthConfig();
  const results = new Map<string, { code: number; output: string }>();

  beforeAll(async () => {
    await inParallel(out.stacks, 3, async (stack) => {
      const r = await validateStack(join(out.outdir, "stacks", stack));
      results.set(stack, { code: r.code, output: r.stdout + r.stderr });
    });
  });

  it.each(["bootstrap", "organization", "logging", "network", "security", "workload-payments-prod", "workload-analytics-dev", "identity-center"])("accepts the %s stack", (stack) => {
    const r = results.get(stack)!;
    expect(r.output).toContain("The configuration is valid");
    expect(r.code).toBe(0);
  });
});
