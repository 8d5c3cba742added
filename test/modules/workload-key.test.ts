/** workload-key: one rotating customer-managed key per workload account, usable by its services only. */
import { WorkloadKey } from "../../modules/workload-key";
import { synthConstruct } from "../helpers/construct";
import { single, statements } from "../helpers/synth";

describe("workload key", () => {
  const stack = synthConstruct((s) => new WorkloadKey(s, "workload-key", { accountId: "444444444444", region: "us-east-1", alias: "acme/workload" }));
  const policy = Object.fromEntries(statements(stack, "workload_key_policy").map((s) => [s.sid, s]));

  it("rotates, waits 30 days before deletion and is protected from destroy", () => {
    expect(single(stack, "aws_kms_key")).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(single(stack, "aws_kms_alias").name).toBe("alias/acme/workload");
  });

  it("lets CloudWatch Logs use it for this account's log groups only", () => {
    expect(policy.CloudWatchLogsForThisAccount.condition).toEqual([{ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: ["arn:aws:logs:us-east-1:444444444444:log-group:*"] }]);
  });

  it("lets EBS, ECR, Secrets Manager, SSM and App Runner use it for this account's principals only", () => {
    const services = policy.AwsServicesForThisAccount.condition.find((c: { variable: string }) => c.variable === "kms:ViaService").values;
    expect(services).toEqual(expect.arrayContaining(["ec2.us-east-1.amazonaws.com", "ecr.us-east-1.amazonaws.com", "secretsmanager.us-east-1.amazonaws.com", "ssm.us-east-1.amazonaws.com", "apprunner.us-east-1.amazonaws.com"]));
    expect(policy.AwsServicesForThisAccount.condition).toContainEqual({ test: "StringEquals", variable: "kms:CallerAccount", values: ["444444444444"] });
  });

  it("lets EventBridge publish to topics encrypted with it, from this account only", () => {
    expect(policy.EventBridgeToEncryptedTopics).toMatchObject({ actions: ["kms:Decrypt", "kms:GenerateDataKey*"], condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["444444444444"] }] });
  });
});
