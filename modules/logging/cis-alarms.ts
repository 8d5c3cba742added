/**
 * CIS AWS Foundations Benchmark v3.0.0, section 4 (Monitoring), controls 4.1
 * to 4.15: one CloudWatch Logs metric filter per control on the trail's log
 * group, with the benchmark's filter pattern verbatim, and one alarm per
 * filter (Sum over 5 minutes, threshold 1) notifying a KMS-encrypted SNS topic
 * with an email subscription.
 *
 * The patterns are the benchmark's text, quirks included (4.13 binds its
 * `eventSource` test to CreateRoute only; every event it lists is EC2's, so it
 * matches the same events), because compliance scanners compare patterns
 * literally.
 */
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { LOG_DELIVERY_PRINCIPAL } from "../../aws/cloudwatch-logs";

export interface CisControl {
  /** Benchmark control number, e.g. "4.1". */
  readonly control: string;
  /** Stable slug; names the filter, metric and alarm. */
  readonly slug: string;
  /** CloudWatch metric name. */
  readonly metric: string;
  /** What the alarm means. */
  readonly title: string;
  /** The benchmark's filter pattern. */
  readonly pattern: string;
}

/** CIS AWS Foundations v3.0.0 controls 4.1-4.15. */
export const CIS_MONITORING_CONTROLS: readonly CisControl[] = [
  {
    control: "4.1",
    slug: "unauthorized-api-calls",
    metric: "UnauthorizedAPICalls",
    title: "Unauthorized API calls",
    pattern:
      `{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="${LOG_DELIVERY_PRINCIPAL}") && ($.eventName!="HeadBucket") }`,
  },
  {
    control: "4.2",
    slug: "console-signin-without-mfa",
    metric: "ConsoleSigninWithoutMFA",
    title: "Management Console sign-in without MFA",
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
  },
  {
    control: "4.3",
    slug: "root-account-usage",
    metric: "RootAccountUsage",
    title: "Usage of the root account",
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    control: "4.4",
    slug: "iam-policy-changes",
    metric: "IAMPolicyChanges",
    title: "IAM policy changes",
    pattern:
      "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}",
  },
  {
    control: "4.5",
    slug: "cloudtrail-configuration-changes",
    metric: "CloudTrailConfigurationChanges",
    title: "CloudTrail configuration changes",
    pattern: "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
  },
  {
    control: "4.6",
    slug: "console-authentication-failures",
    metric: "ConsoleAuthenticationFailures",
    title: "Management Console authentication failures",
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  },
  {
    control: "4.7",
    slug: "cmk-disabled-or-scheduled-deletion",
    metric: "CMKDisabledOrScheduledDeletion",
    title: "Disabling or scheduled deletion of customer-managed keys",
    pattern: "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }",
  },
  {
    control: "4.8",
    slug: "s3-bucket-policy-changes",
    metric: "S3BucketPolicyChanges",
    title: "S3 bucket policy changes",
    pattern:
      "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }",
  },
  {
    control: "4.9",
    slug: "config-configuration-changes",
    metric: "AWSConfigConfigurationChanges",
    title: "AWS Config configuration changes",
    pattern:
      "{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }",
  },
  {
    control: "4.10",
    slug: "security-group-changes",
    metric: "SecurityGroupChanges",
    title: "Security group changes",
    pattern:
      "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }",
  },
  {
    control: "4.11",
    slug: "nacl-changes",
    metric: "NACLChanges",
    title: "Network ACL changes",
    pattern:
      "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }",
  },
  {
    control: "4.12",
    slug: "network-gateway-changes",
    metric: "NetworkGatewayChanges",
    title: "Network gateway changes",
    pattern:
      "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
  },
  {
    control: "4.13",
    slug: "route-table-changes",
    metric: "RouteTableChanges",
    title: "Route table changes",
    pattern:
      "{($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }",
  },
  {
    control: "4.14",
    slug: "vpc-changes",
    metric: "VPCChanges",
    title: "VPC changes",
    pattern:
      "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }",
  },
  {
    control: "4.15",
    slug: "organizations-changes",
    metric: "OrganizationsChanges",
    title: "AWS Organizations changes",
    pattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  },
];

/** Namespace of the CIS metrics. */
export const CIS_METRIC_NAMESPACE = "CISBenchmark";

export interface CisAlarmsProps {
  /** Prefix of the topic and alarm names, e.g. the landing zone's name. */
  readonly namePrefix: string;
  /** The log group receiving the organization trail. */
  readonly logGroupName: string;
  /** KMS key for the SNS topic; its policy must let cloudwatch.amazonaws.com use it for these alarms. */
  readonly kmsKeyArn: string;
  /** Address notified of every alarm (the subscription must be confirmed from that mailbox). */
  readonly alarmEmail: string;
  /** The account holding the alarms and topic. */
  readonly accountId: string;
  readonly region: string;
}

/** The alarm-name prefix every CIS alarm shares; key and topic policies scope CloudWatch to it. */
export const cisAlarmPrefix = (namePrefix: string): string => `${namePrefix}-cis-`;

export class CisAlarms extends Construct {
  readonly topic: SnsTopic;
  readonly filters: Record<string, CloudwatchLogMetricFilter> = {};
  readonly alarms: Record<string, CloudwatchMetricAlarm> = {};

  constructor(scope: Construct, id: string, props: CisAlarmsProps) {
    super(scope, id);
    const prefix = cisAlarmPrefix(props.namePrefix);
    this.topic = new SnsTopic(this, "topic", { name: `${props.namePrefix}-security-alarms`, kmsMasterKeyId: props.kmsKeyArn });
    const topicArn = `arn:aws:sns:${props.region}:${props.accountId}:${props.namePrefix}-security-alarms`;
    const policy = new DataAwsIamPolicyDocument(this, "topic-policy-document", {
      statement: [
        {
          sid: "AccountManagesTopic",
          principals: [{ type: "AWS", identifiers: [`arn:aws:iam::${props.accountId}:root`] }],
          actions: ["SNS:GetTopicAttributes", "SNS:ListSubscriptionsByTopic", "SNS:Publish", "SNS:SetTopicAttributes", "SNS:Subscribe"],
          resources: [topicArn],
        },
        {
          sid: "CisAlarmsPublish",
          principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
          actions: ["SNS:Publish"],
          resources: [topicArn],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:aws:cloudwatch:${props.region}:${props.accountId}:alarm:${prefix}*`] },
          ],
        },
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["SNS:Publish"],
          resources: [topicArn],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new SnsTopicPolicy(this, "topic-policy", { arn: this.topic.arn, policy: policy.json });
    new SnsTopicSubscription(this, "email", { topicArn: this.topic.arn, protocol: "email", endpoint: props.alarmEmail });

    for (const c of CIS_MONITORING_CONTROLS) {
      this.filters[c.control] = new CloudwatchLogMetricFilter(this, c.slug, {
        name: `cis-${c.control}-${c.slug}`,
        logGroupName: props.logGroupName,
        pattern: c.pattern,
        metricTransformation: { name: c.metric, namespace: CIS_METRIC_NAMESPACE, value: "1" },
      });
      this.alarms[c.control] = new CloudwatchMetricAlarm(this, `${c.slug}-alarm`, {
        alarmName: `${prefix}${c.control}-${c.slug}`,
        alarmDescription: `CIS AWS Foundations v3.0.0 ${c.control}: ${c.title}`,
        namespace: CIS_METRIC_NAMESPACE,
        metricName: c.metric,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [this.topic.arn],
        dependsOn: [this.filters[c.control]],
      });
    }
  }
}
