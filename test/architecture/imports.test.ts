/**
 * The layout as a specification: every import of main.ts, src/, modules/ and
 * aws/ is parsed with the TypeScript compiler and checked against the rules in
 * README's "Layout":
 * - no import cycle, type-only imports included (a cycle is printed as a path);
 * - modules/ and aws/ never import src/ (modules are config-agnostic; AWS facts
 *   are shared by both and depend on neither);
 * - aws/ imports nothing of the project outside aws/;
 * - src/config imports nothing of src/policy or src/stacks (data flows config → policy, config → stacks);
 * - src/stacks never imports src/policy; the policy reads of src/stacks only
 *   names.ts, the naming contract it checks synthesized stacks against;
 * - never the `@cdktf/provider-aws` package root (deep imports only).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import * as ts from "typescript";
import { ROOT } from "../helpers/synth";

const SOURCE_DIRS = ["src", "modules", "aws"];

function sourceFiles(): string[] {
  const files = ["main.ts"];
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const rel = `${dir}/${name}`;
      if (statSync(join(ROOT, rel)).isDirectory()) walk(rel);
      else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) files.push(rel);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(ROOT, dir))) walk(dir);
  return files.sort();
}

/** Every module specifier a file names: import/export declarations, `import x = require()`, `require()`, `import()`, `jest.mock()`. */
function specifiers(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      out.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) out.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The project file a relative specifier names (`x.ts` or `x/index.ts`), or undefined for packages. */
function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = relative(ROOT, resolve(ROOT, dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (existsSync(join(ROOT, candidate)) && statSync(join(ROOT, candidate)).isFile()) return candidate.split("\\").join("/");
  }
  throw new Error(`${from}: cannot resolve import "${spec}"`);
}

interface Graph {
  readonly files: string[];
  readonly edges: Map<string, string[]>;
  readonly packages: Map<string, string[]>;
}

function importGraph(): Graph {
  const files = sourceFiles();
  const edges = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  for (const file of files) {
    const specs = specifiers(file);
    edges.set(file, [...new Set(specs.map((s) => resolveLocal(file, s)).filter((f): f is string => f !== undefined))].sort());
    packages.set(file, specs.filter((s) => !s.startsWith(".")));
  }
  return { files, edges, packages };
}

/** One cycle per strongly connected component (Tarjan), each printed as `a → b → … → a`. */
function importCycles(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const strong = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!indexOf.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (edges.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) components.push(component);
    }
  };
  for (const v of [...edges.keys()].sort()) if (!indexOf.has(v)) strong(v);
  // A concrete cycle through the component's first file: breadth-first back to it.
  return components.map((component) => {
    const members = new Set(component);
    const start = [...component].sort()[0];
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of edges.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          const path = [v];
          while (path[0] !== start) path.unshift(previous.get(path[0])!);
          return [...path, start];
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    return [start, start];
  });
}

/** The folder a file belongs to for layering: `src/config`, `modules/compute`, `aws`; top-level files stand for themselves. */
function folderOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] === "aws") return "aws";
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : file;
}

function folderEdges(g: Graph): Map<string, string[]> {
  const edges = new Map<string, Set<string>>();
  for (const [from, tos] of g.edges) {
    const set = edges.get(folderOf(from)) ?? new Set<string>();
    for (const to of tos) if (folderOf(to) !== folderOf(from)) set.add(folderOf(to));
    edges.set(folderOf(from), set);
  }
  return new Map([...edges].map(([k, v]) => [k, [...v].sort()]));
}

const graph = importGraph();
const violations = (rule: (from: string, to: string) => boolean): string[] =>
  graph.files.flatMap((from) => (graph.edges.get(from) ?? []).filter((to) => rule(from, to)).map((to) => `${from} → ${to}`));

describe("imports", () => {
  it("reads every source file and resolves every relative import", () => {
    expect(graph.files).toContain("main.ts");
    expect(graph.files).toContain("src/config/load.ts");
    expect(graph.files).toContain("modules/secure-bucket/index.ts");
  });

  it("form no cycle, type-only imports included", () => {
    const cycles = importCycles(graph.edges).map((c) => c.join(" → "));
    expect(cycles).toEqual([]);
  });

  it("form no cycle between folders (src/config, src/policy, modules/compute, …)", () => {
    const cycles = importCycles(folderEdges(graph)).map((c) => c.join(" → "));
    expect(cycles).toEqual([]);
  });

  it("never lead from modules/ into src/: modules are config-agnostic constructs", () => {
    expect(violations((from, to) => from.startsWith("modules/") && to.startsWith("src/"))).toEqual([]);
  });

  it("lead from aws/ nowhere but aws/: shared AWS facts depend on nothing of the project", () => {
    expect(violations((from, to) => from.startsWith("aws/") && !to.startsWith("aws/"))).toEqual([]);
  });

  it("never lead from src/config into src/policy or src/stacks: data flows out of the config", () => {
    expect(violations((from, to) => from.startsWith("src/config/") && (to.startsWith("src/policy/") || to.startsWith("src/stacks/")))).toEqual([]);
  });

  it("keep src/stacks and src/policy apart: stacks never import the policy, the policy reads only the stack naming contract", () => {
    expect(violations((from, to) => from.startsWith("src/stacks/") && to.startsWith("src/policy/"))).toEqual([]);
    expect(violations((from, to) => from.startsWith("src/policy/") && to.startsWith("src/stacks/") && to !== "src/stacks/names.ts")).toEqual([]);
  });

  it("never import the @cdktf/provider-aws package root", () => {
    const root = graph.files.filter((f) => (graph.packages.get(f) ?? []).some((p) => p === "@cdktf/provider-aws" || p === "@cdktf/provider-aws/lib"));
    expect(root).toEqual([]);
  });
});

describe("importCycles", () => {
  it("prints a cycle as the path that closes it", () => {
    const edges = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
    ]);
    expect(importCycles(edges)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });

  it("finds none in a tree", () => {
    expect(importCycles(new Map([["a.ts", ["b.ts"]], ["b.ts", []]]))).toEqual([]);
  });
});

describe("module resolution outside the TypeScript compiler", () => {
  it("has no data file named like a source file: Node resolves `./x` to x.js or x.json before ts-node's x.ts (`npx ts-node main.ts` would load the table instead of the module)", () => {
    const sources = new Set(sourceFiles().map((f) => f.replace(/\.ts$/, "")));
    const clashes: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(join(ROOT, dir))) {
        const rel = `${dir}/${name}`;
        if (statSync(join(ROOT, rel)).isDirectory()) walk(rel);
        else if (/\.(json|js|node)$/.test(name) && sources.has(rel.replace(/\.(json|js|node)$/, ""))) clashes.push(rel);
      }
    };
    for (const dir of SOURCE_DIRS) if (existsSync(join(ROOT, dir))) walk(dir);
    expect(clashes).toEqual([]);
  });
});
