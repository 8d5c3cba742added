/**
 * Writes a stack as HCL (cdk.tf) and repairs what cdktf's HCL exporter gets
 * wrong (see postprocess.ts), using the stack's JSON rendering as the
 * reference for values.
 */
import { TerraformStack } from "cdktf";
import { StackSynthesizer } from "cdktf/lib/synthesize/synthesizer";
import { ISynthesisSession } from "cdktf/lib/synthesize/types";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixHcl, TfJson } from "./postprocess";

export class HclStackSynthesizer extends StackSynthesizer {
  constructor(stack: TerraformStack) {
    super(stack, false, true);
  }

  synthesize(session: ISynthesisSession): void {
    super.synthesize(session);
    const file = join(session.outdir, session.manifest.forStack(this.stack).synthesizedStackPath);
    writeFileSync(file, fixHcl(readFileSync(file, "utf8"), this.stack.toTerraform() as TfJson));
  }
}
