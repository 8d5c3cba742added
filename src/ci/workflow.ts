/**
 * The GitHub Actions workflow `lz ci` writes. On a pull request: validate,
 * synthesize, report (SARIF to code scanning), then one plan job per stack,
 * a matrix per dependency wave with `needs` chaining the waves, and the
 * merged summary posted as one PR comment. On a push to main: the same
 * waves apply, each job planning, guarding and applying exactly its saved
 * plan. AWS access is OIDC role assumption only: no keys anywhere.
 */
import { stringify } from "yaml";
import { planWaves, PlannableStack } from "../plan/planner";
import { COMMENT_MARKER } from "../plan/summary";
import { BOOTSTRAP } from "../stacks/names";

export interface WorkflowOptions {
  /** Config file, relative to the repository root. */
  readonly config: string;
  readonly region: string;
  /** Role CI assumes to plan (read-only is enough). */
  readonly planRole: string;
  /** Role CI assumes to apply on main. */
  readonly applyRole: string;
  readonly terraformVersion: string;
  readonly nodeVersion: string;
  /** Branch whose pushes apply. */
  readonly branch: string;
  /** The `lz ci` command that regenerates this file, run with --check in CI. */
  readonly regenerate: string;
}

export const WORKFLOW_FILE = ".github/workflows/landing-zone.yml";

export const DEFAULT_WORKFLOW_OPTIONS = {
  planRole: "${{ vars.LZ_PLAN_ROLE_ARN }}",
  applyRole: "${{ vars.LZ_APPLY_ROLE_ARN }}",
  terraformVersion: "1.11.4",
  nodeVersion: "20",
  branch: "main",
} as const;

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

function setup(o: WorkflowOptions, terraform: boolean): object[] {
  return [
    { uses: "actions/checkout@v4" },
    { uses: "actions/setup-node@v4", with: { "node-version": o.nodeVersion, cache: "npm" } },
    ...(terraform ? [{ uses: "hashicorp/setup-terraform@v3", with: { terraform_version: o.terraformVersion, terraform_wrapper: false } }] : []),
    { run: "npm ci" },
    { run: "npm run build --silent" },
  ];
}

const credentials = (role: string, o: WorkflowOptions) => ({
  name: "AWS credentials (OIDC)",
  uses: "aws-actions/configure-aws-credentials@v4",
  with: { "role-to-assume": role, "role-session-name": "lz-${{ github.run_id }}", "aws-region": o.region },
});

const lz = "npx lz";

function planJob(wave: string[], n: number, o: WorkflowOptions): object {
  return {
    name: `plan wave ${n} (\${{ matrix.stack }})`,
    needs: n === 1 ? ["synth"] : ["synth", `plan-wave-${n - 1}`],
    // Later waves plan even when an earlier one failed: a plan changes nothing.
    if: `\${{ !cancelled() && needs.synth.result == 'success' && ${onPr} }}`,
    "runs-on": "ubuntu-latest",
    permissions: { contents: "read", "id-token": "write" },
    strategy: { "fail-fast": false, matrix: { stack: wave } },
    steps: [
      ...setup(o, true),
      credentials(o.planRole, o),
      { name: "plan", run: `${lz} plan --stacks \${{ matrix.stack }} --out plans/\${{ matrix.stack }}` },
      { name: "upload plan", if: "${{ always() }}", uses: "actions/upload-artifact@v4", with: { name: "plan-${{ matrix.stack }}", path: "plans/${{ matrix.stack }}", "if-no-files-found": "ignore" } },
    ],
  };
}

function applyJob(wave: string[], n: number, o: WorkflowOptions): object {
  const dir = "plans/${{ matrix.stack }}";
  return {
    name: `apply wave ${n} (\${{ matrix.stack }})`,
    needs: n === 1 ? ["synth"] : ["synth", `apply-wave-${n - 1}`],
    if: `\${{ ${onPush} }}`,
    "runs-on": "ubuntu-latest",
    permissions: { contents: "read", "id-token": "write" },
    strategy: { "fail-fast": false, matrix: { stack: wave } },
    steps: [
      ...setup(o, true),
      credentials(o.applyRole, o),
      { name: "plan and guard", run: `${lz} plan --stacks \${{ matrix.stack }} --out ${dir}` },
      { name: "upload plan", if: "${{ always() }}", uses: "actions/upload-artifact@v4", with: { name: "applied-plan-${{ matrix.stack }}", path: dir, "if-no-files-found": "ignore" } },
      {
        name: "apply the saved plan",
        run: [
          `plan="$GITHUB_WORKSPACE/${dir}/\${{ matrix.stack }}.tfplan"`,
          `test -f "$plan" || { echo "::error::\${{ matrix.stack }} has no saved plan (waiting on an upstream stack?); see the plan step"; exit 1; }`,
          `terraform -chdir=cdktf.out/stacks/\${{ matrix.stack }} apply -input=false "$plan"`,
        ].join("\n"),
      },
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

/** The workflow as an object, jobs in run order. */
export function workflow(waves: readonly string[][], o: WorkflowOptions): Record<string, unknown> {
  const jobs: Record<string, unknown> = {
    synth: {
      name: "validate, synth, report",
      "runs-on": "ubuntu-latest",
      permissions: { contents: "read", "security-events": "write" },
      steps: [
        ...setup(o, false),
        { run: `${lz} validate` },
        { run: `${lz} synth` },
        { name: "workflow is current", run: `${o.regenerate} --check` },
        { name: "report", run: `${lz} report --out report` },
        { name: "upload SARIF to code scanning", if: "${{ always() && hashFiles('report/findings.sarif') != '' }}", uses: "github/codeql-action/upload-sarif@v3", with: { sarif_file: "report/findings.sarif", category: "landing-zone" } },
        { name: "upload report", if: "${{ always() }}", uses: "actions/upload-artifact@v4", with: { name: "report", path: "report", "if-no-files-found": "ignore" } },
      ],
    },
  };
  waves.forEach((wave, i) => (jobs[`plan-wave-${i + 1}`] = planJob(wave, i + 1, o)));
  jobs["plan-summary"] = {
    name: "plan summary",
    needs: ["synth", ...waves.map((_, i) => `plan-wave-${i + 1}`)],
    if: `\${{ !cancelled() && needs.synth.result == 'success' && ${onPr} }}`,
    "runs-on": "ubuntu-latest",
    permissions: { contents: "read", "pull-requests": "write" },
    steps: [
      ...setup(o, false),
      { uses: "actions/download-artifact@v4", with: { pattern: "plan-*", path: "plans" } },
      { run: `${lz} summary plans/*/ --out summary.md` },
      { name: "upload summary", uses: "actions/upload-artifact@v4", with: { name: "plan-summary", path: "summary.md" } },
      { name: "comment on the pull request", uses: "actions/github-script@v7", with: { script: COMMENT_SCRIPT } },
    ],
  };
  waves.forEach((wave, i) => (jobs[`apply-wave-${i + 1}`] = applyJob(wave, i + 1, o)));
  return {
    name: "landing-zone",
    on: { pull_request: {}, push: { branches: [o.branch] } },
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
    "",
  ].join("\n");
  return header + stringify(workflow(waves, o), { lineWidth: 0, aliasDuplicateObjects: false });
}
