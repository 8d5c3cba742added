/**
 * Interface endpoint services the hub can centralise, and the DNS names their
 * clients resolve. Spokes reach hub endpoints through a private hosted zone
 * per service; a wrong name here silently sends traffic to the public
 * endpoint, so every pair is tested (test/config/endpoint-services.test.ts).
 */
export interface EndpointDns {
  /** The private hosted zone name, e.g. api.ecr.us-east-1.amazonaws.com. */
  readonly zoneName: string;
  /** Whether clients also resolve sub-names (e.g. <registry>.dkr.ecr…), needing a wildcard record. */
  readonly wildcard: boolean;
}

type DnsRule = (region: string) => EndpointDns;

const plain =
  (label: string): DnsRule =>
  (region) => ({ zoneName: `${label}.${region}.amazonaws.com`, wildcard: false });

const ENDPOINT_DNS: Readonly<Record<string, DnsRule>> = {
  ssm: plain("ssm"),
  ssmmessages: plain("ssmmessages"),
  ec2messages: plain("ec2messages"),
  ec2: plain("ec2"),
  "ecr.api": (region) => ({ zoneName: `api.ecr.${region}.amazonaws.com`, wildcard: false }),
  // docker pulls go to <account>.dkr.ecr.<region>.amazonaws.com
  "ecr.dkr": (region) => ({ zoneName: `dkr.ecr.${region}.amazonaws.com`, wildcard: true }),
  apprunner: plain("apprunner"),
  // private App Runner services answer on <id>.<region>.awsapprunner.com
  "apprunner.requests": (region) => ({ zoneName: `${region}.awsapprunner.com`, wildcard: true }),
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

export const KNOWN_ENDPOINT_SERVICES: readonly string[] = Object.keys(ENDPOINT_DNS).sort();

/** DNS for `service` in `region`; throws for an unknown service (validation rejects those first). */
export function endpointDns(service: string, region: string): EndpointDns {
  const rule = ENDPOINT_DNS[service];
  if (!rule) throw new Error(`unknown interface endpoint service "${service}"`);
  return rule(region);
}
