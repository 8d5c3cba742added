/**
 * Terraform layer: a retired account's workload stack (its `removed` blocks included) and the organization
 * stack with the Suspended OU, the ci-roles stack and an access stack with its CI read role pass `terraform validate`, in JSON and in the HCL the project writes.
 */
import { join } from "node:path";
import { parseConfig } from "../../src/config/load";
import { retire } from "../../src/retire/retire";
import { exampleText, synthConfig } from "../helpers/synth";
import { validateStack } from "../helpers/terraform";

jest.setTimeout(240_000);

// A retired account, and CI roles (the ci-roles stack, the access stacks' read roles).
const config = parseConfig(`${retire(exampleText(), "landing-zone.yaml", "payments-prod").text}\nci:\n  github: { repository: acme/landing-zone }\n`, "landing-zone.yaml");

describe.each([
  ["JSON", false],
  ["HCL", true],
])("a retired account's stacks, %s", (_kind, hcl) => {
  const out = synthConfig(config, hcl);
  it.each(["workload-payments-prod", "organization", "ci-roles", "access-network"])("%s validates", async (stack) => {
    const r = await validateStack(join(out.outdir, "stacks", stack));
    expect(`${r.stdout}${r.stderr}`).toContain("Success! The configuration is valid.");
  });
});
