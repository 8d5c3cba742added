/**
 * The emulator extensions (test/e2e/moto/extensions), each called through the
 * AWS SDK the way the provider calls it, in the accounts involved. A fresh
 * launcher with a small organization: management, a network (hub) account
 * and a workload account.
 */
import { AccessAnalyzerClient, ListAnalyzersCommand } from "@aws-sdk/client-accessanalyzer";
import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DeregisterOrganizationDelegatedAdminCommand,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  RegisterOrganizationDelegatedAdminCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
} from "@aws-sdk/client-cloudtrail";
import {
  AcceptTransitGatewayVpcAttachmentCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateTransitGatewayRouteCommand,
  CreateTransitGatewayRouteTableCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupRulesCommand,
  MonitorInstancesCommand,
  RunInstancesCommand,
  UnmonitorInstancesCommand,
  SearchTransitGatewayRoutesCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateTransitGatewayCommand,
  CreateLaunchTemplateCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DeleteTransitGatewayVpcAttachmentCommand,
  DescribeRouteTablesCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DisassociateTransitGatewayRouteTableCommand,
  EC2Client,
  GetEbsDefaultKmsKeyIdCommand,
  GetInstanceMetadataDefaultsCommand,
  GetTransitGatewayRouteTablePropagationsCommand,
  ModifyEbsDefaultKmsKeyIdCommand,
  ModifyInstanceMetadataDefaultsCommand,
  ResetEbsDefaultKmsKeyIdCommand,
  DescribeVolumesCommand,
} from "@aws-sdk/client-ec2";
import { CreateLoadBalancerCommand, DescribeLoadBalancerAttributesCommand, ElasticLoadBalancingV2Client, ModifyLoadBalancerAttributesCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { CreateRoleCommand, GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { CreateOrganizationalUnitCommand, DescribeOrganizationCommand, ListDelegatedAdministratorsCommand, ListRootsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import {
  AssociateResourceShareCommand,
  CreateResourceShareCommand,
  EnableSharingWithAwsOrganizationCommand,
  DisassociateResourceShareCommand,
  GetResourceShareAssociationsCommand,
  GetResourceSharesCommand,
  ListResourceSharePermissionsCommand,
  RAMClient,
} from "@aws-sdk/client-ram";
import {
  AssociateVPCWithHostedZoneCommand,
  CreateHostedZoneCommand,
  CreateVPCAssociationAuthorizationCommand,
  DeleteVPCAssociationAuthorizationCommand,
  DisassociateVPCFromHostedZoneCommand,
  GetHostedZoneCommand,
  ListHostedZonesByVPCCommand,
  ListVPCAssociationAuthorizationsCommand,
  Route53Client,
} from "@aws-sdk/client-route-53";
import { CreateBucketCommand, HeadObjectCommand, PutBucketLoggingCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetPublicAccessBlockCommand, PutPublicAccessBlockCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { BatchClient, CreateComputeEnvironmentCommand, DescribeComputeEnvironmentsCommand } from "@aws-sdk/client-batch";
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, ECSClient, RegisterTaskDefinitionCommand, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import {
  CreateAssociationCommand,
  CreatePatchBaselineCommand,
  DeleteAssociationCommand,
  DescribeAssociationCommand,
  DescribePatchGroupsCommand,
  GetPatchBaselineCommand,
  ListTagsForResourceCommand,
  RegisterPatchBaselineForPatchGroupCommand,
  SSMClient,
  UpdateAssociationCommand,
} from "@aws-sdk/client-ssm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsWorld, ClientOptions } from "./helpers/aws";
import { signedCall } from "./helpers/signed";
import { ensureLoopbackNames, s3ControlHosts } from "./helpers/loopback";
import { Emulator, startMoto } from "./helpers/moto";
import { exampleConfig, synthConfig } from "../helpers/synth";
import { policyOf } from "../proofs/harness";
import { trailLogGroupName, trailName } from "../../src/stacks/names";

jest.setTimeout(60_000);

const MANAGEMENT = "111111111111";
const NETWORK = "333333333333";
const WORKLOAD = "444444444444";
const REGION = "us-east-1";

let workDir: string;
let emulator: Emulator;
let hub: ClientOptions;
let spoke: ClientOptions;
let management: ClientOptions;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "lz-emulator-"));
  emulator = await startMoto(workDir, {
    managementAccountId: MANAGEMENT,
    accessRoleName: "OrganizationAccountAccessRole",
    accounts: [
      { id: NETWORK, name: "network", email: "network@example.test" },
      { id: WORKLOAD, name: "workload", email: "workload@example.test" },
    ],
  });
  const world = new AwsWorld(emulator, REGION, MANAGEMENT, "OrganizationAccountAccessRole");
  [management, hub, spoke] = await Promise.all([world.in(MANAGEMENT), world.in(NETWORK), world.in(WORKLOAD)]);
});

afterAll(async () => {
  await emulator?.stop();
  if (process.env.LZ_E2E_KEEP !== "1") rmSync(workDir, { recursive: true, force: true });
});

async function vpcWithSubnet(options: ClientOptions, cidr: string): Promise<{ vpcId: string; subnetId: string; securityGroupId: string }> {
  const ec2 = new EC2Client(options);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr.replace(/\/\d+$/, "/24"), AvailabilityZone: `${REGION}a` }))).Subnet!.SubnetId!;
  const securityGroupId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `sg-${cidr}`, Description: "test" }))).GroupId!;
  return { vpcId, subnetId, securityGroupId };
}

/** A hub TGW (shared with the organization when `share`), as the network stack makes it. */
async function hubTransitGateway(share: boolean, defaults = "disable"): Promise<{ id: string; arn: string }> {
  const tgw = (
    await new EC2Client(hub).send(
      new CreateTransitGatewayCommand({ Options: { DefaultRouteTableAssociation: defaults as "disable", DefaultRouteTablePropagation: defaults as "disable", AutoAcceptSharedAttachments: "disable" } }),
    )
  ).TransitGateway!;
  if (share) {
    const org = (await new OrganizationsClient(hub).send(new DescribeOrganizationCommand({}))).Organization!;
    await new RAMClient(hub).send(new CreateResourceShareCommand({ name: `tgw-${tgw.TransitGatewayId}`, resourceArns: [tgw.TransitGatewayArn!], principals: [org.Arn!], allowExternalPrincipals: false }));
  }
  return { id: tgw.TransitGatewayId!, arn: tgw.TransitGatewayArn! };
}

describe("accounts", () => {
  it("acts in the management account with plain credentials and in the role's account after AssumeRole", async () => {
    expect((await new STSClient(management).send(new GetCallerIdentityCommand({}))).Account).toBe(MANAGEMENT);
    expect((await new STSClient(spoke).send(new GetCallerIdentityCommand({}))).Account).toBe(WORKLOAD);
  });

  it("has the seeded organization with the members' real ids", async () => {
    const org = (await new OrganizationsClient(spoke).send(new DescribeOrganizationCommand({}))).Organization!;
    expect(org.Id).toBe(emulator.organizationId);
    expect(org.MasterAccountId).toBe(MANAGEMENT);
  });
});

/** The bucket policy the CloudTrail guide gives an organization trail's bucket, for trail `name` of the management account. */
function trailBucketPolicy(bucket: string, name: string): string {
  const cloudtrail = { Service: "cloudtrail.amazonaws.com" };
  const sourceArn = { "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${MANAGEMENT}:trail/${name}` };
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: cloudtrail, Action: "s3:GetBucketAcl", Resource: `arn:aws:s3:::${bucket}`, Condition: { StringEquals: sourceArn } },
      {
        Effect: "Allow",
        Principal: cloudtrail,
        Action: "s3:PutObject",
        Resource: [`arn:aws:s3:::${bucket}/AWSLogs/${MANAGEMENT}/*`, `arn:aws:s3:::${bucket}/AWSLogs/${emulator.organizationId}/*`],
        Condition: { StringEquals: { ...sourceArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
      },
    ],
  });
}

