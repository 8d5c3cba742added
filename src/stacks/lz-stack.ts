/**
 * The base of every stack: readable, stable Terraform names. cdktf's default
 * appends a hash of the construct path (`state_bucket_versioning_3F2A1B`);
 * here the name is the path itself, so a plan reads `state_bucket_versioning`,
 * and a module's primary resource (id `this`) takes the module's name: `state_bucket`.
 * Construct ids come from config names, never array positions, so names stay
 * stable across re-synths and reorders. Two paths that would collapse to one
 * name fail the synth instead of silently overwriting each other.
 */
import { TerraformDataSource, TerraformElement, TerraformResource, TerraformStack } from "cdktf";
import { Construct, Node } from "constructs";

export class LzStack extends TerraformStack {
  private readonly names = new Map<string, string>();
  private resolvedForWriter?: ReturnType<TerraformStack["toTerraform"]>;

  constructor(scope: Construct, name: string) {
    super(scope, name);
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof TerraformElement ? element.node : element;
    const scopes = node.scopes;
    const parts = scopes.slice(scopes.indexOf(this) + 1).map((s) => s.node.id);
    // A module's primary resource has the id "this" (terraform-aws-modules style) and takes the module's name.
    if (parts.length > 1 && parts[parts.length - 1] === "this") parts.pop();
    const name = parts.join("_").replace(/[^A-Za-z0-9_]+/g, "_").replace(/^(\d)/, "_$1");
    // Names must be unique per kind: resource type, data source type, output, provider...
    const kind =
      element instanceof TerraformResource ? element.terraformResourceType
      : element instanceof TerraformDataSource ? `data.${element.terraformResourceType}`
      : element.constructor.name;
    const key = `${kind} ${name}`;
    const owner = this.names.get(key);
    if (owner !== undefined && owner !== node.path) {
      throw new Error(`${owner} and ${node.path} would both be named ${kind}.${name} in Terraform; give one a different id`);
    }
    this.names.set(key, node.path);
    return name;
  }

  /**
   * The stack's resolved Terraform JSON, computed once per synth. The guardrail
   * aspect reads it while cdktf synthesizes the stack, and cdktf's writer, which
   * calls toTerraform() right after the aspects ran, gets the same object instead
   * of resolving every token of the stack again (a third of synth time).
   */
  resolveForSynth(): ReturnType<TerraformStack["toTerraform"]> {
    this.resolvedForWriter = super.toTerraform();
    return this.resolvedForWriter;
  }

  toTerraform(): ReturnType<TerraformStack["toTerraform"]> {
    const shared = this.resolvedForWriter;
    this.resolvedForWriter = undefined;
    return shared ?? super.toTerraform();
  }
}
