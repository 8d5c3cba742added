/**
 * The GitHub Actions workflow `lz ci` writes.
 *
 * Pull request: validate, synthesize, report (SARIF to code scanning); then
 * `lz changed --unapplied` against the base branch picks the stacks the change
 * touches, and every stack not applied yet (no state in the bucket: one that
 * waited on an upstream when its own change was reviewed);
 * one plan job per changed stack, a matrix per dependency wave holding only
 * that wave's changed stacks (waves without any are skipped); every plan
 * (saved plan file, plan JSON, results with the state serial) is uploaded as
 * an artifact, and the merged summary is posted as one PR comment. Plans run
 * with the read-only plan role and `lz plan --read-only`, so member accounts
 * are planned through their `<name>-ci-read` role.
 *
 * Push to main: the plan artifacts of the pull request that was merged are
 * applied, exactly those. `find-plan` asks the GitHub API which pull request
 * the pushed commit came from (GET /repos/{o}/{r}/commits/{sha}/pulls), then
 * for this workflow's newest successful pull_request run on that PR's last
 * head commit (GET /repos/{o}/{r}/actions/workflows/{file}/runs?head_sha=…);
 * the apply jobs download that run's artifacts with actions/download-artifact
 * (`run-id`, `github-token`) and run `lz apply`, which runs the guard again
 * and refuses a plan whose stack's state moved since it was made. Each apply
 * job runs in a GitHub environment (required reviewers are set on it) with
 * the apply role. No reviewed run, or a reviewed run with no changed stack,
 * applies nothing and says so.
 *
 * Schedule: `lz drift --read-only` with the plan role; one issue is opened or updated
 * while anything drifted, and closed when nothing does.
 *
 * AWS access is OIDC role assumption only; every third-party action is
 * pinned to a commit (src/ci/actions.ts); every job has a timeout.
 */
import { stringify } from "yaml";
import { planWaves, PlannableStack } from "../plan/planner";
import { COMMENT_MARKER } from "../plan/summary";
import { BOOTSTRAP } from "../stacks/names";
import { DEFAULT_APPLY_ENVIRONMENT } from "../config/schema";
import { ACTIONS, pinComments, uses } from "./actions";

export interface WorkflowOptions {
  /** Config file, relative to the repository root. */
  readonly config: string;
  readonly region: string;
  /** Role CI assumes to plan on pull requests and to look for drift (read-only is enough). */
  readonly planRole: string;
  /** Role CI assumes to apply on main. */
  readonly applyRole: string;
  /**
   * The member accounts have the read-only `<name>-ci-read` role (the config sets `ci`): pull-request plans and
   * drift run with `--read-only`, so they reach member accounts through it; applies never do.
   * @default true
   */
  readonly readOnly?: boolean;
  readonly terraformVersion: string;
  readonly nodeVersion: string;
  /** Branch whose pushes apply. */
  readonly branch: string;
  /** GitHub environment of the apply jobs; give it required reviewers. */
  readonly environment: string;
  /** Cron schedule of the drift check (UTC). */
  readonly driftSchedule: string;
  /** The `lz ci` command that regenerates this file, run with --check in CI. */
  readonly regenerate: string;
  /**
   * The workflow file's path in the repository: main looks up the pull-request runs of this workflow.
   * @default WORKFLOW_FILE
   */
  readonly file?: string;
}

export const WORKFLOW_FILE = ".github/workflows/landing-zone.yml";

export const DEFAULT_WORKFLOW_OPTIONS = {
  terraformVersion: "1.11.4",
  nodeVersion: "20",
  branch: "main",
  environment: DEFAULT_APPLY_ENVIRONMENT,
  driftSchedule: "17 5 * * *",
} as const;

/** Minutes each kind of job may run before GitHub cancels it. */
export const TIMEOUTS = { synth: 20, changes: 20, plan: 30, summary: 10, findPlan: 10, apply: 60, drift: 60 } as const;

/** Marks the drift issue so the scheduled job updates it instead of opening another. */
export const DRIFT_MARKER = "<!-- lz-drift -->";
/** The artifact holding `lz changed`'s selection (changes.json) in a pull-request run. */
/** Not named plan-*: the summary job downloads every plan-* artifact as a plan directory. */
export const CHANGES_ARTIFACT = "changed-stacks";
/** Artifact name of one stack's saved plan. */
export const planArtifact = (stack: string): string => `plan-${stack}`;

