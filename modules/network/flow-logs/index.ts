/**
 * # network/flow-logs
 * VPC flow logs for every packet (traffic type ALL) into a CloudWatch Logs
 * group encrypted with a customer-managed KMS key, kept at least 365 days and
 * protected from destroy. Delivery runs as an IAM role that only the VPC Flow
 * Logs service of this account can assume (`aws:SourceAccount`,
 * `aws:SourceArn`) and that may only write to this one log group.
 *
 * The key must let CloudWatch Logs use it: add `logsKeyStatement(region,
 * account)` to its policy.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { logsPrincipal, SERVICE_PRINCIPALS } from "../../../aws/service-principals";

/** The shortest retention an audit log may have. */
export const MIN_FLOW_LOG_RETENTION_DAYS = 365;

export interface FlowLogsProps {
  /** Name for the role and tags, e.g. `acme-hub`; the role is `<name>-flow-logs`. */
  readonly name: string;
  /** VPC whose traffic is recorded. */
  readonly vpcId: string;
  /** Account that owns the VPC; scopes the role's trust policy. */
  readonly accountId: string;
  /** KMS key for the log group. Required: flow logs are never stored unencrypted. */
  readonly kmsKeyArn: string;
  /**
   * Log group name.
   * @default /vpc/flow-logs/<name>
   */
  readonly logGroupName?: string;
  /**
   * Days to keep records; at least 365 and a value CloudWatch Logs accepts.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * Seconds over which packets are aggregated into one record: 60 or 600.
   * @default 600
   */
  readonly maxAggregationInterval?: 60 | 600;
  /**
   * Protect the log group from `terraform destroy` and replacement.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

export class VpcFlowLogs extends Construct {
  readonly flowLog: FlowLog;
  readonly logGroup: CloudwatchLogGroup;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    const retentionInDays = props.retentionDays ?? MIN_FLOW_LOG_RETENTION_DAYS;
    if (retentionInDays < MIN_FLOW_LOG_RETENTION_DAYS) {
      throw new RangeError(`flow logs of ${props.name}: retention of ${retentionInDays} days is below the ${MIN_FLOW_LOG_RETENTION_DAYS}-day minimum`);
    }
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.logGroupName ?? `/vpc/flow-logs/${props.name}`,
      retentionInDays,
      kmsKeyId: props.kmsKeyArn,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });

    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          sid: "VpcFlowLogsOfThisAccount",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: [SERVICE_PRINCIPALS.vpcFlowLogs] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:aws:ec2:*:${props.accountId}:vpc-flow-log/*`] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, "role", { name: `${props.name}-flow-logs`, assumeRolePolicy: trust.json, description: `Delivers VPC flow logs of ${props.name}` });
    const write = new DataAwsIamPolicyDocument(this, "write", {
      statement: [
        {
          sid: "WriteThisLogGroupOnly",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:DescribeLogGroups"],
          resources: [this.logGroup.arn, `${this.logGroup.arn}:*`],
        },
      ],
    });
    new IamRolePolicy(this, "write-policy", { name: "write-flow-logs", role: this.role.id, policy: write.json });

    this.flowLog = new FlowLog(this, "this", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: this.role.arn,
      maxAggregationInterval: props.maxAggregationInterval ?? 600,
      tags: { Name: `${props.name}-flow-logs` },
    });
  }
}

/** A key policy statement letting CloudWatch Logs of `accountId` in `region` use the key for its log groups. */
export function logsKeyStatement(region: string, accountId: string): DataAwsIamPolicyDocumentStatement {
  return {
    sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
    principals: [{ type: "Service", identifiers: [logsPrincipal(region)] }],
    actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    resources: ["*"],
    condition: [{ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: [`arn:aws:logs:${region}:${accountId}:log-group:*`] }],
  };
}
