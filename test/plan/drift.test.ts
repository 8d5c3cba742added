/** lz drift: refresh-only plans, drifted attributes with secrets masked, Markdown and SARIF. */
import { driftExitCode, driftMarkdown, driftOf, driftSarif, driftStack, SENSITIVE, StackDrift } from "../../src/plan/drift";
import { TerraformRunner } from "../../src/plan/plan-stack";
import { sarifProblems } from "../helpers/sarif";

/** A refresh-only plan's JSON as terraform show -json writes it. */
const PLAN = {
  format_version: "1.2",
  resource_drift: [
    {
      address: "aws_security_group.web",
      mode: "managed",
      type: "aws_security_group",
      change: {
        actions: ["update"],
        before: { description: "web", tags: { Owner: "platform" }, ingress: [{ from_port: 443, cidr_blocks: ["10.0.0.0/8"] }] },
        after: { description: "web", tags: { Owner: "someone-else" }, ingress: [{ from_port: 22, cidr_blocks: ["10.0.0.0/8"] }] },
        before_sensitive: {},
        after_sensitive: {},
      },
    },
    {
      address: "aws_ssm_parameter.token",
      mode: "managed",
      type: "aws_ssm_parameter",
      change: { actions: ["update"], before: { value: "s3cr3t", tier: "Standard" }, after: { value: "changed!", tier: "Advanced" }, before_sensitive: { value: true }, after_sensitive: { value: true } },
    },
    { address: "aws_s3_bucket.logs", mode: "managed", type: "aws_s3_bucket", change: { actions: ["delete"], before: { bucket: "logs" }, after: null } },
    { address: "data.aws_caller_identity.me", mode: "data", type: "aws_caller_identity", change: { actions: ["read"], before: null, after: {} } },
  ],
};

