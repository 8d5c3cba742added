/**
 * IAM Identity Center facts.
 * Delegated administration: https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin-how-to-register.html
 * (one member account at a time, registered from the management account with
 * Organizations' RegisterDelegatedAdministrator for this service principal).
 */

/** IAM Identity Center's service principal: its trusted access and its delegated administrator. */
export const SSO_SERVICE_PRINCIPAL = "sso.amazonaws.com";
