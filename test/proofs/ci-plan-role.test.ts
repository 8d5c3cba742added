/**
 * Access proofs for read-only plans on real AWS: CI's plan role (modules/ci-roles) plans every stack with
 * `lz plan --read-only` / `lz drift`, so every member-account provider assumes, at run time, the role its
 * `var.lz_read_only ? <ci-read> : <apply role>` expression names (src/stacks/account-stack.ts). Read from the
 * synthesized example with `ci` set, for every provider of every stack:
 * - the read-only branch is each account's `<name>-ci-read`, which the plan role may assume (its inline policy
 *   and the role's trust, an `sts:AssumeRole` with `aws:PrincipalArn` the caller's role ARN:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html,
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn);
 * - the apply branch (deployer, organization access role, hub role) the plan role may not: its policies
 *   (inline and ReadOnlyAccess) grant no sts:AssumeRole on it. The deployer's trust names the management account
 *   (`:root`), which delegates the choice to that account's IAM policies
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html);
 * - the state: a plan reads the stack's state and its upstreams' (terraform_remote_state), and takes the S3 lock
 *   file: s3:GetObject on the key, s3:PutObject and s3:DeleteObject on `<key>.tflock`, the KMS key for both
 *   (https://developer.hashicorp.com/terraform/language/backend/s3, "S3 Bucket Permissions"; S3 calls KMS as the
 *   caller for SSE-KMS: https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../../src/config/load";
import { ciApplyRoleName, ciPlanRoleName, ciReadRoleName, deployerRoleName, stateKey } from "../../src/stacks/names";
import { exampleText, synthConfig, TfJson } from "../helpers/synth";
import { Decision, expectDecision, PolicyJson, policyOf } from "./harness";

const MANAGEMENT = "111111111111";
const config = parseConfig(`${exampleText()}\nci:\n  github: { repository: acme/landing-zone, environment: production }\n`, "landing-zone.yaml");
const out = synthConfig(config);
const refs = { "aws_iam_openid_connect_provider.github_github.arn": `arn:aws:iam::${MANAGEMENT}:oidc-provider/token.actions.githubusercontent.com` };
const ciRoles: TfJson = out.stack("ci-roles");
const planPolicy = policyOf(ciRoles, "aws_iam_role_policy.github_plan_state", "policy", refs);
const readOnlyAccess = (JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "aws-managed-policies", "ReadOnlyAccess.json"), "utf8")) as { Document: PolicyJson }).Document;
const planRole = `arn:aws:iam::${MANAGEMENT}:role/lz/${ciPlanRoleName("acme")}`;
const applyRole = `arn:aws:iam::${MANAGEMENT}:role/lz/${ciApplyRoleName("acme")}`;
const planIdentity = [planPolicy, readOnlyAccess];
const allowAll: PolicyJson = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
/** The management account's own trust for its organization access role, as Organizations creates it. */
const organizationAccessTrust: PolicyJson = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: "sts:AssumeRole" }] };

/** Each account's ci-read and deployer trust, from its access stack. */
const accessStacks = out.stacks.filter((s) => s.startsWith("access-"));
const accountOf = (stack: TfJson): string => stack.provider.aws[0].allowed_account_ids[0];
const trusts = new Map(accessStacks.map((s) => {
  const stack = out.stack(s);
  return [accountOf(stack), { ciRead: policyOf(stack, "aws_iam_role.ci_read", "assume_role_policy"), deployer: policyOf(stack, "aws_iam_role.deployer", "assume_role_policy") }] as const;
}));

/** The role ARNs each member-account provider assumes: [read-only chain, apply chain]. */
function chains(provider: TfJson): [string[], string[]] | undefined {
  const choose = /^\$\{var\.lz_read_only \? (.+) : (.+)\}$/;
  if (provider.assume_role) {
    const m = choose.exec(provider.assume_role[0].role_arn);
    if (!m) throw new Error(`provider ${provider.alias ?? "default"} assumes ${provider.assume_role[0].role_arn}, not a run-time choice`);
    return [[JSON.parse(m[1])], [JSON.parse(m[2])]];
  }
  const dynamic = provider.dynamic?.assume_role;
  if (!dynamic) return undefined;
  const m = choose.exec(dynamic.for_each)!;
  return [JSON.parse(m[1]), JSON.parse(m[2])];
}
const memberProviders = out.stacks.flatMap((s) => (out.stack(s).provider?.aws ?? []).map((p: TfJson) => ({ stack: s, provider: p, chains: chains(p) }))).filter((p) => p.chains);

