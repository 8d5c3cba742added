/**
 * Access proofs for the guardrail SCPs, evaluated as AWS evaluates them: an SCP Deny applies to every
 * principal of a member account, administrators included, and an action is allowed only when every
 * level (root, OU, account) allows it
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html).
 * The exemptions test `aws:PrincipalArn`, which for a role session is the role's ARN, path included
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn).
 *
 * The policies are the organization stack's synthesized SCP contents, attached at the root; each OU
 * and account keeps AWS's default FullAWSAccess.
 */
import { deployerRoleName, LZ_ROLE_PATH, trailLogGroupName, trailName } from "../../src/stacks/names";
import { synthConfig, TfJson } from "../helpers/synth";
import { Decision, expectDecision, PolicyJson } from "./harness";

const out = synthConfig();
const organization: TfJson = out.stack("organization");
const scpContents = Object.values(organization.resource.aws_organizations_policy as Record<string, { content: string }>).map((p) => JSON.parse(p.content) as PolicyJson);
const allowAll: PolicyJson = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
/** Root: FullAWSAccess and the landing zone's three SCPs; OU and account: FullAWSAccess. */
const scps = [[allowAll, ...scpContents], [allowAll], [allowAll]];
/** AWS's AdministratorAccess managed policy. */
const administratorAccess = allowAll;

const LOGGING = "222222222222";
const WORKLOAD = "444444444444";
const REGION = "us-east-1";
const role = (account: string, pathAndName: string) => `arn:aws:iam::${account}:role/${pathAndName}`;
const deployer = (account: string) => role(account, `${LZ_ROLE_PATH.slice(1)}${deployerRoleName("acme")}`);
const accessRole = (account: string) => role(account, "OrganizationAccountAccessRole");
/** A workload administrator: an Identity Center permission set with AdministratorAccess. */
const admin = (account: string) => role(account, "aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef");

/**
 * One request of `principal` in its own account, with the keys every request carries. The trail is the
 * organization trail as its delegated administrator (the logging account) manages it.
 */
async function expectCall(principal: string, action: string, resource: string, expected: Decision): Promise<void> {
  const account = principal.split(":")[4];
  await expectDecision(
    { principal, action, resource, resourceAccount: account, context: { "aws:PrincipalArn": principal, "aws:PrincipalAccount": account, "aws:RequestedRegion": REGION } },
    { identity: [administratorAccess], scps },
    expected,
  );
}

const trail = `arn:aws:cloudtrail:${REGION}:${LOGGING}:trail/${trailName("acme")}`;
const trailGroup = `arn:aws:logs:${REGION}:${LOGGING}:log-group:${trailLogGroupName("acme")}`;

describe("guardrail SCPs (Organizations: SCP evaluation; IAM: aws:PrincipalArn)", () => {
  it("synthesizes the three SCPs the proofs evaluate", () => {
    expect(scpContents).toHaveLength(3);
  });

  describe("a workload administrator (AdministratorAccess) is explicitly denied", () => {
    it.each([
      ["cloudtrail:StopLogging", trail],
      ["cloudtrail:DeleteTrail", trail],
      ["cloudtrail:UpdateTrail", trail],
      ["logs:DeleteLogGroup", trailGroup],
      ["logs:PutRetentionPolicy", trailGroup],
      ["organizations:LeaveOrganization", "*"],
      ["ec2:DisableEbsEncryptionByDefault", "*"],
      ["ec2:ModifyInstanceMetadataDefaults", "*"],
      ["s3:PutAccountPublicAccessBlock", "*"],
      ["iam:DeleteAccountPasswordPolicy", "*"],
    ])("%s on %s, in the logging account", async (action, resource) => {
      await expectCall(admin(LOGGING), action, resource, "ExplicitlyDenied");
    });

    it.each([
      ["iam:UpdateAssumeRolePolicy", deployer(WORKLOAD)],
      ["iam:PutRolePolicy", deployer(WORKLOAD)],
      ["iam:DetachRolePolicy", deployer(WORKLOAD)],
      ["iam:DeleteRole", deployer(WORKLOAD)],
      ["iam:UpdateRole", deployer(WORKLOAD)],
      ["iam:CreateRole", role(WORKLOAD, "lz/acme-other")],
      ["iam:AttachRolePolicy", role(WORKLOAD, "lz/acme-hub-attach")],
      ["iam:UpdateAssumeRolePolicy", accessRole(WORKLOAD)],
    ])("%s on %s, in a workload account", async (action, resource) => {
      await expectCall(admin(WORKLOAD), action, resource, "ExplicitlyDenied");
    });
  });

  describe("the deployer role can apply what the landing zone manages", () => {
    it.each([
      ["cloudtrail:StopLogging", trail],
      ["cloudtrail:UpdateTrail", trail],
      ["cloudtrail:PutEventSelectors", trail],
      ["logs:PutRetentionPolicy", trailGroup],
      ["logs:PutMetricFilter", trailGroup],
      ["logs:DeleteLogGroup", trailGroup],
      ["ec2:DisableEbsEncryptionByDefault", "*"],
      ["ec2:ModifyEbsDefaultKmsKeyId", "*"],
      ["s3:PutAccountPublicAccessBlock", "*"],
      ["iam:UpdateAccountPasswordPolicy", "*"],
    ])("%s on %s, in the logging account", async (action, resource) => {
      await expectCall(deployer(LOGGING), action, resource, "Allowed");
    });

    it.each([
      ["iam:UpdateAssumeRolePolicy", deployer(WORKLOAD)],
      ["iam:PutRolePolicy", role(WORKLOAD, "lz/acme-hub-attach")],
      ["iam:CreateRole", role(WORKLOAD, "lz/acme-hub-attach")],
      ["iam:TagRole", deployer(WORKLOAD)],
    ])("%s on %s, in a workload account", async (action, resource) => {
      await expectCall(deployer(WORKLOAD), action, resource, "Allowed");
    });

    it("but cannot leave the organization either", async () => {
      await expectCall(deployer(WORKLOAD), "organizations:LeaveOrganization", "*", "ExplicitlyDenied");
    });

    it("and a role of the same name off the landing zone's path is not exempt", async () => {
      await expectCall(role(LOGGING, deployerRoleName("acme")), "cloudtrail:StopLogging", trail, "ExplicitlyDenied");
      await expectCall(role(LOGGING, `other/${deployerRoleName("acme")}`), "logs:DeleteLogGroup", trailGroup, "ExplicitlyDenied");
    });
  });

  describe("the organization's access role only creates the deployer role (access-<account> stacks)", () => {
    it.each([
      ["iam:CreateRole", deployer(WORKLOAD)],
      ["iam:TagRole", deployer(WORKLOAD)],
      ["iam:AttachRolePolicy", deployer(WORKLOAD)],
      ["iam:GetRole", deployer(WORKLOAD)],
      ["iam:ListAttachedRolePolicies", deployer(WORKLOAD)],
    ])("is allowed %s on %s", async (action, resource) => {
      await expectCall(accessRole(WORKLOAD), action, resource, "Allowed");
    });

    it.each([
      ["iam:UpdateAssumeRolePolicy", deployer(WORKLOAD)],
      ["iam:PutRolePolicy", deployer(WORKLOAD)],
      ["iam:DeleteRole", deployer(WORKLOAD)],
      ["iam:DetachRolePolicy", deployer(WORKLOAD)],
      ["iam:PutRolePermissionsBoundary", deployer(WORKLOAD)],
      ["iam:UpdateRoleDescription", deployer(WORKLOAD)],
    ])("is explicitly denied %s on %s: it cannot re-point the deployer", async (action, resource) => {
      await expectCall(accessRole(WORKLOAD), action, resource, "ExplicitlyDenied");
    });

    it("is no longer exempt from the guardrails", async () => {
      await expectCall(accessRole(LOGGING), "cloudtrail:StopLogging", trail, "ExplicitlyDenied");
      await expectCall(accessRole(LOGGING), "ec2:DisableEbsEncryptionByDefault", "*", "ExplicitlyDenied");
    });
  });
});

