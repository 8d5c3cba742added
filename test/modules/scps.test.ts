/** Service control policies: every statement, their size against AWS's limit, and where they attach. */
import { AWS_REGIONS } from "../../src/config/regions";
import { GLOBAL_SERVICE_ACTIONS, guardrailDocuments, minify, SCP_MAX_CHARS, ScpDocument, ServiceControlPolicies } from "../../modules/organization";
import { synthConstruct } from "../helpers/construct";
import { resources } from "../helpers/synth";

const options = {
  accessRoleName: "OrganizationAccountAccessRole",
  deployerRoleName: "acme-deployer",
  rolePath: "/lz/",
  allowedRegions: ["us-east-1", "us-west-2"],
  trailLogGroupNames: ["/acme/cloudtrail/organization"],
};
const docs = guardrailDocuments(options);
const bySid = (d: ScpDocument) => Object.fromEntries(d.Statement.map((s) => [s.Sid, s]));
const exceptDeployer = { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/lz/acme-deployer" } };

describe("guardrails SCP", () => {
  const s = bySid(docs.guardrails);

  it("holds exactly the organization-wide denials", () => {
    expect(Object.keys(s)).toEqual(["DenyLeavingOrganization", "DenyRootUser", "DenyRunInstancesWithoutImdsv2", "DenyIamUsersAndAccessKeys"]);
  });

  it("denies creating IAM users and access keys to every principal, without exemption", () => {
    expect(s.DenyIamUsersAndAccessKeys).toEqual({ Sid: "DenyIamUsersAndAccessKeys", Effect: "Deny", Action: ["iam:CreateUser", "iam:CreateAccessKey"], Resource: "*" });
  });

  it("denies leaving the organization", () => {
    expect(s.DenyLeavingOrganization).toEqual({ Sid: "DenyLeavingOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" });
  });

  it("denies everything to the root user of every member account", () => {
    expect(s.DenyRootUser).toEqual({ Sid: "DenyRootUser", Effect: "Deny", Action: "*", Resource: "*", Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } } });
  });

  it("denies launching an instance unless IMDSv2 is required", () => {
    expect(s.DenyRunInstancesWithoutImdsv2).toEqual({
      Sid: "DenyRunInstancesWithoutImdsv2",
      Effect: "Deny",
      Action: "ec2:RunInstances",
      Resource: "arn:aws:ec2:*:*:instance/*",
      Condition: { StringNotEquals: { "ec2:MetadataHttpTokens": "required" } },
    });
  });
});

describe("protect-landing-zone SCP", () => {
  const s = bySid(docs["protect-landing-zone"]);

  it("holds exactly the protections of the trail, its log groups, the access role, the landing zone's roles and the baseline", () => {
    expect(Object.keys(s)).toEqual([
      "DenyCloudTrailChanges",
      "DenyTrailLogGroupChanges",
      "DenyAccessRoleChanges",
      "DenyLandingZoneRoleChanges",
      "DenyLandingZoneRoleCreation",
      "DenyBaselineChanges",
    ]);
  });

  it("exempts only the deployer role: no statement names the access role as an exception but role creation", () => {
    for (const statement of Object.values(s)) {
      const exempt = statement.Condition?.ArnNotLike?.["aws:PrincipalArn"];
      if (statement.Sid === "DenyLandingZoneRoleCreation") expect(exempt).toEqual(["arn:aws:iam::*:role/lz/acme-deployer", "arn:aws:iam::*:role/OrganizationAccountAccessRole"]);
      else expect(exempt).toBe("arn:aws:iam::*:role/lz/acme-deployer");
    }
  });

  it("denies changing or deleting any role on the landing zone's path to all but the deployer, the access role included", () => {
    expect(s.DenyLandingZoneRoleChanges).toEqual({
      Sid: "DenyLandingZoneRoleChanges",
      Effect: "Deny",
      Action: [
        "iam:DeleteRole",
        "iam:DeleteRolePermissionsBoundary",
        "iam:DeleteRolePolicy",
        "iam:DetachRolePolicy",
        "iam:PutRolePermissionsBoundary",
        "iam:PutRolePolicy",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRole*",
      ],
      Resource: "arn:aws:iam::*:role/lz/*",
      Condition: exceptDeployer,
    });
  });

  it("lets only the access role (for the access stacks) and the deployer create, attach to and tag a role on the path", () => {
    expect(s.DenyLandingZoneRoleCreation).toEqual({
      Sid: "DenyLandingZoneRoleCreation",
      Effect: "Deny",
      Action: ["iam:AttachRolePolicy", "iam:CreateRole", "iam:TagRole", "iam:UntagRole"],
      Resource: "arn:aws:iam::*:role/lz/*",
      Condition: { ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/lz/acme-deployer", "arn:aws:iam::*:role/OrganizationAccountAccessRole"] } },
    });
  });

  it("denies stopping, deleting or reconfiguring CloudTrail to all but the deployer role", () => {
    expect(s.DenyCloudTrailChanges).toEqual({
      Sid: "DenyCloudTrailChanges",
      Effect: "Deny",
      Action: ["cloudtrail:DeleteTrail", "cloudtrail:PutEventSelectors", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail"],
      Resource: "*",
      Condition: exceptDeployer,
    });
  });

  it("denies deleting or changing the trail's log group, its streams, retention, key and filters", () => {
    expect(s.DenyTrailLogGroupChanges).toEqual({
      Sid: "DenyTrailLogGroupChanges",
      Effect: "Deny",
      Action: [
        "logs:AssociateKmsKey",
        "logs:DeleteDataProtectionPolicy",
        "logs:DeleteLogGroup",
        "logs:DeleteLogStream",
        "logs:DeleteMetricFilter",
        "logs:DeleteRetentionPolicy",
        "logs:DeleteSubscriptionFilter",
        "logs:DisassociateKmsKey",
        "logs:PutDataProtectionPolicy",
        "logs:PutMetricFilter",
        "logs:PutRetentionPolicy",
        "logs:PutSubscriptionFilter",
      ],
      Resource: ["arn:aws:logs:*:*:log-group:/acme/cloudtrail/organization", "arn:aws:logs:*:*:log-group:/acme/cloudtrail/organization:*"],
      Condition: exceptDeployer,
    });
  });

  it("denies changing the organization's access role to all but the deployer role", () => {
    expect(s.DenyAccessRoleChanges).toEqual({
      Sid: "DenyAccessRoleChanges",
      Effect: "Deny",
      Action: [
        "iam:AttachRolePolicy",
        "iam:DeleteRole",
        "iam:DeleteRolePermissionsBoundary",
        "iam:DeleteRolePolicy",
        "iam:DetachRolePolicy",
        "iam:PutRolePermissionsBoundary",
        "iam:PutRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
      ],
      Resource: "arn:aws:iam::*:role/OrganizationAccountAccessRole",
      Condition: exceptDeployer,
    });
  });

  it("denies undoing the account baseline: EBS default encryption, IMDS defaults, S3 public access block, password policy, Access Analyzer", () => {
    expect(s.DenyBaselineChanges).toEqual({
      Sid: "DenyBaselineChanges",
      Effect: "Deny",
      Action: [
        "access-analyzer:DeleteAnalyzer",
        "ec2:DisableEbsEncryptionByDefault",
        "ec2:ModifyEbsDefaultKmsKeyId",
        "ec2:ModifyInstanceMetadataDefaults",
        "ec2:ResetEbsDefaultKmsKeyId",
        "iam:DeleteAccountPasswordPolicy",
        "iam:UpdateAccountPasswordPolicy",
        "s3:PutAccountPublicAccessBlock",
      ],
      Resource: "*",
      Condition: exceptDeployer,
    });
  });
});

describe("region-guard SCP", () => {
  const [statement, ...rest] = docs["region-guard"].Statement;

  it("denies every regional action outside allowedRegions", () => {
    expect(rest).toEqual([]);
    expect(statement).toMatchObject({ Sid: "DenyOutsideAllowedRegions", Effect: "Deny", Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } } });
    expect(statement.Action).toBeUndefined();
  });

  it("exempts global services, so IAM, STS, Organizations and the S3 account settings keep working", () => {
    expect(statement.NotAction).toEqual(GLOBAL_SERVICE_ACTIONS);
    expect(statement.NotAction).toEqual(expect.arrayContaining(["iam:*", "sts:*", "organizations:*", "route53:*", "cloudfront:*", "support:*", "s3:PutAccountPublic*", "s3:GetAccountPublic*"]));
  });
});