/**
 * Stack waves CI runs. Bootstrap runs from a workstation until its state is
 * migrated into the bucket (its local state is not in the repository), so it
 * joins CI only once `state.bootstrapMigrated` is true.
 */
export function ciWaves(stacks: readonly PlannableStack[], bootstrapMigrated: boolean): string[][] {
  const selected = stacks.map((s) => s.name).filter((name) => bootstrapMigrated || name !== BOOTSTRAP);
  return planWaves(stacks, selected).map((wave) => wave.map((s) => s.name));
}

const onPr = "github.event_name == 'pull_request'";
const onPush = "github.event_name == 'push'";
const onDrift = "(github.event_name == 'schedule' || github.event_name == 'workflow_dispatch')";

function setup(o: WorkflowOptions, terraform: boolean, fetchAll = false): object[] {
  return [
    { uses: uses(ACTIONS.checkout), with: { "persist-credentials": false, ...(fetchAll ? { "fetch-depth": 0 } : {}) } },
    { uses: uses(ACTIONS.setupNode), with: { "node-version": o.nodeVersion, cache: "npm" } },
    ...(terraform ? [{ uses: uses(ACTIONS.setupTerraform), with: { terraform_version: o.terraformVersion, terraform_wrapper: false } }] : []),
    { run: "npm ci" },
    { run: "npm run build --silent" },
  ];
}

const credentials = (role: string, o: WorkflowOptions) => ({
  name: "AWS credentials (OIDC)",
  uses: uses(ACTIONS.awsCredentials),
  with: { "role-to-assume": role, "role-session-name": "lz-${{ github.run_id }}", "aws-region": o.region },
});

const lz = "npx lz";
/** ` --read-only` for the plan role's jobs when the member accounts have ci-read roles. */
const readOnlyFlag = (o: WorkflowOptions): string => (o.readOnly ?? true ? " --read-only" : "");
const waveOutput = (n: number) => `wave_${n}`;

function planJob(n: number, o: WorkflowOptions): object {
  const wave = `needs.changes.outputs.${waveOutput(n)}`;
  return {
    name: `plan wave ${n} (\${{ matrix.stack }})`,
    needs: n === 1 ? ["changes"] : ["changes", `plan-wave-${n - 1}`],
    // Later waves plan even when an earlier one failed or had nothing to plan: a plan changes nothing.
    if: `\${{ !cancelled() && ${onPr} && needs.changes.result == 'success' && ${wave} != '[]' }}`,
    "runs-on": "ubuntu-latest",
    "timeout-minutes": TIMEOUTS.plan,
    permissions: { contents: "read", "id-token": "write" },
    strategy: { "fail-fast": false, matrix: { stack: `\${{ fromJSON(${wave}) }}` } },
    steps: [
      ...setup(o, true),
      credentials(o.planRole, o),
      // --read-only: member accounts through <name>-ci-read, the only role the plan role may assume there;
      // the role is an ephemeral variable, not saved in the plan, so the apply job applies it as the deployer.
      { name: "plan", run: `${lz} plan${readOnlyFlag(o)} --stacks \${{ matrix.stack }} --out plans/\${{ matrix.stack }}` },
      {
        name: "upload the saved plan",
        if: "${{ always() }}",
        uses: uses(ACTIONS.uploadArtifact),
        with: { name: planArtifact("${{ matrix.stack }}"), path: "plans/${{ matrix.stack }}", "if-no-files-found": "ignore" },
      },
    ],
  };
}

/** Finds the pull-request run whose plans were reviewed for the pushed commit; fails when there is none. */
const FIND_PLAN_SCRIPT = `const { owner, repo } = context.repo;
const sha = context.sha;
const { data: pulls } = await github.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha });
const pr = pulls.find((p) => p.merged_at && p.merge_commit_sha === sha);
if (!pr) {
  core.setFailed(\`\${sha} was not merged from a pull request, so no plan of it was reviewed: change main through pull requests (nothing was applied).\`);
  return;
}
const runs = await github.paginate(github.rest.actions.listWorkflowRuns, { owner, repo, workflow_id: process.env.WORKFLOW_FILE, event: "pull_request", head_sha: pr.head.sha, status: "success" });
if (runs.length === 0) {
  core.setFailed(\`pull request #\${pr.number} has no successful landing-zone run on its last commit \${pr.head.sha}: there is no reviewed plan to apply. Re-run the pull request's workflow, review its plan, then re-run this job (nothing was applied).\`);
  return;
}
const run = runs.sort((a, b) => b.run_number - a.run_number)[0];
core.notice(\`applying the plans reviewed on pull request #\${pr.number}: \${run.html_url}\`);
core.setOutput("run_id", String(run.id));
core.setOutput("pr", String(pr.number));
`;