describe("cloudtrail", () => {
  it("starts, stops and deletes a trail addressed by its ARN", async () => {
    await new S3Client(management).send(new CreateBucketCommand({ Bucket: "trail-by-arn-111111111111" }));
    await new S3Client(management).send(new PutBucketPolicyCommand({ Bucket: "trail-by-arn-111111111111", Policy: trailBucketPolicy("trail-by-arn-111111111111", "org-trail") }));
    const ct = new CloudTrailClient(management);
    const arn = (await ct.send(new CreateTrailCommand({ Name: "org-trail", S3BucketName: "trail-by-arn-111111111111", IsOrganizationTrail: true }))).TrailARN!;
    await ct.send(new StartLoggingCommand({ Name: arn }));
    expect((await ct.send(new GetTrailStatusCommand({ Name: arn }))).IsLogging).toBe(true);
    await ct.send(new StopLoggingCommand({ Name: arn }));
    expect((await ct.send(new GetTrailStatusCommand({ Name: arn }))).IsLogging).toBe(false);
    await ct.send(new DeleteTrailCommand({ Name: arn }));
    expect((await ct.send(new DescribeTrailsCommand({ trailNameList: [arn] }))).trailList).toEqual([]);
  });
});

describe("cloudtrail delivery checks", () => {
  const Bucket = "trail-checks-111111111111";
  const Name = "checked-trail";
  const ct = () => new CloudTrailClient(management);
  const refused = (name: string) => expect.objectContaining({ name });

  beforeAll(async () => {
    await new S3Client(management).send(new CreateBucketCommand({ Bucket }));
  });

  it("refuses a trail whose bucket policy does not let CloudTrail check the ACL and write, and accepts the guide's policy", async () => {
    await expect(ct().send(new CreateTrailCommand({ Name, S3BucketName: Bucket, IsOrganizationTrail: true }))).rejects.toEqual(refused("InsufficientS3BucketPolicyException"));
    // Scoped to another trail's ARN: CloudTrail's requests carry this trail's, so the grant does not apply.
    await new S3Client(management).send(new PutBucketPolicyCommand({ Bucket, Policy: trailBucketPolicy(Bucket, "another-trail") }));
    await expect(ct().send(new CreateTrailCommand({ Name, S3BucketName: Bucket, IsOrganizationTrail: true }))).rejects.toEqual(refused("InsufficientS3BucketPolicyException"));
    await new S3Client(management).send(new PutBucketPolicyCommand({ Bucket, Policy: trailBucketPolicy(Bucket, Name) }));
    const arn = (await ct().send(new CreateTrailCommand({ Name, S3BucketName: Bucket, IsOrganizationTrail: true }))).TrailARN!;
    await ct().send(new DeleteTrailCommand({ Name: arn }));
  });

  it("refuses a KMS key whose policy does not let CloudTrail generate data keys, and accepts one that does", async () => {
    const kms = new KMSClient(management);
    const admin = { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: "kms:*", Resource: "*" };
    const accountOnly = (await kms.send(new CreateKeyCommand({ Policy: JSON.stringify({ Version: "2012-10-17", Statement: [admin] }) }))).KeyMetadata!.Arn!;
    await expect(ct().send(new CreateTrailCommand({ Name, S3BucketName: Bucket, IsOrganizationTrail: true, KmsKeyId: accountOnly }))).rejects.toEqual(refused("InsufficientEncryptionPolicyException"));
    const trailArn = `arn:aws:cloudtrail:${REGION}:${MANAGEMENT}:trail/${Name}`;
    const forCloudTrail = [
      admin,
      {
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceArn": trailArn }, StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*` } },
      },
      { Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: { "aws:SourceArn": trailArn } } },
    ];
    const key = (await kms.send(new CreateKeyCommand({ Policy: JSON.stringify({ Version: "2012-10-17", Statement: forCloudTrail }) }))).KeyMetadata!.Arn!;
    const arn = (await ct().send(new CreateTrailCommand({ Name, S3BucketName: Bucket, IsOrganizationTrail: true, KmsKeyId: key }))).TrailARN!;
    await expect(ct().send(new UpdateTrailCommand({ Name: arn, KmsKeyId: accountOnly }))).rejects.toEqual(refused("InsufficientEncryptionPolicyException"));
    await ct().send(new DeleteTrailCommand({ Name: arn }));
  });

  it("refuses a CloudWatch Logs role CloudTrail cannot assume, such as one whose trust requires aws:SourceArn, and accepts the guide's trust", async () => {
    const iam = new IAMClient(management);
    const trust = (condition?: object) =>
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole", ...(condition && { Condition: condition }) }] });
    const withSourceArn = (
      await iam.send(new CreateRoleCommand({ RoleName: "trail-logs-source-arn", AssumeRolePolicyDocument: trust({ StringEquals: { "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${MANAGEMENT}:trail/${Name}` } }) }))
    ).Role!.Arn!;
    const documented = (await iam.send(new CreateRoleCommand({ RoleName: "trail-logs-documented", AssumeRolePolicyDocument: trust() }))).Role!.Arn!;
    const group = `arn:aws:logs:${REGION}:${MANAGEMENT}:log-group:/trail/checks:*`;
    await expect(ct().send(new CreateTrailCommand({ Name, S3BucketName: Bucket, IsOrganizationTrail: true, CloudWatchLogsLogGroupArn: group, CloudWatchLogsRoleArn: withSourceArn }))).rejects.toEqual(
      refused("InvalidCloudWatchLogsRoleArnException"),
    );
    const arn = (await ct().send(new CreateTrailCommand({ Name, S3BucketName: Bucket, IsOrganizationTrail: true, CloudWatchLogsLogGroupArn: group, CloudWatchLogsRoleArn: documented }))).TrailARN!;
    await expect(ct().send(new UpdateTrailCommand({ Name: arn, CloudWatchLogsLogGroupArn: group, CloudWatchLogsRoleArn: withSourceArn }))).rejects.toEqual(refused("InvalidCloudWatchLogsRoleArnException"));
    await ct().send(new DeleteTrailCommand({ Name: arn }));
  });

  it("accepts the example's own bucket policy, key policy and delivery role for an organization trail created from a member account", async () => {
    // The example's logging stack, moved into this emulator's workload account (the delegated administrator here).
    const config = exampleConfig();
    const logging = synthConfig(config).stack("logging");
    const here = (v: unknown) => JSON.parse(JSON.stringify(v).split(config.loggingAccount.id!).join(WORKLOAD));
    const refs = {
      "data.terraform_remote_state.cross_stack_reference_input_organization.outputs.cross_stack_output_aws_organizations_organization_organization_id": emulator.organizationId!,
      "aws_cloudwatch_log_group.trail_log_group.arn": `arn:aws:logs:${REGION}:${WORKLOAD}:log-group:${trailLogGroupName(config.name)}`,
    };
    const bucket: string = here(logging.output.archive_bucket.value);
    await new S3Client(spoke).send(new CreateBucketCommand({ Bucket: bucket }));
    await new S3Client(spoke).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(here(policyOf(logging, "aws_s3_bucket_policy.archive_bucket_bucket_policy", "policy", refs))) }));
    const kms = new KMSClient(spoke);
    const keyArn = (await kms.send(new CreateKeyCommand({ Policy: JSON.stringify(here(policyOf(logging, "aws_kms_key.key", "policy", refs))) }))).KeyMetadata!.Arn!;
    const role = (
      await new IAMClient(spoke).send(
        new CreateRoleCommand({
          RoleName: logging.resource.aws_iam_role.trail_cloudwatch_role.name,
          AssumeRolePolicyDocument: JSON.stringify(policyOf(logging, "aws_iam_role.trail_cloudwatch_role", "assume_role_policy", refs)),
        }),
      )
    ).Role!.Arn!;
    const trail = new CloudTrailClient(spoke);
    const arn = (
      await trail.send(
        new CreateTrailCommand({
          Name: trailName(config.name),
          S3BucketName: bucket,
          IsOrganizationTrail: true,
          IsMultiRegionTrail: true,
          EnableLogFileValidation: true,
          KmsKeyId: keyArn,
          CloudWatchLogsLogGroupArn: `${refs["aws_cloudwatch_log_group.trail_log_group.arn"]}:*`,
          CloudWatchLogsRoleArn: role,
        }),
      )
    ).TrailARN!;
    await trail.send(new DeleteTrailCommand({ Name: arn }));
  });
});

describe("cloudtrail delegated administrator", () => {
  it("registers and deregisters a member as CloudTrail's delegated administrator in Organizations", async () => {
    const ct = new CloudTrailClient(management);
    const org = new OrganizationsClient(management);
    const admins = async () =>
      ((await org.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: "cloudtrail.amazonaws.com" }))).DelegatedAdministrators ?? []).map((a) => a.Id);
    await ct.send(new RegisterOrganizationDelegatedAdminCommand({ MemberAccountId: NETWORK }));
    expect(await admins()).toEqual([NETWORK]);
    await ct.send(new DeregisterOrganizationDelegatedAdminCommand({ DelegatedAdminAccountId: NETWORK }));
    expect(await admins()).toEqual([]);
  });
});

