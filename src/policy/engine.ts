/**
 * Runs the rule packs on every stack as cdktf writes it (the stack synthesizers call `check`):
 * checking a stack builds its model and runs the stack rules, then the rules for each resource's
 * and data source's type, in construct order. `finish()` then runs the cross-stack rules and
 * applies the config's suppressions.
 *
 * Not a cdktf Aspect: an aspect added to a stack is visited on every construct below it, and cdktf
 * computes each construct's path to record the visit; checking the stack's elements directly
 * reaches the same resources in the same order for a tenth of that.
 */
import { TerraformDataSource, TerraformResource, TerraformStack } from "cdktf";
import { elementsOf } from "../stack-elements";
import type { Suppression } from "../config/schema";
import { ALL_RULES } from "./index";
import { AppModel, SerializedStackModel, StackModel } from "./model";
import { AppRule, pass, ResourceRule, Rule, RuleResult, StackRule, SubjectVerdict, Verdict } from "./types";

export interface SuppressionUse {
  /** Index in config.suppressions. */
  readonly index: number;
  readonly suppression: Suppression;
  /** The failures it accepted. */
  readonly matched: readonly RuleResult[];
  /** True when `resource` names a construct in the app. */
  readonly resourceExists: boolean;
}

export interface PolicyReport {
  readonly rules: readonly Rule[];
  readonly stacks: readonly StackModel[];
  /** Every verdict: passes (evidence), failures, unknowns. */
  readonly results: readonly RuleResult[];
  /** Failures not accepted by a suppression. */
  readonly findings: readonly RuleResult[];
  /** Findings of error severity: these fail synth. */
  readonly errors: readonly RuleResult[];
  readonly suppressions: readonly SuppressionUse[];
}

/** True when a suppression for `resource` covers the construct at `path` (itself or a descendant). */
export const covers = (resource: string, path: string): boolean => path === resource || path.startsWith(`${resource}/`);

/** What a synth worker's engine hands to the parent's. */
export interface PolicySnapshot {
  readonly models: readonly SerializedStackModel[];
  readonly results: readonly RuleResult[];
}

export class PolicyEngine {
  private readonly models = new Map<TerraformStack, StackModel>();
  private readonly results: RuleResult[] = [];
  private readonly absorbed: StackModel[] = [];
  private readonly byType = new Map<string, ResourceRule[]>();
  private readonly stackRules: StackRule[];
  private readonly appRules: AppRule[];
  private readonly absenceRules: ResourceRule[];

  constructor(readonly rules: readonly Rule[] = ALL_RULES) {
    for (const r of rules) {
      if (r.scope !== "resource") continue;
      for (const t of r.types) this.byType.set(t, [...(this.byType.get(t) ?? []), r]);
    }
    this.stackRules = rules.filter((r): r is StackRule => r.scope === "stack");
    this.appRules = rules.filter((r): r is AppRule => r.scope === "app");
    this.absenceRules = rules.filter((r): r is ResourceRule => r.scope === "resource" && r.absentEvidence !== undefined);
  }


  private modelOf(stack: TerraformStack): StackModel {
    let model = this.models.get(stack);
    if (!model) {
      model = new StackModel(stack);
      this.models.set(stack, model);
      for (const rule of this.stackRules) this.record(rule, { stack: model.name, path: stack.node.path, verdict: rule.check(model) });
      for (const rule of this.absenceRules) {
        if (rule.types.every((t) => model!.ofType(t).length === 0)) this.record(rule, { stack: model.name, path: stack.node.path, verdict: pass(rule.absentEvidence!) });
      }
    }
    return model;
  }

