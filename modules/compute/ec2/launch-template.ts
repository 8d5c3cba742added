/**
 * A hardened launch template, shared by EC2 groups and Batch EC2 compute
 * environments: IMDSv2 required with a hop limit of 1 (containers cannot
 * reach the instance's credentials), an encrypted gp3 root volume with the
 * account key, detailed monitoring, no key pair and no public IP.
 */
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Construct } from "constructs";

export interface HardenedLaunchTemplateProps {
  /** Launch template name. */
  readonly name: string;
  /** KMS key ARN encrypting the root volume. */
  readonly kmsKeyArn: string;
  /**
   * Root volume size in GiB.
   * @default 30
   */
  readonly volumeSize?: number;
  /**
   * Device name of the AMI's root volume.
   * @default /dev/xvda (Amazon Linux)
   */
  readonly rootDeviceName?: string;
  /** AMI id. @default none: the caller (e.g. AWS Batch) picks the image */
  readonly imageId?: string;
  /** Instance type. @default none: set by the caller */
  readonly instanceType?: string;
  /** Instance profile ARN. @default none: set by the caller (AWS Batch sets its own) */
  readonly instanceProfileArn?: string;
  /** Security groups. @default none: set by the caller */
  readonly securityGroupIds?: string[];
  /** Tags for instances and volumes launched from the template. @default none */
  readonly instanceTags?: Record<string, string>;
}

export class HardenedLaunchTemplate extends Construct {
  readonly template: LaunchTemplate;
  readonly id: string;
  readonly latestVersion: number;

  constructor(scope: Construct, id: string, props: HardenedLaunchTemplateProps) {
    super(scope, id);
    const tags = props.instanceTags;
    this.template = new LaunchTemplate(this, "this", {
      name: props.name,
      description: "IMDSv2 only (hop limit 1), encrypted gp3 root, no key pair, no public IP",
      imageId: props.imageId,
      instanceType: props.instanceType,
      updateDefaultVersion: true,
      iamInstanceProfile: props.instanceProfileArn ? { arn: props.instanceProfileArn } : undefined,
      vpcSecurityGroupIds: props.securityGroupIds,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "enabled" },
      blockDeviceMappings: [
        {
          deviceName: props.rootDeviceName ?? "/dev/xvda",
          ebs: { volumeSize: props.volumeSize ?? 30, volumeType: "gp3", encrypted: "true", kmsKeyId: props.kmsKeyArn, deleteOnTermination: "true" },
        },
      ],
      monitoring: { enabled: true },
      tagSpecifications: tags ? ["instance", "volume"].map((resourceType) => ({ resourceType, tags })) : undefined,
    });
    this.id = this.template.id;
    this.latestVersion = this.template.latestVersion;
  }
}
