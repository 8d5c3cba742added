/** network/flow-logs: every packet, to an encrypted log group kept a year, through a role scoped to that group. */
import { logsKeyStatement, VpcFlowLogs } from "../../../modules/network/flow-logs";
import { synthConstruct } from "../../helpers/construct";
import { single, statements } from "../../helpers/synth";

const PROPS = { name: "acme-hub", vpcId: "vpc-123", accountId: "333333333333", kmsKeyArn: "arn:aws:kms:us-east-1:333333333333:key/k" };

describe("network/flow-logs", () => {
  const stack = synthConstruct((scope) => new VpcFlowLogs(scope, "hub-flow-logs", PROPS));

  it("records ALL traffic of the VPC into the log group through its role", () => {
    expect(single(stack, "aws_flow_log")).toMatchObject({
      vpc_id: "vpc-123",
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
      log_destination: "${aws_cloudwatch_log_group.hub_flow_logs_log_group.arn}",
      iam_role_arn: "${aws_iam_role.hub_flow_logs_role.arn}",
    });
  });

  it("encrypts the log group with the KMS key, keeps it 365 days and protects it", () => {
    expect(single(stack, "aws_cloudwatch_log_group")).toMatchObject({
      name: "/vpc/flow-logs/acme-hub",
      kms_key_id: PROPS.kmsKeyArn,
      retention_in_days: 365,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("keeps records longer when asked, and refuses less than 365 days", () => {
    const longer = synthConstruct((scope) => new VpcFlowLogs(scope, "f", { ...PROPS, retentionDays: 731 }));
    expect(single(longer, "aws_cloudwatch_log_group").retention_in_days).toBe(731);
    expect(() => synthConstruct((scope) => new VpcFlowLogs(scope, "f", { ...PROPS, retentionDays: 90 }))).toThrow("below the 365-day minimum");
  });

  it("lets only VPC Flow Logs of this account assume the role", () => {
    const [trust] = statements(stack, "hub_flow_logs_trust");
    expect(trust.principals).toEqual([{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }]);
    expect(trust.actions).toEqual(["sts:AssumeRole"]);
    expect(trust.condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: ["333333333333"] },
      { test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:ec2:*:333333333333:vpc-flow-log/*"] },
    ]);
    expect(single(stack, "aws_iam_role").assume_role_policy).toBe("${data.aws_iam_policy_document.hub_flow_logs_trust.json}");
  });

  it("lets the role write to this log group only", () => {
    const [write] = statements(stack, "hub_flow_logs_write");
    expect(write.resources).toEqual(["${aws_cloudwatch_log_group.hub_flow_logs_log_group.arn}", "${aws_cloudwatch_log_group.hub_flow_logs_log_group.arn}:*"]);
    expect(write.actions).not.toContain("logs:CreateLogGroup");
    expect(single(stack, "aws_iam_role_policy")).toMatchObject({ role: "${aws_iam_role.hub_flow_logs_role.id}", policy: "${data.aws_iam_policy_document.hub_flow_logs_write.json}" });
  });

  it("offers the key policy statement CloudWatch Logs needs, limited to the account's log groups", () => {
    expect(logsKeyStatement("eu-west-1", "333333333333")).toMatchObject({
      principals: [{ type: "Service", identifiers: ["logs.eu-west-1.amazonaws.com"] }],
      condition: [{ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: ["arn:aws:logs:eu-west-1:333333333333:log-group:*"] }],
    });
  });
});