/** Reads changes.json (lz changed --json) into the wave outputs; no artifact or no stack means nothing to apply. */
function wavesFromChanges(count: number): string {
  return [
    "if [ ! -f reviewed/changes.json ]; then",
    '  echo "::error::the reviewed run has no plan artifacts (no changes.json): re-run the pull request\'s workflow"; exit 1',
    "fi",
    `node -e 'const c = require("./reviewed/changes.json"); const w = c.waves; const out = [];` +
      ` for (let i = 0; i < ${count}; i++) out.push("wave_" + (i + 1) + "=" + JSON.stringify(w[i] || []));` +
      ` out.push("any=" + (c.stacks.length > 0)); require("fs").appendFileSync(process.env.GITHUB_OUTPUT, out.join("\\n") + "\\n");` +
      ` if (c.stacks.length === 0) console.log("::notice::the reviewed pull request changed no stack: nothing to apply");'`,
  ].join("\n");
}

function applyJob(n: number, o: WorkflowOptions): object {
  const wave = `needs.find-plan.outputs.${waveOutput(n)}`;
  const dir = "plans/${{ matrix.stack }}";
  return {
    name: `apply wave ${n} (\${{ matrix.stack }})`,
    // A wave applies after every earlier one succeeded or had nothing to apply (all are needed: a failure two waves back must stop it too).
    needs: ["find-plan", ...Array.from({ length: n - 1 }, (_, i) => `apply-wave-${i + 1}`)],
    if: `\${{ !cancelled() && !contains(needs.*.result, 'failure') && ${onPush} && needs.find-plan.result == 'success' && ${wave} != '[]' }}`,
    "runs-on": "ubuntu-latest",
    "timeout-minutes": TIMEOUTS.apply,
    environment: o.environment,
    permissions: { contents: "read", "id-token": "write", actions: "read" },
    strategy: { "fail-fast": false, matrix: { stack: `\${{ fromJSON(${wave}) }}` } },
    steps: [
      ...setup(o, true),
      {
        name: "download the reviewed plan",
        uses: uses(ACTIONS.downloadArtifact),
        with: { name: planArtifact("${{ matrix.stack }}"), path: dir, "run-id": "${{ needs.find-plan.outputs.run_id }}", "github-token": "${{ github.token }}" },
      },
      credentials(o.applyRole, o),
      { name: "apply the reviewed plan", run: `${lz} apply --stacks \${{ matrix.stack }} --plans ${dir}` },
      { name: "upload the apply log", if: "${{ always() }}", uses: uses(ACTIONS.uploadArtifact), with: { name: "applied-${{ matrix.stack }}", path: dir, "if-no-files-found": "ignore" } },
    ],
  };
}

const COMMENT_SCRIPT = `const fs = require("fs");
const body = fs.readFileSync("summary.md", "utf8");
const { owner, repo } = context.repo;
const issue_number = context.issue.number;
const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number });
const mine = comments.find((c) => c.body && c.body.startsWith(${JSON.stringify(COMMENT_MARKER)}));
if (mine) await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
else await github.rest.issues.createComment({ owner, repo, issue_number, body });
`;

/** Opens or updates the one drift issue while something drifted; closes it when nothing does. */
const DRIFT_ISSUE_SCRIPT = `const fs = require("fs");
const { owner, repo } = context.repo;
const drifted = process.env.DRIFT_EXIT === "2";
const marker = ${JSON.stringify(DRIFT_MARKER)};
const issues = await github.paginate(github.rest.issues.listForRepo, { owner, repo, state: "open", labels: "landing-zone-drift" });
const open = issues.find((i) => i.body && i.body.startsWith(marker));
const link = \`\${context.serverUrl}/\${owner}/\${repo}/actions/runs/\${context.runId}\`;
if (drifted) {
  const report = fs.readFileSync("drift/drift.md", "utf8");
  const body = \`\${marker}\\n\${report}\\n\\nLast checked by \${link}\`.slice(0, 65000);
  if (open) await github.rest.issues.update({ owner, repo, issue_number: open.number, body });
  else await github.rest.issues.create({ owner, repo, title: "Landing zone drift", body, labels: ["landing-zone-drift"] });
} else if (open) {
  await github.rest.issues.createComment({ owner, repo, issue_number: open.number, body: \`No drift any more (\${link}).\` });
  await github.rest.issues.update({ owner, repo, issue_number: open.number, state: "closed" });
}
`;