const accountOfArn = (arn: string): string => arn.split(":")[4];
const assume = (principal: string, role: string, identity: readonly PolicyJson[], trust: PolicyJson, expected: Decision) =>
  expectDecision({ principal, action: "sts:AssumeRole", resource: role, resourceAccount: accountOfArn(role), context: { "aws:PrincipalArn": principal, "aws:PrincipalAccount": accountOfArn(principal) } }, { identity, resource: trust }, expected);

describe("read-only plans through the plan role (IAM: role trust and identity policies, cross-account)", () => {
  it("covers every member account's providers", () => {
    expect(new Set(memberProviders.map((p) => p.stack))).toEqual(new Set(out.stacks.filter((s) => !["bootstrap", "organization", "ci-roles"].includes(s) && !(s === "identity-center" && !config.access?.administrator))));
    for (const p of memberProviders) for (const arn of p.chains!.flat()) expect(arn).not.toContain("${");
  });

  it("the plan role may assume the role every member provider assumes in a read-only run", async () => {
    for (const { stack, chains: [readOnly] } of memberProviders.map((p) => ({ ...p, chains: p.chains! }))) {
      expect({ stack, readOnly: readOnly.map((a: string) => a.replace(/\d{12}/, "<account>")) }).toEqual({ stack, readOnly: [`arn:aws:iam::<account>:role/lz/${ciReadRoleName("acme")}`] });
      await assume(planRole, readOnly[0], planIdentity, trusts.get(accountOfArn(readOnly[0]))!.ciRead, "Allowed");
    }
  });

  it("and may not assume any role a provider assumes to apply (deployer, access role, hub role)", async () => {
    for (const { chains } of memberProviders) {
      const first = chains![1][0];
      const trust = first.endsWith(`/${config.organization.accessRoleName}`) ? organizationAccessTrust : trusts.get(accountOfArn(first))!.deployer;
      await assume(planRole, first, planIdentity, trust, "ImplicitlyDenied");
    }
  });

  it("each account's deployer trust admits its management account's principals only as their IAM policies allow: the plan role's refuse it", async () => {
    for (const [account, { deployer }] of trusts) {
      const role = `arn:aws:iam::${account}:role/lz/${deployerRoleName("acme")}`;
      await assume(planRole, role, planIdentity, deployer, "ImplicitlyDenied");
      await assume(applyRole, role, [allowAll], deployer, "Allowed");
      await assume(`arn:aws:iam::999999999999:role/lz/${ciPlanRoleName("acme")}`, role, [allowAll], deployer, "ImplicitlyDenied");
    }
  });

  it("each account's ci-read trust admits the plan role only, not the apply role or another account's plan role", async () => {
    for (const [account, { ciRead }] of trusts) {
      const role = `arn:aws:iam::${account}:role/lz/${ciReadRoleName("acme")}`;
      await assume(planRole, role, planIdentity, ciRead, "Allowed");
      await assume(applyRole, role, [allowAll], ciRead, "ImplicitlyDenied");
      await assume(`arn:aws:iam::${MANAGEMENT}:role/some-admin`, role, [allowAll], ciRead, "ImplicitlyDenied");
      await assume(`arn:aws:iam::999999999999:role/lz/${ciPlanRoleName("acme")}`, role, [allowAll], ciRead, "ImplicitlyDenied");
    }
  });
});

/**
 * What a read-only plan reads in a member account is what ci-read's ReadOnlyAccess allows (AWS managed policy,
 * version in test/fixtures/aws-managed-policies; https://docs.aws.amazon.com/aws-managed-policy/latest/reference/ReadOnlyAccess.html).
 * The data sources the member stacks use, each with the calls the AWS provider 5.100.0 makes for it, and the
 * Read calls a refresh makes for the landing zone's resource types (describe, get and list-tags per type).
 */
