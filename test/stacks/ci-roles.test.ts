/**
 * The ci-roles stack (config `ci.github`): exists only when configured, applies after bootstrap in the
 * management account, creates GitHub's OIDC provider and the plan and apply roles with the names the
 * workflow uses; the access stacks add the member read roles. Bad `ci` input is refused at its key.
 */
import { GithubCiRoles } from "../../modules/ci-roles";
import { parseConfig } from "../../src/config/load";
import { ConfigError } from "../../src/config/problem";
import { ciApplyRoleName, ciPlanRoleName } from "../../src/stacks/names";
import { check, resultsOf } from "../policy/helpers";
import { exampleText, lineOf, resources, synthConfig } from "../helpers/synth";

const withCi = (ci: string) => `${exampleText()}\nci:\n${ci}`;

describe("ci-roles stack", () => {
  const out = synthConfig(parseConfig(withCi("  github: { repository: acme/landing-zone }\n"), "landing-zone.yaml"));
  const stack = out.stack("ci-roles");

  it("exists only when ci is set", () => {
    expect(out.stacks).toContain("ci-roles");
    expect(synthConfig().stacks).not.toContain("ci-roles");
    expect(synthConfig().stack("access-payments-prod").resource.aws_iam_role.ci_read).toBeUndefined();
  });

  it("runs in the management account with its own credentials, after bootstrap, with remote state", () => {
    expect(stack.provider.aws[0].allowed_account_ids).toEqual(["111111111111"]);
    expect(stack.provider.aws[0].assume_role).toBeUndefined();
    expect(stack.terraform.backend.s3.key).toBe("ci-roles/terraform.tfstate");
    expect(out.manifest().stacks["ci-roles"].dependencies).toEqual(["bootstrap"]);
    expect(resources(stack, "aws_kms_key")).toEqual({}); // no baseline: the organization stack holds the management account's
  });

  it("creates GitHub's OIDC provider for sts.amazonaws.com, without a thumbprint", () => {
    expect(resources(stack, "aws_iam_openid_connect_provider").github_github).toMatchObject({ url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] });
    expect(resources(stack, "aws_iam_openid_connect_provider").github_github.thumbprint_list).toBeUndefined();
  });

  it("names the roles role/lz/<name>-ci-plan and role/lz/<name>-ci-apply", () => {
    const roles = resources(stack, "aws_iam_role");
    expect([roles.github_plan.name, roles.github_plan.path]).toEqual([ciPlanRoleName("acme"), "/lz/"]);
    expect([roles.github_apply.name, roles.github_apply.path]).toEqual([ciApplyRoleName("acme"), "/lz/"]);
    expect(ciPlanRoleName("acme")).toBe("acme-ci-plan");
    expect(ciApplyRoleName("acme")).toBe("acme-ci-apply");
  });

  it("gives each member account a read-only role for the plan role", () => {
    const access = out.stack("access-network");
    expect(resources(access, "aws_iam_role").ci_read).toMatchObject({ name: "acme-ci-read", path: "/lz/" });
    expect(Object.values(resources(access, "aws_iam_role_policy_attachment")).map((a) => a.policy_arn)).toContain("arn:aws:iam::aws:policy/ReadOnlyAccess");
  });
});

describe("ci in the config", () => {
  const problems = (text: string) => {
    try {
      parseConfig(text, "x.yaml");
    } catch (e) {
      return (e as ConfigError).problems.map((p) => `${p.path.join(".")}@${p.line}: ${p.message}`);
    }
    throw new Error("accepted");
  };

  it("defaults the environment to landing-zone-apply (the one lz ci gates applies on) and the branch to main", () => {
    expect(parseConfig(withCi("  github: { repository: acme/landing-zone }\n"), "x.yaml").ci).toEqual({ github: { repository: "acme/landing-zone", environment: "landing-zone-apply", branch: "main" } });
  });

  it("refuses a repository that is not owner/repo, and an unknown key, at their lines", () => {
    const text = withCi("  github:\n    repository: landing-zone\n    environments: prod\n");
    expect(problems(text)).toEqual([
      `ci.github.repository@${lineOf(text, "repository: landing-zone")}: must be owner/repo, e.g. acme/landing-zone`,
      expect.stringMatching(new RegExp(`^ci\\.github(\\.environments)?@${lineOf(text, "environments: prod")}: .*environments`)),
    ]);
  });
});

describe("iam-no-admin-attachment and CI's apply role", () => {
  const status = (environment: string) =>
    resultsOf(
      check((s) => new GithubCiRoles(s, "ci", { repository: "acme/lz", environment, branch: "main", planRoleName: "acme-ci-plan", applyRoleName: "acme-ci-apply", path: "/lz/", stateBucket: "b", stateKeyRegion: "us-east-1", stateKeyAccountId: "111111111111", stateKeyAlias: "acme/tfstate", memberReadRoleArn: "arn:aws:iam::*:role/lz/acme-ci-read" })),
      "iam-no-admin-attachment",
    ).find((r) => r.address === "aws_iam_role_policy_attachment.ci_apply-administrator" || r.path === "test/ci/apply-administrator")!;

  it("accepts AdministratorAccess on the apply role trusted by exactly one environment of one repository", () => {
    expect(status("production")).toMatchObject({ status: "pass", detail: expect.stringContaining("CI's apply role (assumable only by GitHub jobs of one environment: repo:acme/lz:environment:production)") });
  });

  it("refuses it when the trust's sub is a wildcard", () => {
    expect(status("*").status).toBe("fail");
  });
});