function driftJob(o: WorkflowOptions): object {
  return {
    name: "drift",
    if: `\${{ ${onDrift} }}`,
    "runs-on": "ubuntu-latest",
    "timeout-minutes": TIMEOUTS.drift,
    permissions: { contents: "read", "id-token": "write", issues: "write", "security-events": "write" },
    steps: [
      ...setup(o, true),
      credentials(o.planRole, o),
      // lz drift exits 2 when something drifted, 1 when it could not tell.
      { name: "drift", id: "drift", run: `set +e\n${lz} drift${readOnlyFlag(o)} --out drift\ncode=$?\necho "exit=$code" >> "$GITHUB_OUTPUT"\nif [ "$code" = 1 ]; then exit 1; fi\nexit 0` },
      { name: "upload drift SARIF to code scanning", if: "${{ always() && hashFiles('drift/drift.sarif') != '' }}", uses: uses(ACTIONS.uploadSarif), with: { sarif_file: "drift/drift.sarif", category: "landing-zone-drift" } },
      { name: "upload the drift report", if: "${{ always() }}", uses: uses(ACTIONS.uploadArtifact), with: { name: "drift", path: "drift", "if-no-files-found": "ignore" } },
      { name: "open, update or close the drift issue", uses: uses(ACTIONS.githubScript), env: { DRIFT_EXIT: "${{ steps.drift.outputs.exit }}" }, with: { script: DRIFT_ISSUE_SCRIPT } },
    ],
  };
}

