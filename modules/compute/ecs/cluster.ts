/**
 * An ECS cluster with Container Insights on and `execute-command` sessions
 * encrypted with the account key and logged to a KMS-encrypted log group.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { Construct } from "constructs";
import { encryptedLogGroup } from "../log-group";

export interface FargateClusterProps {
  /** Cluster name. */
  readonly name: string;
  /** KMS key ARN for exec sessions and their log group. */
  readonly kmsKeyArn: string;
  /**
   * Days to keep exec session logs.
   * @default 365
   */
  readonly logRetentionDays?: number;
}

export class FargateCluster extends Construct {
  readonly cluster: EcsCluster;
  readonly arn: string;
  readonly name: string;
  /** Log group receiving execute-command session output. */
  readonly execLogGroup: CloudwatchLogGroup;
  /** Key encrypting exec sessions: tasks that allow exec need kms:Decrypt on it. */
  readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: FargateClusterProps) {
    super(scope, id);
    this.kmsKeyArn = props.kmsKeyArn;
    this.execLogGroup = encryptedLogGroup(this, "exec-logs", { name: `/aws/ecs/${props.name}/execute-command`, kmsKeyArn: props.kmsKeyArn, retentionDays: props.logRetentionDays });
    this.cluster = new EcsCluster(this, "this", {
      name: props.name,
      setting: [{ name: "containerInsights", value: "enabled" }],
      configuration: {
        executeCommandConfiguration: {
          kmsKeyId: props.kmsKeyArn,
          logging: "OVERRIDE",
          logConfiguration: { cloudWatchLogGroupName: this.execLogGroup.name, cloudWatchEncryptionEnabled: true },
        },
      },
    });
    this.arn = this.cluster.arn;
    this.name = this.cluster.name;
  }
}
