/**
 * Parses HCL files with @cdktf/hcl2json (HashiCorp's HCL parser compiled to
 * WebAssembly) in a process of its own, so the Go runtime it starts never
 * outlives the test: `node hcl2json-cli.js a.tf b.tf` prints
 * {"a.tf": {...}, "b.tf": {...}} and exits.
 */
const { readFileSync } = require("node:fs");
const { parse } = require("@cdktf/hcl2json");

(async () => {
  const out = {};
  for (const file of process.argv.slice(2)) out[file] = await parse(file, readFileSync(file, "utf8"));
  process.stdout.write(JSON.stringify(out), () => process.exit(0));
})().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