const DATA_SOURCE_READS: Record<string, readonly string[]> = {
  aws_availability_zones: ["ec2:DescribeAvailabilityZones"],
  aws_guardduty_detector: ["guardduty:ListDetectors", "guardduty:GetDetector"],
  aws_identitystore_group: ["identitystore:GetGroupId", "identitystore:DescribeGroup", "identitystore:ListGroups"],
  aws_ssm_parameter: ["ssm:GetParameter"],
  aws_ssoadmin_instances: ["sso:ListInstances"],
};
const REFRESH_READS = `access-analyzer:GetAnalyzer application-autoscaling:DescribeScalableTargets application-autoscaling:DescribeScalingPolicies application-autoscaling:ListTagsForResource apprunner:DescribeService apprunner:DescribeVpcConnector apprunner:DescribeAutoScalingConfiguration apprunner:DescribeObservabilityConfiguration apprunner:DescribeVpcIngressConnection apprunner:ListTagsForResource batch:DescribeComputeEnvironments batch:DescribeJobDefinitions batch:DescribeJobQueues batch:ListTagsForResource events:DescribeRule events:ListTargetsByRule events:ListTagsForResource logs:DescribeLogGroups logs:ListTagsForResource logs:ListTagsLogGroup logs:DescribeMetricFilters logs:DescribeResourcePolicies cloudwatch:DescribeAlarms cloudwatch:ListTagsForResource config:DescribeConfigurationRecorders config:DescribeConfigurationRecorderStatus config:DescribeDeliveryChannels config:DescribeConfigurationAggregators config:DescribeOrganizationConfigRules config:GetOrganizationConfigRuleDetailedStatus config:ListTagsForResource ec2:DescribeVpcs ec2:DescribeVpcAttribute ec2:GetEbsDefaultKmsKeyId ec2:GetEbsEncryptionByDefault ec2:GetInstanceMetadataDefaults ec2:SearchTransitGatewayRoutes ec2:GetTransitGatewayRouteTableAssociations ec2:GetTransitGatewayRouteTablePropagations ec2:DescribeTransitGatewayVpcAttachments ec2:DescribeInstances ec2:DescribeInstanceAttribute ec2:DescribeInstanceCreditSpecifications ec2:DescribeLaunchTemplateVersions ec2:DescribeAddresses ec2:DescribeNatGateways ec2:DescribeFlowLogs ec2:DescribeSecurityGroupRules ec2:DescribeVpcEndpoints ec2:DescribePrefixLists ec2:DescribeManagedPrefixLists ecr:DescribeRepositories ecr:GetLifecyclePolicy ecr:GetRepositoryPolicy ecr:ListTagsForResource ecs:DescribeClusters ecs:DescribeServices ecs:DescribeTaskDefinition ecs:ListTagsForResource guardduty:DescribePublishingDestination guardduty:DescribeOrganizationConfiguration guardduty:ListOrganizationAdminAccounts guardduty:ListTagsForResource iam:GetAccountPasswordPolicy iam:GetInstanceProfile iam:GetPolicy iam:GetPolicyVersion iam:GetRole iam:GetRolePolicy iam:ListAttachedRolePolicies iam:ListRolePolicies iam:ListPolicyTags iam:ListRoleTags iam:GetOpenIDConnectProvider iam:ListInstanceProfilesForRole inspector2:BatchGetAccountStatus inspector2:DescribeOrganizationConfiguration inspector2:ListDelegatedAdminAccounts kms:DescribeKey kms:GetKeyPolicy kms:GetKeyRotationStatus kms:ListResourceTags kms:ListAliases elasticloadbalancing:DescribeLoadBalancers elasticloadbalancing:DescribeLoadBalancerAttributes elasticloadbalancing:DescribeListeners elasticloadbalancing:DescribeTargetGroups elasticloadbalancing:DescribeTargetGroupAttributes elasticloadbalancing:DescribeTags elasticloadbalancing:DescribeListenerAttributes ram:GetResourceShares ram:GetResourceShareAssociations ram:ListResourceSharePermissions route53:GetHostedZone route53:ListResourceRecordSets route53:ListVPCAssociationAuthorizations route53:ListTagsForResource route53:ListHostedZonesByVPC s3:GetAccountPublicAccessBlock s3:ListBucket s3:GetBucketPolicy s3:GetBucketVersioning s3:GetEncryptionConfiguration s3:GetLifecycleConfiguration s3:GetBucketLogging s3:GetBucketObjectLockConfiguration s3:GetBucketOwnershipControls s3:GetBucketPublicAccessBlock s3:GetBucketTagging s3:GetBucketAcl s3:GetBucketCORS s3:GetBucketWebsite s3:GetAccelerateConfiguration s3:GetBucketRequestPayment s3:GetReplicationConfiguration securityhub:DescribeHub securityhub:GetEnabledStandards securityhub:DescribeOrganizationConfiguration securityhub:GetConfigurationPolicy securityhub:GetConfigurationPolicyAssociation securityhub:GetFindingAggregator securityhub:ListOrganizationAdminAccounts securityhub:ListTagsForResource sns:GetTopicAttributes sns:ListTagsForResource sns:GetSubscriptionAttributes ssm:DescribeAssociation ssm:GetDocument ssm:DescribeDocument ssm:DescribeDocumentPermission ssm:GetPatchBaseline ssm:DescribePatchGroups ssm:ListTagsForResource ssm:GetServiceSetting wafv2:GetWebACL wafv2:GetWebACLForResource wafv2:GetLoggingConfiguration wafv2:ListTagsForResource sso:DescribePermissionSet sso:ListTagsForResource sso:GetInlinePolicyForPermissionSet sso:ListManagedPoliciesInPermissionSet sso:ListCustomerManagedPolicyReferencesInPermissionSet sso:GetPermissionsBoundaryForPermissionSet sso:ListAccountAssignments organizations:ListDelegatedAdministrators organizations:DescribeOrganization organizations:ListAWSServiceAccessForOrganization`.split(" ");

