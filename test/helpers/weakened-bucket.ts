/**
 * A regression in a module default, for the tests of the synth gate and the
 * report: while `weaken(true)`, SecureBucket stops protecting the state bucket
 * from destroy, so the guardrails have a finding to stop on. Use as
 *
 *     jest.mock("../../modules/secure-bucket", () => jest.requireActual("../helpers/weakened-bucket").weakenedSecureBucketModule());
 *
 * (jest.mock factories are hoisted and may not close over imports.)
 */
const flag = globalThis as { weakenSecureBucket?: boolean };

/** Turns the regression on or off. */
export const weaken = (on: boolean): void => {
  flag.weakenSecureBucket = on;
};

/** The modules/secure-bucket exports, with SecureBucket dropping preventDestroy on the state bucket while weakened. */
export function weakenedSecureBucketModule(): Record<string, unknown> {
  const actual = jest.requireActual("../../modules/secure-bucket");
  return {
    ...actual,
    SecureBucket: class extends actual.SecureBucket {
      constructor(scope: unknown, id: string, props: Record<string, unknown>) {
        const state = String(props.bucketName).includes("tfstate");
        super(scope, id, { ...props, preventDestroy: flag.weakenSecureBucket && state ? false : props.preventDestroy });
      }
    },
  };
}
