/**
 * Interface endpoint services the hub can centralise, and the DNS names their
 * clients resolve. Spokes reach hub endpoints through a private hosted zone
 * per service; a wrong name here silently sends traffic to the public
 * endpoint, so every pair is tested (test/config/endpoint-services.test.ts).
 *
 * Sources: the AWS PrivateLink service list
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html)
 * and each service's endpoint page. The endpoint service name is always
 * `com.amazonaws.<region>.<service>`; the DNS name is not (ecr.api answers on
 * api.ecr.<region>.amazonaws.com, App Runner's private services on
 * <id>.<region>.awsapprunner.com).
 */
export interface EndpointDns {
  /** The private hosted zone name, e.g. api.ecr.us-east-1.amazonaws.com. */
  readonly zoneName: string;
  /** Whether clients also resolve sub-names (e.g. <registry>.dkr.ecr…), needing a wildcard record. */
  readonly wildcard: boolean;
}

export interface EndpointService extends EndpointDns {
  /** The endpoint service name, e.g. com.amazonaws.us-east-1.ecr.api. */
  readonly serviceName: string;
  /**
   * Whether the service accepts a VPC endpoint policy. App Runner documents
   * that it does not ("VPC endpoint policies are not supported for App
   * Runner", https://docs.aws.amazon.com/apprunner/latest/dg/network-pl.html);
   * its endpoints rely on their security group alone.
   */
  readonly supportsPolicy: boolean;
}

interface Rule {
  readonly dns: (region: string) => EndpointDns;
  readonly supportsPolicy: boolean;
}

const plain = (label: string): Rule => ({ dns: (region) => ({ zoneName: `${label}.${region}.amazonaws.com`, wildcard: false }), supportsPolicy: true });

const ENDPOINT_SERVICES: Readonly<Record<string, Rule>> = {
  ssm: plain("ssm"),
  ssmmessages: plain("ssmmessages"),
  ec2messages: plain("ec2messages"),
  ec2: plain("ec2"),
  "ecr.api": { dns: (region) => ({ zoneName: `api.ecr.${region}.amazonaws.com`, wildcard: false }), supportsPolicy: true },
  // docker pulls go to <account>.dkr.ecr.<region>.amazonaws.com
  "ecr.dkr": { dns: (region) => ({ zoneName: `dkr.ecr.${region}.amazonaws.com`, wildcard: true }), supportsPolicy: true },
  apprunner: { ...plain("apprunner"), supportsPolicy: false },
  // Private App Runner services answer on <id>.<region>.awsapprunner.com. The
  // zone shadows that whole domain in every associated VPC, so public App
  // Runner URLs stop resolving there: private-only by design.
  "apprunner.requests": { dns: (region) => ({ zoneName: `${region}.awsapprunner.com`, wildcard: true }), supportsPolicy: false },
  logs: plain("logs"),
  monitoring: plain("monitoring"),
  events: plain("events"),
  sts: plain("sts"),
  kms: plain("kms"),
  secretsmanager: plain("secretsmanager"),
  ecs: plain("ecs"),
  batch: plain("batch"),
  sns: plain("sns"),
  sqs: plain("sqs"),
  elasticloadbalancing: plain("elasticloadbalancing"),
};

export const KNOWN_ENDPOINT_SERVICES: readonly string[] = Object.keys(ENDPOINT_SERVICES).sort();

/** Everything the hub needs to serve `service` in `region`: service name, DNS zone, policy support. */
export function endpointService(service: string, region: string): EndpointService {
  const rule = ENDPOINT_SERVICES[service];
  if (!rule) throw new Error(`unknown interface endpoint service "${service}"`);
  return { serviceName: `com.amazonaws.${region}.${service}`, ...rule.dns(region), supportsPolicy: rule.supportsPolicy };
}
