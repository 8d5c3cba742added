/**
 * Access proofs: evaluate the policies the landing zone synthesizes the way AWS does, with
 * `@cloud-copilot/iam-simulate` (AGPL-3.0, a devDependency used by tests only; the product stays
 * Apache-2.0).
 *
 * A proof reads a policy out of a synthesized stack (`policyOf`), turning an
 * `aws_iam_policy_document` data source into the JSON the provider renders and replacing every
 * `${…}` reference with a concrete value the test names (`refs`), so nothing is evaluated that the
 * test did not state. It then simulates the request a service really sends (principal, action,
 * resource, the context keys that service documents) and asserts the decision.
 */
import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { TfJson } from "../helpers/synth";

export interface PolicyJson {
  Version: string;
  Statement: Record<string, unknown>[];
}

/** Concrete values for the Terraform expressions inside `${…}` (e.g. `aws_s3_bucket.archive_bucket.arn`). */
export type Refs = Readonly<Record<string, string>>;

const one = (l: unknown[]): unknown => (l.length === 1 ? l[0] : l);

/** Replaces every `${expr}` in `s` with `refs[expr]`; throws naming the expressions it cannot resolve. */
export function substitute(s: string, refs: Refs, where: string): string {
  return s.replace(/\$\{([^}]+)\}/g, (_, expr: string) => {
    const v = refs[expr.trim()];
    if (v === undefined) throw new Error(`${where}: no value given for \${${expr}} (add it to the proof's refs)`);
    return v;
  });
}

function deepSubstitute(v: unknown, refs: Refs, where: string): unknown {
  if (typeof v === "string") return substitute(v, refs, where);
  if (Array.isArray(v)) return v.map((x) => deepSubstitute(x, refs, where));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepSubstitute(x, refs, where)]));
  return v;
}

/** The provider renders `&{var}` (its escape for an IAM policy variable) as `${var}`. */
function policyVariables(v: unknown): unknown {
  if (typeof v === "string") return v.replace(/&\{/g, "${");
  if (Array.isArray(v)) return v.map(policyVariables);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, policyVariables(x)]));
  return v;
}

type Block = Record<string, unknown>;
const blocks = (v: unknown): Block[] => (v === undefined ? [] : Array.isArray(v) ? (v as Block[]) : [v as Block]);
const strings = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function principalsJson(v: unknown): unknown {
  const ps = blocks(v);
  if (ps.length === 0) return undefined;
  if (ps.some((p) => p.type === "*")) return "*";
  const out: Record<string, string[]> = {};
  for (const p of ps) (out[String(p.type)] ??= []).push(...strings(p.identifiers));
  return Object.fromEntries(Object.entries(out).map(([k, ids]) => [k, one(ids)]));
}

/** The JSON the AWS provider renders for an `aws_iam_policy_document` data source of `stack`. */
export function documentJson(stack: TfJson, name: string, refs: Refs): PolicyJson {
  const doc = stack.data?.aws_iam_policy_document?.[name];
  if (!doc) throw new Error(`no data.aws_iam_policy_document.${name}; have ${Object.keys(stack.data?.aws_iam_policy_document ?? {}).join(", ")}`);
  const where = `data.aws_iam_policy_document.${name}`;
  const inherited: Record<string, unknown>[] = [];
  for (const key of ["source_policy_documents", "override_policy_documents"]) {
    for (const src of strings(doc[key])) inherited.push(...policyJson(stack, src, refs, where).Statement);
  }
  const statements = blocks(doc.statement).map((s) => {
    const conditions: Record<string, Record<string, unknown>> = {};
    for (const c of blocks(s.condition)) (conditions[String(c.test)] ??= {})[String(c.variable)] = one(strings(c.values));
    const out: Record<string, unknown> = {
      Sid: s.sid,
      Effect: s.effect ?? "Allow",
      Action: s.actions === undefined ? undefined : one(strings(s.actions)),
      NotAction: s.not_actions === undefined ? undefined : one(strings(s.not_actions)),
      Resource: s.resources === undefined ? undefined : one(strings(s.resources)),
      NotResource: s.not_resources === undefined ? undefined : one(strings(s.not_resources)),
      Principal: principalsJson(s.principals),
      NotPrincipal: principalsJson(s.not_principals),
      Condition: Object.keys(conditions).length ? conditions : undefined,
    };
    for (const k of Object.keys(out)) if (out[k] === undefined || out[k] === "") delete out[k];
    return policyVariables(deepSubstitute(out, refs, where)) as Record<string, unknown>;
  });
  return { Version: "2012-10-17", Statement: [...inherited, ...statements] };
}

/**
 * A policy attribute's value as JSON: a reference to a policy document of the same stack, or a JSON
 * string (with `${…}` references replaced from `refs`).
 */
export function policyJson(stack: TfJson, value: unknown, refs: Refs, where: string): PolicyJson {
  if (typeof value !== "string") throw new Error(`${where}: policy is not a string: ${JSON.stringify(value)}`);
  const ref = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.(?:json|minified_json)\}$/.exec(value);
  if (ref) return documentJson(stack, ref[1], refs);
  return JSON.parse(substitute(value, refs, where)) as PolicyJson;
}

