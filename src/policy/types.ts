/**
 * The shape of a guardrail rule: data (id, control references, severity,
 * wording, fix) beside a small predicate, in the spirit of cdk-nag. Rule packs
 * are plain arrays of these; the engine, the synth error, the report and the
 * SARIF writer all derive from them.
 */
import type { AppModel, StackModel, TfElement } from "./model";

export type Severity = "error" | "warning";

export type Area = "network" | "compute" | "containers" | "edge" | "storage" | "logging" | "identity" | "organization" | "baseline" | "state";

/** Controls a rule maps to, where one exists. */
export interface ControlRefs {
  /** CIS AWS Foundations Benchmark v3.0.0 recommendation, e.g. "3.7". */
  readonly cis?: string;
  /** AWS Security Hub Foundational Security Best Practices control, e.g. "EC2.6". */
  readonly fsbp?: string;
  /** checkov check id, e.g. "CKV2_AWS_11". */
  readonly checkov?: string;
}

/** What a check concluded about one subject. */
export type Verdict =
  | { readonly status: "pass"; readonly evidence: string }
  | { readonly status: "fail"; readonly detail: string }
  /** A value the check needs is only known at apply time (a reference, a function call). */
  | { readonly status: "unknown"; readonly detail: string };

export const pass = (evidence: string): Verdict => ({ status: "pass", evidence });
export const fail = (detail: string): Verdict => ({ status: "fail", detail });
export const unknown = (detail: string): Verdict => ({ status: "unknown", detail });

interface RuleBase {
  /** Stable id, used in suppressions, messages and SARIF. */
  readonly id: string;
  readonly area: Area;
  readonly severity: Severity;
  /** The control as a statement that holds when compliant. */
  readonly title: string;
  /** Why it matters (shown in the report and SARIF help). */
  readonly description: string;
  /** The violation, as a finding's headline. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  readonly refs: ControlRefs;
  /** Rows this rule adds to the report's coverage tables. */
  readonly coverage?: "encryption" | "logging";
}

/** Checks one Terraform resource (or data source) of the listed types. */
export interface ResourceRule extends RuleBase {
  readonly scope: "resource";
  readonly types: readonly string[];
  /**
   * For rules that forbid these types outright: the evidence recorded for a
   * stack holding none of them (so the report shows the control holds).
   */
  readonly absentEvidence?: string;
  /** `undefined` when the rule does not apply to this element. */
  check(element: TfElement, stack: StackModel): Verdict | undefined;
}

/** Checks a stack as a whole (its backend, or what it holds together). */
export interface StackRule extends RuleBase {
  readonly scope: "stack";
  check(stack: StackModel): Verdict | undefined;
}

/** A verdict about one subject, from a rule that looks across stacks. */
export interface SubjectVerdict {
  readonly stack: string;
  /** Construct path of the subject (a resource, or the stack itself). */
  readonly path: string;
  readonly address?: string;
  readonly verdict: Verdict;
}

/** Checks the whole app, after every stack was visited. */
export interface AppRule extends RuleBase {
  readonly scope: "app";
  /**
   * The resource and data source types the rule reads from the stacks, besides their providers and
   * `terraform` block. A parallel synth ships a worker thread's stacks to the main thread with only
   * the types the app rules read (StackModel.toSerialized); a partial model refuses any other type
   * (NotShippedError), so a missing entry fails loudly, never gives a different verdict.
   */
  readonly reads: readonly string[];
  /**
   * Types the rule reaches only through references (StackModel.get, referenced) from elements of the
   * types it reads, e.g. the policy document a bucket policy names: a partial model holds only the
   * referenced ones.
   */
  readonly follows?: readonly string[];
  check(app: AppModel): SubjectVerdict[];
}

export type Rule = ResourceRule | StackRule | AppRule;

/** One rule's verdict on one subject, as recorded by the engine. */
export interface RuleResult {
  readonly rule: string;
  readonly severity: Severity;
  readonly stack: string;
  /** Construct path, e.g. `network/hub/vpc`. */
  readonly path: string;
  /** Terraform address within the stack, e.g. `aws_vpc.hub_vpc`. */
  readonly address?: string;
  readonly status: Verdict["status"];
  /** Evidence for a pass, detail for a fail or unknown. */
  readonly detail: string;
  /** Index into config.suppressions when a failure was accepted there. */
  readonly suppressedBy?: number;
}
