/** A CloudWatch log group encrypted with a KMS key, kept at least a year and protected from destroy. */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";

export interface EncryptedLogGroupProps {
  readonly name: string;
  readonly kmsKeyArn: string;
  /**
   * Days to keep events (a CloudWatch-allowed value, at least 365).
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * Protect the log group from `terraform destroy` and replacement.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

export function encryptedLogGroup(scope: Construct, id: string, props: EncryptedLogGroupProps): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, id, {
    name: props.name,
    kmsKeyId: props.kmsKeyArn,
    retentionInDays: props.retentionDays ?? 365,
    lifecycle: { preventDestroy: props.preventDestroy ?? true },
  });
}
