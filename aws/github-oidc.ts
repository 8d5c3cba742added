/**
 * GitHub Actions' OpenID Connect tokens, as AWS IAM sees them.
 * GitHub, "Configuring OpenID Connect in Amazon Web Services":
 * https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 * (issuer, audience `sts.amazonaws.com`, condition keys `token.actions.githubusercontent.com:aud` / `:sub`);
 * the `sub` formats: https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
 */

/** The issuer's host: IAM names the provider and its condition keys (`<host>:sub`, `<host>:aud`) after it. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The audience aws-actions/configure-aws-credentials requests and GitHub recommends for AWS. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** The token `sub` claims GitHub sends for a job. */
export const githubSubject = {
  pullRequest: (repository: string): string => `repo:${repository}:pull_request`,
  branch: (repository: string, branch: string): string => `repo:${repository}:ref:refs/heads/${branch}`,
  environment: (repository: string, environment: string): string => `repo:${repository}:environment:${environment}`,
};
