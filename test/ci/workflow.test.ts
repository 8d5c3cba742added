import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { parseConfig } from "../../src/config/load";
import { ACTIONS } from "../../src/ci/actions";
import { ciWaves, DEFAULT_WORKFLOW_OPTIONS, TIMEOUTS, workflowYaml } from "../../src/ci/workflow";
import { dependencyWaves, readManifest } from "../../src/terraform/manifest";
import { exampleText, synthConfig } from "../helpers/synth";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Job = Record<string, any>;

/** The example with analytics-dev vended (no id), so its stack depends on the organization stack. */
const VENDED = exampleText().replace('    id: "555555555555"\n', "");
const PLAN_ROLE = "arn:aws:iam::111111111111:role/lz/acme-ci-plan";
const APPLY_ROLE = "arn:aws:iam::111111111111:role/lz/acme-ci-apply";

function generate(text: string, migrated = false) {
  const config = parseConfig(migrated ? text.replace("state:\n", "state:\n  bootstrapMigrated: true\n") : text);
  const manifest = readManifest(synthConfig(config).outdir);
  const waves = ciWaves(manifest, config.state.bootstrapMigrated);
  const text2 = workflowYaml(waves, { ...DEFAULT_WORKFLOW_OPTIONS, planRole: PLAN_ROLE, applyRole: APPLY_ROLE, config: "landing-zone.yaml", region: config.homeRegion, regenerate: "npx lz ci" });
  return { manifest, waves, text: text2, wf: parse(text2) as { on: Job; jobs: Record<string, Job>; permissions: Job; env: Job; concurrency: Job } };
}

const jobsLike = (jobs: Record<string, Job>, prefix: string) =>
  Object.keys(jobs)
    .filter((k) => k.startsWith(prefix))
    .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
const stepRuns = (job: Job): string[] => job.steps.map((s: Job) => s.run ?? s.uses);
const stepUsing = (job: Job, action: string): Job => job.steps.find((s: Job) => s.uses?.startsWith(`${action}@`));

