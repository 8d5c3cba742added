import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliConfigText, findProviderMirror, terraformEnv } from "../../src/terraform/cli-config";

describe("terraform CLI config", () => {
  const fakeMirror = () => {
    const dir = mkdtempSync(join(tmpdir(), "lz-mirror-"));
    mkdirSync(join(dir, "registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64"), { recursive: true });
    return dir;
  };

  it("discovers the first candidate directory that holds the AWS provider", () => {
    const mirror = fakeMirror();
    expect(findProviderMirror({}, ["/nonexistent", mirror])).toBe(mirror);
    expect(findProviderMirror({}, ["/nonexistent"])).toBeUndefined();
  });

  it("lets LZ_PROVIDER_MIRROR override discovery, and refuses one without the provider", () => {
    const mirror = fakeMirror();
    expect(findProviderMirror({ LZ_PROVIDER_MIRROR: mirror }, [])).toBe(mirror);
    expect(() => findProviderMirror({ LZ_PROVIDER_MIRROR: "/tmp" }, [])).toThrow(/does not contain registry.terraform.io\/hashicorp\/aws/);
  });

  it("installs the AWS provider only from the mirror", () => {
    const text = cliConfigText("/opt/mirror", "/cache");
    expect(text).toMatch(/filesystem_mirror \{\s+path\s+= "\/opt\/mirror"\s+include = \["registry.terraform.io\/hashicorp\/aws"\]/);
    expect(text).toMatch(/direct \{\s+exclude = \["registry.terraform.io\/hashicorp\/aws"\]/);
    expect(text).toContain('plugin_cache_dir = "/cache"');
  });

  it("points TF_CLI_CONFIG_FILE at the written config", () => {
    const dir = mkdtempSync(join(tmpdir(), "lz-tfrc-"));
    const mirror = fakeMirror();
    const env = terraformEnv(dir, { LZ_PROVIDER_MIRROR: mirror });
    expect(env.TF_CLI_CONFIG_FILE).toBe(join(dir, "terraformrc"));
    expect(readFileSync(env.TF_CLI_CONFIG_FILE!, "utf8")).toContain(JSON.stringify(mirror));
    expect(env.CHECKPOINT_DISABLE).toBe("1");
  });
});
