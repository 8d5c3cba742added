/**
 * # registry
 * A private ECR repository: scan on push, IMMUTABLE tags, KMS encryption with
 * the account key, a lifecycle policy (untagged images expire, the newest
 * `keepImages` are kept), and a repository policy that lets only principals
 * of this account and of the organization pull. Pushing stays an IAM
 * permission of the account. `prevent_destroy` keeps images from a stray
 * `terraform destroy`.
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { Construct } from "constructs";
import { accountRootArn } from "../../aws/iam";

export interface EcrRepositoryProps {
  /** Repository name, e.g. `web` or `team/web`. */
  readonly name: string;
  /** KMS key ARN encrypting the images. */
  readonly kmsKeyArn: string;
  /** Account that owns the repository; its principals may pull. */
  readonly accountId: string;
  /** Organization id (o-…): principals of the organization may pull too. @default this account only */
  readonly organizationId?: string;
  /**
   * Images kept, newest first; older ones expire.
   * @default 100
   */
  readonly keepImages?: number;
  /**
   * Days after which untagged images expire.
   * @default 14
   */
  readonly untaggedExpiryDays?: number;
  /**
   * Protect the repository from `terraform destroy` and replacement.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** Pull-only actions granted by the repository policy. */
export const PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/** The lifecycle policy document (no tokens: serialized at synth). */
export function lifecyclePolicy(keepImages: number, untaggedExpiryDays: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images after ${untaggedExpiryDays} days`,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedExpiryDays },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the newest ${keepImages} images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keepImages },
        action: { type: "expire" },
      },
    ],
  });
}

export class EcrRepositoryConstruct extends Construct {
  readonly repository: EcrRepository;
  /** Repository URL (<account>.dkr.ecr.<region>.amazonaws.com/<name>), for image URIs. */
  readonly url: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EcrRepositoryProps) {
    super(scope, id);
    this.repository = new EcrRepository(this, "this", {
      name: props.name,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }],
      forceDelete: false,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.url = this.repository.repositoryUrl;
    this.arn = this.repository.arn;
    new EcrLifecyclePolicy(this, "lifecycle", { repository: this.repository.name, policy: lifecyclePolicy(props.keepImages ?? 100, props.untaggedExpiryDays ?? 14) });
    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      statement: [
        {
          sid: "PullFromThisAccount",
          principals: [{ type: "AWS", identifiers: [accountRootArn(props.accountId)] }],
          actions: PULL_ACTIONS,
        },
        ...(props.organizationId
          ? [
              {
                sid: "PullFromTheOrganization",
                principals: [{ type: "AWS", identifiers: ["*"] }],
                actions: PULL_ACTIONS,
                condition: [{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: [props.organizationId] }],
              },
            ]
          : []),
      ],
    });
    new EcrRepositoryPolicy(this, "repository-policy", { repository: this.repository.name, policy: policy.json });
  }
}
