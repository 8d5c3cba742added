/**
 * What keeps a workload's compute running safely, read back in the workload
 * account for every resource of these types the stack declares: the WAF web
 * ACL on each load balancer (GetWebACLForResource) with its logging to the aws-waf-logs- group and that
 * group's subscription to the logging account's destination, ECS service autoscaling
 * (the scalable target's bounds and the target-tracking policy), and patching
 * (each patch baseline's rules, its patch group, and the State Manager
 * association that runs AWS-RunPatchBaseline on the group's instances).
 */
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand, ServiceNamespace } from "@aws-sdk/client-application-auto-scaling";
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { DescribeAssociationCommand, DescribePatchBaselinesCommand, DescribePatchGroupsCommand, GetPatchBaselineCommand, ListAssociationsCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetLoggingConfigurationCommand, GetWebACLForResourceCommand, WAFV2Client } from "@aws-sdk/client-wafv2";
import { CloudWatchLogsClient, DescribeSubscriptionFiltersCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ClientOptions } from "../helpers/aws";
import { accountIdOf } from "./accounts";
import { StackContext } from "./context";
import { Block, blocksOf, Declared, referenced, resolveLiterals } from "./declared";

export async function assertWorkloadOperations(ctx: StackContext, client: ClientOptions): Promise<void> {
  const declared = ctx.declared();
  // The destination's ARN carries the logging account's id, a remote-state read where the config has no id (greenfield).
  const loggingId = await accountIdOf(ctx, ctx.config.loggingAccount);
  await assertWafAssociations(declared, client, loggingId);
  await assertEcsAutoscaling(declared, client);
  await assertPatching(declared, client);
}

async function assertWafAssociations(declared: Declared, client: ClientOptions, loggingId: string): Promise<void> {
  const elb = new ElasticLoadBalancingV2Client(client);
  const waf = new WAFV2Client(client);
  for (const association of Object.values(blocksOf(declared, "aws_wafv2_web_acl_association"))) {
    const [, , lb] = referenced(declared, association.resource_arn as string);
    const [, , acl] = referenced(declared, association.web_acl_arn as string);
    const [found] = (await elb.send(new DescribeLoadBalancersCommand({ Names: [lb.name as string] }))).LoadBalancers ?? [];
    const webAcl = (await waf.send(new GetWebACLForResourceCommand({ ResourceArn: found.LoadBalancerArn! }))).WebACL;
    const rules = JSON.parse(acl.rule_json as string) as { Name: string }[];
    expect({ loadBalancer: lb.name, webAcl: webAcl?.Name, rules: webAcl?.Rules?.map((r) => r.Name), allows: webAcl?.DefaultAction?.Allow !== undefined }).toEqual({
      loadBalancer: lb.name,
      webAcl: acl.name,
      rules: rules.map((r) => r.Name),
      allows: (acl.default_action as Block).allow !== undefined,
    });
    await assertWafLogging(declared, client, acl, webAcl!.ARN!, loggingId);
  }
}

/** The web ACL logs to its declared aws-waf-logs- group, and the group forwards to the declared destination in the logging account. */
async function assertWafLogging(declared: Declared, client: ClientOptions, acl: Block, webAclArn: string, loggingId: string): Promise<void> {
  const waf = new WAFV2Client(client);
  const logs = new CloudWatchLogsClient(client);
  const configured = (await waf.send(new GetLoggingConfigurationCommand({ ResourceArn: webAclArn }))).LoggingConfiguration;
  const mine = Object.values(blocksOf(declared, "aws_wafv2_web_acl_logging_configuration")).filter((l) => referenced(declared, l.resource_arn as string)[2] === acl);
  expect(mine).toHaveLength(1);
  for (const logging of mine) {
    const [, , group] = referenced(declared, (logging.log_destination_configs as string[])[0]);
    expect(configured?.LogDestinationConfigs?.map((arn) => arn.split(":log-group:")[1]?.replace(/:\*$/, ""))).toEqual([group.name]);
    const declaredFilters = Object.values(blocksOf(declared, "aws_cloudwatch_log_subscription_filter")).filter((f) => referenced(declared, f.log_group_name as string)[2] === group);
    const found = (await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: group.name as string }))).subscriptionFilters ?? [];
    const inLogging = (arn: string) => arn.replace(/^(arn:aws:logs:[^:]+:)\$\{[^}]+\}(:destination:)/, `$1${loggingId}$2`);
    expect(found.map((f) => [f.filterName, f.destinationArn])).toEqual(declaredFilters.map((f) => [f.name, inLogging(f.destination_arn as string)]));
    expect(found.map((f) => f.destinationArn!.split(":")[4])).toEqual(declaredFilters.map(() => loggingId));
  }
}