describe("SCP size", () => {
  it.each(Object.entries(docs))("keeps %s under AWS's 5,120-character limit, minified", (_name, document) => {
    expect(minify(document).length).toBeLessThan(SCP_MAX_CHARS);
  });

  it("stays under the limit with every AWS region allowed, a 64-character access role name and the longest landing zone name", () => {
    const worst = guardrailDocuments({
      accessRoleName: "r".repeat(64),
      deployerRoleName: `${"n".repeat(20)}-deployer`,
      rolePath: "/lz/",
      allowedRegions: [...AWS_REGIONS],
      trailLogGroupNames: [`/${"n".repeat(20)}/cloudtrail/organization`],
    });
    for (const document of Object.values(worst)) expect(minify(document).length).toBeLessThan(SCP_MAX_CHARS);
  });

  it("refuses to synthesize a policy over the limit", () => {
    const trailLogGroupNames = Array.from({ length: 60 }, (_, i) => `/very/long/log/group/name/number/${i}`);
    expect(() => synthConstruct((scope) => new ServiceControlPolicies(scope, "scp", { ...options, trailLogGroupNames, namePrefix: "acme", targets: { root: "r-abcd" } }))).toThrow(
      /SCP acme-protect-landing-zone is \d+ characters; AWS allows 5120/,
    );
  });
});

describe("ServiceControlPolicies construct", () => {
  const stack = synthConstruct((scope) => new ServiceControlPolicies(scope, "scp", { ...options, namePrefix: "acme", targets: { root: "r-abcd" } }));
  const policies = resources(stack, "aws_organizations_policy");

  it("creates one service control policy per document, with the minified document as content", () => {
    expect(Object.keys(policies).sort()).toEqual(["scp_guardrails", "scp_protect_landing_zone", "scp_region_guard"]);
    for (const [name, document] of Object.entries(docs)) {
      const policy = policies[`scp_${name.replace(/-/g, "_")}`];
      expect(policy).toMatchObject({ name: `acme-${name}`, type: "SERVICE_CONTROL_POLICY", content: minify(document) });
    }
  });

  it("attaches every policy to each target", () => {
    const attachments = Object.values(resources(stack, "aws_organizations_policy_attachment"));
    expect(attachments).toHaveLength(3);
    for (const a of attachments) expect(a.target_id).toBe("r-abcd");
    expect(attachments.map((a) => a.policy_id).sort()).toEqual([
      "${aws_organizations_policy.scp_guardrails.id}",
      "${aws_organizations_policy.scp_protect_landing_zone.id}",
      "${aws_organizations_policy.scp_region_guard.id}",
    ]);
  });
});
