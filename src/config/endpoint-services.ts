/**
 * Interface endpoint services the hub can centralise: per service, the DNS
 * name its clients resolve and whether its endpoints accept an endpoint
 * policy. This table is the ONE home of both facts: the network stack passes
 * them to modules/endpoints, and the guardrail `vpce-org-policy`
 * (src/policy/rules/network.ts) reads them from here.
 *
 * DNS: spokes reach hub endpoints through a private hosted zone per service;
 * a wrong name silently sends traffic to the public endpoint, so every pair
 * is tested (test/config/endpoint-services.test.ts). The endpoint service
 * name is always `com.amazonaws.<region>.<service>`; the DNS name is not
 * (ecr.api answers on api.ecr.<region>.amazonaws.com).
 *
 * Endpoint policies: "Not all AWS services support endpoint policies. If an
 * AWS service doesn't support endpoint policies, we allow full access to any
 * endpoint for the service", and "If an AWS service supports endpoint
 * policies, its documentation includes example endpoint policies"
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
 * So each entry names the AWS page on that service's interface endpoints
 * (linked from the PrivateLink service list,
 * https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html,
 * whose "View endpoint policy support" section gives the check for a live
 * account: `aws ec2 describe-vpc-endpoint-services --service-names
 * com.amazonaws.<region>.<service> --query 'ServiceDetails[*].VpcEndpointPolicySupported'`).
 * A service without support gets no policy (App Runner's page says it takes
 * none); leaving one off a service that takes it would leave the endpoint
 * open to every principal.
 */
export interface EndpointDns {
  /**
   * The private hosted zone name, e.g. api.ecr.us-east-1.amazonaws.com;
   * undefined for a service whose clients resolve no fixed name, which then
   * gets no zone (apprunner.requests).
   */
  readonly zoneName?: string;
  /** Whether clients also resolve sub-names (e.g. <registry>.dkr.ecr…), needing a wildcard record. */
  readonly wildcard: boolean;
}

export interface EndpointService extends EndpointDns {
  /** The endpoint service name, e.g. com.amazonaws.us-east-1.ecr.api. */
  readonly serviceName: string;
  /** Whether the service accepts a VPC endpoint policy; without one its endpoints rely on their security group alone. */
  readonly supportsPolicy: boolean;
  /** The AWS page that says whether `supportsPolicy`. */
  readonly policySource: string;
}

interface Entry {
  readonly dns: (region: string) => EndpointDns;
  readonly supportsPolicy: boolean;
  readonly policySource: string;
}

const plainDns = (label: string) => (region: string): EndpointDns => ({ zoneName: `${label}.${region}.amazonaws.com`, wildcard: false });
/** A service answering on <label>.<region>.amazonaws.com that accepts an endpoint policy, per `policySource`. */
const plain = (label: string, policySource: string): Entry => ({ dns: plainDns(label), supportsPolicy: true, policySource });

const SSM_ENDPOINTS = "https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html";
const ECR_ENDPOINTS = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html";
/** "VPC endpoint policies are not supported for App Runner" (both App Runner endpoint services). */
const APP_RUNNER_ENDPOINTS = "https://docs.aws.amazon.com/apprunner/latest/dg/network-pl.html";

const ENDPOINT_SERVICES: Readonly<Record<string, Entry>> = {
  ssm: plain("ssm", SSM_ENDPOINTS),
  ssmmessages: plain("ssmmessages", SSM_ENDPOINTS),
  ec2messages: plain("ec2messages", SSM_ENDPOINTS),
  ec2: plain("ec2", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/interface-vpc-endpoints.html"),
  "ecr.api": { dns: (region) => ({ zoneName: `api.ecr.${region}.amazonaws.com`, wildcard: false }), supportsPolicy: true, policySource: ECR_ENDPOINTS },
  // docker pulls go to <account>.dkr.ecr.<region>.amazonaws.com
  "ecr.dkr": { dns: (region) => ({ zoneName: `dkr.ecr.${region}.amazonaws.com`, wildcard: true }), supportsPolicy: true, policySource: ECR_ENDPOINTS },
  apprunner: { dns: plainDns("apprunner"), supportsPolicy: false, policySource: APP_RUNNER_ENDPOINTS },
  // Private App Runner services are reached through an apprunner.requests
  // endpoint that a VPC ingress connection ties to the service, under the
  // domain name the connection gets (modules/compute/apprunner). A zone here
  // would have to be `<region>.awsapprunner.com` with a wildcard, which every
  // associated VPC would then resolve to this endpoint: every public App
  // Runner URL (<id>.<region>.awsapprunner.com, the same domain) would stop
  // working in every spoke. So this service gets no zone at all.
  "apprunner.requests": { dns: () => ({ wildcard: false }), supportsPolicy: false, policySource: APP_RUNNER_ENDPOINTS },
  logs: plain("logs", "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch-logs-and-interface-VPC.html"),
  monitoring: plain("monitoring", "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-interface-VPC.html"),
  events: plain("events", "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-related-service-vpc.html"),
  sts: plain("sts", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts_vpce.html"),
  kms: plain("kms", "https://docs.aws.amazon.com/kms/latest/developerguide/kms-vpc-endpoint.html"),
  secretsmanager: plain("secretsmanager", "https://docs.aws.amazon.com/secretsmanager/latest/userguide/vpc-endpoint-overview.html"),
  ecs: plain("ecs", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html"),
  batch: plain("batch", "https://docs.aws.amazon.com/batch/latest/userguide/vpc-interface-endpoints.html"),
  sns: plain("sns", "https://docs.aws.amazon.com/sns/latest/dg/sns-vpc-endpoint-policy.html"),
  sqs: plain("sqs", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-vpc-endpoints.html"),
  elasticloadbalancing: plain("elasticloadbalancing", "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/load-balancer-vpc-endpoints.html"),
};

export const KNOWN_ENDPOINT_SERVICES: readonly string[] = Object.keys(ENDPOINT_SERVICES).sort();

/** Everything the hub needs to serve `service` in `region`: service name, DNS zone, policy support and its source. */
export function endpointService(service: string, region: string): EndpointService {
  const entry = ENDPOINT_SERVICES[service];
  if (!entry) throw new Error(`unknown interface endpoint service "${service}"`);
  return { serviceName: `com.amazonaws.${region}.${service}`, ...entry.dns(region), supportsPolicy: entry.supportsPolicy, policySource: entry.policySource };
}

/**
 * Whether the endpoint service named `serviceName` (com.amazonaws.<region>.<service>)
 * accepts an endpoint policy; undefined for a service not in the table.
 */
export function endpointPolicySupported(serviceName: string): boolean | undefined {
  const service = /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(serviceName)?.[1];
  const entry = service === undefined ? undefined : ENDPOINT_SERVICES[service];
  return entry?.supportsPolicy;
}