describe("ec2 EBS default KMS key", () => {
  it("defaults to alias/aws/ebs, takes a customer key, and resets, per account", async () => {
    const ec2 = new EC2Client(spoke);
    const managed = `arn:aws:kms:${REGION}:${WORKLOAD}:alias/aws/ebs`;
    expect((await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe(managed);
    const key = `arn:aws:kms:${REGION}:${WORKLOAD}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    await ec2.send(new ModifyEbsDefaultKmsKeyIdCommand({ KmsKeyId: key }));
    expect((await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe(key);
    expect((await new EC2Client(hub).send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe(`arn:aws:kms:${REGION}:${NETWORK}:alias/aws/ebs`);
    await ec2.send(new ResetEbsDefaultKmsKeyIdCommand({}));
    expect((await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe(managed);
  });
});

describe("ec2 instance metadata defaults", () => {
  it("sets, reads and clears the account's IMDS defaults, per account", async () => {
    const ec2 = new EC2Client(spoke);
    await ec2.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: "required", HttpPutResponseHopLimit: 2 }));
    expect((await ec2.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel).toEqual({ HttpTokens: "required", HttpPutResponseHopLimit: 2 });
    expect((await new EC2Client(hub).send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel ?? {}).toEqual({});
    await ec2.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: "no-preference", HttpPutResponseHopLimit: -1 }));
    expect((await ec2.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel ?? {}).toEqual({});
  });
});

describe("ram", () => {
  let earlyShare: { arn: string; ou: string; org: string; tgw: string } | undefined;
  const rootId = async () => (await new OrganizationsClient(management).send(new ListRootsCommand({}))).Roots![0].Id!;

  // Runs before sharing with the organization is enabled: the launcher's organization starts without it, as a new one does.
  it("refuses an organization or OU principal until sharing with the organization is enabled, as RAM does", async () => {
    const tgw = await hubTransitGateway(false);
    const org = (await new OrganizationsClient(management).send(new DescribeOrganizationCommand({}))).Organization!;
    const ou = (await new OrganizationsClient(management).send(new CreateOrganizationalUnitCommand({ ParentId: await rootId(), Name: "ram-refusal" }))).OrganizationalUnit!;
    const ram = new RAMClient(hub);
    const refusal = { name: "OperationNotPermittedException", message: expect.stringContaining("have not enabled sharing with your AWS organization") };
    await expect(ram.send(new CreateResourceShareCommand({ name: "early-org", resourceArns: [tgw.arn], principals: [org.Arn!], allowExternalPrincipals: false }))).rejects.toMatchObject(refusal);
    const arn = (await ram.send(new CreateResourceShareCommand({ name: "early", resourceArns: [tgw.arn], principals: [MANAGEMENT], allowExternalPrincipals: false }))).resourceShare!.resourceShareArn!;
    await expect(ram.send(new AssociateResourceShareCommand({ resourceShareArn: arn, principals: [ou.Arn!] }))).rejects.toMatchObject(refusal);
    await expect(ram.send(new AssociateResourceShareCommand({ resourceShareArn: arn, principals: [org.Arn!] }))).rejects.toMatchObject(refusal);
    // an account id is always accepted
    await ram.send(new AssociateResourceShareCommand({ resourceShareArn: arn, principals: [WORKLOAD] }));
    earlyShare = { arn, ou: ou.Arn!, org: org.Arn!, tgw: tgw.arn };
  });

  it("creates RAM's service-linked role in the management account when sharing with the organization is enabled", async () => {
    const role = () => new IAMClient(management).send(new GetRoleCommand({ RoleName: "AWSServiceRoleForResourceAccessManager" }));
    await expect(role()).rejects.toThrow();
    expect((await new RAMClient(management).send(new EnableSharingWithAwsOrganizationCommand({}))).returnValue).toBe(true);
    expect((await role()).Role!.Path).toBe("/aws-service-role/ram.amazonaws.com/");
    // enabling again keeps the one role
    expect((await new RAMClient(management).send(new EnableSharingWithAwsOrganizationCommand({}))).returnValue).toBe(true);
  });

  it("accepts organization and OU principals once the management account has enabled sharing with the organization", async () => {
    const { arn, ou, org, tgw } = earlyShare!;
    const ram = new RAMClient(hub);
    await ram.send(new AssociateResourceShareCommand({ resourceShareArn: arn, principals: [org] }));
    const principals = (await ram.send(new GetResourceShareAssociationsCommand({ associationType: "PRINCIPAL", resourceShareArns: [arn] }))).resourceShareAssociations!;
    expect(principals.map((a) => a.associatedEntity).sort()).toEqual([MANAGEMENT, WORKLOAD, org].sort());
    const created = (await ram.send(new CreateResourceShareCommand({ name: "org", resourceArns: [tgw], principals: [org], allowExternalPrincipals: false }))).resourceShare!;
    expect(created.status).toBe("ACTIVE");
    // moto resolves OUs only from the management account's view of the organization, so the OU share is made there.
    const toOu = (await new RAMClient(management).send(new CreateResourceShareCommand({ name: "ou", principals: [ou], allowExternalPrincipals: false }))).resourceShare!;
    expect(toOu.status).toBe("ACTIVE");
  });

  it("tags a share, associates a TGW and the organization, lists its permission, and shows it to members", async () => {
    const tgw = await hubTransitGateway(false);
    const ram = new RAMClient(hub);
    const arn = (await ram.send(new CreateResourceShareCommand({ name: "hub-tgw", allowExternalPrincipals: false, tags: [{ key: "lz:stack", value: "network" }] }))).resourceShare!.resourceShareArn!;
    const org = (await new OrganizationsClient(hub).send(new DescribeOrganizationCommand({}))).Organization!;
    await ram.send(new AssociateResourceShareCommand({ resourceShareArn: arn, resourceArns: [tgw.arn], principals: [org.Arn!] }));

    const [share] = (await ram.send(new GetResourceSharesCommand({ resourceOwner: "SELF", resourceShareArns: [arn] }))).resourceShares!;
    expect(share.tags).toEqual([{ key: "lz:stack", value: "network" }]);
    const permissions = (await ram.send(new ListResourceSharePermissionsCommand({ resourceShareArn: arn }))).permissions!;
    expect(permissions.map((p) => p.arn)).toEqual(["arn:aws:ram::aws:permission/AWSRAMDefaultPermissionTransitGateway"]);
    const principals = (await ram.send(new GetResourceShareAssociationsCommand({ associationType: "PRINCIPAL", resourceShareArns: [arn] }))).resourceShareAssociations!;
    expect(principals.map((a) => [a.associatedEntity, a.status])).toEqual([[org.Arn, "ASSOCIATED"]]);

    const received = (await new RAMClient(spoke).send(new GetResourceSharesCommand({ resourceOwner: "OTHER-ACCOUNTS" }))).resourceShares!;
    expect(received.map((s) => s.resourceShareArn)).toContain(arn);
    await ram.send(new DisassociateResourceShareCommand({ resourceShareArn: arn, principals: [org.Arn!] }));
    const after = (await new RAMClient(spoke).send(new GetResourceSharesCommand({ resourceOwner: "OTHER-ACCOUNTS" }))).resourceShares!;
    expect(after.map((s) => s.resourceShareArn)).not.toContain(arn);
  });
});

describe("access analyzer", () => {
  // The provider's calls (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CreateAnalyzer.html),
  // signed as the SDK signs them; moto checks no signature, only the credential scope's key, region and service.
  const call = (options: ClientOptions, method: string, path: string, body?: object) =>
    fetch(`${emulator.endpoint}${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        authorization: `AWS4-HMAC-SHA256 Credential=${options.credentials.accessKeyId}/20260101/${options.region}/access-analyzer/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: body ? JSON.stringify(body) : undefined,
    });

  it("creates an analyzer in the calling account, reads, tags and deletes it, and answers at once for what it lacks", async () => {
    const created = await call(spoke, "PUT", "/analyzer", { analyzerName: "acme-account", type: "ACCOUNT", tags: { "lz:stack": "workload" } });
    expect(created.status).toBe(200);
    const arn = `arn:aws:access-analyzer:${REGION}:${WORKLOAD}:analyzer/acme-account`;
    expect(await created.json()).toEqual({ arn });
    const read = (await (await call(spoke, "GET", "/analyzer/acme-account")).json()) as { analyzer: Record<string, unknown> };
    expect(read.analyzer).toMatchObject({ arn, name: "acme-account", type: "ACCOUNT", status: "ACTIVE", tags: { "lz:stack": "workload" } });
    expect((await call(hub, "GET", "/analyzer/acme-account")).status).toBe(404); // another account has none
    const listed = (await new AccessAnalyzerClient(spoke).send(new ListAnalyzersCommand({ type: "ACCOUNT" }))).analyzers ?? [];
    expect(listed.map((a) => [a.name, a.status])).toEqual([["acme-account", "ACTIVE"]]);
    expect((await new AccessAnalyzerClient(spoke).send(new ListAnalyzersCommand({ type: "ORGANIZATION" }))).analyzers).toEqual([]);
    expect((await call(spoke, "PUT", "/analyzer", { analyzerName: "acme-account", type: "ACCOUNT" })).status).toBe(409);
    expect((await call(spoke, "POST", `/tags/${encodeURIComponent(arn)}`, { tags: { team: "platform" } })).status).toBe(200);
    expect((await call(spoke, "DELETE", `/tags/${encodeURIComponent(arn)}?tagKeys=lz%3Astack`)).status).toBe(200);
    expect(((await (await call(spoke, "GET", "/analyzer/acme-account")).json()) as { analyzer: { tags: object } }).analyzer.tags).toEqual({ team: "platform" });
    expect((await call(spoke, "DELETE", "/analyzer/acme-account")).status).toBe(200);
    expect((await call(spoke, "GET", "/analyzer/acme-account")).status).toBe(404);
    const unsupported = await call(spoke, "POST", "/finding");
    expect({ status: unsupported.status, type: unsupported.headers.get("x-amzn-errortype") }).toEqual({ status: 400, type: "UnsupportedOperation" });
  });
});

describe("services moto lacks", () => {
  it("refuses App Runner at once with UnsupportedOperation instead of a 500 the provider retries", async () => {
    const started = Date.now();
    const response = await fetch(emulator.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "AppRunner.CreateService",
        authorization: `AWS4-HMAC-SHA256 Credential=${spoke.credentials.accessKeyId}/20260101/${REGION}/apprunner/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: JSON.stringify({ ServiceName: "portal" }),
    });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 400,
      body: { __type: "UnsupportedOperation", message: "the landing-zone emulator (moto 5.2.1) has no App Runner API" },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("route53", () => {
  it("makes a zone created with only a VPC private", async () => {
    const { vpcId } = await vpcWithSubnet(hub, "10.1.0.0/16");
    const r53 = new Route53Client(hub);
    const zone = (await r53.send(new CreateHostedZoneCommand({ Name: "private.example.internal", CallerReference: "private-flag", VPC: { VPCId: vpcId, VPCRegion: REGION } }))).HostedZone!;
    const read = await r53.send(new GetHostedZoneCommand({ Id: zone.Id }));
    expect(read.HostedZone!.Config!.PrivateZone).toBe(true);
    expect(read.VPCs).toEqual([{ VPCId: vpcId, VPCRegion: REGION }]);
  });

  it("associates a workload VPC with the hub's zone only once the hub authorized it", async () => {
    const hubVpc = await vpcWithSubnet(hub, "10.2.0.0/16");
    const spokeVpc = await vpcWithSubnet(spoke, "10.16.0.0/20");
    const owner = new Route53Client(hub);
    const zoneId = (await owner.send(new CreateHostedZoneCommand({ Name: "shared.example.internal", CallerReference: "shared", VPC: { VPCId: hubVpc.vpcId, VPCRegion: REGION } }))).HostedZone!.Id!;
    const member = new Route53Client(spoke);
    const associate = new AssociateVPCWithHostedZoneCommand({ HostedZoneId: zoneId, VPC: { VPCId: spokeVpc.vpcId, VPCRegion: REGION } });
    await expect(member.send(associate)).rejects.toMatchObject({ name: "NotAuthorizedException" });

    await owner.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: zoneId, VPC: { VPCId: spokeVpc.vpcId, VPCRegion: REGION } }));
    expect((await owner.send(new ListVPCAssociationAuthorizationsCommand({ HostedZoneId: zoneId }))).VPCs).toEqual([{ VPCId: spokeVpc.vpcId, VPCRegion: REGION }]);
    await member.send(associate);
    const listed = (await member.send(new ListHostedZonesByVPCCommand({ VPCId: spokeVpc.vpcId, VPCRegion: REGION }))).HostedZoneSummaries!;
    expect(listed.map((z) => [`/hostedzone/${z.HostedZoneId}`, z.Owner?.OwningAccount])).toEqual([[zoneId, NETWORK]]);

    await owner.send(new DeleteVPCAssociationAuthorizationCommand({ HostedZoneId: zoneId, VPC: { VPCId: spokeVpc.vpcId, VPCRegion: REGION } }));
    expect((await owner.send(new ListVPCAssociationAuthorizationsCommand({ HostedZoneId: zoneId }))).VPCs).toEqual([]);
    await member.send(new DisassociateVPCFromHostedZoneCommand({ HostedZoneId: zoneId, VPC: { VPCId: spokeVpc.vpcId, VPCRegion: REGION } }));
    expect((await member.send(new ListHostedZonesByVPCCommand({ VPCId: spokeVpc.vpcId, VPCRegion: REGION }))).HostedZoneSummaries).toEqual([]);
  });
});

describe("transit gateway", () => {
  it("lists a static route's attachment, so it is not read as a blackhole", async () => {
    const tgw = await hubTransitGateway(false);
    const ec2 = new EC2Client(hub);
    const { vpcId, subnetId } = await vpcWithSubnet(hub, "10.24.0.0/16");
    const attachment = (await ec2.send(new CreateTransitGatewayVpcAttachmentCommand({ TransitGatewayId: tgw.id, VpcId: vpcId, SubnetIds: [subnetId] }))).TransitGatewayVpcAttachment!.TransitGatewayAttachmentId!;
    const table = (await ec2.send(new CreateTransitGatewayRouteTableCommand({ TransitGatewayId: tgw.id }))).TransitGatewayRouteTable!.TransitGatewayRouteTableId!;
    await ec2.send(new CreateTransitGatewayRouteCommand({ TransitGatewayRouteTableId: table, DestinationCidrBlock: "0.0.0.0/0", TransitGatewayAttachmentId: attachment }));
    const filters = [{ Name: "type", Values: ["static"] }, { Name: "route-search.exact-match", Values: ["0.0.0.0/0"] }];
    const [route] = (await ec2.send(new SearchTransitGatewayRoutesCommand({ TransitGatewayRouteTableId: table, Filters: filters }))).Routes!;
    expect(route.State).toBe("active");
    expect(route.TransitGatewayAttachments!.map((a) => a.TransitGatewayAttachmentId)).toEqual([attachment]);
  });

  it("leaves a new attachment unassociated when the TGW disables default route tables, and keeps its tags", async () => {
    const tgw = await hubTransitGateway(false, "disable");
    const ec2 = new EC2Client(hub);
    expect((await ec2.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [tgw.id] }))).TransitGateways![0].Options!.AssociationDefaultRouteTableId).toBeUndefined();
    const { vpcId, subnetId } = await vpcWithSubnet(hub, "10.3.0.0/16");
    const tags = [{ Key: "Name", Value: "hub" }];
    const created = await ec2.send(
      new CreateTransitGatewayVpcAttachmentCommand({ TransitGatewayId: tgw.id, VpcId: vpcId, SubnetIds: [subnetId], TagSpecifications: [{ ResourceType: "transit-gateway-attachment", Tags: tags }] }),
    );
    const id = created.TransitGatewayVpcAttachment!.TransitGatewayAttachmentId!;
    const [attachment] = (await ec2.send(new DescribeTransitGatewayAttachmentsCommand({ TransitGatewayAttachmentIds: [id] }))).TransitGatewayAttachments!;
    expect(attachment.Association).toBeUndefined();
    expect(attachment.Tags).toEqual(tags);
  });

  it("associates and propagates a new attachment in the default table when the TGW enables it, and can undo it", async () => {
    const tgw = await hubTransitGateway(false, "enable");
    const ec2 = new EC2Client(hub);
    const table = (await ec2.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [tgw.id] }))).TransitGateways![0].Options!.AssociationDefaultRouteTableId!;
    const { vpcId, subnetId } = await vpcWithSubnet(hub, "10.4.0.0/16");
    const id = (await ec2.send(new CreateTransitGatewayVpcAttachmentCommand({ TransitGatewayId: tgw.id, VpcId: vpcId, SubnetIds: [subnetId] }))).TransitGatewayVpcAttachment!.TransitGatewayAttachmentId!;
    const described = async () => (await ec2.send(new DescribeTransitGatewayAttachmentsCommand({ TransitGatewayAttachmentIds: [id] }))).TransitGatewayAttachments![0];
    expect((await described()).Association).toEqual({ TransitGatewayRouteTableId: table, State: "associated" });
    const propagations = (await ec2.send(new GetTransitGatewayRouteTablePropagationsCommand({ TransitGatewayRouteTableId: table }))).TransitGatewayRouteTablePropagations!;
    expect(propagations.map((p) => p.TransitGatewayAttachmentId)).toEqual([id]);
    await ec2.send(new DisassociateTransitGatewayRouteTableCommand({ TransitGatewayRouteTableId: table, TransitGatewayAttachmentId: id }));
    expect((await described()).Association).toBeUndefined();
  });

  it("refuses an attachment to another account's TGW that is not shared", async () => {
    const tgw = await hubTransitGateway(false);
    const { vpcId, subnetId } = await vpcWithSubnet(spoke, "10.17.0.0/20");
    await expect(new EC2Client(spoke).send(new CreateTransitGatewayVpcAttachmentCommand({ TransitGatewayId: tgw.id, VpcId: vpcId, SubnetIds: [subnetId] }))).rejects.toMatchObject({
      name: "InvalidTransitGatewayID.NotFound",
    });
  });

  it("attaches a workload VPC to the hub TGW shared by RAM, routes to it, and lets the hub accept and either side see it", async () => {
    const tgw = await hubTransitGateway(true);
    const member = new EC2Client(spoke);
    const owner = new EC2Client(hub);
    const seen = (await member.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [tgw.id] }))).TransitGateways!;
    expect(seen.map((t) => t.OwnerId)).toEqual([NETWORK]);

    const { vpcId, subnetId } = await vpcWithSubnet(spoke, "10.18.0.0/20");
    const created = await member.send(
      new CreateTransitGatewayVpcAttachmentCommand({ TransitGatewayId: tgw.id, VpcId: vpcId, SubnetIds: [subnetId], TagSpecifications: [{ ResourceType: "transit-gateway-attachment", Tags: [{ Key: "side", Value: "spoke" }] }] }),
    );
    const id = created.TransitGatewayVpcAttachment!.TransitGatewayAttachmentId!;
    expect(created.TransitGatewayVpcAttachment).toMatchObject({ State: "pendingAcceptance", VpcOwnerId: WORKLOAD });

    const table = (await member.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await member.send(new CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: "0.0.0.0/0", TransitGatewayId: tgw.id }));
    const routes = (await member.send(new DescribeRouteTablesCommand({ RouteTableIds: [table] }))).RouteTables![0].Routes!;
    expect(routes.find((r) => r.DestinationCidrBlock === "0.0.0.0/0")?.TransitGatewayId).toBe(tgw.id);

    await owner.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: "side", Value: "hub" }] }));
    const accepted = await owner.send(new AcceptTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: id }));
    expect(accepted.TransitGatewayVpcAttachment!.State).toBe("available");
    const [fromHub] = (await owner.send(new DescribeTransitGatewayAttachmentsCommand({ TransitGatewayAttachmentIds: [id] }))).TransitGatewayAttachments!;
    expect(fromHub).toMatchObject({ TransitGatewayOwnerId: NETWORK, ResourceOwnerId: WORKLOAD, State: "available", Tags: [{ Key: "side", Value: "hub" }] });
    expect(fromHub.Association).toBeUndefined(); // the TGW disables default association
    const [fromSpoke] = (await member.send(new DescribeTransitGatewayVpcAttachmentsCommand({ TransitGatewayAttachmentIds: [id] }))).TransitGatewayVpcAttachments!;
    expect(fromSpoke).toMatchObject({ State: "available", Tags: [{ Key: "side", Value: "spoke" }] });
    await expect(owner.send(new AcceptTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: id }))).rejects.toMatchObject({ name: "IncorrectState" });

    await member.send(new DeleteTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: id }));
    expect((await owner.send(new DescribeTransitGatewayVpcAttachmentsCommand({ TransitGatewayAttachmentIds: [id] }))).TransitGatewayVpcAttachments).toEqual([]);
  });
});

