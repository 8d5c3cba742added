/**
 * Every third-party action the generated workflow uses, pinned to a full
 * commit SHA (a tag can be moved to other code; a commit cannot), with the
 * release tag it was taken from. This is the one place to update them.
 *
 * The SHAs were taken offline from public workflows that pin these tags and
 * must be verified before use, e.g.
 *   git ls-remote https://github.com/actions/checkout refs/tags/v4.2.2
 * (for an annotated tag, the commit is the `^{}` line). Dependabot's
 * `github-actions` ecosystem keeps SHA pins and their tag comments current.
 */
export interface PinnedAction {
  /** owner/repo[/path] as in `uses:`. */
  readonly action: string;
  /** Full 40-hex commit SHA. */
  readonly sha: string;
  /** The release tag the SHA belongs to. */
  readonly tag: string;
}

export const ACTIONS = {
  checkout: { action: "actions/checkout", sha: "11bd71901bbe5b1630ceea73d27597364c9af683", tag: "v4.2.2" },
  setupNode: { action: "actions/setup-node", sha: "49933ea5288caeca8642d1e84afbd3f7d6820020", tag: "v4.4.0" },
  setupTerraform: { action: "hashicorp/setup-terraform", sha: "b9cd54a3c349d3f38e8881555d616ced269862dd", tag: "v3.1.2" },
  awsCredentials: { action: "aws-actions/configure-aws-credentials", sha: "b47578312673ae6fa5b5096b330d9fbac3d116df", tag: "v4.2.1" },
  uploadArtifact: { action: "actions/upload-artifact", sha: "ea165f8d65b6e75b540449e92b4886f43607fa02", tag: "v4.6.2" },
  downloadArtifact: { action: "actions/download-artifact", sha: "d3f86a106a0bac45b974a628896c90dbdf5c8093", tag: "v4.3.0" },
  githubScript: { action: "actions/github-script", sha: "60a0d83039c74a4aee543508d2ffcb1c3799cdea", tag: "v7.0.1" },
  uploadSarif: { action: "github/codeql-action/upload-sarif", sha: "ff0a06e83cb2de871e5a09832bc6a81e7276941f", tag: "v3.28.18" },
} as const satisfies Record<string, PinnedAction>;

/** The `uses:` value of a pinned action; the tag goes into a YAML comment (see pinComments). */
export const uses = (a: PinnedAction): string => `${a.action}@${a.sha}`;

/** Adds "# <tag>" after every pinned `uses:` line, so a reader sees the release. */
export function pinComments(yaml: string): string {
  const bySha = new Map<string, string>(Object.values(ACTIONS).map((a) => [`${a.action}@${a.sha}`, a.tag]));
  return yaml.replace(/^(\s*(?:- )?uses: )(\S+)$/gm, (line, prefix: string, ref: string) => (bySha.has(ref) ? `${prefix}${ref} # ${bySha.get(ref)}` : line));
}
