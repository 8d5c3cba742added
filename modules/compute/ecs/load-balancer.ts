/**
 * An Application Load Balancer that serves HTTPS only: a TLS 1.3 listener
 * (ELBSecurityPolicy-TLS13-1-2-2021-06) with the given certificate, an HTTP
 * listener that only redirects, invalid header fields dropped, deletion
 * protection, strictest desync mitigation, access logs to S3, and (when
 * internet-facing) an AWS WAF web ACL with the AWS managed common and
 * known-bad-inputs rule sets. Its security group accepts 443/80 from
 * `allowedCidrs`; egress to targets is added by `allowTo`, so security
 * groups chain ALB → targets on the app port only.
 */
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { CloudwatchLogSubscriptionFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter";
import { SERVICE_PRINCIPALS } from "../../../aws/service-principals";
import { WAF_LOG_NAME_PREFIX } from "../../../aws/waf";
import { encryptedLogGroup } from "../log-group";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { TLS_POLICY } from "../../../aws/elb";
import { MANAGED_RULE_GROUPS } from "../../../aws/waf";
import { boundedName, NAME_LIMITS } from "../resource-names";

export { MANAGED_RULE_GROUPS, TLS_POLICY };

/** The web ACL rules (WAF API shape): each managed group in priority order, its own actions kept (override none). */
export function managedRules(metricPrefix: string): object[] {
  return MANAGED_RULE_GROUPS.map((group, i) => ({
    Name: group,
    Priority: i + 1,
    OverrideAction: { None: {} },
    Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: group } },
    VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: `${metricPrefix}-${group}` },
  }));
}

export interface HttpsLoadBalancerProps {
  /** Name prefix (load balancer and target group names are cut to 32 characters). */
  readonly name: string;
  readonly vpcId: string;
  /** Subnets in at least two AZs: public ones when internet-facing, private otherwise. */
  readonly subnetIds: string[];
  /** Reachable from the internet. */
  readonly internetFacing: boolean;
  /** ACM certificate ARN for the HTTPS listener. */
  readonly certificateArn: string;
  /** Bucket receiving access logs (SSE-S3, ELB delivery allowed). */
  readonly accessLogBucket: string;
  /**
   * What the load balancer must wait for: the log bucket's policy. ELB checks
   * that policy when access logs are enabled and fails with "Access Denied for
   * bucket" if it does not let ELB write yet; the bucket name alone gives
   * Terraform no ordering.
   * @default nothing (the bucket's policy exists already)
   */
  readonly accessLogDependsOn?: ITerraformDependable[];
  /** Port the targets listen on (HTTP inside the VPC). */
  readonly targetPort: number;
  /**
   * Target health check path.
   * @default /
   */
  readonly healthCheckPath?: string;
  /**
   * Client CIDRs allowed to 443 (and 80, which only redirects).
   * @default 0.0.0.0/0 when internet-facing, else none
   */
  readonly allowedCidrs?: string[];
  /**
   * Attach an AWS WAF web ACL with the managed common and known-bad-inputs rule sets.
   * @default true when internet-facing
   */
  readonly waf?: boolean;
  /**
   * Where the web ACL logs: a CloudWatch Logs group `aws-waf-logs-<name>` in this account and Region (WAF
   * delivers only there), encrypted with this key, kept this many days.
   * `forwardTo`: a CloudWatch Logs destination in another account (the logging account's) that a subscription
   * filter on the group sends every event to, since WAF itself logs only within the web ACL's account.
   * @default required whenever there is a web ACL; forwardTo: the logs stay in this account
   */
  readonly wafLogs?: { readonly kmsKeyArn: string; readonly retentionDays?: number; readonly accountId: string; readonly region: string; readonly forwardTo?: string };
  /**
   * Deletion protection (turn off only to remove the load balancer).
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * The resource policy CloudWatch Logs needs for vended-log delivery (WAF's) into `logGroupName`:
 * delivery.logs.amazonaws.com may create streams and put events, with this account as aws:SourceAccount and
 * a log delivery of this account and Region as aws:SourceArn ("Logs sent to CloudWatch Logs",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html).
 */
export function wafLogDeliveryPolicy(accountId: string, region: string, logGroupName: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AWSLogDeliveryWrite",
        Effect: "Allow",
        Principal: { Service: [SERVICE_PRINCIPALS.logDelivery] },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [`arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}:log-stream:*`],
        Condition: { StringEquals: { "aws:SourceAccount": [accountId] }, ArnLike: { "aws:SourceArn": [`arn:aws:logs:${region}:${accountId}:*`] } },
      },
    ],
  };
}

