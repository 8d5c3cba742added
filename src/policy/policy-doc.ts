/**
 * IAM policy statements from wherever a resource got its policy: a JSON
 * string (literal, or with `${}` references inside string values) or an
 * `aws_iam_policy_document` data source in the same stack, including its
 * source and override documents. Anything else (jsonencode(...), a
 * cross-stack value) is UNKNOWN.
 *
 * Items of a statement's lists (actions, resources, principals, condition
 * values) keep the `${...}` expressions they were written with; the readers
 * below (`grants`, `allows`, `isPublicPrincipal`, `hasValue`) answer UNKNOWN
 * when such an item may or may not be what they look for.
 */
import { StackModel } from "./model";
import { Json, JsonObject } from "./json";
import { blocksOf, couldBe, isExpression, isObject, jsonOf, some, templatePattern, templatesOf, UNKNOWN, Unknown } from "./values";

export interface Principal {
  /** "AWS", "Service", "Federated", or "*" for `Principal: "*"`. */
  readonly type: string;
  readonly ids: readonly string[];
}

export interface Condition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

export interface Statement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** undefined for identity policies (no Principal element). */
  readonly principals?: readonly Principal[];
  readonly notPrincipals?: readonly Principal[];
  readonly conditions: readonly Condition[];
}

const asList = (v: Json | undefined): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function jsonPrincipals(v: Json | undefined): Principal[] | undefined {
  if (v === undefined) return undefined;
  if (v === "*") return [{ type: "*", ids: ["*"] }];
  if (!isObject(v)) return [];
  return Object.entries(v).map(([type, ids]) => ({ type, ids: asList(ids) }));
}

function jsonConditions(v: Json | undefined): Condition[] {
  if (!isObject(v)) return [];
  return Object.entries(v).flatMap(([test, vars]) => (isObject(vars) ? Object.entries(vars).map(([variable, values]) => ({ test, variable, values: asList(values) })) : []));
}

/** Statements of a parsed JSON policy document. */
export function statementsOfJson(doc: Json): Statement[] | Unknown {
  if (!isObject(doc)) return UNKNOWN;
  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (!list.every(isObject)) return UNKNOWN;
  return (list as JsonObject[]).map((s) => ({
    sid: typeof s.Sid === "string" ? s.Sid : undefined,
    effect: s.Effect === "Deny" ? "Deny" : "Allow",
    actions: asList(s.Action),
    notActions: asList(s.NotAction),
    resources: asList(s.Resource),
    notResources: asList(s.NotResource),
    principals: jsonPrincipals(s.Principal),
    notPrincipals: jsonPrincipals(s.NotPrincipal),
    conditions: jsonConditions(s.Condition),
  }));
}

function docPrincipals(v: unknown): Principal[] | Unknown | undefined {
  if (v === undefined) return undefined;
  const blocks = blocksOf(v);
  if (blocks === UNKNOWN) return UNKNOWN;
  const out: Principal[] = [];
  for (const b of blocks) {
    const ids = templatesOf(b.identifiers);
    if (ids === UNKNOWN) return UNKNOWN;
    out.push({ type: String(b.type), ids });
  }
  return out;
}

/** Statements of an aws_iam_policy_document data source's attributes. */
function statementsOfDocument(attrs: JsonObject, stack: StackModel, depth: number): Statement[] | Unknown {
  const out: Statement[] = [];
  for (const key of ["source_policy_documents", "override_policy_documents"]) {
    const docs = templatesOf(attrs[key]);
    if (docs === UNKNOWN) return UNKNOWN;
    for (const d of docs) {
      const inner = policyStatements(d, stack, depth + 1);
      if (inner === UNKNOWN) return UNKNOWN;
      out.push(...(inner ?? []));
    }
  }
  const blocks = blocksOf(attrs.statement);
  if (blocks === UNKNOWN) return UNKNOWN;
  for (const s of blocks) {
    const lists = ["actions", "not_actions", "resources", "not_resources"].map((k) => templatesOf(s[k]));
    if (lists.some((l) => l === UNKNOWN)) return UNKNOWN;
    const [actions, notActions, resources, notResources] = lists as string[][];
    const principals = docPrincipals(s.principals);
    const notPrincipals = docPrincipals(s.not_principals);
    if (principals === UNKNOWN || notPrincipals === UNKNOWN) return UNKNOWN;
    const conditionBlocks = blocksOf(s.condition);
    if (conditionBlocks === UNKNOWN) return UNKNOWN;
    const conditions: Condition[] = [];
    for (const c of conditionBlocks) {
      const values = templatesOf(c.values);
      if (values === UNKNOWN) return UNKNOWN;
      conditions.push({ test: String(c.test), variable: String(c.variable), values });
    }
    out.push({
      sid: typeof s.sid === "string" ? s.sid : undefined,
      effect: s.effect === "Deny" ? "Deny" : "Allow",
      actions,
      notActions,
      resources,
      notResources,
      principals,
      notPrincipals,
      conditions,
    });
  }
  return out;
}

