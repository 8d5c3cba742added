/**
 * # compute/ec2
 * A group of EC2 instances reachable only through Session Manager: a
 * hardened launch template (IMDSv2 with hop limit 1, encrypted gp3 root
 * with the account key, no key pair), no public IPs, instances spread over
 * the given private subnets, an instance profile with
 * AmazonSSMManagedInstanceCore and CloudWatchAgentServerPolicy, a security
 * group without ingress except the ports opened to other groups, and an
 * SSM patch baseline with an AWS-RunPatchBaseline association on a schedule.
 * Ingress is opened port by port with `allowFrom`.
 * The AMI is the latest Amazon Linux 2023 from its public SSM parameter
 * unless `amiId` is given (x86_64 or arm64 from the instance type).
 */
import { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SsmAssociation } from "@cdktf/provider-aws/lib/ssm-association";
import { SsmPatchBaseline } from "@cdktf/provider-aws/lib/ssm-patch-baseline";
import { SsmPatchGroup } from "@cdktf/provider-aws/lib/ssm-patch-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { boundedName, NAME_LIMITS } from "../resource-names";
import { ServiceRole } from "../service-role";
import { SessionAccess, sessionAccessStatements } from "../session-access";
import { HardenedLaunchTemplate } from "./launch-template";
import { SERVICE_PRINCIPALS } from "../../../aws/service-principals";

export { HardenedLaunchTemplate } from "./launch-template";
export type { HardenedLaunchTemplateProps } from "./launch-template";

/** Graviton instance families (t4g, m7g, c6gn, r8gd, a1…) run arm64 images. */
export function architectureOf(instanceType: string): "x86_64" | "arm64" {
  const family = instanceType.split(".")[0];
  return family === "a1" || /^[a-z]+\d+g[a-z]*$/.test(family) ? "arm64" : "x86_64";
}

/** The public SSM parameter holding the latest Amazon Linux 2023 AMI id. */
export const al2023Parameter = (arch: "x86_64" | "arm64"): string => `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`;

export interface SecurityGroupIngress {
  /** TCP port opened. */
  readonly port: number;
  /** Security group allowed to connect. */
  readonly sourceSecurityGroupId: string;
  /** Name of the source (stable construct id and rule description). */
  readonly sourceName: string;
}

export interface Ec2GroupProps {
  /** Name prefix of every resource of the group, e.g. acme-api. */
  readonly name: string;
  readonly instanceType: string;
  /**
   * Number of instances, placed round-robin over `subnetIds`.
   * @default 1
   */
  readonly count?: number;
  /**
   * Root volume size in GiB.
   * @default 20
   */
  readonly volumeSize?: number;
  /** AMI id. @default the latest Amazon Linux 2023 for the instance type's architecture */
  readonly amiId?: string;
  readonly vpcId: string;
  /** Private subnets, one per AZ. */
  readonly subnetIds: string[];
  /** KMS key ARN for the root volumes. */
  readonly kmsKeyArn: string;
  /**
   * Patch schedule (cron or rate expression) of the AWS-RunPatchBaseline association.
   * @default cron(0 3 ? * SUN *)
   */
  readonly patchSchedule?: string;
  /**
   * Patch baseline operating system (must match the AMI).
   * @default AMAZON_LINUX_2023
   */
  readonly operatingSystem?: string;
  /**
   * The account's Session Manager key and log group in this region: the instance role may decrypt
   * sessions with the key and write the session logs. Without it, sessions fail where the
   * preferences encrypt them.
   * @default no session key permissions
   */
  readonly session?: SessionAccess;
}

export class Ec2Group extends Construct {
  readonly securityGroup: SecurityGroup;
  /** The group's security group id, for other groups' ingress rules. */
  readonly securityGroupId: string;
  readonly role: ServiceRole;
  readonly launchTemplate: HardenedLaunchTemplate;
  readonly instances: Instance[] = [];
  private readonly name: string;

