/** Synthesizes a lone construct (cdktf Testing.synthScope) into Terraform JSON for assertions. */
import { Testing } from "cdktf";
import { IConstruct } from "constructs";
import { TfJson } from "./synth";

export function synthModule(build: (scope: IConstruct) => void): TfJson {
  return JSON.parse(Testing.synthScope(build));
}

/** Resources of `type` whose Terraform name starts with `prefix`. */
export function named(stack: TfJson, type: string, prefix = ""): TfJson[] {
  return Object.entries(stack.resource?.[type] ?? {})
    .filter(([name]) => name.startsWith(prefix))
    .map(([, r]) => r as TfJson);
}

/** Parses a JSON attribute, or a `${jsonencode(...)}` left by Fn.jsonencode, for assertions. */
export function jsonOf(value: string): TfJson {
  return JSON.parse(value);
}
