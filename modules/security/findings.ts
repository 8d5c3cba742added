/**
 * # security/findings
 * Findings reach people: EventBridge rules in the security account's home
 * region for GuardDuty, Security Hub, Inspector and Access Analyzer findings
 * at or above a severity, to a KMS-encrypted SNS topic that emails the
 * security team. Security Hub's aggregator brings every linked region's
 * findings (its own and those it imports from GuardDuty, Inspector and Access
 * Analyzer) into the home region, so one region's rules see them all.
 */
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { KmsKeyConstruct } from "../kms";
import { SERVICE_PRINCIPALS } from "../../aws/service-principals";
import { GUARDDUTY_SEVERITY_FLOOR, SeverityLabel, severitiesFrom } from "./severity";

/** A finding source and the EventBridge pattern matching its findings at or above a severity. */
export interface FindingRule {
  /** Rule name suffix: `<prefix>-<name>-findings`. */
  readonly name: string;
  readonly description: string;
  readonly pattern: (minimum: SeverityLabel) => object;
}

/**
 * The event patterns, from each service's EventBridge page:
 * GuardDuty https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html (numeric severity),
 * Security Hub https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-integration-types.html,
 * Inspector https://docs.aws.amazon.com/inspector/latest/user/eventbridge-integration.html,
 * Access Analyzer https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-eventbridge.html (no severity: every active finding).
 */
export const FINDING_RULES: readonly FindingRule[] = [
  {
    name: "guardduty",
    description: "GuardDuty findings",
    pattern: (m) => ({ source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: [">=", GUARDDUTY_SEVERITY_FLOOR[m]] }] } }),
  },
  {
    name: "securityhub",
    description: "Security Hub findings (every product, every linked region)",
    pattern: (m) => ({
      source: ["aws.securityhub"],
      "detail-type": ["Security Hub Findings - Imported"],
      detail: { findings: { Severity: { Label: severitiesFrom(m) }, Workflow: { Status: ["NEW"] }, RecordState: ["ACTIVE"] } },
    }),
  },
  {
    name: "inspector",
    description: "Inspector findings",
    pattern: (m) => ({ source: ["aws.inspector2"], "detail-type": ["Inspector2 Finding"], detail: { severity: severitiesFrom(m), status: ["ACTIVE"] } }),
  },
  {
    name: "access-analyzer",
    description: "IAM Access Analyzer findings (external access)",
    pattern: () => ({ source: ["aws.access-analyzer"], "detail-type": ["Access Analyzer Finding"], detail: { status: ["ACTIVE"] } }),
  },
];

export const findingRuleName = (prefix: string, name: string): string => `${prefix}-${name}-findings`;
export const findingRuleArn = (region: string, accountId: string, name: string): string => `arn:aws:events:${region}:${accountId}:rule/${name}`;

/**
 * The key policy statement letting EventBridge publish to the encrypted topic: kms:GenerateDataKey* and
 * kms:Decrypt for events.amazonaws.com, as "Enable compatibility between event sources from AWS services
 * and encrypted topics" (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services)
 * writes it, narrowed to the finding rules (aws:SourceAccount and aws:SourceArn, as the logging key does for CloudWatch alarms).
 */
export function findingsKeyStatements(accountId: string, ruleArns: readonly string[]): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      sid: "EventBridgePublishesEncryptedFindings",
      principals: [{ type: "Service", identifiers: [SERVICE_PRINCIPALS.events] }],
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
      resources: ["*"],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
        { test: "ArnEquals", variable: "aws:SourceArn", values: [...ruleArns] },
      ],
    },
  ];
}

/**
 * The topic policy: EventBridge may publish, for these rules only (aws:SourceArn), as
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions writes it.
 */
export function findingsTopicStatements(topicArn: string, ruleArns: readonly string[]): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      sid: "FindingRulesPublish",
      principals: [{ type: "Service", identifiers: [SERVICE_PRINCIPALS.events] }],
      actions: ["sns:Publish"],
      resources: [topicArn],
      condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [...ruleArns] }],
    },
  ];
}

export interface SecurityFindingsProps {
  /** Prefix for the topic, rule names and the key alias. */
  readonly namePrefix: string;
  /** The security account. */
  readonly accountId: string;
  /** The region the rules and topic live in (the stack's default provider). */
  readonly region: string;
  /** Who the topic emails (the subscription waits for confirmation). */
  readonly email: string;
  /**
   * Lowest severity that reaches the topic.
   * @default "HIGH"
   */
  readonly minimumSeverity?: SeverityLabel;
  /** @default FINDING_RULES */
  readonly rules?: readonly FindingRule[];
}

export class SecurityFindings extends Construct {
  readonly topic: SnsTopic;
  readonly key: KmsKeyConstruct;
  readonly rules: readonly CloudwatchEventRule[];

  constructor(scope: Construct, id: string, props: SecurityFindingsProps) {
    super(scope, id);
    const { namePrefix, accountId, region } = props;
    const minimum = props.minimumSeverity ?? "HIGH";
    const topicName = `${namePrefix}-security-findings`;
    const topicArn = `arn:aws:sns:${region}:${accountId}:${topicName}`;
    const sources = props.rules ?? FINDING_RULES;
    const names = sources.map((r) => findingRuleName(namePrefix, r.name));
    const ruleArns = names.map((n) => findingRuleArn(region, accountId, n));
    this.key = new KmsKeyConstruct(this, "key", {
      alias: `${namePrefix}/security-findings`,
      description: "Encrypts the security findings topic",
      accountId,
      statements: findingsKeyStatements(accountId, ruleArns),
    });
    this.topic = new SnsTopic(this, "topic", { name: topicName, kmsMasterKeyId: this.key.arn });
    const policy = new DataAwsIamPolicyDocument(this, "topic-policy-document", {
      statement: findingsTopicStatements(topicArn, ruleArns),
    });
    const topicPolicy = new SnsTopicPolicy(this, "topic-policy", { arn: this.topic.arn, policy: policy.json });
    new SnsTopicSubscription(this, "email", { topicArn: this.topic.arn, protocol: "email", endpoint: props.email });
    this.rules = sources.map((source, i) => {
      const rule = new CloudwatchEventRule(this, `rule-${source.name}`, {
        name: names[i],
        description: `${source.description} at ${minimum} or above, to the security topic`,
        eventPattern: JSON.stringify(source.pattern(minimum)),
      });
      new CloudwatchEventTarget(this, `target-${source.name}`, { rule: rule.name, arn: this.topic.arn, targetId: "security-topic", dependsOn: [topicPolicy] });
      return rule;
    });
  }
}
