import { parse } from "yaml";
import { parseConfig } from "../../src/config/load";
import { ciWaves, DEFAULT_WORKFLOW_OPTIONS, workflowYaml } from "../../src/ci/workflow";
import { dependencyWaves, readManifest } from "../../src/terraform/manifest";
import { exampleText, synthConfig } from "../helpers/synth";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Job = Record<string, any>;

/** The example with analytics-dev vended (no id), so its stack depends on the organization stack. */
const VENDED = exampleText().replace('    id: "555555555555"\n', "");

function generate(text: string, migrated = false) {
  const config = parseConfig(migrated ? text.replace("state:\n", "state:\n  bootstrapMigrated: true\n") : text);
  const manifest = readManifest(synthConfig(config).outdir);
  const waves = ciWaves(manifest, config.state.bootstrapMigrated);
  const text2 = workflowYaml(waves, { ...DEFAULT_WORKFLOW_OPTIONS, config: "landing-zone.yaml", region: config.homeRegion, regenerate: "npx lz ci" });
  return { manifest, waves, text: text2, wf: parse(text2) as { on: Job; jobs: Record<string, Job>; permissions: Job; env: Job; concurrency: Job } };
}

const jobsLike = (jobs: Record<string, Job>, prefix: string) =>
  Object.keys(jobs)
    .filter((k) => k.startsWith(prefix))
    .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
const stepRuns = (job: Job): string[] => job.steps.map((s: Job) => s.run ?? s.uses);

