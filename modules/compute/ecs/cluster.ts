/**
 * An ECS cluster with Container Insights on and `execute-command` sessions
 * encrypted with a KMS key (the account's Session Manager key when given) and
 * logged to a KMS-encrypted log group.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { Construct } from "constructs";
import { encryptedLogGroup } from "../log-group";

export interface FargateClusterProps {
  /** Cluster name. */
  readonly name: string;
  /** KMS key ARN for the exec session log group (and the sessions, unless `execKeyArn` is given). */
  readonly kmsKeyArn: string;
  /**
   * KMS key ARN encrypting exec sessions between the client and the container: tasks need
   * kms:Decrypt on it, people kms:GenerateDataKey. The account baseline's session key, so that one
   * session-user policy covers instances and tasks.
   * @default kmsKeyArn
   */
  readonly execKeyArn?: string;
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
    this.kmsKeyArn = props.execKeyArn ?? props.kmsKeyArn;
    this.execLogGroup = encryptedLogGroup(this, "exec-logs", { name: `/aws/ecs/${props.name}/execute-command`, kmsKeyArn: props.kmsKeyArn, retentionDays: props.logRetentionDays });
    this.cluster = new EcsCluster(this, "this", {
      name: props.name,
      setting: [{ name: "containerInsights", value: "enabled" }],
      configuration: {
        executeCommandConfiguration: {
          kmsKeyId: this.kmsKeyArn,
          logging: "OVERRIDE",
          logConfiguration: { cloudWatchLogGroupName: this.execLogGroup.name, cloudWatchEncryptionEnabled: true },
        },
      },
    });
    this.arn = this.cluster.arn;
    this.name = this.cluster.name;
  }
}
