/**
 * Names the baseline gives, importable without loading the construct library
 * (the config resolves permission sets with them).
 */

/** Name of the customer-managed policy that lets a person open shells in the account. */
export const sessionUserPolicyName = (namePrefix: string): string => `${namePrefix}-session-user`;