describe("lz drift", () => {
  it("reports each drifted resource with the attributes that differ, before and after", () => {
    const drift = driftOf("network", PLAN);
    expect(drift.map((d) => `${d.address} ${d.kind}`)).toEqual(["aws_security_group.web changed", "aws_ssm_parameter.token changed", "aws_s3_bucket.logs deleted"]);
    expect(drift[0].attributes).toEqual([
      { path: "ingress[0].from_port", before: "443", after: "22" },
      { path: "tags.Owner", before: '"platform"', after: '"someone-else"' },
    ]);
  });

  it("masks sensitive values, never printing them", () => {
    const [, token] = driftOf("network", PLAN);
    expect(token.attributes).toEqual([
      { path: "tier", before: '"Standard"', after: '"Advanced"' },
      { path: "value", before: SENSITIVE, after: SENSITIVE },
    ]);
    const all = driftOf("network", PLAN);
    const results: StackDrift[] = [{ stack: "network", status: "drifted", resources: all, seconds: 1 }];
    expect(driftMarkdown(results)).not.toContain("s3cr3t");
    expect(driftMarkdown(results)).not.toContain("changed!");
    expect(JSON.stringify(driftSarif(results, "landing-zone.yaml", "0.1.0"))).not.toContain("s3cr3t");
    // A whole object marked sensitive masks everything under it.
    const whole = driftOf("s", { resource_drift: [{ address: "a.b", type: "a", change: { actions: ["update"], before: { x: { y: 1 } }, after: { x: { y: 2 } }, before_sensitive: { x: true }, after_sensitive: {} } }] });
    expect(whole[0].attributes).toEqual([{ path: "x.y", before: SENSITIVE, after: SENSITIVE }]);
  });

  it("counts only attributes Terraform manages: those the configuration sets, and tags_all", () => {
    // The first refresh after an apply fills a bucket's legacy attributes from their own resources, and an unset tags from null to {}.
    const plan = {
      configuration: { root_module: { resources: [{ address: "aws_s3_bucket.state", expressions: { bucket: { constant_value: "b" } } }, { address: "aws_kms_key.k", expressions: { description: {} } }] } },
      resource_drift: [
        {
          address: "aws_s3_bucket.state",
          type: "aws_s3_bucket",
          change: {
            actions: ["update"],
            before: { bucket: "b", versioning: [{ enabled: false }], policy: "", tags: null, tags_all: { lz: "acme" } },
            after: { bucket: "b", versioning: [{ enabled: true }], policy: "{}", tags: {}, tags_all: { lz: "acme", "changed-by": "console" } },
          },
        },
        { address: "aws_kms_key.k", type: "aws_kms_key", change: { actions: ["update"], before: { description: "d", tags: null }, after: { description: "d", tags: {} } } },
      ],
    };
    expect(driftOf("bootstrap", plan)).toEqual([
      { stack: "bootstrap", address: "aws_s3_bucket.state", type: "aws_s3_bucket", kind: "changed", attributes: [{ path: "tags_all.changed-by", before: "(absent)", after: '"console"' }] },
    ]);
  });

  it("writes Markdown with a row per stack and a table per drifted resource", () => {
    const results: StackDrift[] = [
      { stack: "network", status: "drifted", resources: driftOf("network", PLAN), seconds: 1 },
      { stack: "logging", status: "clean", resources: [], seconds: 1 },
      { stack: "workload-a", status: "waiting", resources: [], reason: "waiting on organization: account a is not created yet", seconds: 1 },
    ];
    const md = driftMarkdown(results);
    expect(md).toContain("3 resources in 1 stack changed outside Terraform.");
    expect(md).toContain("| `network` | ⚠️ drifted | 3 |");
    expect(md).toContain("| `logging` | ✅ clean | 0 |");
    expect(md).toContain("| `workload-a` | ⏳ waiting on organization: account a is not created yet | - |");
    expect(md).toContain("  | `tags.Owner` | `\"platform\"` | `\"someone-else\"` |");
    expect(md).toContain("- `aws_s3_bucket.logs`: **deleted** outside Terraform");
    expect(driftMarkdown([{ stack: "logging", status: "clean", resources: [], seconds: 1 }])).toContain("No drift: every checked stack matches its state.");
  });

  it("writes valid SARIF 2.1.0, one result per drifted resource", () => {
    const sarif = driftSarif([{ stack: "network", status: "drifted", resources: driftOf("network", PLAN), seconds: 1 }], "landing-zone.yaml", "0.1.0") as { runs: Array<{ results: Array<{ ruleId: string; message: { text: string } }> }> };
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0].results.map((r) => r.ruleId)).toEqual(["lz-drift-changed", "lz-drift-changed", "lz-drift-deleted"]);
    expect(sarif.runs[0].results[0].message.text).toBe('aws_security_group.web in stack network was changed outside Terraform: ingress[0].from_port: 443 → 22; tags.Owner: "platform" → "someone-else"');
  });

  it("exits 2 when anything drifted, 1 when a stack could not be checked, 0 otherwise", () => {
    const r = (status: StackDrift["status"]): StackDrift => ({ stack: "s", status, resources: [], seconds: 0 });
    expect(driftExitCode([r("clean"), r("drifted"), r("failed")])).toBe(2);
    expect(driftExitCode([r("clean"), r("failed")])).toBe(1);
    expect(driftExitCode([r("clean"), r("waiting")])).toBe(0);
  });

  it("plans with -refresh-only -detailed-exitcode, and reads the JSON only when something differs", async () => {
    const calls: string[][] = [];
    const runner = (code: number): TerraformRunner => async (args) => {
      calls.push(args);
      if (args[0] === "plan") return { code, stdout: "", stderr: "" };
      if (args[0] === "show") return { code: 0, stdout: JSON.stringify(PLAN), stderr: "" };
      return { code: 0, stdout: "", stderr: "" };
    };
    const waiting = { stateBucketStack: "bootstrap", accounts: [], stacks: ["network"] };
    const drifted = await driftStack({ name: "network", dir: "/stacks/network" }, { runner: runner(2), waiting });
    expect(drifted.status).toBe("drifted");
    expect(calls[1].slice(0, 2)).toEqual(["plan", "-refresh-only"]);
    expect(calls[1]).toContain("-detailed-exitcode");
    calls.length = 0;
    const clean = await driftStack({ name: "network", dir: "/stacks/network" }, { runner: runner(0), waiting });
    expect(clean.status).toBe("clean");
    expect(calls.map((c) => c[0])).toEqual(["init", "plan"]);
    const failed = await driftStack({ name: "network", dir: "/stacks/network" }, { runner: async (args) => (args[0] === "plan" ? { code: 1, stdout: "", stderr: "\nError: No valid credential sources found\n" } : { code: 0, stdout: "", stderr: "" }), waiting });
    expect(failed).toMatchObject({ status: "failed", reason: "No valid credential sources found" });
  });
});