async function assertEcsAutoscaling(declared: Declared, client: ClientOptions): Promise<void> {
  const scaling = new ApplicationAutoScalingClient(client);
  const targets = blocksOf(declared, "aws_appautoscaling_target");
  for (const [name, target] of Object.entries(targets)) {
    const resourceId = resolveLiterals(declared, target.resource_id as string);
    const namespace = target.service_namespace as ServiceNamespace;
    const [found] = (await scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: namespace, ResourceIds: [resourceId] }))).ScalableTargets ?? [];
    expect({ resourceId, dimension: found?.ScalableDimension, min: found?.MinCapacity, max: found?.MaxCapacity }).toEqual({
      resourceId,
      dimension: target.scalable_dimension,
      min: target.min_capacity,
      max: target.max_capacity,
    });
    const policies = Object.values(blocksOf(declared, "aws_appautoscaling_policy")).filter((p) => (p.resource_id as string).includes(`.${name}.`));
    const existing = (await scaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: namespace, ResourceId: resourceId }))).ScalingPolicies ?? [];
    expect(existing.map((p) => p.PolicyName).sort()).toEqual(policies.map((p) => p.name).sort());
    for (const policy of policies) {
      const found = existing.find((p) => p.PolicyName === policy.name)!;
      const tracking = policy.target_tracking_scaling_policy_configuration as Block;
      const metric = tracking.predefined_metric_specification as Block;
      const read = found.TargetTrackingScalingPolicyConfiguration;
      expect({ policy: policy.name, type: found.PolicyType, metric: read?.PredefinedMetricSpecification?.PredefinedMetricType, target: read?.TargetValue, in: read?.ScaleInCooldown, out: read?.ScaleOutCooldown }).toEqual({
        policy: policy.name,
        type: policy.policy_type,
        metric: metric.predefined_metric_type,
        target: tracking.target_value,
        in: tracking.scale_in_cooldown,
        out: tracking.scale_out_cooldown,
      });
    }
  }
}

async function assertPatching(declared: Declared, client: ClientOptions): Promise<void> {
  const ssm = new SSMClient(client);
  const baselineIds = new Map<string, string>();
  for (const [resource, baseline] of Object.entries(blocksOf(declared, "aws_ssm_patch_baseline"))) {
    const identities = (await ssm.send(new DescribePatchBaselinesCommand({ Filters: [{ Key: "NAME_PREFIX", Values: [baseline.name as string] }] }))).BaselineIdentities ?? [];
    const identity = identities.find((b) => b.BaselineName === baseline.name);
    expect({ baseline: baseline.name, exists: identity !== undefined }).toEqual({ baseline: baseline.name, exists: true });
    const read = await ssm.send(new GetPatchBaselineCommand({ BaselineId: identity!.BaselineId! }));
    const rules = (baseline.approval_rule as Block[]).map((rule) => ({
      days: rule.approve_after_days,
      compliance: rule.compliance_level,
      filters: (rule.patch_filter as Block[]).map((f) => ({ key: f.key, values: f.values })),
    }));
    expect({
      baseline: baseline.name,
      os: read.OperatingSystem,
      rules: read.ApprovalRules?.PatchRules?.map((r) => ({ days: r.ApproveAfterDays, compliance: r.ComplianceLevel, filters: r.PatchFilterGroup?.PatchFilters?.map((f) => ({ key: f.Key, values: f.Values })) })),
    }).toEqual({ baseline: baseline.name, os: baseline.operating_system, rules });
    baselineIds.set(resource, identity!.BaselineId!);
  }

  const mappings = (await ssm.send(new DescribePatchGroupsCommand({}))).Mappings ?? [];
  for (const group of Object.values(blocksOf(declared, "aws_ssm_patch_group"))) {
    const [, resource] = referenced(declared, group.baseline_id as string);
    const mapped = mappings.filter((m) => m.PatchGroup === group.patch_group).map((m) => m.BaselineIdentity?.BaselineId);
    expect({ patchGroup: group.patch_group, baselines: mapped }).toEqual({ patchGroup: group.patch_group, baselines: [baselineIds.get(resource)] });
  }

  const associations = (await ssm.send(new ListAssociationsCommand({}))).Associations ?? [];
  for (const association of Object.values(blocksOf(declared, "aws_ssm_association"))) {
    const listed = associations.filter((a) => a.AssociationName === association.association_name);
    expect({ association: association.association_name, count: listed.length }).toEqual({ association: association.association_name, count: 1 });
    const read = (await ssm.send(new DescribeAssociationCommand({ AssociationId: listed[0].AssociationId! }))).AssociationDescription!;
    const parameters = Object.fromEntries(Object.entries((association.parameters ?? {}) as Record<string, string>).map(([k, v]) => [k, [v]]));
    expect({
      association: association.association_name,
      document: read.Name,
      schedule: read.ScheduleExpression,
      targets: read.Targets?.map((t) => ({ key: t.Key, values: t.Values })),
      parameters: read.Parameters,
      severity: read.ComplianceSeverity,
      concurrency: read.MaxConcurrency,
      errors: read.MaxErrors,
    }).toEqual({
      association: association.association_name,
      document: association.name,
      schedule: association.schedule_expression,
      targets: (association.targets as Block[]).map((t) => ({ key: t.key, values: t.values })),
      parameters,
      severity: association.compliance_severity,
      concurrency: association.max_concurrency,
      errors: association.max_errors,
    });
  }
}
