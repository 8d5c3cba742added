/** Summarises a V8 .cpuprofile by where self time goes: module loading, construct tree, aspects, JSON writing, GC… */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

const CATEGORIES: [string, (url: string, fn: string) => boolean][] = [
  ["garbage collection", (_u, f) => f === "(garbage collector)"],
  ["child processes (cdktf's terraform version check, workers)", (u) => /node:(internal\/)?child_process/.test(u)],
  ["module loading (resolve, read, compile)", (u, f) => /node:internal\/modules|^node:internal\/vm/.test(u) || ["compileFunction", "wrapSafe", "internalModuleStat", "readFileUtf8", "realpathSync"].includes(f)],
  ["file system (node:fs: reads and writes)", (u) => /node:fs|node:internal\/fs/.test(u)],
  ["config parsing and validation (yaml, zod, src/config)", (u) => /node_modules\/(yaml|zod|ipaddr)|\/dist\/src\/config\//.test(u)],
  ["aspects and guardrail rules", (u) => /\/src\/policy\/|cdktf\/lib\/aspect/.test(u)],
  ["JSON rendering (cdktf synth, tokens)", (u) => /cdktf\/lib\/(synthesize|tokens|terraform-stack|terraform-element|util|manifest|hcl)/.test(u) || /JSON\.stringify/.test(u)],
  ["construct tree (constructs, provider classes, landing zone code)", (u) => /node_modules\/constructs|@cdktf\/provider-aws|cdktf\/lib|\/dist\/(src|modules)\//.test(u)],
  ["V8 runtime and native code ((program))", (_u, f) => f === "(program)"],
  ["other", () => true],
];

function load(file: string): { byId: Map<number, ProfileNode>; selfUs: Map<number, number> } {
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  return { byId, selfUs };
}

/** Self time by package (node_modules/<package>, dist/<dir>/<dir>, or node's own module or function name), largest first. */
export function topPackages(file: string, n: number): { name: string; ms: number }[] {
  const { byId, selfUs } = load(file);
  const totals = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { url, functionName } = byId.get(id)!.callFrame;
    if (functionName === "(idle)") continue;
    const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    const inDist = /\/dist\/([^/]+\/[^/]+)/.exec(url);
    const name = inModules ? inModules[1] : inDist ? inDist[1] : url.replace(/^node:(internal\/)?/, "node:") || functionName;
    totals.set(name, (totals.get(name) ?? 0) + us);
  }
  return [...totals.entries()].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms).slice(0, n);
}

export function summariseProfile(file: string): { category: string; ms: number; share: number }[] {
  const { byId, selfUs } = load(file);
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
