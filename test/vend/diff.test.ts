import { unifiedDiff } from "../../src/vend/diff";

const lines = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${i + from}`);

describe("unified diff", () => {
  it("shows an insertion with three lines of context and diff -u hunk numbers", () => {
    const before = lines(10).join("\n") + "\n";
    const after = [...lines(5), "new a", "new b", ...lines(5, 6)].join("\n") + "\n";
    expect(unifiedDiff(before, after, "a/f", "b/f")).toBe(["--- a/f", "+++ b/f", "@@ -3,6 +3,8 @@", " line 3", " line 4", " line 5", "+new a", "+new b", " line 6", " line 7", " line 8", ""].join("\n"));
  });

  it("splits distant changes into separate hunks", () => {
    const before = lines(20).join("\n");
    const after = before.replace("line 2\n", "line two\n").replace("line 18\n", "");
    const diff = unifiedDiff(before, after, "a", "b");
    expect(diff.match(/^@@ .* @@$/gm)).toEqual(["@@ -1,5 +1,5 @@", "@@ -15,6 +15,5 @@"]);
    expect(diff).toContain("-line 2\n+line two\n");
    expect(diff).toContain("-line 18\n");
  });

  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n", "x", "y")).toBe("");
  });
});
