/** What a stack's assertions get: the config, SDK access in any account, and the stack's outputs. */
import { LandingZoneConfig } from "../../../src/config/types";
import { AwsWorld } from "../helpers/aws";
import { Declared } from "./declared";

export interface StackContext {
  readonly config: LandingZoneConfig;
  readonly aws: AwsWorld;
  /** The stack's name in the manifest, e.g. workload-payments-prod. */
  readonly stack: string;
  /** `terraform output -json` of the stack, values only. */
  outputs(): Promise<Record<string, unknown>>;
  /** The same for another stack of the run, e.g. a workload stack reading the hub's outputs from `network`. */
  outputsOf(stack: string): Promise<Record<string, unknown>>;
  /** The resources the applied copy of the stack declares (cdk.tf.json's `resource`). */
  declared(): Declared;
}

export type StackAssertion = (ctx: StackContext) => Promise<void>;

/** The kind of a stack, from its name: bootstrap, organization, access, logging, network, workload or identity-center. */
export const stackKind = (stack: string): string => (stack.startsWith("workload-") ? "workload" : stack.startsWith("access-") ? "access" : stack);
