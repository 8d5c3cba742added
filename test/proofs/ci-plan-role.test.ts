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
      expect({ stack, readOnly: readOnly.map((a) => a.replace(/\d{12}/, "<account>")) }).toEqual({ stack, readOnly: [`arn:aws:iam::<account>:role/lz/${ciReadRoleName("acme")}`] });
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
