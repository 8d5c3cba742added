/**
 * Access proofs for CI's roles (modules/ci-roles), with the synthesized trust policies: GitHub's OIDC token
 * reaches IAM as sts:AssumeRoleWithWebIdentity from the federated provider, with the token's claims as the
 * context keys `token.actions.githubusercontent.com:sub` and `:aud`
 * (GitHub: https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services;
 * AWS: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif).
 * A pull request of the repository may assume the plan role and not the apply role; a job of the gated
 * environment may assume the apply role; a fork's pull request (its token says the base repository only when
 * GitHub runs it there, and another repository's says that repository) and other repositories assume neither.
 */
import { githubSubject, GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from "../../aws/github-oidc";
import { parseConfig } from "../../src/config/load";
import { ciReadRoleName, deployerRoleName } from "../../src/stacks/names";
import { exampleText, synthConfig, TfJson } from "../helpers/synth";
import { Decision, expectDecision, policyOf } from "./harness";

const MANAGEMENT = "111111111111";
const PROVIDER = `arn:aws:iam::${MANAGEMENT}:oidc-provider/${GITHUB_OIDC_HOST}`;
const REPO = "acme/landing-zone";
const text = `${exampleText()}\nci:\n  github: { repository: ${REPO}, environment: production }\n`;
const out = synthConfig(parseConfig(text, "landing-zone.yaml"));
const stack: TfJson = out.stack("ci-roles");
const refs = { "aws_iam_openid_connect_provider.github_github.arn": PROVIDER };
const planTrust = policyOf(stack, "aws_iam_role.github_plan", "assume_role_policy", refs);
const applyTrust = policyOf(stack, "aws_iam_role.github_apply", "assume_role_policy", refs);
const planPolicy = policyOf(stack, "aws_iam_role_policy.github_plan_state", "policy", refs);

async function assume(trust: typeof planTrust, sub: string, expected: Decision, aud = GITHUB_OIDC_AUDIENCE): Promise<void> {
  await expectDecision(
    {
      principal: PROVIDER,
      action: "sts:AssumeRoleWithWebIdentity",
      resource: `arn:aws:iam::${MANAGEMENT}:role/lz/acme-ci`,
      resourceAccount: MANAGEMENT,
      context: { [`${GITHUB_OIDC_HOST}:sub`]: sub, [`${GITHUB_OIDC_HOST}:aud`]: aud },
    },
    { resource: trust },
    expected,
  );
}

describe("CI roles' trust (GitHub OIDC claims as IAM context keys)", () => {
  it("a pull request of the repository may assume the plan role, not the apply role", async () => {
    await assume(planTrust, githubSubject.pullRequest(REPO), "Allowed");
    await assume(applyTrust, githubSubject.pullRequest(REPO), "ImplicitlyDenied");
  });

  it("the default branch (scheduled drift) may assume the plan role, not the apply role", async () => {
    await assume(planTrust, githubSubject.branch(REPO, "main"), "Allowed");
    await assume(applyTrust, githubSubject.branch(REPO, "main"), "ImplicitlyDenied");
    await assume(planTrust, githubSubject.branch(REPO, "feature"), "ImplicitlyDenied");
  });

  it("a job of the production environment may assume the apply role", async () => {
    await assume(applyTrust, githubSubject.environment(REPO, "production"), "Allowed");
    await assume(applyTrust, githubSubject.environment(REPO, "staging"), "ImplicitlyDenied");
  });

  it.each([
    ["a fork", githubSubject.pullRequest("mallory/landing-zone")],
    ["another repository", githubSubject.pullRequest("acme/other")],
    ["another repository's production environment", githubSubject.environment("acme/other", "production")],
    ["a repository whose name starts the same", githubSubject.environment("acme/landing-zone-2", "production")],
  ])("%s may assume neither", async (_who, sub) => {
    await assume(planTrust, sub, "ImplicitlyDenied");
    await assume(applyTrust, sub, "ImplicitlyDenied");
  });

  it("a token for another audience is refused", async () => {
    await assume(planTrust, githubSubject.pullRequest(REPO), "ImplicitlyDenied", "https://github.com/acme");
  });
});

describe("the plan role's own policy", () => {
  const planRole = `arn:aws:iam::${MANAGEMENT}:role/lz/acme-ci-plan`;
  const call = (action: string, resource: string, expected: Decision, context: Record<string, string | string[]> = {}) =>
    expectDecision({ principal: planRole, action, resource, resourceAccount: MANAGEMENT, context }, { identity: [planPolicy] }, expected);

  it("reads state and takes the lock file, but cannot write state", async () => {
    await call("s3:GetObject", "arn:aws:s3:::acme-tfstate-111111111111/network/terraform.tfstate", "Allowed");
    await call("s3:PutObject", "arn:aws:s3:::acme-tfstate-111111111111/network/terraform.tfstate.tflock", "Allowed");
    await call("s3:PutObject", "arn:aws:s3:::acme-tfstate-111111111111/network/terraform.tfstate", "ImplicitlyDenied");
  });

  it("may assume each member account's read-only role, never the deployer", async () => {
    await call("sts:AssumeRole", `arn:aws:iam::444444444444:role/lz/${ciReadRoleName("acme")}`, "Allowed");
    await call("sts:AssumeRole", `arn:aws:iam::444444444444:role/lz/${deployerRoleName("acme")}`, "ImplicitlyDenied");
    await call("sts:AssumeRole", "arn:aws:iam::444444444444:role/OrganizationAccountAccessRole", "ImplicitlyDenied");
  });

  it("member read roles trust the plan role alone", async () => {
    const access = out.stack("access-payments-prod");
    const trust = policyOf(access, "aws_iam_role.ci_read", "assume_role_policy");
    const request = (principal: string) => ({ principal, action: "sts:AssumeRole", resource: `arn:aws:iam::444444444444:role/lz/${ciReadRoleName("acme")}`, resourceAccount: "444444444444", context: { "aws:PrincipalArn": principal } });
    await expectDecision(request(planRole), { resource: trust, identity: [planPolicy] }, "Allowed");
    await expectDecision(request(`arn:aws:iam::${MANAGEMENT}:role/lz/acme-ci-apply`), { resource: trust, identity: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }] }, "ImplicitlyDenied");
  });
});
