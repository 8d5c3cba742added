/**
 * # security/recorder
 * AWS Config in one account: a configuration recorder, a delivery channel and
 * the recorder's status (on) in every region given, global resource types
 * (IAM users, roles, policies, groups) recorded once, in the home region. The
 * recorder uses AWS Config's service-linked role, created once per account
 * ("Using Service-Linked Roles for AWS Config",
 * https://docs.aws.amazon.com/config/latest/developerguide/using-service-linked-roles.html).
 * Delivery goes to a bucket in another account (the logging account's),
 * encrypted with its KMS key: with the service-linked role AWS Config delivers
 * as the service principal config.amazonaws.com, which the bucket policy and
 * the key policy must grant ("Permissions for the Amazon S3 Bucket for the AWS
 * Config Delivery Channel", https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html;
 * "Permissions for the KMS Key", https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html).
 * Home region: `includeGlobalResourceTypes = true`; every other region `false`
 * ("Selecting Which Resources AWS Config Records",
 * https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html).
 */
import { ConfigConfigurationRecorder } from "@cdktf/provider-aws/lib/config-configuration-recorder";
import { ConfigConfigurationRecorderStatus } from "@cdktf/provider-aws/lib/config-configuration-recorder-status";
import { ConfigDeliveryChannel } from "@cdktf/provider-aws/lib/config-delivery-channel";
import { IamServiceLinkedRole } from "@cdktf/provider-aws/lib/iam-service-linked-role";
import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { ALL_SUPPORTED_RESOURCE_TYPES } from "../../aws/config";
import { SECURITY_SERVICE_PRINCIPALS } from "../../aws/security-services";

/** Where an account's recorders deliver. */
export interface ConfigDelivery {
  /** The delivery bucket (in the logging account). */
  readonly bucketName: string;
  /** Prefix below which AWS Config writes `AWSLogs/<account>/Config/…`. */
  readonly keyPrefix: string;
  /** KMS key the delivered objects are encrypted with (same Region as the bucket). */
  readonly kmsKeyArn: string;
}

export interface ConfigRecorderProps {
  /** Recorder and delivery channel name. */
  readonly name: string;
  /** The home region's provider. @default the stack's default provider */
  readonly provider?: TerraformProvider;
  /** The other regions to record, each with its provider; global resource types are not recorded there. @default none */
  readonly regions?: readonly { readonly region: string; readonly provider: TerraformProvider }[];
  readonly delivery: ConfigDelivery;
  /**
   * How often AWS Config delivers a configuration snapshot.
   * @default "TwentyFour_Hours"
   */
  readonly snapshotFrequency?: "One_Hour" | "Three_Hours" | "Six_Hours" | "Twelve_Hours" | "TwentyFour_Hours";
  /** What the delivery channels wait for (the bucket policy and key policy, in the same stack). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/** One region's recorder, channel and status. */
export interface RegionRecorder {
  readonly region?: string;
  readonly recorder: ConfigConfigurationRecorder;
  readonly channel: ConfigDeliveryChannel;
  readonly status: ConfigConfigurationRecorderStatus;
}

export class ConfigRecorder extends Construct {
  readonly serviceLinkedRole: IamServiceLinkedRole;
  /** The home region's first, then the others in order. */
  readonly recorders: RegionRecorder[];

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    this.serviceLinkedRole = new IamServiceLinkedRole(this, "service-linked-role", {
      awsServiceName: SECURITY_SERVICE_PRINCIPALS.config,
      description: "AWS Config's configuration recorders",
      provider: props.provider,
    });
    const places = [{ suffix: "", region: undefined as string | undefined, provider: props.provider, home: true }].concat(
      (props.regions ?? []).map((r) => ({ suffix: `-${r.region}`, region: r.region as string | undefined, provider: r.provider, home: false })),
    );
    this.recorders = places.map(({ suffix, region, provider, home }) => {
      const recorder = new ConfigConfigurationRecorder(this, `recorder${suffix}`, {
        name: props.name,
        roleArn: this.serviceLinkedRole.arn,
        recordingGroup: {
          allSupported: true,
          includeGlobalResourceTypes: home,
          recordingStrategy: [{ useOnly: ALL_SUPPORTED_RESOURCE_TYPES }],
        },
        provider,
      });
      const channel = new ConfigDeliveryChannel(this, `delivery-channel${suffix}`, {
        name: props.name,
        s3BucketName: props.delivery.bucketName,
        s3KeyPrefix: props.delivery.keyPrefix,
        s3KmsKeyArn: props.delivery.kmsKeyArn,
        snapshotDeliveryProperties: { deliveryFrequency: props.snapshotFrequency ?? "TwentyFour_Hours" },
        provider,
        dependsOn: [recorder, ...(props.dependsOn ?? [])],
      });
      const status = new ConfigConfigurationRecorderStatus(this, `recorder-status${suffix}`, { name: recorder.name, isEnabled: true, provider, dependsOn: [channel] });
      return { region, recorder, channel, status };
    });
  }
}
