/**
 * AWS Organizations quotas the landing zone must stay within.
 * AWS, "Quotas and service limits for AWS Organizations", Maximum size of a
 * policy document: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */

/** AWS's limit on a service control policy document, in characters (whitespace counts). */
export const SCP_MAX_CHARS = 5120;
