/**
 * # kms
 * A customer-managed KMS key with rotation on, a deletion window, an alias and
 * `prevent_destroy`. The key policy always lets the owning account administer
 * the key through IAM; callers add statements for the services that use it.
 */
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { accountRootArn } from "../../aws/iam";

export interface KmsKeyProps {
  /** Alias without the `alias/` prefix, e.g. `acme/tfstate`. */
  readonly alias: string;
  /** What the key protects; shown in the console and in plans. */
  readonly description: string;
  /** Account that owns the key; its root principal administers it through IAM. */
  readonly accountId: string;
  /** Extra key policy statements, e.g. letting CloudTrail or CloudWatch Logs use the key. */
  readonly statements?: DataAwsIamPolicyDocumentStatement[];
  /**
   * Days before a scheduled deletion takes effect.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * Protect the key from `terraform destroy` and replacement.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Provider (region) the key and its alias are created through.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

export class KmsKeyConstruct extends Construct {
  /** The key's ARN. */
  readonly arn: string;
  /** The key id. */
  readonly keyId: string;
  /** The alias ARN, stable before the key exists (usable in backend configs). */
  readonly aliasName: string;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      statement: [
        {
          sid: "AccountAdministersKeyThroughIam",
          principals: [{ type: "AWS", identifiers: [accountRootArn(props.accountId)] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
        ...(props.statements ?? []),
      ],
    });
    this.key = new KmsKey(this, "this", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policy.json,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
      provider: props.provider,
    });
    const alias = new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId, provider: props.provider });
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
    this.aliasName = alias.name;
  }
}