/** The workflow as an object, jobs in run order. */
export function workflow(waves: readonly string[][], o: WorkflowOptions): Record<string, unknown> {
  const waveOutputs = Object.fromEntries(waves.map((_, i) => [waveOutput(i + 1), `\${{ steps.changed.outputs.${waveOutput(i + 1)} }}`]));
  const jobs: Record<string, unknown> = {
    synth: {
      name: "validate, synth, report",
      if: `\${{ ${onPr} || ${onPush} }}`,
      "runs-on": "ubuntu-latest",
      "timeout-minutes": TIMEOUTS.synth,
      permissions: { contents: "read", "security-events": "write" },
      steps: [
        ...setup(o, false),
        { run: `${lz} validate` },
        { run: `${lz} synth` },
        { name: "workflow is current", run: `${o.regenerate} --check` },
        { name: "report", run: `${lz} report --out report` },
        { name: "upload SARIF to code scanning", if: "${{ always() && hashFiles('report/findings.sarif') != '' }}", uses: uses(ACTIONS.uploadSarif), with: { sarif_file: "report/findings.sarif", category: "landing-zone" } },
        { name: "upload report", if: "${{ always() }}", uses: uses(ACTIONS.uploadArtifact), with: { name: "report", path: "report", "if-no-files-found": "ignore" } },
      ],
    },
    changes: {
      name: "changed stacks",
      needs: ["synth"],
      if: `\${{ ${onPr} }}`,
      "runs-on": "ubuntu-latest",
      "timeout-minutes": TIMEOUTS.changes,
      permissions: { contents: "read", "id-token": "write" },
      outputs: { any: "${{ steps.changed.outputs.any }}", ...waveOutputs },
      steps: [
        ...setup(o, false, true),
        // The plan role lists the state bucket: stacks with no state yet are planned too (--unapplied), so a
        // stack that waited on an upstream when its change was reviewed (a vend's, on the new account) is
        // planned by the next pull request instead of never.
        credentials(o.planRole, o),
        // The checkout is the pull request merged into its base: the difference to the base branch is exactly the change.
        { name: "stacks the change touches", id: "changed", env: { BASE_REF: "${{ github.base_ref }}" }, run: `${lz} changed --base "origin/$BASE_REF" --unapplied --json changes.json --github-output` },
        { name: "upload the selection", uses: uses(ACTIONS.uploadArtifact), with: { name: CHANGES_ARTIFACT, path: "changes.json" } },
      ],
    },
  };
  waves.forEach((_, i) => (jobs[`plan-wave-${i + 1}`] = planJob(i + 1, o)));
  jobs["plan-summary"] = {
    name: "plan summary",
    needs: ["changes", ...waves.map((_, i) => `plan-wave-${i + 1}`)],
    if: `\${{ !cancelled() && ${onPr} && needs.changes.result == 'success' }}`,
    "runs-on": "ubuntu-latest",
    "timeout-minutes": TIMEOUTS.summary,
    permissions: { contents: "read", "pull-requests": "write" },
    steps: [
      ...setup(o, false),
      { name: "download the plans", if: "${{ needs.changes.outputs.any == 'true' }}", uses: uses(ACTIONS.downloadArtifact), with: { pattern: "plan-*", path: "plans" } },
      // No plan artifacts (nothing changed) makes a summary that says so.
      { name: "summary", run: `shopt -s nullglob\ndirs=(plans/plan-*/)\n${lz} summary --out summary.md "\${dirs[@]}"` },
      { name: "upload summary", uses: uses(ACTIONS.uploadArtifact), with: { name: "summary", path: "summary.md" } },
      { name: "comment on the pull request", uses: uses(ACTIONS.githubScript), with: { script: COMMENT_SCRIPT } },
    ],
  };
  jobs["find-plan"] = {
    name: "find the reviewed plan",
    if: `\${{ ${onPush} }}`,
    "runs-on": "ubuntu-latest",
    "timeout-minutes": TIMEOUTS.findPlan,
    permissions: { contents: "read", actions: "read", "pull-requests": "read" },
    outputs: { run_id: "${{ steps.run.outputs.run_id }}", pr: "${{ steps.run.outputs.pr }}", any: "${{ steps.waves.outputs.any }}", ...Object.fromEntries(waves.map((_, i) => [waveOutput(i + 1), `\${{ steps.waves.outputs.${waveOutput(i + 1)} }}`])) },
    steps: [
      { name: "the pull request run whose plans were reviewed", id: "run", uses: uses(ACTIONS.githubScript), env: { WORKFLOW_FILE: (o.file ?? WORKFLOW_FILE).replace(/^.*\//, "") }, with: { script: FIND_PLAN_SCRIPT } },
      {
        name: "download its selection",
        uses: uses(ACTIONS.downloadArtifact),
        with: { name: CHANGES_ARTIFACT, path: "reviewed", "run-id": "${{ steps.run.outputs.run_id }}", "github-token": "${{ github.token }}" },
        "continue-on-error": true,
      },
      { name: "waves to apply", id: "waves", run: wavesFromChanges(waves.length) },
    ],
  };
  waves.forEach((_, i) => (jobs[`apply-wave-${i + 1}`] = applyJob(i + 1, o)));
  jobs.drift = driftJob(o);
  return {
    name: "landing-zone",
    on: { pull_request: {}, push: { branches: [o.branch] }, schedule: [{ cron: o.driftSchedule }], workflow_dispatch: {} },
    permissions: { contents: "read" },
    // Never cancel an apply half-way; a newer push to a PR supersedes its older plans.
    concurrency: { group: "landing-zone-${{ github.ref }}", "cancel-in-progress": `\${{ ${onPr} }}` },
    env: { LZ_CONFIG: o.config, AWS_REGION: o.region, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" },
    jobs,
  };
}

export function workflowYaml(waves: readonly string[][], o: WorkflowOptions): string {
  const header = [
    `# Generated by \`${o.regenerate}\` from the stacks and dependency waves of ${o.config}.`,
    "# Do not edit by hand: re-run the command after adding or removing stacks (CI checks it is current).",
    `# Waves: ${waves.map((w, i) => `${i + 1}) ${w.join(", ")}`).join("  ")}`,
    `# Apply jobs run in the GitHub environment "${o.environment}": give it required reviewers (Settings → Environments).`,
    "# Actions are pinned to commits (src/ci/actions.ts); verify the SHAs before first use.",
    "",
  ].join("\n");
  return header + pinComments(stringify(workflow(waves, o), { lineWidth: 0, aliasDuplicateObjects: false }));
}
