/**
 * # workload-key
 * The customer-managed KMS key of a workload account (rotation on,
 * `prevent_destroy`), used for EBS volumes, CloudWatch Logs, ECR, SNS and
 * secrets. Besides IAM administration by the account, the key policy lets:
 * - CloudWatch Logs use it for this account's log groups only
 *   (`kms:EncryptionContext:aws:logs:arn`);
 * - EC2, ECR, Secrets Manager, SSM and App Runner use it on behalf of this
 *   account's principals (`kms:ViaService` + `kms:CallerAccount`), which also
 *   covers the service-linked roles that launch Batch and Auto Scaling instances;
 * - EventBridge publish to SNS topics encrypted with it, from this account only.
 */
import { Construct } from "constructs";
import { KmsKeyConstruct } from "../kms";
import { EVENTS_PRINCIPAL } from "../../aws/events";

export interface WorkloadKeyProps {
  /** Account that owns and uses the key. */
  readonly accountId: string;
  /** Region of the services using the key. */
  readonly region: string;
  /** Alias without `alias/`, e.g. `acme/workload`. */
  readonly alias: string;
  /**
   * Protect the key from `terraform destroy` and replacement.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** Services that may use the key for this account's principals. */
export const KEY_SERVICES = ["ec2", "ecr", "secretsmanager", "ssm", "apprunner", "sns", "batch", "ecs"] as const;

export class WorkloadKey extends KmsKeyConstruct {
  constructor(scope: Construct, id: string, props: WorkloadKeyProps) {
    const { accountId, region } = props;
    super(scope, id, {
      alias: props.alias,
      description: `Encrypts EBS, logs, ECR, SNS and secrets of account ${accountId}`,
      accountId,
      preventDestroy: props.preventDestroy,
      statements: [
        {
          sid: "CloudWatchLogsForThisAccount",
          principals: [{ type: "Service", identifiers: [`logs.${region}.amazonaws.com`] }],
          actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          resources: ["*"],
          condition: [{ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: [`arn:aws:logs:${region}:${accountId}:log-group:*`] }],
        },
        {
          sid: "AwsServicesForThisAccount",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
          resources: ["*"],
          condition: [
            { test: "StringEquals", variable: "kms:CallerAccount", values: [accountId] },
            { test: "StringEquals", variable: "kms:ViaService", values: KEY_SERVICES.map((s) => `${s}.${region}.amazonaws.com`) },
          ],
        },
        {
          sid: "EventBridgeToEncryptedTopics",
          principals: [{ type: "Service", identifiers: [EVENTS_PRINCIPAL] }],
          actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
          resources: ["*"],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
        },
      ],
    });
  }
}
