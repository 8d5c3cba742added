/**
 * # compute/ecs
 * ECS on Fargate, private by default: a cluster with Container Insights and
 * logged, encrypted execute-command; services with read-only, unprivileged
 * containers, separate execution and task roles, secrets by ARN, no public
 * IPs, circuit-breaker rollbacks and CPU autoscaling; and an optional HTTPS
 * load balancer (TLS 1.3 policy, redirecting HTTP, WAF when internet-facing,
 * access logs) chained to the tasks' security group on the app port only.
 */
export { AlbAccessLogBucket } from "./access-logs";
export type { AlbAccessLogBucketProps } from "./access-logs";
export { FargateCluster } from "./cluster";
export type { FargateClusterProps } from "./cluster";
export { HttpsLoadBalancer, managedRules, MANAGED_RULE_GROUPS, TLS_POLICY } from "./load-balancer";
export type { HttpsLoadBalancerProps } from "./load-balancer";
export { FargateService, SCRATCH_INIT_CONTAINER, SCRATCH_INIT_IMAGE, scratchVolumeName } from "./service";
export type { ContainerImage, FargateServiceProps } from "./service";
