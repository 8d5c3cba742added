/**
 * Elastic Load Balancing facts the load balancer module applies and the edge
 * guardrails check.
 * AWS, "Security policies for your Application Load Balancer":
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */

/** The HTTPS listener policy: TLS 1.3 with 1.2 fallback, forward-secret ciphers only. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** Every ELB security policy of the TLS 1.3 family starts with this. */
export const TLS13_POLICY_PREFIX = "ELBSecurityPolicy-TLS13-";

/** What ELB applies to an HTTPS listener that names no policy. */
export const DEFAULT_TLS_POLICY = "ELBSecurityPolicy-2016-08";
