// Validates a GitHub Actions workflow with GitHub's own parser and schema
// (@actions/workflow-parser, ESM only, hence a separate node process).
// Usage: node validate-workflow.mjs FILE; prints {"errors": [...]} as JSON.
import { readFileSync } from "node:fs";
import { register } from "node:module";

// The package imports its schema JSON without an import attribute (written for bundlers):
// serve .json files as JavaScript modules exporting the parsed value.
const hooks = `
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
export async function load(url, context, next) {
  if (url.endsWith(".json")) return { format: "module", shortCircuit: true, source: "export default " + readFileSync(fileURLToPath(url), "utf8") + ";" };
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = await import("@actions/workflow-parser");
const name = process.argv[2];
const parsed = parseWorkflow({ name, content: readFileSync(name, "utf8") }, new NoOperationTraceWriter());
const errors = parsed.context.errors.getErrors().map((e) => e.message);
if (errors.length === 0 && parsed.value) {
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  for (const e of template.errors ?? []) errors.push(e.Message ?? e.message ?? String(e));
}
process.stdout.write(JSON.stringify({ errors }));
