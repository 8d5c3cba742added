/**
 * # compute/apprunner
 * An App Runner service from a container image in ECR (or ECR Public):
 * an access role that may only pull from ECR, a separate instance role
 * (the listed secrets and X-Ray traces only), a VPC connector in the spoke's
 * private subnets so all egress goes through the hub, encryption with the
 * account key, an autoscaling configuration, X-Ray observability, and no
 * automatic deployments (tags are immutable: a new tag is a config change).
 * Unless `public`, the service answers only through an App Runner VPC
 * ingress connection (an apprunner.requests interface endpoint), none of
 * which is created here.
 */
import { ApprunnerAutoScalingConfigurationVersion } from "@cdktf/provider-aws/lib/apprunner-auto-scaling-configuration-version";
import { ApprunnerObservabilityConfiguration } from "@cdktf/provider-aws/lib/apprunner-observability-configuration";
import { ApprunnerService } from "@cdktf/provider-aws/lib/apprunner-service";
import { ApprunnerVpcConnector } from "@cdktf/provider-aws/lib/apprunner-vpc-connector";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
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

export class AppRunnerServiceConstruct extends Construct {
  readonly service: ApprunnerService;
  readonly instanceRole: ServiceRole;
  readonly accessRole?: ServiceRole;
  readonly securityGroup: SecurityGroup;
  /** The VPC connector's security group id, for other groups' ingress rules. */
  readonly securityGroupId: string;
  readonly vpcConnector: ApprunnerVpcConnector;

  constructor(scope: Construct, id: string, props: AppRunnerServiceProps) {
    super(scope, id);
    const { name } = props;
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
        ingressConfiguration: { isPubliclyAccessible: props.public ?? false },
      },
      healthCheckConfiguration: { protocol: "HTTP", path: props.healthCheckPath ?? "/", interval: 10, timeout: 5, healthyThreshold: 1, unhealthyThreshold: 5 },
      autoScalingConfigurationArn: autoscaling.arn,
      observabilityConfiguration: { observabilityEnabled: true, observabilityConfigurationArn: observability.arn },
    });
  }
}
