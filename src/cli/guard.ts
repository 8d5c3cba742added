/** `lz guard PLAN.json…`: refuse plans that delete or replace protected resources. */
import { Command } from "commander";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { allowHint, describeFinding, GuardFinding, guardPlan, PlanJson, PROTECTED_TYPES } from "../guard/guard";
import { collect } from "./options";

/** Reads a `terraform show -json` file; its stack is the file name without .plan.json (or .json). */
export function readPlanJson(file: string): { stack: string; plan: PlanJson } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (e as Error).message}`);
  }
  let plan: PlanJson;
  try {
    plan = JSON.parse(text) as PlanJson;
  } catch {
    throw new Error(`${file} is not JSON; pass the output of terraform show -json <planfile>`);
  }
  if (typeof plan !== "object" || plan === null || !("format_version" in plan)) {
    throw new Error(`${file} is not a Terraform plan in JSON; pass the output of terraform show -json <planfile>`);
  }
  return { stack: basename(file).replace(/(\.plan)?\.json$/, ""), plan };
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

export function registerGuard(program: Command): void {
  program
    .command("guard")
    .description("exit 1 if a plan (terraform show -json) deletes or replaces a protected resource that is not allowed")
    .argument("<plan.json...>", "plan JSON files, e.g. plans/*.json from lz plan")
    .option("--allow <address>", "let a reviewed delete/replace through: ADDRESS or STACK:ADDRESS (repeatable)", collect, [])
    .option("--protect <type>", `protect another resource type (repeatable); always protected: ${PROTECTED_TYPES.join(", ")}`, collect, [])
    .action((files: string[], opts: { allow: string[]; protect: string[] }) => {
      const blocked: GuardFinding[] = [];
      const allowed: GuardFinding[] = [];
      for (const file of files) {
        const { stack, plan } = readPlanJson(file);
        const result = guardPlan(plan, stack, opts);
        blocked.push(...result.blocked);
        allowed.push(...result.allowed);
      }
      if (reportGuard(blocked, allowed)) console.log(`guard: ${files.length} plan${files.length === 1 ? "" : "s"} checked; no protected resource is deleted or replaced`);
      else process.exitCode = 1;
    });
}
