/**
 * # ci-roles
 * GitHub Actions' way into AWS without keys: the account's IAM OIDC identity provider for
 * `token.actions.githubusercontent.com` (audience `sts.amazonaws.com`) and two roles a workflow assumes
 * with `sts:AssumeRoleWithWebIdentity`, each trusted for exactly one kind of job of one repository:
 * - the **plan** role, for pull requests of the repository (token `sub` `repo:OWNER/REPO:pull_request`) and
 *   jobs on its default branch (`repo:OWNER/REPO:ref:refs/heads/BRANCH`, the scheduled drift check): reads
 *   the state bucket, takes and releases the S3 lock file, reads everything in this account
 *   (ReadOnlyAccess) and may assume only the read-only role of each member account;
 * - the **apply** role, for jobs of one GitHub environment (`repo:OWNER/REPO:environment:NAME`, whose
 *   required reviewers gate it): AdministratorAccess in this account, because the management account's
 *   stacks (organization, bootstrap, identity-center) apply with CI's own credentials, and so it may assume
 *   the deployer and access roles of the member accounts. Its protection is its trust.
 *
 * A fork's pull request, another repository, another branch or another environment presents another `sub`
 * and matches neither trust. GitHub documents the claims and the `sub` formats, and recommends the
 * audience `sts.amazonaws.com` for AWS
 * (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services,
 * https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims);
 * IAM's condition keys for an OIDC provider are `<provider url>:aud` and `:sub`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub).
 * No thumbprint is set: IAM verifies GitHub's OIDC endpoint against its library of trusted root CAs and
 * no longer uses a thumbprint for it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc_verify-thumbprint.html);
 * `thumbprint_list` is optional in AWS provider 5.x.
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, githubSubject } from "../../aws/github-oidc";
import { ADMINISTRATOR_ACCESS_ARN } from "../access";

export { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, githubSubject };

/** AWS's managed ReadOnlyAccess policy. */
export const READ_ONLY_ACCESS_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";

export interface GithubCiRolesProps {
  /** owner/repo. */
  readonly repository: string;
  /** The environment whose jobs may assume the apply role. */
  readonly environment: string;
  /** The default branch, whose jobs may assume the plan role. */
  readonly branch: string;
  /** Names and IAM path of the two roles. */
  readonly planRoleName: string;
  readonly applyRoleName: string;
  readonly path: string;
  /** The state bucket's name. */
  readonly stateBucket: string;
  /** The state key's region and account, and its alias (without alias/): the key is named by alias, not id. */
  readonly stateKeyRegion: string;
  readonly stateKeyAccountId: string;
  readonly stateKeyAlias: string;
  /** ARN (pattern) of the read-only role in each member account, the only role the plan role may assume. */
  readonly memberReadRoleArn: string;
}

export class GithubCiRoles extends Construct {
  readonly provider: IamOpenidConnectProvider;
  readonly planRole: IamRole;
  readonly applyRole: IamRole;

  constructor(scope: Construct, id: string, props: GithubCiRolesProps) {
    super(scope, id);
    this.provider = new IamOpenidConnectProvider(this, "github", { url: `https://${GITHUB_OIDC_HOST}`, clientIdList: [GITHUB_OIDC_AUDIENCE] });
    const trust = (name: string, subjects: string[]) =>
      new DataAwsIamPolicyDocument(this, `${name}-trust`, {
        statement: [
          {
            sid: "GithubActions",
            actions: ["sts:AssumeRoleWithWebIdentity"],
            principals: [{ type: "Federated", identifiers: [this.provider.arn] }],
            condition: [
              { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:aud`, values: [GITHUB_OIDC_AUDIENCE] },
              { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:sub`, values: subjects },
            ],
          },
        ],
      });
    const { repository } = props;
    this.planRole = new IamRole(this, "plan", {
      name: props.planRoleName,
      path: props.path,
      description: `Landing zone CI: plans (read-only) for pull requests and ${props.branch} of ${repository}`,
      assumeRolePolicy: trust("plan", [githubSubject.pullRequest(repository), githubSubject.branch(repository, props.branch)]).json,
      maxSessionDuration: 3600,
    });
    this.applyRole = new IamRole(this, "apply", {
      name: props.applyRoleName,
      path: props.path,
      description: `Landing zone CI: applies, for the ${props.environment} environment of ${repository} only`,
      assumeRolePolicy: trust("apply", [githubSubject.environment(repository, props.environment)]).json,
      maxSessionDuration: 3600,
    });

    // The plan role: state (read every stack's, write only lock files), the state key by alias, the member read roles.
    const bucket = `arn:aws:s3:::${props.stateBucket}`;
    const planPolicy = new DataAwsIamPolicyDocument(this, "plan-policy", {
      statement: [
        { sid: "ListState", actions: ["s3:ListBucket"], resources: [bucket] },
        { sid: "ReadState", actions: ["s3:GetObject"], resources: [`${bucket}/*`] },
        // terraform plan takes the S3-native lock (use_lockfile): it writes and deletes <key>.tflock.
        { sid: "StateLock", actions: ["s3:PutObject", "s3:DeleteObject"], resources: [`${bucket}/*.tflock`] },
        {
          // The key is named by its alias (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-resource-aliases).
          sid: "StateKey",
          actions: ["kms:Decrypt", "kms:GenerateDataKey"],
          resources: [`arn:aws:kms:${props.stateKeyRegion}:${props.stateKeyAccountId}:key/*`],
          condition: [{ test: "ForAnyValue:StringEquals", variable: "kms:ResourceAliases", values: [`alias/${props.stateKeyAlias}`] }],
        },
        { sid: "MemberReadRoles", actions: ["sts:AssumeRole"], resources: [props.memberReadRoleArn] },
      ],
    });
    new IamRolePolicy(this, "plan-state", { name: "state-and-read-roles", role: this.planRole.name, policy: planPolicy.json });
    new IamRolePolicyAttachment(this, "plan-read-only", { role: this.planRole.name, policyArn: READ_ONLY_ACCESS_ARN });
    new IamRolePolicyAttachment(this, "apply-administrator", { role: this.applyRole.name, policyArn: ADMINISTRATOR_ACCESS_ARN });
  }
}
