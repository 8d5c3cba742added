/**
 * Assertions per stack kind, run after the emulator apply. A stack kind that
 * gains resources adds `assert/<kind>.ts` and registers it here; every stack
 * with remote state is also checked by assertRemoteState.
 */
import { assertAccess } from "./access";
import { assertBootstrap } from "./bootstrap";
import { StackAssertion } from "./context";
import { assertIdentityCenter } from "./identity-center";
import { assertLogging } from "./logging";
import { assertNetwork } from "./network";
import { assertOrganization } from "./organization";
import { assertSecurity } from "./security";
import { assertWorkload } from "./workload";

export const STACK_ASSERTIONS: Readonly<Record<string, StackAssertion>> = {
  access: assertAccess,
  bootstrap: assertBootstrap,
  organization: assertOrganization,
  logging: assertLogging,
  network: assertNetwork,
  security: assertSecurity,
  workload: assertWorkload,
  "identity-center": assertIdentityCenter,
};

export { assertRemoteState } from "./state";
export { stackKind } from "./context";
export type { StackContext } from "./context";
