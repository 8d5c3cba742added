/**
 * Synthesizes a lone construct in a stack that names resources like the real
 * stacks do (construct path joined by `_`), so module tests can address
 * resources by readable names.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import { LzStack } from "../../src/stacks/lz-stack";
import { TfJson } from "./synth";

export function synthConstruct(build: (scope: Construct) => void): TfJson {
  const stack = new LzStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

/** Every resource of `type` whose name starts with `prefix`, keyed by name. */
export function named(stack: TfJson, type: string, prefix = ""): Record<string, TfJson> {
  return Object.fromEntries(Object.entries(stack.resource?.[type] ?? {}).filter(([name]) => name.startsWith(prefix))) as Record<string, TfJson>;
}

/** True when an ingress rule (inline or standalone) lets in `port`. */
export function opensPort(rule: TfJson, port: number): boolean {
  const protocol = String(rule.protocol ?? rule.ip_protocol);
  if (protocol === "-1" || protocol === "all") return true;
  return Number(rule.from_port) <= port && port <= Number(rule.to_port);
}