  constructor(scope: Construct, id: string, props: Ec2GroupProps) {
    super(scope, id);
    const { name } = props;
    this.name = name;
    const patchGroup = name;
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name,
      description: `${name} instances: no ingress except from listed groups`,
      vpcId: props.vpcId,
      tags: { Name: name },
    });
    this.securityGroupId = this.securityGroup.id;
    new VpcSecurityGroupEgressRule(this, "egress", { securityGroupId: this.securityGroupId, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", description: "Egress through the hub (Transit Gateway, NAT)" });

    this.role = new ServiceRole(this, "role", {
      name: boundedName([name, "ec2"], NAME_LIMITS.iamRole),
      service: SERVICE_PRINCIPALS.ec2,
      description: `Instance role of ${name}: Session Manager and the CloudWatch agent`,
      managedPolicies: ["AmazonSSMManagedInstanceCore", "CloudWatchAgentServerPolicy"],
      statements: props.session && sessionAccessStatements(props.session),
    });
    const profile = new IamInstanceProfile(this, "instance-profile", { name: this.role.role.name, role: this.role.role.name });

    let imageId = props.amiId;
    let rootDeviceName: string | undefined;
    if (imageId) {
      rootDeviceName = new DataAwsAmi(this, "ami", { owners: ["self", "amazon", "aws-marketplace"], filter: [{ name: "image-id", values: [imageId] }], mostRecent: true }).rootDeviceName;
    } else {
      imageId = new DataAwsSsmParameter(this, "ami", { name: al2023Parameter(architectureOf(props.instanceType)) }).insecureValue;
    }
    const tags = { Name: name, "Patch Group": patchGroup };
    this.launchTemplate = new HardenedLaunchTemplate(this, "launch-template", {
      name,
      kmsKeyArn: props.kmsKeyArn,
      volumeSize: props.volumeSize ?? 20,
      rootDeviceName,
      imageId,
      instanceType: props.instanceType,
      instanceProfileArn: profile.arn,
      securityGroupIds: [this.securityGroupId],
      instanceTags: tags,
    });

    for (let n = 1; n <= (props.count ?? 1); n++) {
      this.instances.push(
        new Instance(this, `instance-${n}`, {
          subnetId: props.subnetIds[(n - 1) % props.subnetIds.length],
          associatePublicIpAddress: false,
          // Detailed (1-minute) monitoring, stated on the instance: when `monitoring` is unset the
          // provider sends RunInstances Monitoring.Enabled=false, which overrides the template's.
          monitoring: true,
          launchTemplate: { id: this.launchTemplate.id, version: String(this.launchTemplate.latestVersion) },
          // Stated on the instance too, so it holds whatever the template says later.
          metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
          tags: { ...tags, Name: `${name}-${n}` },
          // A new AMI or template version must not replace running instances: they are patched in place.
          lifecycle: { ignoreChanges: ["launch_template"] },
        }),
      );
    }

    const baseline = new SsmPatchBaseline(this, "patch-baseline", {
      name: `${name}-patches`,
      description: `Security and bug fixes for ${name}, approved after 7 days`,
      operatingSystem: props.operatingSystem ?? "AMAZON_LINUX_2023",
      approvalRule: [
        {
          approveAfterDays: 7,
          complianceLevel: "HIGH",
          patchFilter: [
            { key: "CLASSIFICATION", values: ["Security", "Bugfix"] },
            { key: "SEVERITY", values: ["Critical", "Important", "Medium"] },
          ],
        },
      ],
    });
    new SsmPatchGroup(this, "patch-group", { baselineId: baseline.id, patchGroup });
    new SsmAssociation(this, "patching", {
      name: "AWS-RunPatchBaseline",
      associationName: `${name}-patching`,
      scheduleExpression: props.patchSchedule ?? "cron(0 3 ? * SUN *)",
      applyOnlyAtCronInterval: (props.patchSchedule ?? "cron(").startsWith("cron("),
      parameters: { Operation: "Install", RebootOption: "RebootIfNeeded" },
      targets: [{ key: "tag:Patch Group", values: [patchGroup] }],
      complianceSeverity: "HIGH",
      maxConcurrency: "50%",
      maxErrors: "25%",
    });
  }

  /** Opens tcp `port` to members of another security group: the only ingress the group ever gets. */
  allowFrom(rule: SecurityGroupIngress): void {
    new VpcSecurityGroupIngressRule(this, `ingress-${rule.sourceName}-${rule.port}`, {
      securityGroupId: this.securityGroupId,
      referencedSecurityGroupId: rule.sourceSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: rule.port,
      toPort: rule.port,
      description: `${rule.sourceName} to ${this.name} on ${rule.port}`,
    });
  }
}