/** The policy in `attribute` of resource `type.name` of `stack` (e.g. aws_s3_bucket_policy.x.policy). */
export function policyOf(stack: TfJson, address: string, attribute: string, refs: Refs = {}): PolicyJson {
  const [type, name] = address.split(".");
  const resource = stack.resource?.[type]?.[name];
  if (!resource) throw new Error(`no ${address}; have ${Object.keys(stack.resource?.[type] ?? {}).join(", ") || `no ${type}`}`);
  return policyJson(stack, resource[attribute], refs, `${address}.${attribute}`);
}

export interface Request {
  /** An ARN, an account id, or a service principal such as `cloudtrail.amazonaws.com`. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Account that owns the resource. */
  readonly resourceAccount: string;
  /** The context keys the service sends, as its documentation lists them. */
  readonly context?: Readonly<Record<string, string | string[]>>;
}

export interface Policies {
  /** Policies attached to the principal (roles and users). */
  readonly identity?: readonly PolicyJson[];
  /** The resource's own policy (bucket, key, trust, topic policy…). */
  readonly resource?: PolicyJson;
  /** SCPs in force on the principal's account, one list per level (root, OU…, account). */
  readonly scps?: readonly (readonly PolicyJson[])[];
  /** Permissions boundary on the principal. */
  readonly boundary?: PolicyJson;
}

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Outcome {
  readonly decision: Decision;
  /** The simulator's whole analysis, for failure messages. */
  readonly analysis: unknown;
}

/**
 * Context keys whose name carries a variable after a colon, such as `kms:EncryptionContext:aws:cloudtrail:arn`.
 * iam-simulate 0.1.173 recognizes a variable only after a slash (`aws:PrincipalTag/<key>`): `runSimulation` drops
 * these keys from the request as unknown, and a condition on them could then never match. A request that states
 * one is evaluated with `runUnsafeSimulation`, which takes the context as given, once `runSimulation` has
 * validated the policies, the action and the resource. The harness test proves both outcomes of such a condition.
 */
const COLON_VARIABLE_KEY = /^kms:EncryptionContext:.+/i;
/**
 * An OIDC provider's claim keys (`token.actions.githubusercontent.com:sub`, `…:aud`), which IAM sets on
 * sts:AssumeRoleWithWebIdentity from the token
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif).
 * The simulator's STS key list has only the built-in providers' keys, so these too go to `runUnsafeSimulation`.
 */
const OIDC_CLAIM_KEY = /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/[\w./-]*)?:(aud|sub|amr|azp)$/i;

/** The context keys the simulator left out of the request because the action has no such key. */
function ignoredKeys(result: unknown): string[] {
  const r = result as { result?: { ignoredContextKeys?: string[] }; results?: { ignoredContextKeys?: string[] }[] };
  return [...new Set([...(r.result?.ignoredContextKeys ?? []), ...(r.results ?? []).flatMap((x) => x.ignoredContextKeys ?? [])])];
}

/**
 * Evaluates one request against `policies` as AWS's policy evaluation logic does. A context key the simulator
 * would ignore (not a key of that request) is an error: the proof would not evaluate what it states.
 */
export async function simulate(request: Request, policies: Policies): Promise<Outcome> {
  const simulation: Simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: { ...(request.context ?? {}) },
    },
    identityPolicies: (policies.identity ?? []).map((policy, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: (policies.scps ?? []).map((level, i) => ({
      orgIdentifier: `level-${i}`,
      policies: level.map((policy, j) => ({ name: `scp-${i}-${j}`, policy })),
    })),
    resourceControlPolicies: [],
    resourcePolicy: policies.resource,
    permissionBoundaryPolicies: policies.boundary ? [{ name: "boundary", policy: policies.boundary }] : undefined,
  } as Simulation;
  const result = await runSimulation(simulation, {});
  if ("errors" in result && result.errors) throw new Error(`the simulator refused the request: ${JSON.stringify(result.errors, null, 2)}`);
  const ignored = ignoredKeys(result);
  const unknownKeys = ignored.filter((k) => !COLON_VARIABLE_KEY.test(k) && !(request.action === "sts:AssumeRoleWithWebIdentity" && OIDC_CLAIM_KEY.test(k)));
  if (unknownKeys.length) {
    throw new Error(`${request.action} has no context key ${unknownKeys.join(", ")}: the simulator would ignore it; state only the keys the service sends`);
  }
  if (ignored.length) {
    // The unsafe engine loads the resource policy without a name unless it comes validated; runSimulation validated it above.
    const resourcePolicy = policies.resource && { __validated: true, policyDocument: policies.resource, metadata: { name: "resource" }, errors: [] };
    const decision = runUnsafeSimulation({ ...simulation, resourcePolicy } as unknown as Simulation, {}) as unknown as Decision;
    return { decision, analysis: `evaluated with runUnsafeSimulation, for the context keys ${ignored.join(", ")}` };
  }
  const r = result as unknown as { overallResult: Decision; result: { analysis: unknown } };
  return { decision: r.overallResult, analysis: r.result?.analysis };
}

/** Asserts `request` gets `expected`, printing the simulator's reasoning when it does not. */
export async function expectDecision(request: Request, policies: Policies, expected: Decision): Promise<void> {
  const outcome = await simulate(request, policies);
  if (outcome.decision !== expected) {
    throw new Error(
      `${request.principal} ${request.action} on ${request.resource}: expected ${expected}, got ${outcome.decision}\n` +
        JSON.stringify(outcome.analysis, null, 1).slice(0, 6000),
    );
  }
}
