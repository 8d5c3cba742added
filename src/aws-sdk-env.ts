/**
 * Before the CLI loads an AWS SDK v3 client: the SDK warns on Node < 22 that SDK versions published
 * after January 2027 will need Node 22. The project pins its SDK versions and supports Node >= 20, so
 * the warning says nothing about this tool; it is turned off unless the user set the variable.
 */
export function quietSdkNodeWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
}
