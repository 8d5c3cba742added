/**
 * Writes a stack's cdk.tf.json as cdktf 0.21 does, with a faster writer.
 *
 * cdktf's StackSynthesizer writes the stack's JSON with json-stable-stringify 1.3 (keys sorted,
 * two-space indent); that writer builds each indent with a loop and calls every array method through
 * call-bind, and was 7 % of a 200-account synth (bench/analysis.md). `stableJson` writes the same
 * bytes (tested against json-stable-stringify, test/stacks/json-synthesizer.test.ts) with the native
 * JSON.stringify for scalars and keys.
 *
 * JsonStackSynthesizer.synthesize is cdktf's StackSynthesizer.synthesize (cdktf/lib/synthesize/
 * synthesizer.js, JSON branch) step for step: aspects, then the guardrails (`check`), the Terraform
 * 1.5 check for moved blocks, validations, the working directory, custom synthesis (assets), annotations, then the file.
 */
import { TerraformStack } from "cdktf";
import { AnnotationMetadataEntryType } from "cdktf/lib/annotations";
import { encounteredAnnotationWithLevelError } from "cdktf/lib/errors";
import { invokeAspects, StackSynthesizer } from "cdktf/lib/synthesize/synthesizer";
import { ISynthesisSession } from "cdktf/lib/synthesize/types";
import { ValidateTerraformVersion } from "cdktf/lib/validations/validate-terraform-version";
import { ConstructOrder, IConstruct } from "constructs";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const INDENTS: string[] = [];
const indent = (level: number): string => (INDENTS[level] ??= `\n${"  ".repeat(level)}`);
/** A string JSON writes as it is between quotes: no quote, backslash, control or non-ASCII character. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const quote = (s: string): string => (PLAIN.test(s) ? `"${s}"` : JSON.stringify(s));

/** Appends `value`'s JSON to `parts`; false (nothing appended) for a value JSON leaves out (undefined). */
function write(value: unknown, level: number, parts: string[], seen: unknown[]): boolean {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") value = (value as { toJSON: () => unknown }).toJSON();
  if (value === undefined) return false;
  if (typeof value === "string") return parts.push(quote(value)), true;
  if (typeof value !== "object" || value === null) {
    const text = JSON.stringify(value);
    if (text === undefined) return false; // a function or symbol, as json-stable-stringify leaves it out
    return parts.push(text), true;
  }
  const inner = indent(level + 1);
  if (Array.isArray(value)) {
    parts.push("[");
    for (let i = 0; i < value.length; i++) {
      parts.push(i > 0 ? `,${inner}` : inner);
      if (!write(value[i], level + 1, parts, seen)) parts.push("null");
    }
    parts.push(`${indent(level)}]`);
    return true;
  }
  if (seen.includes(value)) throw new TypeError("Converting circular structure to JSON");
  seen.push(value);
  parts.push("{");
  let first = true;
  for (const key of Object.keys(value).sort()) {
    const mark = parts.length;
    parts.push(`${first ? "" : ","}${inner}${quote(key)}: `);
    if (write((value as Record<string, unknown>)[key], level + 1, parts, seen)) first = false;
    else parts.length = mark;
  }
  seen.pop();
  parts.push(`${indent(level)}}`);
  return true;
}

/** `require("json-stable-stringify")(value, { space: 2 })`, byte for byte (empty objects and arrays included: `{\n}`). */
export function stableJson(value: unknown): string | undefined {
  const parts: string[] = [];
  return write(value, 0, parts, []) ? parts.join("") : undefined;
}

const CUSTOM_SYNTHESIS = Symbol.for("cdktf/customSynthesis");
const ANNOTATION_TYPES: readonly string[] = [AnnotationMetadataEntryType.INFO, AnnotationMetadataEntryType.WARN, AnnotationMetadataEntryType.ERROR];

export class JsonStackSynthesizer extends StackSynthesizer {
  /**
   * @param check runs once the stack is complete (after its aspects), before anything is written:
   *   the guardrails (PolicyEngine.check)
   */
  constructor(
    stack: TerraformStack,
    private readonly check?: (stack: TerraformStack) => void,
  ) {
    super(stack, false, false);
  }

  synthesize(session: ISynthesisSession): void {
    const stack = this.stack;
    invokeAspects(stack);
    this.check?.(stack);
    if (stack.hasResourceMove()) {
      stack.node.addValidation(new ValidateTerraformVersion(">=1.5", "Resource move functionality is only supported for Terraform >=1.5. Please upgrade your Terraform version."));
    }
    if (!session.skipValidation) stack.runAllValidations();
    const stackManifest = session.manifest.forStack(stack);
    const workingDirectory = join(session.outdir, stackManifest.workingDirectory);
    if (!existsSync(workingDirectory)) mkdirSync(workingDirectory);
    for (const node of stack.node.findAll(ConstructOrder.POSTORDER)) {
      (node as IConstruct & { [CUSTOM_SYNTHESIS]?: { onSynthesize(s: ISynthesisSession): void } })[CUSTOM_SYNTHESIS]?.onSynthesize(session);
    }
    const annotations = stack.node.findAll().flatMap((node) =>
      node.node.metadata
        .filter((m) => ANNOTATION_TYPES.includes(m.type))
        .map((m) => ({ constructPath: node.node.path, level: m.type as AnnotationMetadataEntryType, message: m.data as string, stacktrace: m.trace })),
    );
    // cdktf's manifest field is readonly; the synthesizer is where cdktf itself writes it.
    (stackManifest as { annotations: typeof annotations }).annotations = annotations;
    const errors = annotations.filter((a) => a.level === AnnotationMetadataEntryType.ERROR);
    if (errors.length > 0) throw encounteredAnnotationWithLevelError(errors.map((a) => `[${a.constructPath}] ${a.message}`).join("\n"));
    writeFileSync(join(session.outdir, stackManifest.synthesizedStackPath), stableJson(stack.toTerraform()) ?? "");
  }
}
