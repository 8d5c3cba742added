/**
 * Which role each member-account provider assumes is chosen at run time by the stack's ephemeral `lz_read_only`
 * variable (src/stacks/account-stack.ts readOnlyVariable), so CI's read-only plan role can plan through each
 * account's `<name>-ci-read` while the saved plan still applies as the deployer. Terraform's semantics were
 * checked with Terraform 1.11.4 against the emulator: an ephemeral variable may be used in a provider's
 * assume_role and in a provider's dynamic block; the saved plan holds the provider's expression, not the value
 * (`terraform show -json` reports the declared default); a plan that set it fails to apply without it ("was set
 * during the plan phase, and so must also be set during the apply phase"), and may apply with another value;
 * a plan that did not set it refuses it at apply ("must remain unset").
 * https://developer.hashicorp.com/terraform/docs/configuration/variables (argument `ephemeral`).
 */
import { parseConfig } from "../../src/config/load";
import { READ_ONLY_VARIABLE } from "../../src/stacks/names";
import { exampleText, synthConfig, TfJson } from "../helpers/synth";

const CI = "\nci:\n  github: { repository: acme/landing-zone, environment: production }\n";
const withCi = synthConfig(parseConfig(`${exampleText()}${CI}`, "landing-zone.yaml"));
const without = synthConfig(parseConfig(exampleText(), "landing-zone.yaml"));
const providers = (stack: TfJson): TfJson[] => stack.provider?.aws ?? [];
const choice = (readOnly: string, apply: string) => `\${var.lz_read_only ? "${readOnly}" : "${apply}"}`;

describe("read-only plans choose the member role at run time (ephemeral lz_read_only)", () => {
  it("declares the variable ephemeral, boolean, default false (the deployer, today's behaviour)", () => {
    expect(withCi.stack("workload-payments-prod").variable[READ_ONLY_VARIABLE]).toMatchObject({ type: "bool", default: false, nullable: false, ephemeral: true });
  });

  it("every member-account provider assumes ci-read when true, else the deployer", () => {
    for (const name of ["workload-payments-prod", "logging", "network", "security"]) {
      const stack = withCi.stack(name);
      const members = providers(stack).filter((p) => p.assume_role);
      expect({ name, count: members.length > 0 }).toEqual({ name, count: true });
      for (const p of members) {
        const account = p.allowed_account_ids[0];
        expect(p.assume_role).toEqual([{ role_arn: choice(`arn:aws:iam::${account}:role/lz/acme-ci-read`, `arn:aws:iam::${account}:role/lz/acme-deployer`), session_name: `lz-${name}` }]);
      }
    }
  });

  it("the access stacks assume ci-read when true, else the organization's access role", () => {
    const [p] = providers(withCi.stack("access-payments-prod"));
    expect(p.assume_role[0].role_arn).toBe(choice("arn:aws:iam::444444444444:role/lz/acme-ci-read", "arn:aws:iam::444444444444:role/OrganizationAccountAccessRole"));
  });

  it("a workload's network provider reads the network account through its own ci-read, else chains deployer → hub role", () => {
    const network = providers(withCi.stack("workload-payments-prod")).find((p) => p.alias === "network")!;
    expect(network.assume_role).toBeUndefined();
    expect(network.dynamic.assume_role).toEqual({
      for_each: '${var.lz_read_only ? ["arn:aws:iam::333333333333:role/lz/acme-ci-read"] : ["arn:aws:iam::444444444444:role/lz/acme-deployer", "arn:aws:iam::333333333333:role/lz/acme-hub-attach"]}',
      content: { role_arn: "${assume_role.value}", session_name: "lz-workload-payments-prod" },
    });
  });

  it("management-account stacks declare no variable (CI's own credentials act there)", () => {
    for (const name of ["bootstrap", "organization", "ci-roles"]) expect({ name, variable: withCi.stack(name).variable }).toEqual({ name, variable: undefined });
  });

  it("without ci in the config there is no ci-read role: providers assume the deployer, no variable", () => {
    const stack = without.stack("workload-payments-prod");
    expect(stack.variable).toBeUndefined();
    expect(providers(stack)[0].assume_role).toEqual([{ role_arn: "arn:aws:iam::444444444444:role/lz/acme-deployer", session_name: "lz-workload-payments-prod" }]);
    expect(providers(stack).find((p) => p.alias === "network")!.assume_role).toHaveLength(2);
  });
});