  /**
   * Checks a complete stack (once; a second call does nothing): its stack rules, then each resource's
   * and data source's rules, in construct order.
   */
  check(stack: TerraformStack): void {
    if (this.models.has(stack)) return;
    const model = this.modelOf(stack);
    for (const node of elementsOf(stack)) {
      if (!(node instanceof TerraformResource || node instanceof TerraformDataSource)) continue;
      const path = node.node.path;
      const element = model.atPath(path);
      if (!element) continue;
      const key = element.kind === "data" ? `data.${element.type}` : element.type;
      for (const rule of this.byType.get(key) ?? []) {
        this.record(rule, { stack: model.name, path, address: element.address, verdict: rule.check(element, model) });
      }
    }
  }

  private record(rule: Rule, s: Omit<SubjectVerdict, "verdict"> & { verdict: Verdict | undefined }): void {
    if (!s.verdict) return;
    // References read better without their ${...} wrapping: aws_kms_key.logs.arn.
    const detail = (s.verdict.status === "pass" ? s.verdict.evidence : s.verdict.detail).replace(/\$\{([^{}]*)\}/g, "$1");
    this.results.push({ rule: rule.id, severity: rule.severity, stack: s.stack, path: s.path, address: s.address, status: s.verdict.status, detail });
  }

  /**
   * This thread's models and per-stack verdicts, for the main thread to absorb (src/synth-parallel.ts):
   * the models partial, with what the app rules read (AppRule.reads, follows) and the `also` types
   * (what the caller reads from the result, e.g. the report's REPORT_READS).
   */
  snapshot(also: readonly string[] = []): PolicySnapshot {
    const types = new Set([...this.appRules.flatMap((r) => r.reads), ...also]);
    const ship = { types, follows: new Set(this.appRules.flatMap((r) => r.follows ?? []).filter((t) => !types.has(t))) };
    return { models: [...this.models.values()].map((m) => m.toSerialized(ship)), results: [...this.results] };
  }

  /** Takes in what another engine evaluated (one of this thread's, or a worker thread's snapshot): its stacks' models and their verdicts. */
  absorb(from: PolicySnapshot | PolicyEngine): void {
    if (from instanceof PolicyEngine) {
      this.absorbed.push(...from.models.values(), ...from.absorbed);
      this.results.push(...from.results);
    } else {
      for (const m of from.models) this.absorbed.push(new StackModel(m));
      this.results.push(...from.results);
    }
  }

  /**
   * Runs the cross-stack rules and applies suppressions; call once every stack was synthesized.
   * @param order stack names in synth order: verdicts absorbed from workers are put in that order,
   *   so a parallel synth reports exactly as a serial one
   */
  finish(suppressions: readonly Suppression[] = [], order?: readonly string[]): PolicyReport {
    const rank = new Map((order ?? []).map((n, i) => [n, i]));
    const byOrder = <T>(items: T[], name: (t: T) => string) => (order ? items.map((t, i) => ({ t, i })).sort((a, b) => (rank.get(name(a.t)) ?? 1e9) - (rank.get(name(b.t)) ?? 1e9) || a.i - b.i).map((x) => x.t) : items);
    const stacks = byOrder([...this.models.values(), ...this.absorbed], (m) => m.name);
    const sorted = byOrder(this.results.splice(0), (r) => r.stack);
    this.results.push(...sorted);
    const app = new AppModel(stacks);
    for (const rule of this.appRules) for (const s of rule.check(app)) this.record(rule, s);
    const paths = new Set(stacks.flatMap((s) => s.constructPaths));
    const uses = suppressions.map((suppression, index) => ({ index, suppression, matched: [] as RuleResult[], resourceExists: paths.has(suppression.resource) }));
    const results = this.results.map((r) => {
      if (r.status !== "fail") return r;
      const use = uses.find((u) => u.suppression.rule === r.rule && covers(u.suppression.resource, r.path));
      if (!use) return r;
      const suppressed = { ...r, suppressedBy: use.index };
      use.matched.push(suppressed);
      return suppressed;
    });
    const findings = results.filter((r) => r.status === "fail" && r.suppressedBy === undefined);
    return { rules: this.rules, stacks, results, findings, errors: findings.filter((f) => f.severity === "error"), suppressions: uses };
  }
}
