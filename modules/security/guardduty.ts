/**
 * # security/guardduty
 * GuardDuty administered from the delegated administrator (the security
 * account), one `GuardDutyOrganization` per region: the administrator's own
 * detector with every protection plan on, the organization configuration
 * auto-enabling GuardDuty for ALL members (current and new), and the same
 * plans auto-enabled for them (S3 data events, EKS audit logs, EBS malware
 * protection, RDS login events, Lambda network logs, and runtime monitoring
 * for EKS, ECS Fargate and EC2 with the agents managed by GuardDuty).
 * Designating the delegated administrator "also enables GuardDuty for the
 * delegated GuardDuty administrator account" in that region
 * (https://docs.aws.amazon.com/guardduty/latest/ug/organizations_permissions.html),
 * so the administrator's detector already exists when this runs: with
 * `adoptExisting` it is read with the `aws_guardduty_detector` data source and
 * adopted with an `import` block (creating a second one fails).
 * Findings of every member in the region are exported to one KMS-encrypted
 * bucket (`GuardDutyFindingsArchive`, in the home region: GuardDuty exports
 * from any commercial region to a bucket whose key is in the bucket's region,
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html).
 */
import { DataAwsGuarddutyDetector } from "@cdktf/provider-aws/lib/data-aws-guardduty-detector";
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { GuarddutyDetectorFeature } from "@cdktf/provider-aws/lib/guardduty-detector-feature";
import { GuarddutyOrganizationConfiguration } from "@cdktf/provider-aws/lib/guardduty-organization-configuration";
import { GuarddutyOrganizationConfigurationFeature } from "@cdktf/provider-aws/lib/guardduty-organization-configuration-feature";
import { GuarddutyPublishingDestination } from "@cdktf/provider-aws/lib/guardduty-publishing-destination";
import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { KmsKeyConstruct } from "../kms";
import { SecureBucket } from "../secure-bucket";
import { SECURITY_SERVICE_PRINCIPALS } from "../../aws/security-services";

/** A GuardDuty protection plan and the additional configuration it takes. */
export interface GuardDutyFeature {
  readonly name: string;
  readonly additional?: readonly string[];
}

/**
 * The protection plans the landing zone turns on, by the names the GuardDuty API and AWS provider 5.100 use
 * (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html).
 * RUNTIME_MONITORING supersedes EKS_RUNTIME_MONITORING (the two cannot both be set).
 */
export const GUARDDUTY_FEATURES: readonly GuardDutyFeature[] = [
  { name: "S3_DATA_EVENTS" },
  { name: "EKS_AUDIT_LOGS" },
  { name: "EBS_MALWARE_PROTECTION" },
  { name: "RDS_LOGIN_EVENTS" },
  { name: "LAMBDA_NETWORK_LOGS" },
  { name: "RUNTIME_MONITORING", additional: ["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"] },
];

/** Where GuardDuty exports findings: a bucket and the key (in the bucket's region) it encrypts them with. */
export interface FindingsDestination {
  readonly bucketArn: string;
  readonly kmsKeyArn: string;
  /** What the export waits for (the bucket policy and the key), so GuardDuty's test write succeeds. */
  readonly dependsOn?: ITerraformDependable[];
}

export interface GuardDutyOrganizationProps {
  /**
   * The provider acting in the region, in the delegated administrator account.
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Members GuardDuty and its plans are enabled for: ALL (current and new), NEW, or NONE.
   * @default "ALL"
   */
  readonly autoEnableMembers?: "ALL" | "NEW" | "NONE";
  /** @default GUARDDUTY_FEATURES */
  readonly features?: readonly GuardDutyFeature[];
  /** Export findings here. @default no export (EventBridge only) */
  readonly findings?: FindingsDestination;
  /**
   * Adopt the detector the delegation created (data source + import) instead of creating one.
   * @default false
   */
  readonly adoptExisting?: boolean;
  /** What the organization configuration waits for: the delegation in the management account. */
  readonly dependsOn?: ITerraformDependable[];
}

export class GuardDutyOrganization extends Construct {
  readonly detector: GuarddutyDetector;