export class HttpsLoadBalancer extends Construct {
  readonly loadBalancer: Lb;
  readonly securityGroup: SecurityGroup;
  readonly securityGroupId: string;
  readonly targetGroup: LbTargetGroup;
  readonly httpsListener: LbListener;
  readonly webAcl?: Wafv2WebAcl;
  /** The web ACL's log group (aws-waf-logs-…), when it has a web ACL. */
  readonly wafLogGroup?: CloudwatchLogGroup;
  /** The subscription sending the web ACL's logs to the logging account, when `wafLogs.forwardTo` is set. */
  readonly wafLogForwarding?: CloudwatchLogSubscriptionFilter;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: HttpsLoadBalancerProps) {
    super(scope, id);
    this.name = props.name;
    const lbName = boundedName([props.name], NAME_LIMITS.loadBalancer);
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.name}-alb`,
      description: `${props.name} load balancer: HTTPS in, app port to its targets only`,
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-alb` },
    });
    this.securityGroupId = this.securityGroup.id;
    const cidrs = props.allowedCidrs ?? (props.internetFacing ? ["0.0.0.0/0"] : []);
    for (const cidr of cidrs) {
      for (const port of [443, 80]) {
        new VpcSecurityGroupIngressRule(this, `${port === 443 ? "https" : "http"}-from-${cidr === "0.0.0.0/0" ? "anywhere" : cidr.replace(/[./]/g, "-")}`, {
          securityGroupId: this.securityGroupId,
          cidrIpv4: cidr,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          description: port === 443 ? "HTTPS" : "HTTP, redirected to HTTPS",
        });
      }
    }

    this.loadBalancer = new Lb(this, "this", {
      name: lbName,
      loadBalancerType: "application",
      internal: !props.internetFacing,
      subnets: props.subnetIds,
      securityGroups: [this.securityGroupId],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection ?? true,
      desyncMitigationMode: "strictest",
      enableHttp2: true,
      accessLogs: { bucket: props.accessLogBucket, prefix: lbName, enabled: true },
      dependsOn: props.accessLogDependsOn,
    });

    this.targetGroup = new LbTargetGroup(this, "target-group", {
      name: boundedName([props.name], NAME_LIMITS.targetGroup),
      targetType: "ip",
      protocol: "HTTP",
      port: props.targetPort,
      vpcId: props.vpcId,
      deregistrationDelay: "30",
      healthCheck: { enabled: true, path: props.healthCheckPath ?? "/", protocol: "HTTP", matcher: "200-399", interval: 15, healthyThreshold: 2, unhealthyThreshold: 3 },
    });

    this.httpsListener = new LbListener(this, "https", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: TLS_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
    });
    new LbListener(this, "http-redirect", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    });

    if (props.waf ?? props.internetFacing) {
      this.webAcl = new Wafv2WebAcl(this, "waf", {
        name: boundedName([props.name], NAME_LIMITS.wafAcl),
        description: `AWS managed rules in front of ${props.name}`,
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        // Rules as WAF's own JSON, serialized at synth: the provider types `rule.statement`
        // loosely, which cdktf's HCL export renders as an attribute instead of a block.
        ruleJson: JSON.stringify(managedRules(props.name)),
        visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: props.name },
      });
      new Wafv2WebAclAssociation(this, "waf-association", { resourceArn: this.loadBalancer.arn, webAclArn: this.webAcl.arn });
      if (!props.wafLogs) throw new Error(`${props.name}: a web ACL needs wafLogs (its log group's key and retention)`);
      const { kmsKeyArn, retentionDays, accountId, region, forwardTo } = props.wafLogs;
      this.wafLogGroup = encryptedLogGroup(this, "waf-logs", { name: `${WAF_LOG_NAME_PREFIX}${props.name}`, kmsKeyArn, retentionDays });
      // WAF delivers through CloudWatch Logs' vended-log delivery: the log group's resource policy lets
      // delivery.logs.amazonaws.com create streams and put events, for this account's deliveries only
      // ("Logs sent to CloudWatch Logs", https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html).
      const delivery = new CloudwatchLogResourcePolicy(this, "waf-logs-policy", {
        policyName: `${props.name}-waf-logs`,
        policyDocument: JSON.stringify(wafLogDeliveryPolicy(accountId, region, `${WAF_LOG_NAME_PREFIX}${props.name}`)),
      });
      new Wafv2WebAclLoggingConfiguration(this, "waf-logging", {
        resourceArn: this.webAcl.arn,
        logDestinationConfigs: [this.wafLogGroup.arn],
        dependsOn: [delivery],
      });
      if (forwardTo) {
        // Every event to the logging account's destination. The sender needs only logs:PutSubscriptionFilter
        // on it (the deployer's), which the destination's policy grants this account; no role here
        // ("Step 4: Create a subscription filter",
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateSubscriptionFilterFirehose.html).
        this.wafLogForwarding = new CloudwatchLogSubscriptionFilter(this, "waf-logs-forwarding", {
          name: "to-logging-account",
          logGroupName: this.wafLogGroup.name,
          filterPattern: "",
          destinationArn: forwardTo,
        });
      }
    }
  }

  /** Lets the load balancer reach `securityGroupId` on `port`, and that group accept it: ALB → targets, nothing else. */
  allowTo(targetName: string, securityGroupId: string, port: number): void {
    new VpcSecurityGroupEgressRule(this, `to-${targetName}`, {
      securityGroupId: this.securityGroupId,
      referencedSecurityGroupId: securityGroupId,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description: `${this.name} load balancer to ${targetName} on ${port}`,
    });
    new VpcSecurityGroupIngressRule(this, `${targetName}-from-load-balancer`, {
      securityGroupId,
      referencedSecurityGroupId: this.securityGroupId,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description: `${this.name} load balancer to ${targetName} on ${port}`,
    });
  }
}
