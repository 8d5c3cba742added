/**
 * Terraform layer: a retired account's workload stack (its `removed` blocks included) and the organization
 * stack with the Suspended OU pass `terraform validate`, in JSON and in the HCL the project writes.
 */
import { join } from "node:path";
import { parseConfig } from "../../src/config/load";
import { retire } from "../../src/retire/retire";
import { exampleText, synthConfig } from "../helpers/synth";
import { validateStack } from "../helpers/terraform";

jest.setTimeout(240_000);

const config = parseConfig(retire(exampleText(), "landing-zone.yaml", "payments-prod").text, "landing-zone.yaml");

describe.each([
  ["JSON", false],
  ["HCL", true],
])("a retired account's stacks, %s", (_kind, hcl) => {
  const out = synthConfig(config, hcl);
  it.each(["workload-payments-prod", "organization"])("%s validates", async (stack) => {
    const r = await validateStack(join(out.outdir, "stacks", stack));
    expect(`${r.stdout}${r.stderr}`).toContain("Success! The configuration is valid.");
  });
});