  constructor(scope: Construct, id: string, props: GuardDutyOrganizationProps = {}) {
    super(scope, id);
    const { provider } = props;
    const autoEnable = props.autoEnableMembers ?? "ALL";
    const features = props.features ?? GUARDDUTY_FEATURES;
    this.detector = new GuarddutyDetector(this, "detector", { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES", provider, dependsOn: props.dependsOn });
    if (props.adoptExisting) this.detector.importFrom(new DataAwsGuarddutyDetector(this, "designated-detector", { provider }).id, provider);
    const detectorId = this.detector.id;
    const organization = new GuarddutyOrganizationConfiguration(this, "organization", { detectorId, autoEnableOrganizationMembers: autoEnable, provider });
    for (const f of features) {
      const key = f.name.toLowerCase().replace(/_/g, "-");
      new GuarddutyDetectorFeature(this, `feature-${key}`, {
        detectorId,
        name: f.name,
        status: "ENABLED",
        additionalConfiguration: f.additional?.map((name) => ({ name, status: "ENABLED" })),
        provider,
      });
      new GuarddutyOrganizationConfigurationFeature(this, `organization-feature-${key}`, {
        detectorId,
        name: f.name,
        autoEnable,
        additionalConfiguration: f.additional?.map((name) => ({ name, autoEnable })),
        provider,
        dependsOn: [organization],
      });
    }
    if (props.findings) {
      new GuarddutyPublishingDestination(this, "findings-export", {
        detectorId,
        destinationType: "S3",
        destinationArn: props.findings.bucketArn,
        kmsKeyArn: props.findings.kmsKeyArn,
        provider,
        dependsOn: props.findings.dependsOn,
      });
    }
  }
}

/** ARN pattern of the account's GuardDuty detectors in `regions` (ids are unknown until they exist). */
export const detectorArnPatterns = (accountId: string, regions: readonly string[]): string[] => regions.map((r) => `arn:aws:guardduty:${r}:${accountId}:detector/*`);

/**
 * The key policy statement GuardDuty's export needs: kms:GenerateDataKey, only for the account's own
 * detectors (aws:SourceAccount and aws:SourceArn), as "Step 2 – Attaching policy to your KMS key" of
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html writes it.
 */
export function guardDutyKeyStatements(accountId: string, regions: readonly string[]): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      sid: "GuardDutyEncryptsExportedFindings",
      principals: [{ type: "Service", identifiers: [SECURITY_SERVICE_PRINCIPALS.guardDuty] }],
      actions: ["kms:GenerateDataKey"],
      resources: ["*"],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
        { test: "ArnLike", variable: "aws:SourceArn", values: detectorArnPatterns(accountId, regions) },
      ],
    },
  ];
}

/**
 * The bucket policy statements GuardDuty's export needs: s3:GetBucketLocation on the bucket and
 * s3:PutObject on its objects, only for the account's own detectors ("Step 3 – Attaching policy to
 * Amazon S3 bucket", https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html).
 * The bucket's own deny statements (TLS only, SSE-KMS only) stay in force.
 */
export function guardDutyBucketStatements(bucketName: string, accountId: string, regions: readonly string[]): DataAwsIamPolicyDocumentStatement[] {
  const condition = [
    { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
    { test: "ArnLike", variable: "aws:SourceArn", values: detectorArnPatterns(accountId, regions) },
  ];
  const principals = [{ type: "Service", identifiers: [SECURITY_SERVICE_PRINCIPALS.guardDuty] }];
  return [
    { sid: "GuardDutyFindsBucketLocation", principals, actions: ["s3:GetBucketLocation"], resources: [`arn:aws:s3:::${bucketName}`], condition },
    { sid: "GuardDutyExportsFindings", principals, actions: ["s3:PutObject"], resources: [`arn:aws:s3:::${bucketName}/*`], condition },
  ];
}

export interface GuardDutyFindingsArchiveProps {
  /** Prefix for the key alias. */
  readonly namePrefix: string;
  /** Bucket name (globally unique). */
  readonly bucketName: string;
  /** The account that owns the bucket and the key (the logging account). */
  readonly accountId: string;
  /**
   * The account whose detectors export here (the GuardDuty delegated administrator, which exports every
   * member's findings).
   * @default accountId
   */
  readonly sourceAccountId?: string;
  /** Every region whose detector exports here. */
  readonly regions: readonly string[];
  /** Bucket receiving the archive's server access logs. @default no access logging */
  readonly accessLogBucket?: string;
  /**
   * Days before findings expire.
   * @default 2555 (7 years)
   */
  readonly expireAfterDays?: number;
}

/** The KMS key and bucket that keep exported GuardDuty findings beyond GuardDuty's 90 days. */
export class GuardDutyFindingsArchive extends Construct {
  readonly key: KmsKeyConstruct;
  readonly bucket: SecureBucket;
  /** The export destination, for `GuardDutyOrganization`'s `findings`. */
  readonly destination: FindingsDestination;

  constructor(scope: Construct, id: string, props: GuardDutyFindingsArchiveProps) {
    super(scope, id);
    const { accountId, regions, bucketName } = props;
    const source = props.sourceAccountId ?? accountId;
    this.key = new KmsKeyConstruct(this, "key", {
      alias: `${props.namePrefix}/guardduty-findings`,
      description: "Encrypts the GuardDuty findings exported from every member and region",
      accountId,
      statements: guardDutyKeyStatements(source, regions),
    });
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName,
      kmsKeyArn: this.key.arn,
      policyStatements: guardDutyBucketStatements(bucketName, source, regions),
      expireAfterDays: props.expireAfterDays ?? 2555,
      accessLogBucket: props.accessLogBucket,
    });
    this.destination = { bucketArn: this.bucket.bucket.arn, kmsKeyArn: this.key.arn, dependsOn: [this.bucket.policy, this.key.key] };
  }
}
