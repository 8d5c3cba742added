/**
 * Writes a stack as HCL (cdk.tf), generated from the stack's Terraform JSON
 * by render.ts rather than by cdktf's own HCL exporter, whose text gets
 * values wrong (see render.ts). cdktf still writes metadata.json.
 */
import { TerraformStack } from "cdktf";
import { resolve } from "cdktf/lib/_tokens";
import { StackSynthesizer } from "cdktf/lib/synthesize/synthesizer";
import { ISynthesisSession } from "cdktf/lib/synthesize/types";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { elementsOf } from "../stack-elements";
import { renderStack, shapesOf, TfJson } from "./render";

export class HclStackSynthesizer extends StackSynthesizer {
  /** @param check runs before cdktf's synthesis (which runs the aspects first): the guardrails (PolicyEngine.check) */
  constructor(
    stack: TerraformStack,
    private readonly check?: (stack: TerraformStack) => void,
  ) {
    super(stack, false, true);
  }

  synthesize(session: ISynthesisSession): void {
    this.check?.(this.stack);
    super.synthesize(session);
    const file = join(session.outdir, session.manifest.forStack(this.stack).synthesizedStackPath);
    const fragments = elementsOf(this.stack).map((e) => resolve(this.stack, e.toHclTerraform()) as TfJson);
    writeFileSync(file, renderStack(this.stack.toTerraform() as TfJson, shapesOf(fragments)));
  }
}
