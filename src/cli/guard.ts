/** `lz guard PLAN.json…`: refuse plans that delete or replace protected resources. */
import { Command } from "commander";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { allowHint, describeFinding, GuardFinding, guardPlan, PlanJson, DESTROY_GUARDED_TYPES, unusedAllows } from "../guard/guard";
import { shellQuote } from "../shell-quote";
import { UserError } from "../user-error";
import { collect } from "./options";

/** True when `json` is the output of `terraform show -json <planfile>` (not a state, not lz plan's results.json). */
export function isPlanJson(json: unknown): json is PlanJson {
  return typeof json === "object" && json !== null && !Array.isArray(json) && "format_version" in json && ("resource_changes" in json || "planned_values" in json);
}

const NOT_A_PLAN = "not a Terraform plan in JSON (the output of terraform show -json <planfile>)";

/**
 * Reads a `terraform show -json` file; its stack is the file name without
 * .plan.json (or .json). `plan` is undefined for JSON that is not a plan,
 * such as lz plan's results.json beside the plans.
 */
export function readPlanJson(file: string): { stack: string; plan?: PlanJson } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserError(`${file} is not JSON; pass the output of terraform show -json <planfile>`);
  }
  return { stack: basename(file).replace(/(\.plan)?\.json$/, ""), plan: isPlanJson(json) ? json : undefined };
}

/** Prints the findings; returns true when nothing is blocked. */
export function reportGuard(blocked: readonly GuardFinding[], allowed: readonly GuardFinding[], log: (line: string) => void = console.log): boolean {
  for (const f of allowed) log(`guard: allowed (reviewed) ${describeFinding(f)}`);
  if (blocked.length === 0) return true;
  log(`guard: ${blocked.length} protected resource${blocked.length === 1 ? "" : "s"} would be destroyed:`);
  for (const f of blocked) log(`  ${describeFinding(f)}`);
  log(allowHint(blocked));
  return false;
}

/**
 * The error for --allow entries that let nothing through: a stale or
 * mistyped allow would otherwise wait silently for the next destroy of
 * that address, which nobody reviewed.
 */
export function unusedAllowError(unused: readonly string[]): string {
  return (
    `guard: --allow ${unused.map(shellQuote).join(", ")} matched no protected delete or replace in the checked plans. ` +
    `Fix the address (STACK:ADDRESS as the guard prints it) or remove the entry.`
  );
}

/** The closing line when nothing is blocked: says exactly what was let through. */
export function passLine(plans: number, allowed: readonly GuardFinding[]): string {
  const checked = `guard: ${plans} plan${plans === 1 ? "" : "s"} checked`;
  if (allowed.length === 0) return `${checked}; no protected resource is deleted or replaced`;
  return `${checked}; the only protected resource${allowed.length === 1 ? "" : "s"} deleted or replaced: ${allowed.map(describeFinding).join(", ")} (allowed with --allow)`;
}

export function registerGuard(program: Command): void {
  program
    .command("guard")
    .description("exit 1 if a plan (terraform show -json) deletes or replaces a protected resource that is not allowed, or an --allow matches nothing")
    .argument("<plan.json...>", "plan JSON files, e.g. plans/*.json from lz plan (other JSON there, such as results.json, is skipped)")
    .option("--allow <address>", "let a reviewed delete/replace through: ADDRESS or STACK:ADDRESS (repeatable; one that matches nothing is an error)", collect, [])
    .option("--protect <type>", `protect another resource type (repeatable); always protected: ${DESTROY_GUARDED_TYPES.join(", ")}`, collect, [])
    .action((files: string[], opts: { allow: string[]; protect: string[] }) => {
      const blocked: GuardFinding[] = [];
      const allowed: GuardFinding[] = [];
      const skipped: string[] = [];
      for (const file of files) {
        const { stack, plan } = readPlanJson(file);
        if (!plan) {
          skipped.push(file);
          continue;
        }
        const result = guardPlan(plan, stack, opts);
        blocked.push(...result.blocked);
        allowed.push(...result.allowed);
      }
      const plans = files.length - skipped.length;
      if (plans === 0) throw new UserError(`${skipped.join(", ")} ${skipped.length === 1 ? "is" : "are"} ${NOT_A_PLAN}; pass the plan JSON files, e.g. plans/*.plan.json`);
      for (const file of skipped) console.log(`guard: skipped ${file}: ${NOT_A_PLAN}`);
      const passed = reportGuard(blocked, allowed);
      const unused = unusedAllows(opts.allow, allowed);
      if (unused.length > 0) console.error(unusedAllowError(unused));
      if (passed && unused.length === 0) console.log(passLine(plans, allowed));
      if (!passed || unused.length > 0) process.exitCode = 1;
    });
}
