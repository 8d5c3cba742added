/**
 * How IAM names principals, roles and AWS managed policies (partition aws),
 * for the modules' policies, the stacks' cross-account roles and the
 * guardrails alike.
 * AWS, "IAM identifiers": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */

/**
 * An account as a principal, `arn:aws:iam::<account>:root`: the account itself, whose IAM
 * policies then decide which of its principals may act (`*` for any account, as in an SCP).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
 */
export const accountRootArn = (accountId: string): string => `arn:aws:iam::${accountId}:root`;

/** `arn:aws:iam::<account>:role<path><name>`; `path` starts and ends with `/`. */
export const roleArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:role${path}${name}`;

/** ARN prefix of AWS managed policies in the commercial partition. */
export const AWS_MANAGED_POLICY_PREFIX = "arn:aws:iam::aws:policy/";

/** An AWS managed policy's ARN from its name (`ReadOnlyAccess`, `job-function/ViewOnlyAccess`) or its ARN. */
export const awsManagedPolicyArn = (nameOrArn: string): string => (nameOrArn.startsWith("arn:") ? nameOrArn : `${AWS_MANAGED_POLICY_PREFIX}${nameOrArn}`);

/** AWS's managed AdministratorAccess policy. */
export const ADMINISTRATOR_ACCESS_ARN = awsManagedPolicyArn("AdministratorAccess");