/**
 * The statements of a policy attribute value, following a reference to an
 * aws_iam_policy_document in the same stack.
 */
export function policyStatements(value: unknown, stack: StackModel, depth = 0): Statement[] | Unknown | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (depth > 5) return UNKNOWN;
  if (typeof value === "string" && /^\$\{data\.aws_iam_policy_document\.[\w-]+\.(json|minified_json)\}$/.test(value)) {
    const doc = stack.referenced(value);
    return doc ? statementsOfDocument(doc.attrs, stack, depth) : UNKNOWN;
  }
  const parsed = jsonOf(value);
  if (parsed === undefined) return undefined;
  if (parsed === UNKNOWN) return UNKNOWN;
  return statementsOfJson(parsed);
}

/** `text` with IAM wildcards (* and ?) as regular-expression parts. */
const iamWildcards = (text: string): string => text.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");

/**
 * True when `pattern` (IAM wildcards * and ?) matches `value`,
 * case-insensitively. A pattern holding an expression (`s3:${var.a}`) may
 * match: UNKNOWN unless its literal parts rule the value out.
 */
export function wildcardMatch(pattern: string, value: string): boolean | Unknown {
  if (isExpression(pattern)) return templatePattern(pattern, iamWildcards).test(value) ? UNKNOWN : false;
  return new RegExp(`^${iamWildcards(pattern)}$`, "i").test(value);
}

/** True when an action list grants `action` (e.g. "iam:PassRole" is granted by "iam:*" and "*"); UNKNOWN when only an expression might. */
export function grants(actions: readonly string[], action: string): boolean | Unknown {
  return some(actions, (a) => wildcardMatch(a, action));
}

/** True when a list holds `literal` exactly (e.g. resources "*"); UNKNOWN when only an expression might be it. */
export function hasValue(list: readonly string[], literal: string): boolean | Unknown {
  return some(list, (v) => couldBe(v, literal));
}

/** True when a principal list includes everyone ("*" or AWS "*"); UNKNOWN when an expression might be "*". */
export function isPublicPrincipal(principals: readonly Principal[] | undefined): boolean | Unknown {
  return some(principals ?? [], (p) => p.type === "*" || (p.type === "AWS" && hasValue(p.ids, "*")));
}

/** The statements for which `test` holds (`hits`), and those for which only apply time can tell (`maybe`). */
export function sortStatements(statements: readonly Statement[], test: (s: Statement) => boolean | Unknown): { hits: Statement[]; maybe: Statement[] } {
  const hits: Statement[] = [];
  const maybe: Statement[] = [];
  for (const s of statements) {
    const v = test(s);
    if (v === true) hits.push(s);
    else if (v === UNKNOWN) maybe.push(s);
  }
  return { hits, maybe };
}

/** An Allow statement that lets everyone in without conditions (or may, when a principal is an expression). */
export const isOpenStatement = (s: Statement): boolean | Unknown => (s.effect === "Allow" && s.conditions.length === 0 ? isPublicPrincipal(s.principals) : false);

/**
 * The policy JSON the AWS provider would render for `statements` (single
 * values unwrapped, as aws_iam_policy_document does), for size estimates.
 */
export function renderPolicy(statements: readonly Statement[], pretty: boolean): string {
  const one = (l: readonly string[]) => (l.length === 1 ? l[0] : [...l]);
  const principals = (ps: readonly Principal[] | undefined) =>
    ps === undefined ? undefined : ps.some((p) => p.type === "*") ? "*" : Object.fromEntries(ps.map((p) => [p.type, one(p.ids)]));
  const conditions = (cs: readonly Condition[]) => {
    if (cs.length === 0) return undefined;
    const out: Record<string, Record<string, string | string[]>> = {};
    for (const c of cs) (out[c.test] ??= {})[c.variable] = one(c.values);
    return out;
  };
  const doc = {
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      Sid: s.sid,
      Effect: s.effect,
      Action: s.actions.length ? one(s.actions) : undefined,
      NotAction: s.notActions.length ? one(s.notActions) : undefined,
      Resource: s.resources.length ? one(s.resources) : undefined,
      NotResource: s.notResources.length ? one(s.notResources) : undefined,
      Principal: principals(s.principals),
      NotPrincipal: principals(s.notPrincipals),
      Condition: conditions(s.conditions),
    })),
  };
  return pretty ? JSON.stringify(doc, null, 2) : JSON.stringify(doc);
}
