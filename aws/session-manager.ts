/**
 * Session Manager's account preferences document.
 * AWS, "Create a Session Manager preferences document (command line)":
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-create-preferences-cli.html
 */

/** The name Session Manager reads its account preferences from (Session document, one per Region). */
export const SESSION_PREFERENCES_DOCUMENT = "SSM-SessionManagerRunShell";