describe("lz ci workflow", () => {
  const { manifest, waves, wf, text } = generate(VENDED);

  it("is a valid GitHub workflow by GitHub's own parser and schema (@actions/workflow-parser)", () => {
    const file = join(mkdtempSync(join(tmpdir(), "lz-wf-")), "landing-zone.yml");
    writeFileSync(file, text);
    const r = spawnSync(process.execPath, [join(__dirname, "..", "helpers", "validate-workflow.mjs"), file], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ errors: [] });
    // The validator does reject a broken workflow.
    writeFileSync(file, text.replace("timeout-minutes: 20", "timeout-minutes: soon"));
    const bad = spawnSync(process.execPath, [join(__dirname, "..", "helpers", "validate-workflow.mjs"), file], { encoding: "utf8" });
    expect(JSON.parse(bad.stdout).errors[0]).toMatch(/Unexpected value 'soon'/);
  });

  it("pins every action to a full commit SHA, with its release tag in a comment", () => {
    const usesLines = text.split("\n").filter((l) => /^\s*(- )?uses: /.test(l));
    expect(usesLines.length).toBeGreaterThan(10);
    for (const line of usesLines) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    for (const a of Object.values(ACTIONS)) expect(a.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(text).toContain("uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2");
  });

  it("sets timeout-minutes on every job", () => {
    for (const [name, job] of Object.entries(wf.jobs)) {
      expect([name, typeof job["timeout-minutes"]]).toEqual([name, "number"]);
      expect(job["timeout-minutes"]).toBeLessThanOrEqual(60);
    }
    expect(wf.jobs["apply-wave-1"]["timeout-minutes"]).toBe(TIMEOUTS.apply);
  });

  it("runs on pull requests, pushes to main, a schedule for drift, and by hand", () => {
    expect(wf.on).toEqual({ pull_request: {}, push: { branches: ["main"] }, schedule: [{ cron: "17 5 * * *" }], workflow_dispatch: {} });
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
    expect(stepUsing(synth, "github/codeql-action/upload-sarif").with.sarif_file).toBe("report/findings.sarif");
    expect(synth.permissions["security-events"]).toBe("write");
  });

  it("on a pull request, plans only the changed stacks: lz changed against the base branch fills each wave's matrix", () => {
    const changes = wf.jobs.changes;
    expect(changes.if).toBe("${{ github.event_name == 'pull_request' }}");
    expect(stepUsing(changes, "actions/checkout").with["fetch-depth"]).toBe(0);
    const changed = changes.steps.find((s: Job) => s.id === "changed");
    // --unapplied: a stack with no state yet (one that waited on its upstream when its change was reviewed) is planned too.
    expect(changed.run).toBe('npx lz changed --base "origin/$BASE_REF" --unapplied --json changes.json --github-output');
    const runs = changes.steps.map((s: Job) => s.uses ?? s.run);
    expect(runs.findIndex((r: string) => r.startsWith("aws-actions/configure-aws-credentials"))).toBeLessThan(runs.indexOf(changed.run));
    expect(changed.env.BASE_REF).toBe("${{ github.base_ref }}");
    expect(stepUsing(changes, "actions/upload-artifact").with).toEqual({ name: "changed-stacks", path: "changes.json" });
    const planJobs = jobsLike(wf.jobs, "plan-wave-");
    expect(planJobs).toHaveLength(waves.length);
    planJobs.forEach((k, i) => {
      const job = wf.jobs[k];
      expect(changes.outputs[`wave_${i + 1}`]).toBe(`\${{ steps.changed.outputs.wave_${i + 1} }}`);
      expect(job.strategy.matrix.stack).toBe(`\${{ fromJSON(needs.changes.outputs.wave_${i + 1}) }}`);
      expect(job.if).toBe(`\${{ !cancelled() && github.event_name == 'pull_request' && needs.changes.result == 'success' && needs.changes.outputs.wave_${i + 1} != '[]' }}`);
      expect(job.needs).toEqual(i === 0 ? ["changes"] : ["changes", planJobs[i - 1]]);
      expect(job.strategy["fail-fast"]).toBe(false);
      // Read-only: member accounts through <name>-ci-read, the only role the plan role may assume there.
      expect(stepRuns(job)).toContain("npx lz plan --read-only --stacks ${{ matrix.stack }} --out plans/${{ matrix.stack }}");
      expect(stepUsing(job, "actions/upload-artifact").with).toMatchObject({ name: "plan-${{ matrix.stack }}", path: "plans/${{ matrix.stack }}" });
    });
  });

  it("keeps the manifest's dependency waves (the header lists them)", () => {
    expect(waves.flat().sort()).toEqual(manifest.map((s) => s.name).filter((n) => n !== "bootstrap").sort());
    const waveOf = new Map(waves.flatMap((w, i) => w.map((s) => [s, i] as const)));
    for (const s of manifest.filter((m) => m.name !== "bootstrap")) {
      for (const d of s.dependencies.filter((x) => x !== "bootstrap")) expect(waveOf.get(d)!).toBeLessThan(waveOf.get(s.name)!);
    }
    expect(waveOf.get("workload-analytics-dev")).toBeGreaterThan(waveOf.get("organization")!);
    expect(text).toContain(`# Waves: ${waves.map((w, i) => `${i + 1}) ${w.join(", ")}`).join("  ")}`);
  });

  it("posts one merged summary as a PR comment, also when nothing changed (no plan artifacts)", () => {
    const summary = wf.jobs["plan-summary"];
    expect(summary.needs).toEqual(["changes", ...jobsLike(wf.jobs, "plan-wave-")]);
    const download = stepUsing(summary, "actions/download-artifact");
    expect(download.if).toBe("${{ needs.changes.outputs.any == 'true' }}");
    // Every artifact the pattern matches is a plan directory: the selection artifact is named otherwise.
    expect(download.with.pattern).toBe("plan-*");
    const artifactNames = Object.values(wf.jobs).flatMap((j) => j.steps.filter((s: Job) => s.uses?.startsWith("actions/upload-artifact@")).map((s: Job) => s.with.name as string));
    expect(artifactNames.filter((n) => n.startsWith("plan-"))).toEqual(jobsLike(wf.jobs, "plan-wave-").map(() => "plan-${{ matrix.stack }}"));
    expect(stepRuns(summary)).toContain('shopt -s nullglob\ndirs=(plans/plan-*/)\nnpx lz summary --out summary.md "${dirs[@]}"');
    const comment = stepUsing(summary, "actions/github-script");
    expect(comment.with.script).toContain("<!-- lz-plan-summary -->");
    expect(comment.with.script).toContain("updateComment");
    expect(summary.permissions["pull-requests"]).toBe("write");
  });

  it("on main, applies the plan artifacts of the reviewed pull-request run, never a new plan", () => {
    const find = wf.jobs["find-plan"];
    expect(find.if).toBe("${{ github.event_name == 'push' }}");
    const script = stepUsing(find, "actions/github-script").with.script as string;
    expect(script).toContain("listPullRequestsAssociatedWithCommit");
    expect(script).toContain("p.merge_commit_sha === sha");
    expect(script).toContain('listWorkflowRuns, { owner, repo, workflow_id: process.env.WORKFLOW_FILE, event: "pull_request", head_sha: pr.head.sha, status: "success" }');
    expect(script).toMatch(/core\.setFailed\(`.*no successful landing-zone run.*there is no reviewed plan to apply/);
    expect(stepUsing(find, "actions/github-script").env.WORKFLOW_FILE).toBe("landing-zone.yml");
    const selection = stepUsing(find, "actions/download-artifact");
    expect(selection.with).toMatchObject({ name: "changed-stacks", "run-id": "${{ steps.run.outputs.run_id }}" });
    const wavesStep = find.steps.find((s: Job) => s.id === "waves");
    expect(wavesStep.run).toContain("the reviewed run has no plan artifacts");
    expect(wavesStep.run).toContain("nothing to apply");
    expect(find.permissions.actions).toBe("read");

    const applies = jobsLike(wf.jobs, "apply-wave-");
    expect(applies).toHaveLength(waves.length);
    applies.forEach((k, i) => {
      const job = wf.jobs[k];
      expect(job.environment).toBe("landing-zone-apply");
      expect(job.if).toBe(`\${{ !cancelled() && !contains(needs.*.result, 'failure') && github.event_name == 'push' && needs.find-plan.result == 'success' && needs.find-plan.outputs.wave_${i + 1} != '[]' }}`);
      expect(job.needs).toEqual(["find-plan", ...applies.slice(0, i)]);
      expect(job.strategy.matrix.stack).toBe(`\${{ fromJSON(needs.find-plan.outputs.wave_${i + 1}) }}`);
      const download = stepUsing(job, "actions/download-artifact");
      expect(download.with).toEqual({ name: "plan-${{ matrix.stack }}", path: "plans/${{ matrix.stack }}", "run-id": "${{ needs.find-plan.outputs.run_id }}", "github-token": "${{ github.token }}" });
      const runs = stepRuns(job);
      expect(runs).toContain("npx lz apply --stacks ${{ matrix.stack }} --plans plans/${{ matrix.stack }}");
      expect(runs.indexOf(download.uses)).toBeLessThan(runs.indexOf("npx lz apply --stacks ${{ matrix.stack }} --plans plans/${{ matrix.stack }}"));
      expect(runs.join("\n")).not.toMatch(/lz plan|terraform (-chdir=\S+ )?plan/);
      // The reviewed read-only plan applies as the deployer: lz apply re-supplies lz_read_only=false itself.
      expect(runs.join("\n")).not.toMatch(/read-only|lz_read_only/);
    });
    expect(wf.concurrency["cancel-in-progress"]).toBe("${{ github.event_name == 'pull_request' }}");
  });

  it("gets AWS credentials only through OIDC: the read-only plan role on pull requests and for drift, the apply role on main", () => {
    const roleOf = (k: string) => stepUsing(wf.jobs[k], "aws-actions/configure-aws-credentials")?.with["role-to-assume"];
    for (const k of jobsLike(wf.jobs, "plan-wave-")) expect(roleOf(k)).toBe(PLAN_ROLE);
    for (const k of jobsLike(wf.jobs, "apply-wave-")) expect(roleOf(k)).toBe(APPLY_ROLE);
    expect(roleOf("drift")).toBe(PLAN_ROLE);
    // lz changed --unapplied lists the state bucket with the plan role.
    expect(roleOf("changes")).toBe(PLAN_ROLE);
    for (const k of ["synth", "plan-summary", "find-plan"]) expect(roleOf(k)).toBeUndefined();
    for (const k of [...jobsLike(wf.jobs, "plan-wave-"), ...jobsLike(wf.jobs, "apply-wave-"), "drift", "changes"]) expect(wf.jobs[k].permissions["id-token"]).toBe("write");
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|secrets\./);
  });

  it("without ci-read roles (no ci in the config), plans and drift run without --read-only", () => {
    const config = parseConfig(VENDED);
    const w = ciWaves(readManifest(synthConfig(config).outdir), false);
    const plain = parse(workflowYaml(w, { ...DEFAULT_WORKFLOW_OPTIONS, planRole: PLAN_ROLE, applyRole: APPLY_ROLE, config: "landing-zone.yaml", region: config.homeRegion, regenerate: "npx lz ci", readOnly: false })) as { jobs: Record<string, Job> };
    expect(stepRuns(plain.jobs["plan-wave-1"])).toContain("npx lz plan --stacks ${{ matrix.stack }} --out plans/${{ matrix.stack }}");
    expect(plain.jobs.drift.steps.find((s: Job) => s.id === "drift").run).toContain("npx lz drift --out drift");
  });

  it("checks drift on a schedule and keeps one issue for it", () => {
    const drift = wf.jobs.drift;
    expect(drift.if).toBe("${{ (github.event_name == 'schedule' || github.event_name == 'workflow_dispatch') }}");
    expect(drift.steps.find((s: Job) => s.id === "drift").run).toContain("npx lz drift --read-only --out drift");
    const issue = stepUsing(drift, "actions/github-script");
    expect(issue.with.script).toContain("<!-- lz-drift -->");
    expect(issue.with.script).toContain("issues.update");
    expect(issue.with.script).toContain('state: "closed"');
    expect(stepUsing(drift, "github/codeql-action/upload-sarif").with.sarif_file).toBe("drift/drift.sarif");
    expect(drift.permissions.issues).toBe("write");
  });

  it("adds bootstrap as the first wave once its state is migrated", () => {
    const migrated = generate(VENDED, true);
    expect(migrated.waves[0]).toEqual(["bootstrap"]);
    expect(migrated.waves.slice(1)).toEqual(dependencyWaves(migrated.manifest.filter((s) => s.name !== "bootstrap").map((s) => ({ ...s, dependencies: s.dependencies.filter((d) => d !== "bootstrap") }))).map((w) => w.map((s) => s.name)));
  });

  it("says where it came from, how to regenerate it, and that its environment needs reviewers", () => {
    const lines = text.split("\n");
    expect(lines[0]).toBe("# Generated by `npx lz ci` from the stacks and dependency waves of landing-zone.yaml.");
    expect(text).toContain('# Apply jobs run in the GitHub environment "landing-zone-apply": give it required reviewers');
  });
});
