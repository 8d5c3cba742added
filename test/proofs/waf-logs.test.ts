/**
 * Access proof for AWS WAF's log delivery into the web ACL's CloudWatch Logs group, evaluated on the
 * bundled example's synthesized workload stack. WAF delivers through CloudWatch Logs' vended-log
 * delivery: delivery.logs.amazonaws.com creates streams and puts events in the `aws-waf-logs-…` group,
 * with the web ACL's account as aws:SourceAccount and a log delivery of that account and Region as
 * aws:SourceArn — AWS, "Logs sent to CloudWatch Logs"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html); the group
 * must be named `aws-waf-logs-…` in the web ACL's account and Region — AWS WAF, "Sending web ACL traffic logs
 * to an Amazon CloudWatch Logs log group" (https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html).
 */
import { SERVICE_PRINCIPALS } from "../../aws/service-principals";
import { WAF_LOG_NAME_PREFIX } from "../../aws/waf";
import { exampleConfig, synthConfig } from "../helpers/synth";
import { expectDecision, PolicyJson, Request } from "./harness";

const config = exampleConfig();
const out = synthConfig(config);
// Every workload stack with a web ACL.
const withAcl = config.workloads.filter((w) => Object.keys(out.stack(w.stackName).resource?.aws_wafv2_web_acl ?? {}).length > 0);
const OTHER = "999999999999";

describe("AWS WAF → the web ACL's log group (CloudWatch Logs: Logs sent to CloudWatch Logs; AWS WAF: CloudWatch Logs destination)", () => {
  it("has at least one web ACL in the example to prove", () => {
    expect(withAcl.length).toBeGreaterThan(0);
  });

  it.each(withAcl.map((w) => [w.stackName, w.id!] as const))("%s: lets log delivery of its own account write into its aws-waf-logs- group, and nobody else", async (stackName, account) => {
    const stack = out.stack(stackName);
    const region = config.homeRegion;
    for (const [name, group] of Object.entries(stack.resource.aws_cloudwatch_log_group as Record<string, { name: string }>).filter(([, g]) => g.name.startsWith(WAF_LOG_NAME_PREFIX))) {
      const policy = Object.values(stack.resource.aws_cloudwatch_log_resource_policy as Record<string, { policy_document: string }>)
        .map((p) => JSON.parse(p.policy_document) as PolicyJson)
        .find((p) => JSON.stringify(p).includes(`log-group:${group.name}:`));
      expect({ name, policy: Boolean(policy) }).toEqual({ name, policy: true });
      const stream = `arn:aws:logs:${region}:${account}:log-group:${group.name}:log-stream:${region}_${group.name.slice(WAF_LOG_NAME_PREFIX.length)}_0`;
      const request = (action: string, sourceAccount = account, principal: string = SERVICE_PRINCIPALS.logDelivery): Request => ({
        principal,
        action,
        resource: stream,
        resourceAccount: account,
        context: { "aws:SourceAccount": sourceAccount, "aws:SourceArn": `arn:aws:logs:${region}:${sourceAccount}:delivery-source:waf` },
      });
      await expectDecision(request("logs:CreateLogStream"), { resource: policy! }, "Allowed");
      await expectDecision(request("logs:PutLogEvents"), { resource: policy! }, "Allowed");
      await expectDecision(request("logs:PutLogEvents", OTHER), { resource: policy! }, "ImplicitlyDenied");
      await expectDecision(request("logs:DeleteLogGroup"), { resource: policy! }, "ImplicitlyDenied");
      await expectDecision(request("logs:PutLogEvents", account, "logs.amazonaws.com"), { resource: policy! }, "ImplicitlyDenied");
    }
  });
});
