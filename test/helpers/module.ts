/** Synthesizes constructs alone, in a stack named like the real ones (`<id>_<child>`), for module tests. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import { LzStack } from "../../src/stacks/lz-stack";
import { TfJson } from "./synth";

export function synthModule(build: (scope: Construct) => void): TfJson {
  const stack = new LzStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  build(stack);
  return JSON.parse(Testing.synth(stack));
}
