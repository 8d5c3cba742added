/**
 * AWS tag rules, for the config's `tags`: they land on every resource through
 * the providers' default_tags, so one bad tag fails every apply.
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
 * (the same limits: https://docs.aws.amazon.com/batch/latest/userguide/tag-restrictions.html)
 */

/** Tags a resource may carry (tags with the reserved aws: prefix aside). */
export const MAX_TAGS_PER_RESOURCE = 50;
/** Unicode characters in a key. */
export const MAX_TAG_KEY_LENGTH = 128;
/** Unicode characters in a value. */
export const MAX_TAG_VALUE_LENGTH = 256;
/** Letters, numbers and spaces representable in UTF-8, and _ . : / = + - @. */
export const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Reserved for AWS in keys and values, in any case. */
export const RESERVED_TAG_PREFIX = /^aws:/i;

/**
 * Keys the landing zone itself puts in every provider's default_tags
 * (src/stacks/account-stack.ts `defaultTags`; a test keeps the two in step).
 */
export const LANDING_ZONE_TAG_KEYS: readonly string[] = ["lz:name", "lz:account", "lz:stack", "managed-by"];

/**
 * The most tags a module sets on one resource itself, on top of default_tags:
 * EC2 instances carry Name and Patch Group (modules/compute/ec2).
 */
export const MAX_RESOURCE_OWN_TAGS = 2;

/** How many tags `tags` may hold so that no resource exceeds AWS's limit. */
export const MAX_CONFIG_TAGS = MAX_TAGS_PER_RESOURCE - LANDING_ZONE_TAG_KEYS.length - MAX_RESOURCE_OWN_TAGS;

/** Length in Unicode characters (code points), as AWS counts. */
export const unicodeLength = (s: string): number => [...s].length;