/**
 * The security services stay on: turning GuardDuty, Security Hub, AWS Config, Inspector or Access Analyzer
 * off (or detaching an account from its administrator) is denied to every principal of a member account but
 * the deployer role. Actions from each service's API reference (aws/security-services.ts
 * SECURITY_SERVICE_DISABLE_ACTIONS); evaluation as in "SCP evaluation" of the Organizations user guide.
 */
describe("guardrail SCPs keep the security services on (Organizations: SCP evaluation; each service's API reference)", () => {
  const detector = `arn:aws:guardduty:${REGION}:${WORKLOAD}:detector/12abc34d567e8fa901bc2d34e56789f0`;
  const hub = `arn:aws:securityhub:${REGION}:${WORKLOAD}:hub/default`;
  const recorder = `arn:aws:config:${REGION}:${WORKLOAD}:configuration-recorder/acme/abc`;
  const turnOff: [string, string][] = [
    ["guardduty:DeleteDetector", detector],
    ["guardduty:UpdateDetector", detector],
    ["guardduty:DisassociateFromAdministratorAccount", "*"],
    ["securityhub:DisableSecurityHub", hub],
    ["securityhub:DisassociateFromAdministratorAccount", hub],
    ["securityhub:BatchDisableStandards", hub],
    ["config:StopConfigurationRecorder", recorder],
    ["config:DeleteConfigurationRecorder", recorder],
    ["config:DeleteDeliveryChannel", "*"],
    ["config:PutConfigurationRecorder", recorder],
    ["inspector2:Disable", "*"],
    ["access-analyzer:DeleteAnalyzer", `arn:aws:access-analyzer:${REGION}:${WORKLOAD}:analyzer/acme`],
  ];

  it.each(turnOff)("denies a workload administrator %s on %s", async (action, resource) => {
    await expectCall(admin(WORKLOAD), action, resource, "ExplicitlyDenied");
  });

  it.each(turnOff)("denies the organization's access role %s on %s", async (action, resource) => {
    await expectCall(accessRole(WORKLOAD), action, resource, "ExplicitlyDenied");
  });

  it.each(turnOff)("lets the deployer role, through which the landing zone applies them, %s on %s", async (action, resource) => {
    await expectCall(deployer(WORKLOAD), action, resource, "Allowed");
  });

  it.each([
    ["guardduty:GetDetector", detector],
    ["securityhub:GetFindings", hub],
    ["config:DescribeConfigurationRecorders", "*"],
    ["config:PutConfigRule", "*"],
  ])("leaves a workload administrator reading findings and adding own rules: %s on %s", async (action, resource) => {
    await expectCall(admin(WORKLOAD), action, resource, "Allowed");
  });
});
