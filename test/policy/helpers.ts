/** Test helpers for guardrail rules: synthesize constructs alone in a throwaway stack and read the verdicts. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, S3Backend, TerraformStack, Testing } from "cdktf";
import { PolicyEngine, PolicyReport, PolicySnapshot } from "../../src/policy/engine";
import { ruleById } from "../../src/policy";
import { RuleResult } from "../../src/policy/types";
import { LzStack } from "../../src/stacks/lz-stack";

/**
 * Runs every rule over the stacks `build` adds to a fresh app. Every case is judged twice: in one
 * engine, and as a parallel synth does, each stack in an engine of its own whose partial snapshot
 * (only the types the app rules read) another engine absorbs; the verdicts must be the same, so an
 * app rule reading a type its `reads` omits fails here (NotShippedError) or differs.
 */
export function checkApp(build: (app: App) => void): PolicyReport {
  const app = Testing.app();
  build(app);
  const engine = new PolicyEngine();
  const stacks = app.node.children.filter(TerraformStack.isStack);
  for (const stack of stacks) engine.check(stack);
  for (const stack of stacks) Testing.synth(stack);
  const shipped = new PolicyEngine();
  for (const stack of stacks) {
    const own = new PolicyEngine();
    own.check(stack);
    shipped.absorb(JSON.parse(JSON.stringify(own.snapshot())) as PolicySnapshot);
  }
  const report = engine.finish();
  expect(shipped.finish().results).toEqual(report.results);
  return report;
}

/** Runs every rule over one stack ("test") holding what `build` adds, with an AWS provider. */
export function check(build: (stack: TerraformStack) => void): PolicyReport {
  return checkApp((app) => {
    const stack = new LzStack(app, "test");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    // A compliant backend, so a test's findings are those of the constructs under test.
    new S3Backend(stack, { bucket: "state", key: "test/terraform.tfstate", region: "us-east-1", encrypt: true, kmsKeyId: "alias/state" });
    stack.addOverride("terraform.backend.s3.use_lockfile", true);
    build(stack);
  });
}

export const resultsOf = (report: PolicyReport, id: string): RuleResult[] => report.results.filter((r) => r.rule === id);

/**
 * Asserts that `ruleId` failed on the subject with Terraform address
 * `address` (for a stack or app rule about a whole stack: the stack's
 * construct path, e.g. "workload-b") for the reason `reason` matches, and
 * returns that failure. A rule failing on another subject, or for another
 * reason, does not satisfy it: the message lists what did fail.
 */
export function expectFailure(report: PolicyReport | readonly RuleResult[], ruleId: string, address: string, reason: RegExp | string): RuleResult {
  const results = "results" in report ? report.results : report;
  const failures = results.filter((r) => r.rule === ruleId && r.status === "fail");
  const subject = (r: RuleResult) => r.address ?? r.path;
  const matches = (r: RuleResult) => subject(r) === address && (typeof reason === "string" ? r.detail === reason : reason.test(r.detail));
  const found = failures.find(matches);
  if (!found) {
    const seen = failures.map((r) => `  ${subject(r)}: ${r.detail}`).join("\n") || "  (none)";
    throw new Error(`expected ${ruleId} to fail on ${address} with a detail matching ${String(reason)}; its failures:\n${seen}`);
  }
  return found;
}

export interface RuleCase {
  /** Builds a compliant construct. */
  readonly good: (stack: TerraformStack) => void;
  /** Builds a violating one. */
  readonly bad: (stack: TerraformStack) => void;
  /** Terraform address of the subject the failure names (a stack's construct path for stack rules). */
  readonly address: string;
  /** The failure's detail: the reason it fails, so a rule failing for another reason is caught. */
  readonly reason: RegExp;
  /** The construct path the finding names, when it matters beside the address. */
  readonly path?: string;
}

export interface AppRuleCase {
  readonly good: (app: App) => void;
  readonly bad: (app: App) => void;
  readonly address: string;
  readonly reason: RegExp;
  readonly path?: string;
}

/** Like `rule`, for rules that look across the stacks of an app. */
export function appRule(id: string, c: AppRuleCase): void {
  rule(id, c as unknown as RuleCase, checkApp as unknown as typeof check);
}

/**
 * Specifies one rule both ways: the compliant construct passes (with evidence)
 * and the violating one fails, on the named subject, for the stated reason.
 */
export function rule(id: string, c: RuleCase, run: typeof check = check): void {
  const r = ruleById(id);
  if (!r) throw new Error(`no rule ${id}`);
  describe(`${id}: ${r.title}`, () => {
    it("passes a compliant construct, with evidence", () => {
      const results = resultsOf(run(c.good), id);
      expect(results.map((x) => x.status)).toContain("pass");
      expect(results.filter((x) => x.status !== "pass")).toEqual([]);
      expect(results.every((x) => x.detail.length > 0)).toBe(true);
    });
    it(`flags a violating construct: ${c.address}, ${String(c.reason)}`, () => {
      const failure = expectFailure(run(c.bad), id, c.address, c.reason);
      if (c.path) expect(failure.path).toBe(c.path);
    });
  });
}
