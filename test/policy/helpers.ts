/** Test helpers for guardrail rules: synthesize constructs alone in a throwaway stack and read the verdicts. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, Aspects, S3Backend, TerraformStack, Testing } from "cdktf";
import { PolicyEngine, PolicyReport } from "../../src/policy/engine";
import { ruleById } from "../../src/policy";
import { RuleResult } from "../../src/policy/types";
import { LzStack } from "../../src/stacks/lz-stack";

/** Runs every rule over the stacks `build` adds to a fresh app. */
export function checkApp(build: (app: App) => void): PolicyReport {
  const app = Testing.app();
  build(app);
  const engine = new PolicyEngine();
  const stacks = app.node.children.filter(TerraformStack.isStack);
  for (const stack of stacks) Aspects.of(stack).add(engine.aspect);
  for (const stack of stacks) Testing.synth(stack);
  return engine.finish();
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

export interface RuleCase {
  /** Builds a compliant construct. */
  readonly good: (stack: TerraformStack) => void;
  /** Builds a violating one. */
  readonly bad: (stack: TerraformStack) => void;
  /** The finding's detail. */
  readonly detail?: RegExp;
  /** The construct path the finding names (default: any). */
  readonly path?: string;
}

export interface AppRuleCase {
  readonly good: (app: App) => void;
  readonly bad: (app: App) => void;
  readonly detail?: RegExp;
  readonly path?: string;
}

/** Like `rule`, for rules that look across the stacks of an app. */
export function appRule(id: string, c: AppRuleCase): void {
  rule(id, c as unknown as RuleCase, checkApp as unknown as typeof check);
}

/**
 * Specifies one rule both ways: the compliant construct passes (with evidence)
 * and the violating one fails, naming the construct.
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
    it("flags a violating construct", () => {
      const failures = resultsOf(run(c.bad), id).filter((x) => x.status === "fail");
      expect(failures.length).toBeGreaterThan(0);
      if (c.path) expect(failures.map((f) => f.path)).toContain(c.path);
      if (c.detail) expect(failures.map((f) => f.detail).join("\n")).toMatch(c.detail);
    });
  });
}
