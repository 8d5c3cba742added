/**
 * # compute/apprunner
 * An App Runner service from a container image in ECR (or ECR Public):
 * an access role that may only pull from ECR, a separate instance role
 * (the listed secrets and X-Ray traces only), a VPC connector in the spoke's
 * private subnets so all egress goes through the hub, encryption with the
 * account key, an autoscaling configuration, X-Ray observability, and no
 * automatic deployments (tags are immutable: a new tag is a config change).
 * Unless `public`, the service answers only inside a VPC: App Runner needs a
 * VPC ingress connection tying the service to an interface endpoint of
 * `com.amazonaws.<region>.apprunner.requests`, or the service is reachable
 * from nowhere. `ingress` names that endpoint (`AppRunnerIngressEndpoint`
 * below creates one; one endpoint serves every private service of a VPC),
 * and the construct creates the connection, whose `domainName` clients use.
 * https://docs.aws.amazon.com/apprunner/latest/dg/network-pl.html
 *
 * AWS closed App Runner to new customers on 2026-04-30 and recommends Amazon
 * ECS instead; existing customers keep using it
 * (https://docs.aws.amazon.com/apprunner/latest/dg/apprunner-availability-change.html).
 */
import { ApprunnerAutoScalingConfigurationVersion } from "@cdktf/provider-aws/lib/apprunner-auto-scaling-configuration-version";
import { ApprunnerObservabilityConfiguration } from "@cdktf/provider-aws/lib/apprunner-observability-configuration";
import { ApprunnerService } from "@cdktf/provider-aws/lib/apprunner-service";
import { ApprunnerVpcConnector } from "@cdktf/provider-aws/lib/apprunner-vpc-connector";
import { ApprunnerVpcIngressConnection } from "@cdktf/provider-aws/lib/apprunner-vpc-ingress-connection";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { ContainerImage } from "../ecs/service";
import { boundedName, NAME_LIMITS } from "../resource-names";
import { secretReadStatements } from "../secrets";
import { ServiceRole } from "../service-role";

export interface AppRunnerServiceProps {
  /** Name prefix of every resource, e.g. acme-portal (cut to App Runner's limits). */
  readonly name: string;
  /** The image; `ecrRepositoryArn` set for private ECR, else it must be an ECR Public URI. */
  readonly image: ContainerImage;
  /** @default 1024 */
  readonly cpu?: number;
  /** @default 2048 */
  readonly memory?: number;
  /** @default 8080 */
  readonly port?: number;
  /** NAME → Secrets Manager / SSM ARN. @default none */
  readonly secrets?: Readonly<Record<string, string>>;
  /** @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default / */
  readonly healthCheckPath?: string;
  /**
   * Reachable from the internet.
   * @default false
   */
  readonly public?: boolean;
  /**
   * The apprunner.requests interface endpoint a private service answers
   * through (a VPC ingress connection is created to it). Required unless
   * `public`: without it a private service is unreachable.
   */
  readonly ingress?: AppRunnerIngress;
  /** @default min 1, max 5, 100 concurrent requests per instance */
  readonly autoscaling?: { readonly min: number; readonly max: number; readonly maxConcurrency: number };
  readonly vpcId: string;
  /** Private subnets for the VPC connector. */
  readonly subnetIds: string[];
  /** Account key encrypting the service's source copy and logs. */
  readonly kmsKeyArn: string;
  readonly region: string;
  readonly accountId: string;
}

/** An interface endpoint of com.amazonaws.<region>.apprunner.requests and its VPC. */
export interface AppRunnerIngress {
  readonly vpcId: string;
  readonly vpcEndpointId: string;
}