describe("s3", () => {
  const Bucket = "policy-conditions-111111111111";

  it("applies a TLS-only, SSE-KMS-only bucket policy as S3 does, and refuses a second conditional write", async () => {
    const s3 = new S3Client(management);
    await s3.send(new CreateBucketCommand({ Bucket }));
    const policy = {
      Version: "2012-10-17",
      Statement: [
        { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${Bucket}`, `arn:aws:s3:::${Bucket}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
        { Sid: "DenyOtherEncryption", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `arn:aws:s3:::${Bucket}/*`, Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } } },
        { Sid: "ServiceOnly", Effect: "Deny", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${Bucket}/*` },
      ],
    };
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(policy) }));
    await expect(s3.send(new HeadObjectCommand({ Bucket, Key: "missing" }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    await expect(s3.send(new PutObjectCommand({ Bucket, Key: "plain", Body: "x" }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    await s3.send(new PutObjectCommand({ Bucket, Key: "state", Body: "x", ServerSideEncryption: "aws:kms" }));
    expect((await s3.send(new HeadObjectCommand({ Bucket, Key: "state" }))).ContentLength).toBe(1);
    // Terraform's S3 lock is a conditional write: a second one must fail.
    await expect(s3.send(new PutObjectCommand({ Bucket, Key: "state", Body: "y", ServerSideEncryption: "aws:kms", IfNoneMatch: "*" }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 412 },
    });
  });

  it("enables server access logging into a bucket whose policy admits the logging service, whatever form its other statements take", async () => {
    const s3 = new S3Client(management);
    const source = "logged-111111111111";
    const target = "access-logs-111111111111";
    await s3.send(new CreateBucketCommand({ Bucket: source }));
    await s3.send(new CreateBucketCommand({ Bucket: target }));
    const logging = { Bucket: source, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: `${source}/` } } };
    const tlsOnly = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${target}`, `arn:aws:s3:::${target}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } };
    await s3.send(new PutBucketPolicyCommand({ Bucket: target, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [tlsOnly] }) }));
    await expect(s3.send(new PutBucketLoggingCommand(logging))).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    const delivery = { Effect: "Allow", Principal: { Service: ["logging.s3.amazonaws.com"] }, Action: ["s3:PutObject"], Resource: [`arn:aws:s3:::${target}/*`] };
    await s3.send(new PutBucketPolicyCommand({ Bucket: target, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [tlsOnly, delivery] }) }));
    await s3.send(new PutBucketLoggingCommand(logging));
  });

  it("serves S3 Control at <account-id>.localhost, which the harness makes resolve (or fails)", async () => {
    expect(await ensureLoopbackNames(s3ControlHosts([MANAGEMENT]))).toEqual([]);
    // The SDK, like the provider, puts the account id in front of the endpoint's host.
    const s3control = new S3ControlClient({ ...management, endpoint: `http://localhost:${emulator.port}` });
    const PublicAccessBlockConfiguration = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    await s3control.send(new PutPublicAccessBlockCommand({ AccountId: MANAGEMENT, PublicAccessBlockConfiguration }));
    expect((await s3control.send(new GetPublicAccessBlockCommand({ AccountId: MANAGEMENT }))).PublicAccessBlockConfiguration).toEqual(PublicAccessBlockConfiguration);
  });
});

describe("elbv2 access logs", () => {
  // AWS: enabling access logs writes ELBAccessLogTestFile as the Region's ELB principal and fails with
  // "Access Denied for bucket" unless the bucket policy allows it
  // (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
  async function loadBalancer(options: ClientOptions, cidr: string, name: string): Promise<string> {
    const ec2 = new EC2Client(options);
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
    const subnets = await Promise.all(
      ["a", "b"].map(async (az, i) => (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr.replace(/\.0\.0\/20$/, `.${i}.0/24`), AvailabilityZone: `${options.region}${az}` }))).Subnet!.SubnetId!),
    );
    return (await new ElasticLoadBalancingV2Client(options).send(new CreateLoadBalancerCommand({ Name: name, Type: "application", Scheme: "internal", Subnets: subnets }))).LoadBalancers![0].LoadBalancerArn!;
  }
  const enable = (arn: string, bucket: string, prefix: string) =>
    new ModifyLoadBalancerAttributesCommand({
      LoadBalancerArn: arn,
      Attributes: [
        { Key: "access_logs.s3.enabled", Value: "true" },
        { Key: "access_logs.s3.bucket", Value: bucket },
        { Key: "access_logs.s3.prefix", Value: prefix },
      ],
    });
  // The SDK names error code InvalidConfigurationRequest by its shape, InvalidConfigurationRequestException.
  const refused = (bucket: string) => ({ name: "InvalidConfigurationRequestException", message: `Access Denied for bucket: ${bucket}. Please check S3bucket permission` });

  it("refuses access logs until the bucket policy lets the Region's ELB account write under the prefix, and accepts the landing zone's policy", async () => {
    // The example's own ALB log bucket policy for analytics-dev (555555555555), played in the spoke account.
    const synth = synthConfig();
    const stack = synth.stack("workload-analytics-dev");
    const ours = policyOf(stack, "aws_s3_bucket_policy.alb_logs_bucket_bucket_policy", "policy");
    const lb = Object.values(stack.resource.aws_lb)[0] as { access_logs: { bucket: string; prefix: string } };
    const mutated = (statements: Record<string, unknown>[]) => JSON.stringify({ ...ours, Statement: statements });
    const account = "555555555555";
    expect(lb.access_logs.bucket).toBe(`acme-alb-logs-${account}`);
    const Bucket = lb.access_logs.bucket.replace(account, WORKLOAD);
    const policyFor = (json: string) => json.split(account).join(WORKLOAD);

    const s3 = new S3Client(spoke);
    await s3.send(new CreateBucketCommand({ Bucket }));
    const arn = await loadBalancer(spoke, "10.28.0.0/20", "logged");
    const elb = new ElasticLoadBalancingV2Client(spoke);

    // No policy at all: the load balancer came first.
    await expect(elb.send(enable(arn, Bucket, lb.access_logs.prefix))).rejects.toMatchObject(refused(Bucket));
    // Mutation: the ELB statement removed.
    const withoutElb = ours.Statement.filter((st) => st.Sid !== "ElbLogDelivery");
    expect(withoutElb).toHaveLength(ours.Statement.length - 1);
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policyFor(mutated(withoutElb)) }));
    await expect(elb.send(enable(arn, Bucket, lb.access_logs.prefix))).rejects.toMatchObject(refused(Bucket));
    // Mutation: the service principal of newer Regions instead of us-east-1's ELB account.
    const wrongPrincipal = ours.Statement.map((st) => (st.Sid === "ElbLogDelivery" ? { ...st, Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" } } : st));
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policyFor(mutated(wrongPrincipal)) }));
    await expect(elb.send(enable(arn, Bucket, lb.access_logs.prefix))).rejects.toMatchObject(refused(Bucket));
    // Mutation: another account's log prefix.
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policyFor(mutated(ours.Statement)).split(`AWSLogs/${WORKLOAD}/`).join("AWSLogs/999999999999/") }));
    await expect(elb.send(enable(arn, Bucket, lb.access_logs.prefix))).rejects.toMatchObject(refused(Bucket));
    // The landing zone's policy.
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policyFor(mutated(ours.Statement)) }));
    await elb.send(enable(arn, Bucket, lb.access_logs.prefix));
    const attributes = (await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }))).Attributes!;
    expect(Object.fromEntries(attributes.filter((a) => a.Key!.startsWith("access_logs.s3")).map((a) => [a.Key, a.Value]))).toEqual({
      "access_logs.s3.enabled": "true",
      "access_logs.s3.bucket": Bucket,
      "access_logs.s3.prefix": lb.access_logs.prefix,
    });
  });

  it("wants the log delivery service principal in a Region opened since August 2022, and a bucket that exists", async () => {
    const options = { ...spoke, region: "il-central-1" };
    const Bucket = `alb-logs-il-${WORKLOAD}`;
    const s3 = new S3Client(options);
    await s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: "il-central-1" } }));
    const arn = await loadBalancer(options, "10.29.0.0/20", "logged-il");
    const elb = new ElasticLoadBalancingV2Client(options);
    const statement = (principal: object) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "s3:PutObject", Resource: `arn:aws:s3:::${Bucket}/web/AWSLogs/${WORKLOAD}/*` }] });
    await expect(elb.send(enable(arn, "no-such-bucket-444444444444", "web"))).rejects.toMatchObject({ name: "InvalidConfigurationRequestException" });
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(statement({ AWS: "arn:aws:iam::127311923021:root" })) }));
    await expect(elb.send(enable(arn, Bucket, "web"))).rejects.toMatchObject(refused(Bucket));
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(statement({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" })) }));
    await elb.send(enable(arn, Bucket, "web"));
  });
});

describe("workload services", () => {
  it("tags a patch baseline on creation and reads it and its patch group back", async () => {
    const ssm = new SSMClient(spoke);
    const { BaselineId } = await ssm.send(
      new CreatePatchBaselineCommand({
        Name: "al2023",
        OperatingSystem: "AMAZON_LINUX_2023",
        ApprovalRules: { PatchRules: [{ ApproveAfterDays: 7, PatchFilterGroup: { PatchFilters: [{ Key: "CLASSIFICATION", Values: ["Security"] }] } }] },
        Tags: [{ Key: "lz:stack", Value: "workload" }],
      }),
    );
    await ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId, PatchGroup: "payments" }));
    const read = await ssm.send(new GetPatchBaselineCommand({ BaselineId }));
    expect(read).toMatchObject({ BaselineId, Name: "al2023", OperatingSystem: "AMAZON_LINUX_2023", PatchGroups: ["payments"] });
    expect((await ssm.send(new ListTagsForResourceCommand({ ResourceType: "PatchBaseline", ResourceId: BaselineId }))).TagList).toEqual([{ Key: "lz:stack", Value: "workload" }]);
    const groups = (await ssm.send(new DescribePatchGroupsCommand({}))).Mappings!;
    expect(groups.map((m) => [m.PatchGroup, m.BaselineIdentity?.BaselineId])).toEqual([["payments", BaselineId]]);
  });

  it("creates, reads, updates and deletes a State Manager association", async () => {
    const ssm = new SSMClient(spoke);
    const created = (
      await ssm.send(
        new CreateAssociationCommand({
          Name: "AWS-RunPatchBaseline",
          ScheduleExpression: "cron(0 3 ? * SUN *)",
          Parameters: { Operation: ["Install"] },
          Targets: [{ Key: "tag:Patch Group", Values: ["payments"] }],
        }),
      )
    ).AssociationDescription!;
    const AssociationId = created.AssociationId!;
    expect((await ssm.send(new DescribeAssociationCommand({ AssociationId }))).AssociationDescription).toMatchObject({
      Name: "AWS-RunPatchBaseline",
      Parameters: { Operation: ["Install"] },
      Targets: [{ Key: "tag:Patch Group", Values: ["payments"] }],
    });
    const updated = (await ssm.send(new UpdateAssociationCommand({ AssociationId, ScheduleExpression: "cron(0 4 ? * SUN *)" }))).AssociationDescription!;
    expect(updated).toMatchObject({ ScheduleExpression: "cron(0 4 ? * SUN *)", AssociationVersion: "2" });
    await ssm.send(new DeleteAssociationCommand({ AssociationId }));
    await expect(ssm.send(new DescribeAssociationCommand({ AssociationId }))).rejects.toMatchObject({ name: "AssociationDoesNotExist" });
  });

  it("keeps the tags of a scalable target", async () => {
    const ecs = new ECSClient(spoke);
    const { subnetId, securityGroupId } = await vpcWithSubnet(spoke, "10.19.0.0/20");
    await ecs.send(new CreateClusterCommand({ clusterName: "scaling" }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: "api", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512", containerDefinitions: [{ name: "api", image: "api:1" }] }));
    await ecs.send(
      new CreateServiceCommand({ cluster: "scaling", serviceName: "api", taskDefinition: "api", desiredCount: 1, launchType: "FARGATE", networkConfiguration: { awsvpcConfiguration: { subnets: [subnetId], securityGroups: [securityGroupId] } } }),
    );
    // No Application Auto Scaling SDK client is installed: its JSON protocol, with moto's routing by credential scope.
    const call = async (action: string, body: object) => {
      const response = await fetch(emulator.endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": `AnyScaleFrontendService.${action}`,
          authorization: `AWS4-HMAC-SHA256 Credential=${spoke.credentials.accessKeyId}/20260101/${REGION}/application-autoscaling/aws4_request, SignedHeaders=host, Signature=0`,
        },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const target = { ServiceNamespace: "ecs", ResourceId: "service/scaling/api", ScalableDimension: "ecs:service:DesiredCount" };
    const { ScalableTargetARN } = await call("RegisterScalableTarget", { ...target, MinCapacity: 1, MaxCapacity: 2, Tags: { "lz:stack": "workload" } });
    expect((await call("ListTagsForResource", { ResourceARN: ScalableTargetARN })).Tags).toEqual({ "lz:stack": "workload" });
    await call("TagResource", { ResourceARN: ScalableTargetARN, Tags: { team: "payments" } });
    await call("UntagResource", { ResourceARN: ScalableTargetARN, TagKeys: ["lz:stack"] });
    expect((await call("ListTagsForResource", { ResourceARN: ScalableTargetARN })).Tags).toEqual({ team: "payments" });
  });

  it("returns an ECS service's availabilityZoneRebalancing, enableECSManagedTags and healthCheckGracePeriodSeconds", async () => {
    const ecs = new ECSClient(spoke);
    const { subnetId, securityGroupId } = await vpcWithSubnet(spoke, "10.20.0.0/20");
    await ecs.send(new CreateClusterCommand({ clusterName: "rebalancing" }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: "web", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512", containerDefinitions: [{ name: "web", image: "web:1" }] }));
    await ecs.send(
      new CreateServiceCommand({
        cluster: "rebalancing",
        serviceName: "web",
        taskDefinition: "web",
        desiredCount: 1,
        launchType: "FARGATE",
        availabilityZoneRebalancing: "DISABLED",
        enableECSManagedTags: true,
        healthCheckGracePeriodSeconds: 60,
        networkConfiguration: { awsvpcConfiguration: { subnets: [subnetId], securityGroups: [securityGroupId] } },
      }),
    );
    const [service] = (await ecs.send(new DescribeServicesCommand({ cluster: "rebalancing", services: ["web"] }))).services!;
    expect(service.availabilityZoneRebalancing).toBe("DISABLED");
    expect(service.enableECSManagedTags).toBe(true);
    expect(service.healthCheckGracePeriodSeconds).toBe(60);
  });

  it("keeps the description of a rule that references another security group", async () => {
    const ec2 = new EC2Client(spoke);
    const { vpcId, securityGroupId: tasks } = await vpcWithSubnet(spoke, "10.22.0.0/20");
    const alb = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: "alb", Description: "alb" }))).GroupId!;
    const [rule] = (
      await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: tasks, IpPermissions: [{ IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: alb, Description: "load balancer to tasks" }] }] }))
    ).SecurityGroupRules!;
    const [read] = (await ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [rule.SecurityGroupRuleId!] }))).SecurityGroupRules!;
    expect(read.Description).toBe("load balancer to tasks");
  });

  it("reports no public IP association for an instance launched without one", async () => {
    const ec2 = new EC2Client(spoke);
    const { subnetId } = await vpcWithSubnet(spoke, "10.23.0.0/20");
    const launched = (await ec2.send(new RunInstancesCommand({ ImageId: "ami-12c6146b", MinCount: 1, MaxCount: 1, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, AssociatePublicIpAddress: false }] }))).Instances![0];
    const [instance] = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [launched.InstanceId!] }))).Reservations![0].Instances!;
    expect(instance.PublicIpAddress).toBeUndefined();
    expect(instance.NetworkInterfaces![0].Association).toBeUndefined();
  });

  it("switches an instance's detailed monitoring with MonitorInstances and UnmonitorInstances", async () => {
    const ec2 = new EC2Client(spoke);
    const { subnetId } = await vpcWithSubnet(spoke, "10.24.0.0/20");
    const launched = (await ec2.send(new RunInstancesCommand({ ImageId: "ami-12c6146b", MinCount: 1, MaxCount: 1, SubnetId: subnetId }))).Instances![0];
    const state = async () => (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [launched.InstanceId!] }))).Reservations![0].Instances![0].Monitoring?.State;
    expect(await state()).toBe("disabled");
    const on = await ec2.send(new MonitorInstancesCommand({ InstanceIds: [launched.InstanceId!] }));
    expect(on.InstanceMonitorings).toEqual([{ InstanceId: launched.InstanceId, Monitoring: { State: "pending" } }]);
    expect(await state()).toBe("enabled");
    const off = await ec2.send(new UnmonitorInstancesCommand({ InstanceIds: [launched.InstanceId!] }));
    expect(off.InstanceMonitorings).toEqual([{ InstanceId: launched.InstanceId, Monitoring: { State: "disabling" } }]);
    expect(await state()).toBe("disabled");
  });

  it("returns an ECS service's deployment configuration, with AWS's defaults for what was not sent", async () => {
    const ecs = new ECSClient(spoke);
    const { subnetId, securityGroupId } = await vpcWithSubnet(spoke, "10.25.0.0/20");
    await ecs.send(new CreateClusterCommand({ clusterName: "deployments" }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: "api", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512", containerDefinitions: [{ name: "api", image: "api:1" }] }));
    const network = { awsvpcConfiguration: { subnets: [subnetId], securityGroups: [securityGroupId] } };
    const described = async (name: string) => (await ecs.send(new DescribeServicesCommand({ cluster: "deployments", services: [name] }))).services![0].deploymentConfiguration;
    await ecs.send(new CreateServiceCommand({ cluster: "deployments", serviceName: "plain", taskDefinition: "api", desiredCount: 1, launchType: "FARGATE", networkConfiguration: network }));
    expect(await described("plain")).toEqual({ deploymentCircuitBreaker: { enable: false, rollback: false }, maximumPercent: 200, minimumHealthyPercent: 100 });
    await ecs.send(
      new CreateServiceCommand({
        cluster: "deployments",
        serviceName: "guarded",
        taskDefinition: "api",
        desiredCount: 1,
        launchType: "FARGATE",
        networkConfiguration: network,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, minimumHealthyPercent: 50 },
      }),
    );
    expect(await described("guarded")).toEqual({ deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 50 });
    await ecs.send(new UpdateServiceCommand({ cluster: "deployments", service: "guarded", deploymentConfiguration: { maximumPercent: 150 } }));
    expect(await described("guarded")).toEqual({ deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 150, minimumHealthyPercent: 50 });
  });

  it("gives an instance the root volume its launch template maps on the AMI's root device, and no other", async () => {
    const ec2 = new EC2Client(spoke);
    const { subnetId } = await vpcWithSubnet(spoke, "10.26.0.0/20");
    const image = (await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))).Images!.find((i) => i.RootDeviceName === "/dev/xvda")!;
    const ebs = { VolumeSize: 20, VolumeType: "gp3" as const, Encrypted: true, KmsKeyId: `arn:aws:kms:${REGION}:${WORKLOAD}:key/1234abcd-12ab-34cd-56ef-1234567890ab` };
    const volumesOf = async (template: string, device: string) => {
      await ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: template, LaunchTemplateData: { ImageId: image.ImageId, InstanceType: "t3.micro", BlockDeviceMappings: [{ DeviceName: device, Ebs: ebs }] } }));
      const [instance] = (await ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, SubnetId: subnetId, LaunchTemplate: { LaunchTemplateName: template } }))).Instances!;
      const volumes = (await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: "attachment.instance-id", Values: [instance.InstanceId!] }] }))).Volumes!;
      return volumes.map((v) => ({ device: v.Attachments![0].Device, size: v.Size, type: v.VolumeType, encrypted: v.Encrypted, key: v.KmsKeyId })).sort((a, b) => a.device!.localeCompare(b.device!));
    };
    expect(await volumesOf("root", "/dev/xvda")).toEqual([{ device: "/dev/xvda", size: 20, type: "gp3", encrypted: true, key: ebs.KmsKeyId }]);
    // A template mapping another device adds a volume next to the AMI's root (moto puts that root at /dev/sda1).
    expect((await volumesOf("data", "/dev/xvdb")).map((v) => v.device)).toEqual(["/dev/sda1", "/dev/xvdb"]);
  });

  it("makes a load balancer created without a scheme internet-facing", async () => {
    const ec2 = new EC2Client(spoke);
    const { vpcId, subnetId } = await vpcWithSubnet(spoke, "10.27.0.0/20");
    const second = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.27.1.0/24", AvailabilityZone: `${REGION}b` }))).Subnet!.SubnetId!;
    const elb = new ElasticLoadBalancingV2Client(spoke);
    const created = await elb.send(new CreateLoadBalancerCommand({ Name: "public", Type: "application", Subnets: [subnetId, second] }));
    expect(created.LoadBalancers![0].Scheme).toBe("internet-facing");
    const internal = await elb.send(new CreateLoadBalancerCommand({ Name: "private", Type: "application", Scheme: "internal", Subnets: [subnetId, second] }));
    expect(internal.LoadBalancers![0].Scheme).toBe("internal");
  });

  it("creates a Fargate compute environment without a service role, using Batch's service-linked role", async () => {
    const { subnetId, securityGroupId } = await vpcWithSubnet(spoke, "10.21.0.0/20");
    const batch = new BatchClient(spoke);
    await batch.send(new CreateComputeEnvironmentCommand({ computeEnvironmentName: "nightly", type: "MANAGED", computeResources: { type: "FARGATE", maxvCpus: 4, subnets: [subnetId], securityGroupIds: [securityGroupId] } }));
    const [environment] = (await batch.send(new DescribeComputeEnvironmentsCommand({ computeEnvironments: ["nightly"] }))).computeEnvironments!;
    expect(environment.serviceRole).toBe(`arn:aws:iam::${WORKLOAD}:role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch`);
  });

  it("keeps a launch template's own tags out of its launch data", async () => {
    const ec2 = new EC2Client(spoke);
    const template = (
      await ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: "app",
          LaunchTemplateData: { InstanceType: "t3.micro", TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "role", Value: "app" }] }] },
          TagSpecifications: [{ ResourceType: "launch-template", Tags: [{ Key: "lz:stack", Value: "workload" }] }],
        }),
      )
    ).LaunchTemplate!;
    expect(template.Tags).toEqual([{ Key: "lz:stack", Value: "workload" }]);
    const [version] = (await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: template.LaunchTemplateId }))).LaunchTemplateVersions!;
    expect(version.LaunchTemplateData!.TagSpecifications).toEqual([{ ResourceType: "instance", Tags: [{ Key: "role", Value: "app" }] }]);
  });
});

describe("security services delegation", () => {
  it("enables GuardDuty in the delegated administrator's account and Region, once, as AWS does", async () => {
    await signedCall(management, "eu-west-1", "guardduty", "POST", "/admin/enable", { adminAccountId: WORKLOAD });
    await signedCall(management, "eu-west-1", "guardduty", "POST", "/admin/enable", { adminAccountId: WORKLOAD });
    const { adminAccounts } = await signedCall(management, "eu-west-1", "guardduty", "GET", "/admin");
    expect(adminAccounts).toEqual([{ adminAccountId: WORKLOAD, adminStatus: "ENABLED" }]);
    const { detectorIds } = await signedCall(spoke, "eu-west-1", "guardduty", "GET", "/detector");
    expect(detectorIds).toHaveLength(1);
    expect((await signedCall(spoke, "eu-west-1", "guardduty", "GET", `/detector/${detectorIds[0]}`)).status).toBe("ENABLED");
    expect((await signedCall(hub, "eu-west-1", "guardduty", "GET", "/detector")).detectorIds).toEqual([]);
  });

  it("tags and untags a detector by its ARN, as the provider does for an adopted detector", async () => {
    const [id] = (await signedCall(spoke, "eu-west-1", "guardduty", "GET", "/detector")).detectorIds;
    const path = `/tags/${encodeURIComponent(`arn:aws:guardduty:eu-west-1:${WORKLOAD}:detector/${id}`)}`;
    await signedCall(spoke, "eu-west-1", "guardduty", "POST", path, { tags: { "lz:stack": "security", team: "sec" } });
    expect((await signedCall(spoke, "eu-west-1", "guardduty", "GET", `/detector/${id}`)).tags).toEqual({ "lz:stack": "security", team: "sec" });
    await signedCall(spoke, "eu-west-1", "guardduty", "DELETE", `${path}?tagKeys=team`);
    expect((await signedCall(spoke, "eu-west-1", "guardduty", "GET", path)).tags).toEqual({ "lz:stack": "security" });
  });

  it("enables Security Hub in the delegated administrator's account and lists it as ENABLED", async () => {
    await expect(signedCall(spoke, "eu-west-1", "securityhub", "GET", "/accounts")).rejects.toThrow(/HTTP 4/);
    await signedCall(management, "eu-west-1", "securityhub", "POST", "/organization/admin/enable", { AdminAccountId: WORKLOAD });
    const { AdminAccounts } = await signedCall(management, "eu-west-1", "securityhub", "GET", "/organization/admin");
    expect(AdminAccounts).toEqual([{ AccountId: WORKLOAD, Status: "ENABLED" }]);
    expect((await signedCall(spoke, "eu-west-1", "securityhub", "GET", "/accounts")).HubArn).toMatch(new RegExp(`^arn:aws:securityhub:eu-west-1:${WORKLOAD}:hub/default$`));
  });
});

describe("AWS Config delivery to another account's bucket (config extension)", () => {
  // The example's logging stack moved into this emulator's workload account; the network account records.
  const config = exampleConfig();
  const logging = synthConfig(config).stack("logging");
  const here = (v: unknown) => JSON.parse(JSON.stringify(v).split(config.loggingAccount.id!).join(WORKLOAD));
  const configCall = (client: ClientOptions, action: string, body: object) => signedCall(client, REGION, "config", "POST", "/", body, `StarlingDoveService.${action}`);
  let bucket: string;
  let keyArn: string;

  beforeAll(async () => {
    bucket = here(logging.output.config_bucket.value);
    await new S3Client(spoke).send(new CreateBucketCommand({ Bucket: bucket }));
    keyArn = (await new KMSClient(spoke).send(new CreateKeyCommand({ Policy: JSON.stringify(here(policyOf(logging, "aws_kms_key.key", "policy", {}))) }))).KeyMetadata!.Arn!;
    await configCall(hub, "PutConfigurationRecorder", {
      ConfigurationRecorder: { name: "acme", roleARN: `arn:aws:iam::${NETWORK}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
    });
  });

  const channel = () => ({ DeliveryChannel: { name: "acme", s3BucketName: bucket, s3KeyPrefix: "config", s3KmsKeyArn: keyArn } });

  it("refuses a delivery channel whose bucket policy does not grant AWS Config (InsufficientDeliveryPolicyException), and a bucket that does not exist", async () => {
    await expect(configCall(hub, "PutDeliveryChannel", channel())).rejects.toThrow(/InsufficientDeliveryPolicyException/);
    await expect(configCall(hub, "PutDeliveryChannel", { DeliveryChannel: { ...channel().DeliveryChannel, s3BucketName: "no-such-bucket-acme" } })).rejects.toThrow(/NoSuchBucketException/);
  });

  it("accepts the example's own Config bucket policy and logging key policy, and reads the channel back", async () => {
    await new S3Client(spoke).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(here(policyOf(logging, "aws_s3_bucket_policy.archive_config_bucket_policy", "policy", {}))) }));
    await configCall(hub, "PutDeliveryChannel", channel());
    const { DeliveryChannels } = await configCall(hub, "DescribeDeliveryChannels", {});
    expect(DeliveryChannels).toEqual([expect.objectContaining({ name: "acme", s3BucketName: bucket, s3KeyPrefix: "config", s3KmsKeyArn: keyArn })]);
  });
});
