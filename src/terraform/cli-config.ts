/**
 * Terraform CLI configuration for offline runs. Terraform must not reach the
 * registry here, so the project writes its own CLI config whose
 * `filesystem_mirror` points at a provider mirror found on the machine:
 *   1. LZ_PROVIDER_MIRROR, when set (a directory laid out as
 *      <host>/<namespace>/<type>/<version>/<os_arch>/...);
 *   2. otherwise the first of the usual mirror directories holding the AWS provider.
 * Without a mirror, Terraform installs providers directly as usual.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const AWS = "registry.terraform.io/hashicorp/aws";

export const MIRROR_CANDIDATES: readonly string[] = [
  "/opt/tf-plugins",
  join(homedir(), ".terraform.d", "plugins"),
  join(homedir(), ".local", "share", "terraform", "plugins"),
  "/usr/local/share/terraform/plugins",
  "/usr/share/terraform/plugins",
];

/** True when `dir` holds some version of the AWS provider, packed or unpacked. */
export function holdsAwsProvider(dir: string): boolean {
  const versions = join(dir, AWS);
  return existsSync(versions) && readdirSync(versions).length > 0;
}

/** The provider mirror to use, or undefined to install from the registry. */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env, candidates = MIRROR_CANDIDATES): string | undefined {
  const explicit = env.LZ_PROVIDER_MIRROR;
  if (explicit) {
    if (!holdsAwsProvider(explicit)) throw new Error(`LZ_PROVIDER_MIRROR=${explicit} does not contain ${AWS}`);
    return explicit;
  }
  return candidates.find(holdsAwsProvider);
}

/** The CLI config text for `mirror` (or a direct-install config without one). */
export function cliConfigText(mirror: string | undefined, pluginCacheDir: string): string {
  const cache = `plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}\nplugin_cache_may_break_dependency_lock_file = true\n`;
  if (!mirror) return `${cache}disable_checkpoint = true\n`;
  return `${cache}disable_checkpoint = true
provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror)}
    include = ["${AWS}"]
  }
  direct {
    exclude = ["${AWS}"]
  }
}
`;
}

/**
 * Writes the CLI config under `dir` and returns the environment that makes
 * Terraform use it (TF_CLI_CONFIG_FILE, plus no checkpoint calls).
 */
export function terraformEnv(dir: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  mkdirSync(join(dir, "plugin-cache"), { recursive: true });
  const file = join(dir, "terraformrc");
  writeFileSync(file, cliConfigText(findProviderMirror(env), join(dir, "plugin-cache")));
  return { ...env, TF_CLI_CONFIG_FILE: file, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
}
