/** registry: ECR repositories that scan, never overwrite a tag, encrypt with KMS and serve only the account and the organization. */
import { EcrRepositoryConstruct } from "../../modules/registry";
import { synthConstruct } from "../helpers/construct";
import { single, statements } from "../helpers/synth";

describe("ecr repository", () => {
  const KEY = "arn:aws:kms:us-east-1:444444444444:key/k";
  const stack = synthConstruct((s) => new EcrRepositoryConstruct(s, "ecr-web", { name: "web", kmsKeyArn: KEY, accountId: "444444444444", organizationId: "o-abc123" }));
  const repo = single(stack, "aws_ecr_repository");

  it("scans on push, keeps tags immutable and encrypts with the account key", () => {
    expect(repo).toMatchObject({ name: "web", image_tag_mutability: "IMMUTABLE", image_scanning_configuration: { scan_on_push: true }, encryption_configuration: [{ encryption_type: "KMS", kms_key: KEY }] });
  });

  it("is protected from destroy and never force-deleted with its images", () => {
    expect(repo).toMatchObject({ force_delete: false, lifecycle: { prevent_destroy: true } });
  });

  it("expires untagged images and keeps the newest 100", () => {
    const { rules } = JSON.parse(single(stack, "aws_ecr_lifecycle_policy").policy);
    expect(rules.map((r: { selection: object }) => r.selection)).toEqual([
      { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
      { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 100 },
    ]);
  });

  it("lets only this account and the organization pull, and nobody push through the repository policy", () => {
    const policy = statements(stack, "ecr_web_policy");
    expect(policy.map((s) => s.principals)).toEqual([[{ type: "AWS", identifiers: ["arn:aws:iam::444444444444:root"] }], [{ type: "AWS", identifiers: ["*"] }]]);
    expect(policy[1].condition).toEqual([{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-abc123"] }]);
    for (const s of policy) {
      expect(s.effect ?? "Allow").toBe("Allow");
      expect(s.actions.some((a: string) => /Put|Upload|Delete|\*/.test(a))).toBe(false);
    }
  });
});