export class AppRunnerServiceConstruct extends Construct {
  readonly service: ApprunnerService;
  readonly instanceRole: ServiceRole;
  readonly accessRole?: ServiceRole;
  readonly securityGroup: SecurityGroup;
  /** The VPC connector's security group id, for other groups' ingress rules. */
  readonly securityGroupId: string;
  readonly vpcConnector: ApprunnerVpcConnector;
  /** The VPC ingress connection of a private service; undefined when `public`. */
  readonly ingressConnection?: ApprunnerVpcIngressConnection;
  /** The name clients use: the ingress connection's domain name (private), or the service URL (public). */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: AppRunnerServiceProps) {
    super(scope, id);
    const { name } = props;
    const isPublic = props.public ?? false;
    if (!isPublic && !props.ingress) {
      throw new Error(`App Runner service ${name} is private (public: false) but has no ingress endpoint: it would be reachable from nowhere; pass ingress (an apprunner.requests interface endpoint) or make it public`);
    }
    const scaling = props.autoscaling ?? { min: 1, max: 5, maxConcurrency: 100 };
    const privateEcr = props.image.ecrRepositoryArn !== undefined;
    if (privateEcr) {
      this.accessRole = new ServiceRole(this, "access-role", {
        name: boundedName([name, "apprunner-access"], NAME_LIMITS.iamRole),
        service: "build.apprunner.amazonaws.com",
        description: `App Runner pulls ${name}'s image from ECR`,
        managedPolicies: ["service-role/AWSAppRunnerServicePolicyForECRAccess"],
      });
    }
    this.instanceRole = new ServiceRole(this, "instance-role", {
      name: boundedName([name, "apprunner-instance"], NAME_LIMITS.iamRole),
      service: "tasks.apprunner.amazonaws.com",
      sourceAccount: props.accountId,
      description: `Application role of ${name}: the listed secrets and X-Ray traces`,
      statements: [
        { sid: "XRayTraces", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"], resources: ["*"] },
        ...secretReadStatements(Object.values(props.secrets ?? {}), props.kmsKeyArn, props.region),
      ],
    });

    this.securityGroup = new SecurityGroup(this, "security-group", { name: `${name}-apprunner`, description: `${name} App Runner VPC connector: egress only`, vpcId: props.vpcId, tags: { Name: `${name}-apprunner` } });
    this.securityGroupId = this.securityGroup.id;
    new VpcSecurityGroupEgressRule(this, "egress", { securityGroupId: this.securityGroupId, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", description: "Egress through the hub (Transit Gateway, NAT)" });
    this.vpcConnector = new ApprunnerVpcConnector(this, "vpc-connector", { vpcConnectorName: boundedName([name], NAME_LIMITS.appRunner), subnets: props.subnetIds, securityGroups: [this.securityGroupId] });
    const autoscaling = new ApprunnerAutoScalingConfigurationVersion(this, "autoscaling", {
      autoScalingConfigurationName: boundedName([name], NAME_LIMITS.appRunnerAutoScaling),
      minSize: scaling.min,
      maxSize: scaling.max,
      maxConcurrency: scaling.maxConcurrency,
    });
    const observability = new ApprunnerObservabilityConfiguration(this, "observability", {
      observabilityConfigurationName: boundedName([name], NAME_LIMITS.appRunnerAutoScaling),
      traceConfiguration: { vendor: "AWSXRAY" },
    });

    this.service = new ApprunnerService(this, "this", {
      serviceName: boundedName([name], NAME_LIMITS.appRunner),
      sourceConfiguration: {
        autoDeploymentsEnabled: false,
        authenticationConfiguration: this.accessRole ? { accessRoleArn: this.accessRole.arn } : undefined,
        imageRepository: {
          imageIdentifier: props.image.uri,
          imageRepositoryType: privateEcr ? "ECR" : "ECR_PUBLIC",
          imageConfiguration: {
            port: String(props.port ?? 8080),
            runtimeEnvironmentVariables: props.environment && Object.keys(props.environment).length > 0 ? { ...props.environment } : undefined,
            runtimeEnvironmentSecrets: props.secrets && Object.keys(props.secrets).length > 0 ? { ...props.secrets } : undefined,
          },
        },
      },
      instanceConfiguration: { cpu: String(props.cpu ?? 1024), memory: String(props.memory ?? 2048), instanceRoleArn: this.instanceRole.arn },
      encryptionConfiguration: { kmsKey: props.kmsKeyArn },
      networkConfiguration: {
        egressConfiguration: { egressType: "VPC", vpcConnectorArn: this.vpcConnector.arn },
        ingressConfiguration: { isPubliclyAccessible: isPublic },
      },
      healthCheckConfiguration: { protocol: "HTTP", path: props.healthCheckPath ?? "/", interval: 10, timeout: 5, healthyThreshold: 1, unhealthyThreshold: 5 },
      autoScalingConfigurationArn: autoscaling.arn,
      observabilityConfiguration: { observabilityEnabled: true, observabilityConfigurationArn: observability.arn },
    });

    // A private service answers only through a VPC ingress connection to an
    // apprunner.requests interface endpoint; after that "your service is only
    // accessible from your VPC" (https://docs.aws.amazon.com/apprunner/latest/dg/network-pl.html).
    if (!isPublic) {
      this.ingressConnection = new ApprunnerVpcIngressConnection(this, "ingress", {
        name: boundedName([name], NAME_LIMITS.appRunner),
        serviceArn: this.service.arn,
        ingressVpcConfiguration: { vpcId: props.ingress!.vpcId, vpcEndpointId: props.ingress!.vpcEndpointId },
      });
    }
    this.domainName = this.ingressConnection ? this.ingressConnection.domainName : this.service.serviceUrl;
  }
}

export interface AppRunnerIngressEndpointProps {
  /** Name tag prefix, e.g. `acme-payments-prod`. */
  readonly name: string;
  readonly vpcId: string;
  /** Subnets for the endpoint's network interfaces; App Runner recommends at least two zones. */
  readonly subnetIds: string[];
  /** The only sources allowed to reach the private services, on tcp/443. */
  readonly allowedCidrs: string[];
  /** `com.amazonaws.<region>.apprunner.requests`. */
  readonly serviceName: string;
}

/**
 * The interface endpoint private App Runner services of one VPC answer
 * through ("You can use the same VPC interface endpoint to access multiple
 * App Runner services in a VPC", network-pl.html). HTTPS from `allowedCidrs`
 * only, no egress. No endpoint policy: "VPC endpoint policies are not
 * supported for App Runner" (same page; src/config/endpoint-services.ts
 * records it), so the security group is the control. Private DNS stays off,
 * as in AWS's own example of this endpoint
 * (https://docs.aws.amazon.com/cdk/api/v2/docs/@aws-cdk_aws-apprunner-alpha.VpcIngressConnectionProps.html):
 * no awsapprunner.com name, where public App Runner services live too, is
 * taken over in the VPC; clients use each ingress connection's domain name.
 */
export class AppRunnerIngressEndpoint extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly endpoint: VpcEndpoint;
  /** For `AppRunnerServiceProps.ingress`. */
  readonly ingress: AppRunnerIngress;

  constructor(scope: Construct, id: string, props: AppRunnerIngressEndpointProps) {
    super(scope, id);
    // No egress rule: Terraform strips AWS's default allow-all egress from a group it creates.
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.name}-apprunner-ingress`,
      description: "App Runner private services: HTTPS from the allowed networks only",
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-apprunner-ingress` },
    });
    // Ids follow the order of allowedCidrs, which the caller fixes (not a config list).
    props.allowedCidrs.forEach((cidr, i) => {
      new VpcSecurityGroupIngressRule(this, `https-${i}`, {
        securityGroupId: this.securityGroup.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
        description: "HTTPS to private App Runner services",
      });
    });
    this.endpoint = new VpcEndpoint(this, "endpoint", {
      vpcId: props.vpcId,
      serviceName: props.serviceName,
      vpcEndpointType: "Interface",
      subnetIds: props.subnetIds,
      securityGroupIds: [this.securityGroup.id],
      privateDnsEnabled: false,
      tags: { Name: `${props.name}-apprunner-requests` },
    });
    this.ingress = { vpcId: props.vpcId, vpcEndpointId: this.endpoint.id };
  }
}
