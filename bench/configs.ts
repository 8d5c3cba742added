/**
 * Benchmark configs: the bundled example with its workload accounts replaced
 * by `n` vended accounts (no id, no cidr: created by the organization stack,
 * CIDRs allocated from the pool), each a copy of the example's first workload.
 */
import { isMap, isSeq, parseDocument, YAMLMap } from "yaml";

export function benchConfig(exampleYaml: string, n: number): string {
  const doc = parseDocument(exampleYaml);
  const accounts = doc.get("accounts");
  if (!isSeq(accounts)) throw new Error("example has no accounts list");
  const template = accounts.items.find((a) => isMap(a) && a.get("type") === "workload") as YAMLMap | undefined;
  if (!template) throw new Error("example has no workload account");
  accounts.items = accounts.items.filter((a) => isMap(a) && a.get("type") !== "workload");
  for (let i = 1; i <= n; i++) {
    const name = `bench-${String(i).padStart(3, "0")}`;
    const entry = template.clone() as YAMLMap;
    entry.set("name", name);
    entry.set("email", `aws+${name}@acme.example`);
    entry.delete("id");
    entry.delete("cidr");
    accounts.items.push(entry);
  }
  return doc.toString();
}
