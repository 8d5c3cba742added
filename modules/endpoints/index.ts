/**
 * # endpoints
 * Central interface VPC endpoints, shared with other VPCs through DNS.
 *
 * Each service gets an interface endpoint in the given subnets, behind one
 * security group that admits only tcp/443 from `allowedCidrs` (the hub and
 * the workload pool) and allows no egress. Where the service accepts one, an
 * endpoint policy limits use to principals of the organization
 * (`aws:PrincipalOrgID`) and to AWS services acting on their behalf
 * (`aws:PrincipalIsAWSService`).
 *
 * Which services take a policy is the caller's to say (`supportsPolicy`):
 * sending one to a service that rejects it fails the apply.
 *
 * An endpoint's own private DNS only answers inside its VPC, so it is turned
 * off, and each service with a `zoneName` gets a Route 53 private hosted zone
 * of the name its clients resolve (`api.ecr.<region>.amazonaws.com`…) with an
 * alias record to the endpoint at the apex, plus `*.<zone>` where clients use
 * sub-names (`<registry>.dkr.ecr…`). A service without one gets no zone. The zones start out associated with this VPC only;
 * other VPCs join through separate association resources (see
 * `modules/network/index.ts`), so the zone ignores changes to its VPC list
 * and a re-plan of this stack stays clean however many spokes join.
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";

export interface EndpointServiceSpec {
  /** Short name, e.g. `ecr.api`; names the construct and the map keys. */
  readonly service: string;
  /** Endpoint service name, e.g. `com.amazonaws.us-east-1.ecr.api`. */
  readonly serviceName: string;
  /**
   * Private hosted zone clients resolve, e.g. `api.ecr.us-east-1.amazonaws.com`.
   * @default no zone (clients reach the endpoint by other means)
   */
  readonly zoneName?: string;
  /** Also answer `*.<zoneName>`. */
  readonly wildcard: boolean;
  /**
   * Whether to attach the organization-only endpoint policy: true exactly for
   * services that accept one. A service that does not relies on the security group.
   */
  readonly supportsPolicy: boolean;
}

export interface InterfaceEndpointsProps {
  /** Name tag prefix, e.g. `acme-hub`. */
  readonly name: string;
  /** VPC holding the endpoints; also the VPC each zone is created with. */
  readonly vpcId: string;
  /** Subnets for the endpoint network interfaces, one per zone. */
  readonly subnetIds: string[];
  /** The only sources allowed to reach the endpoints, on tcp/443. */
  readonly allowedCidrs: string[];
  /** Organization id (o-…) whose principals may use the endpoints. */
  readonly organizationId: string;
  /** The services, each with its DNS name. */
  readonly services: readonly EndpointServiceSpec[];
}

export class InterfaceEndpoints extends Construct {
  readonly securityGroup: SecurityGroup;
  /** Endpoints by service short name. */
  readonly endpoints: Readonly<Record<string, VpcEndpoint>>;
  /** Private hosted zones by service short name (services with a `zoneName` only). */
  readonly zones: Readonly<Record<string, Route53Zone>>;
  /** Private hosted zone ids by service short name. */
  readonly zoneIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: InterfaceEndpointsProps) {
    super(scope, id);
    const seen = new Set<string>();
    for (const s of props.services) {
      if (seen.has(s.service)) throw new Error(`endpoint service ${s.service} is listed twice`);
      seen.add(s.service);
    }

    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.name}-endpoints`,
      description: "Interface endpoints: HTTPS from the hub and the workload pool only",
      vpcId: props.vpcId,
      ingress: [
        {
          description: "HTTPS from the hub and the workload pool",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: props.allowedCidrs,
          ipv6CidrBlocks: [],
          prefixListIds: [],
          securityGroups: [],
          selfAttribute: false,
        },
      ],
      egress: [],
      tags: { Name: `${props.name}-endpoints` },
    });

    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      statement: [
        {
          sid: "OrganizationPrincipalsOnly",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["*"],
          resources: ["*"],
          condition: [{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: [props.organizationId] }],
        },
        {
          sid: "AwsServicesOnTheirBehalf",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["*"],
          resources: ["*"],
          condition: [{ test: "Bool", variable: "aws:PrincipalIsAWSService", values: ["true"] }],
        },
      ],
    });

    const endpoints: Record<string, VpcEndpoint> = {};
    const zones: Record<string, Route53Zone> = {};
    for (const spec of props.services) {
      const service = new Construct(this, spec.service);
      const endpoint = new VpcEndpoint(service, "this", {
        vpcId: props.vpcId,
        serviceName: spec.serviceName,
        vpcEndpointType: "Interface",
        subnetIds: props.subnetIds,
        securityGroupIds: [this.securityGroup.id],
        // The zone below serves this name to every associated VPC, this one included.
        privateDnsEnabled: false,
        policy: spec.supportsPolicy ? policy.json : undefined,
        tags: { Name: `${props.name}-${spec.service}` },
      });
      endpoints[spec.service] = endpoint;
      if (spec.zoneName === undefined) continue;
      const zone = new Route53Zone(service, "zone", {
        name: spec.zoneName,
        comment: `${spec.service} interface endpoint in ${props.name}, for every VPC of the landing zone`,
        vpc: [{ vpcId: props.vpcId }],
        // Spokes join through aws_route53_zone_association; never fight them over the list.
        lifecycle: { ignoreChanges: ["vpc"] },
        tags: { Name: spec.zoneName },
      });
      const alias = { name: endpoint.dnsEntry.get(0).dnsName, zoneId: endpoint.dnsEntry.get(0).hostedZoneId, evaluateTargetHealth: false };
      new Route53Record(service, "apex", { zoneId: zone.zoneId, name: spec.zoneName, type: "A", alias });
      if (spec.wildcard) new Route53Record(service, "wildcard", { zoneId: zone.zoneId, name: `*.${spec.zoneName}`, type: "A", alias });
      zones[spec.service] = zone;
    }
    this.endpoints = endpoints;
    this.zones = zones;
    this.zoneIds = Object.fromEntries(Object.entries(zones).map(([service, zone]) => [service, zone.zoneId]));
  }
}