describe("ci-read's ReadOnlyAccess covers what a plan of a member stack reads", () => {
  const ciRead = `arn:aws:iam::444444444444:role/lz/${ciReadRoleName("acme")}`;
  const read = (action: string, expected: Decision) => expectDecision({ principal: ciRead, action, resource: "*", resourceAccount: "444444444444" }, { identity: [readOnlyAccess] }, expected);
  const memberStacks = [...new Set(memberProviders.map((p) => p.stack))];
  const dataSources = [...new Set(memberStacks.flatMap((s) => Object.keys(out.stack(s).data ?? {})))].filter((t) => t !== "aws_iam_policy_document" && t !== "terraform_remote_state").sort();

  it("every data source type of a member stack has its reads listed here", () => {
    expect(dataSources.filter((t) => !DATA_SOURCE_READS[t])).toEqual([]);
  });

  it("the data sources' reads are allowed", async () => {
    for (const t of dataSources) for (const action of DATA_SOURCE_READS[t]) await read(action, "Allowed");
  });

  it("a refresh's reads are allowed; writes, role assumption and decryption are not", async () => {
    for (const action of REFRESH_READS) await read(action, "Allowed");
    for (const action of ["ec2:CreateVpc", "iam:PassRole", "sts:AssumeRole", "kms:Decrypt", "s3:PutObject"]) await read(action, "ImplicitlyDenied");
  });
});

describe("the plan role and the state (Terraform S3 backend, S3 bucket policy, KMS)", () => {
  const bootstrap: TfJson = out.stack("bootstrap");
  const bucket = bootstrap.resource.aws_s3_bucket.state_bucket.bucket as string;
  const keyArn = `arn:aws:kms:us-east-1:${MANAGEMENT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
  const bucketPolicy = policyOf(bootstrap, "aws_s3_bucket_policy.state_bucket_bucket_policy", "policy", { "aws_s3_bucket.state_bucket.arn": `arn:aws:s3:::${bucket}`, "aws_kms_key.state_key.arn": keyArn });
  const keyPolicy = policyOf(bootstrap, "aws_kms_key.state_key", "policy");
  const s3 = (action: string, key: string, expected: Decision, context: Record<string, string> = {}) =>
    expectDecision({ principal: planRole, action, resource: `arn:aws:s3:::${bucket}/${key}`, resourceAccount: MANAGEMENT, context: { "aws:SecureTransport": "true", ...context } }, { identity: planIdentity, resource: bucketPolicy }, expected);
  const kms = (action: string, expected: Decision) =>
    expectDecision({ principal: planRole, action, resource: keyArn, resourceAccount: MANAGEMENT, context: { "kms:ResourceAliases": [`alias/acme/tfstate`], "kms:ViaService": "s3.us-east-1.amazonaws.com" } }, { identity: planIdentity, resource: keyPolicy }, expected);

  it("reads every stack's state (its own and, through terraform_remote_state, its upstreams')", async () => {
    for (const stack of ["organization", "network", "workload-payments-prod"]) await s3("s3:GetObject", stackKey(stack), "Allowed");
    await kms("kms:Decrypt", "Allowed");
  });

  it("takes and releases the S3 lock file, encrypted with the state key, but cannot write state", async () => {
    await s3("s3:PutObject", `${stackKey("network")}.tflock`, "Allowed", { "s3:x-amz-server-side-encryption": "aws:kms" });
    // Terraform 1.11 sends the header for the lock file as for the state (encrypt + kms_key_id: lockWithFile in
    // internal/backend/remote-state/s3/client.go sets ServerSideEncryption aws:kms and SSEKMSKeyId); the bucket
    // refuses an upload without it.
    await s3("s3:PutObject", `${stackKey("network")}.tflock`, "ExplicitlyDenied");
    await s3("s3:DeleteObject", `${stackKey("network")}.tflock`, "Allowed");
    await kms("kms:GenerateDataKey", "Allowed");
    await s3("s3:PutObject", `${stackKey("network")}.tflock`, "ExplicitlyDenied", { "s3:x-amz-server-side-encryption": "AES256" });
    await s3("s3:PutObject", stackKey("network"), "ImplicitlyDenied", { "s3:x-amz-server-side-encryption": "aws:kms" });
    await s3("s3:DeleteObject", stackKey("network"), "ImplicitlyDenied");
  });
});

function stackKey(stack: string): string {
  return stateKey(stack);
}
