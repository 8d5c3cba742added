/**
 * What an instance or a task needs so that a person can open a shell in it
 * through Session Manager (EC2) or ECS Exec (tasks), with the sessions
 * encrypted by a KMS key. Shared by the compute modules so each grant is
 * written once.
 */
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";

/**
 * The Session Manager channel actions the agent on the instance (or in the task) calls
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-getting-started-instance-profile.html;
 * for tasks https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html).
 */
export const SESSION_CHANNEL_ACTIONS = [
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
] as const;

/** The Session Manager key and log group of the account baseline in the region the instances run in. */
export interface SessionAccess {
  /** ARN of the KMS key the session preferences encrypt sessions with: the agent needs kms:Decrypt on it. */
  readonly keyArn: string;
  /** ARN of the log group the session preferences stream session logs to (without `:*`). */
  readonly logGroupArn?: string;
}

/**
 * Statements for a role whose agent serves sessions encrypted with `access.keyArn`: the channel
 * actions and kms:Decrypt on the key ("Adding Session Manager permissions to an existing IAM role",
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-add-permissions-to-existing-profile.html),
 * and, when given, writing the session log group ("Step 2: Verify or add instance permissions for
 * Session Manager", CloudWatch Logs permissions, same guide).
 */
export function sessionAccessStatements(access: SessionAccess, sidPrefix = "Session"): DataAwsIamPolicyDocumentStatement[] {
  const statements: DataAwsIamPolicyDocumentStatement[] = [
    { sid: `${sidPrefix}Channel`, actions: [...SESSION_CHANNEL_ACTIONS], resources: ["*"] },
    { sid: `${sidPrefix}Decrypt`, actions: ["kms:Decrypt"], resources: [access.keyArn] },
  ];
  if (access.logGroupArn) {
    statements.push(
      { sid: `${sidPrefix}Logs`, actions: ["logs:DescribeLogGroups"], resources: ["*"] },
      { sid: `${sidPrefix}LogStreams`, actions: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"], resources: [`${access.logGroupArn}:*`] },
    );
  }
  return statements;
}