describe("lz ci workflow", () => {
  const { manifest, wf, text } = generate(VENDED);

  it("runs on pull requests and on pushes to main", () => {
    expect(wf.on).toEqual({ pull_request: {}, push: { branches: ["main"] } });
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(wf.env.LZ_CONFIG).toBe("landing-zone.yaml");
  });

  it("validates, synthesizes and uploads the report's SARIF to code scanning", () => {
    const synth = wf.jobs.synth;
    const runs = stepRuns(synth);
    expect(runs.indexOf("npm ci")).toBeLessThan(runs.indexOf("npx lz validate"));
    expect(runs.indexOf("npx lz validate")).toBeLessThan(runs.indexOf("npx lz synth"));
    expect(runs).toContain("npx lz report --out report");
    expect(runs).toContain("npx lz ci --check");
    const sarif = synth.steps.find((s: Job) => s.uses?.startsWith("github/codeql-action/upload-sarif"));
    expect(sarif.with.sarif_file).toBe("report/findings.sarif");
    expect(synth.permissions["security-events"]).toBe("write");
  });

  it("plans every stack in the manifest's dependency waves, one matrix per wave, waves chained by needs", () => {
    const planJobs = jobsLike(wf.jobs, "plan-wave-");
    const waves: string[][] = planJobs.map((k) => wf.jobs[k].strategy.matrix.stack);
    // Every stack but bootstrap (not migrated yet) exactly once.
    expect(waves.flat().sort()).toEqual(manifest.map((s) => s.name).filter((n) => n !== "bootstrap").sort());
    // Each stack's manifest dependencies sit in earlier waves.
    const waveOf = new Map(waves.flatMap((w, i) => w.map((s) => [s, i] as const)));
    for (const s of manifest.filter((m) => m.name !== "bootstrap")) {
      for (const d of s.dependencies.filter((x) => x !== "bootstrap")) expect(waveOf.get(d)!).toBeLessThan(waveOf.get(s.name)!);
    }
    expect(waveOf.get("workload-analytics-dev")).toBeGreaterThan(waveOf.get("organization")!);
    // organization -> access-<account> (creates the deployer role) -> the account's stacks.
    expect(waveOf.get("access-payments-prod")).toBe(waveOf.get("organization")! + 1);
    expect(waveOf.get("logging")).toBeGreaterThan(waveOf.get("access-log-archive")!);
    expect(waveOf.get("workload-payments-prod")).toBeGreaterThan(Math.max(waveOf.get("access-payments-prod")!, waveOf.get("network")!));
    planJobs.forEach((k, i) => {
      expect(wf.jobs[k].needs).toEqual(i === 0 ? ["synth"] : ["synth", planJobs[i - 1]]);
      expect(wf.jobs[k].if).toContain("github.event_name == 'pull_request'");
      expect(wf.jobs[k].strategy["fail-fast"]).toBe(false);
      expect(stepRuns(wf.jobs[k])).toContain("npx lz plan --stacks ${{ matrix.stack }} --out plans/${{ matrix.stack }}");
    });
  });

  it("uploads each plan and posts one merged summary as a PR comment", () => {
    const planJob = wf.jobs["plan-wave-1"];
    const upload = planJob.steps.find((s: Job) => s.uses?.startsWith("actions/upload-artifact"));
    expect(upload.with).toMatchObject({ name: "plan-${{ matrix.stack }}", path: "plans/${{ matrix.stack }}" });
    const summary = wf.jobs["plan-summary"];
    expect(summary.needs).toEqual(["synth", ...jobsLike(wf.jobs, "plan-wave-")]);
    expect(stepRuns(summary)).toContain("npx lz summary plans/*/ --out summary.md");
    expect(summary.steps.find((s: Job) => s.uses?.startsWith("actions/upload-artifact")).with.path).toBe("summary.md");
    const comment = summary.steps.find((s: Job) => s.uses?.startsWith("actions/github-script"));
    expect(comment.with.script).toContain("<!-- lz-plan-summary -->");
    expect(comment.with.script).toContain("updateComment");
    expect(summary.permissions["pull-requests"]).toBe("write");
  });

  it("applies on main in the same waves, with the plan each job saved and guarded", () => {
    const plans = jobsLike(wf.jobs, "plan-wave-").map((k) => wf.jobs[k].strategy.matrix.stack);
    const applies = jobsLike(wf.jobs, "apply-wave-");
    expect(applies.map((k) => wf.jobs[k].strategy.matrix.stack)).toEqual(plans);
    applies.forEach((k, i) => {
      const job = wf.jobs[k];
      expect(job.if).toBe("${{ github.event_name == 'push' }}");
      expect(job.needs).toEqual(i === 0 ? ["synth"] : ["synth", applies[i - 1]]);
      const runs = stepRuns(job);
      expect(runs).toContain("npx lz plan --stacks ${{ matrix.stack }} --out plans/${{ matrix.stack }}");
      expect(runs.find((r) => r.includes("terraform -chdir"))).toMatch(/apply -input=false "\$plan"/);
      expect(runs.find((r) => r.includes("terraform -chdir"))).toContain('plan="$GITHUB_WORKSPACE/plans/${{ matrix.stack }}/${{ matrix.stack }}.tfplan"');
    });
    expect(wf.concurrency["cancel-in-progress"]).toBe("${{ github.event_name == 'pull_request' }}");
  });

  it("gets AWS credentials only through OIDC role assumption, never keys", () => {
    for (const k of [...jobsLike(wf.jobs, "plan-wave-"), ...jobsLike(wf.jobs, "apply-wave-")]) {
      const job = wf.jobs[k];
      expect(job.permissions["id-token"]).toBe("write");
      const creds = job.steps.find((s: Job) => s.uses?.startsWith("aws-actions/configure-aws-credentials"));
      expect(creds.with["role-to-assume"]).toBe(k.startsWith("plan") ? "${{ vars.LZ_PLAN_ROLE_ARN }}" : "${{ vars.LZ_APPLY_ROLE_ARN }}");
      expect(creds.with["aws-region"]).toBe("us-east-1");
    }
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|secrets\./);
  });

  it("adds bootstrap as the first wave once its state is migrated", () => {
    const migrated = generate(VENDED, true);
    expect(migrated.wf.jobs["plan-wave-1"].strategy.matrix.stack).toEqual(["bootstrap"]);
    expect(migrated.waves[0]).toEqual(["bootstrap"]);
    expect(migrated.waves.slice(1)).toEqual(dependencyWaves(migrated.manifest.filter((s) => s.name !== "bootstrap").map((s) => ({ ...s, dependencies: s.dependencies.filter((d) => d !== "bootstrap") }))).map((w) => w.map((s) => s.name)));
  });

  it("says where it came from and how to regenerate it", () => {
    expect(text.split("\n")[0]).toBe("# Generated by `npx lz ci` from the stacks and dependency waves of landing-zone.yaml.");
  });
});
