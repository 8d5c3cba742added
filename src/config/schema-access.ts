/**
 * The `access:` (IAM Identity Center permission sets and group assignments) and
 * `budgets:` sections of landing-zone.yaml. Shapes only; relations (known sets,
 * accounts and OUs, session bounds, sizes) are rules in rules-access.ts.
 */
import { z } from "zod";

const email = z.email({ error: "must be an email address" });

const policyReference = z.strictObject({
  /** Name of a customer managed policy that exists in every account the set is assigned to. */
  name: z.string().regex(/^[\w+=,.@-]{1,128}$/, { error: "must be an IAM policy name" }),
  /** IAM path of the policy. @default "/" */
  path: z.string().regex(/^\/([\x21-\x7e]*\/)?$/, { error: "must be an IAM path such as / or /team/" }).default("/"),
});

export const permissionSetSchema = z.strictObject({
  /** Name shown in the access portal; 1-32 characters of letters, digits and + = , . @ _ -. */
  name: z.string().regex(/^[\w+=,.@-]{1,32}$/, { error: "must be 1-32 characters of letters, digits and + = , . @ _ -" }),
  description: z.string().max(700).optional(),
  /** ISO-8601 duration of a session, 1 to 12 hours (PT1H … PT12H, PT1H30M). @default PT1H */
  sessionDuration: z.string().default("PT1H"),
  /** AWS managed policies by name (ReadOnlyAccess, job-function/ViewOnlyAccess) or ARN. */
  awsManagedPolicies: z.array(z.string().min(1)).default([]),
  /** Customer managed policies by name and path; each must exist in every account the set is assigned to. */
  customerManagedPolicies: z.array(policyReference).default([]),
  /** An inline IAM policy document, written as YAML/JSON (Version, Statement). */
  inlinePolicy: z.record(z.string(), z.unknown()).optional(),
  /** The most the set's sessions may do: an AWS managed policy, or a customer managed policy. */
  permissionsBoundary: z
    .union([z.strictObject({ awsManagedPolicy: z.string().min(1) }), z.strictObject({ customerManagedPolicy: policyReference })], {
      error: "must be { awsManagedPolicy: <name> } or { customerManagedPolicy: { name, path } }",
    })
    .optional(),
});

export const assignmentSchema = z.strictObject({
  /** Display name of an Identity Center group (looked up at plan time). */
  group: z.string().min(1),
  /** A built-in permission set or one from access.permissionSets. */
  permissionSet: z.string().min(1),
  /** Account names from accounts. */
  accounts: z.array(z.string()).default([]),
  /** OU paths: every account in the OU or below it, including accounts added to the config later. */
  ous: z.array(z.string()).default([]),
});

export const accessSchema = z.strictObject({
  /** Your own permission sets, besides the built-in ones (Admin, PlatformEngineer, Developer, ReadOnly, SecurityAudit, SessionUser). */
  permissionSets: z.array(permissionSetSchema).default([]),
  assignments: z.array(assignmentSchema).default([]),
});

const budgetShape = {
  /** Monthly cost budget in USD. */
  monthlyUsd: z.number().positive(),
  /** Who is told at 80 % forecast and 100 % actual, besides the account's own email. */
  notify: z.array(email).default([]),
};

export const budgetsSchema = z.strictObject({
  /** The budget of every workload account without its own entry. */
  default: z.strictObject(budgetShape).optional(),
  /** Per account (any type), by account name; keys not given are taken from default. */
  accounts: z.record(z.string(), z.strictObject({ monthlyUsd: budgetShape.monthlyUsd.optional(), notify: z.array(email).optional() })).default({}),
});

export type ParsedAccess = z.output<typeof accessSchema>;
export type ParsedBudgets = z.output<typeof budgetsSchema>;
