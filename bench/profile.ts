/** Summarises a V8 .cpuprofile by where self time goes: module loading, construct tree, aspects, JSON writing, GC… */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

const CATEGORIES: [string, (url: string, fn: string) => boolean][] = [
  ["garbage collection", (_u, f) => f === "(garbage collector)"],
  ["module loading (require, compile)", (u, f) => /node:internal\/modules|^node:internal\/vm/.test(u) || f === "compileFunction" || f === "wrapSafe"],
  ["file system writes", (u) => /node:fs|node:internal\/fs/.test(u)],
  ["aspects and guardrail rules", (u) => /\/src\/policy\/|cdktf\/lib\/aspect/.test(u)],
  ["JSON rendering (cdktf synth, tokens)", (u) => /cdktf\/lib\/(synthesize|tokens|terraform-stack|terraform-element|util|manifest|hcl)/.test(u) || /JSON\.stringify/.test(u)],
  ["construct tree (constructs, provider classes, landing zone code)", (u) => /node_modules\/constructs|@cdktf\/provider-aws|cdktf\/lib|\/dist\/(src|modules)\//.test(u)],
  ["config parsing and validation (yaml, zod)", (u) => /node_modules\/(yaml|zod|ipaddr)/.test(u)],
  ["V8 runtime and native code ((program))", (_u, f) => f === "(program)"],
  ["other", () => true],
];

export function summariseProfile(file: string): { category: string; ms: number; share: number }[] {
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totals = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { url, functionName } = byId.get(id)!.callFrame;
    if (functionName === "(idle)") continue;
    const [category] = CATEGORIES.find(([, match]) => match(url, functionName))!;
    totals.set(category, (totals.get(category) ?? 0) + us);
  }
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals.entries()].map(([category, us]) => ({ category, ms: us / 1000, share: us / all })).sort((a, b) => b.ms - a.ms);
}
