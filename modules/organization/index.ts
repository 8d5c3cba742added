/**
 * # organization
 * The AWS Organization and what hangs off it, in the management account: the
 * organization (all features, trusted service access, SCPs enabled), OUs
 * nested by path, member accounts (adopted or created, never closed, protected
 * even when removed from the config), and the landing zone's SCPs.
 */
export * from "./accounts";
export * from "./keyed-import";
export * from "./organization";
export * from "./scps";
export * from "./units";
