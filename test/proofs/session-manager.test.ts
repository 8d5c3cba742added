/**
 * Session Manager end to end: the roles whose agents serve sessions may decrypt with the session key
 * that the preferences encrypt sessions with, and a person given `<name>-session-user` may start a
 * session and create the session's data key. Evaluated on the bundled example's synthesized policies
 * (identity policy and key policy together, as KMS evaluates them).
 *
 * AWS pages, and what they say is sent and checked:
 * - "Turn on KMS key encryption of session data"
 *   (https://docs.aws.amazon.com/systems-manager/latest/userguide/session-preferences-enable-encryption.html):
 *   the user who starts a session and the managed node both need permission to use the key.
 * - "Step 2: Verify or add instance permissions for Session Manager"
 *   (https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-getting-started-instance-profile.html)
 *   and "Adding Session Manager permissions to an existing IAM role"
 *   (https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-add-permissions-to-existing-profile.html):
 *   the instance's role calls kms:Decrypt on the key and the four ssmmessages channel actions.
 * - "Sample IAM policies for Session Manager", end user, Session Manager and CLI
 *   (https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-restrict-access-quickstart.html):
 *   the user calls ssm:StartSession on the instance and the SSM-SessionManagerRunShell document,
 *   kms:GenerateDataKey on the key, and ssm:TerminateSession / ResumeSession on session/${aws:userid}-*.
 * - "Monitor Amazon ECS containers with ECS Exec", IAM permissions required for ECS Exec
 *   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html): the task role calls the
 *   ssmmessages channel actions and kms:Decrypt on the cluster's exec key; the user ecs:ExecuteCommand
 *   and kms:GenerateDataKey on that key.
 * The principal is the role session the agent runs as (the instance profile's or the task role's
 * assumed-role session), acting in its own account.
 */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { exampleText, synthConfig } from "../helpers/synth";
import { expectDecision, PolicyJson, policyOf, Request } from "./harness";

const PAYMENTS = "444444444444";
const ANALYTICS = "555555555555";
const key = (account: string, id: string, region = "us-east-1") => `arn:aws:kms:${region}:${account}:key/${id}`;
const PAYMENTS_KEY = key(PAYMENTS, "1234abcd-12ab-34cd-56ef-1234567890ab");
const PAYMENTS_WEST_KEY = key(PAYMENTS, "5678abcd-12ab-34cd-56ef-1234567890ab", "us-west-2");
const ANALYTICS_KEY = key(ANALYTICS, "9abcabcd-12ab-34cd-56ef-1234567890ab");
const sessionLogs = (account: string) => `arn:aws:logs:us-east-1:${account}:log-group:/acme/ssm/sessions`;

/** The example with `ecs[web].executeCommand` on, so a task role with exec exists to prove. */
function exampleWithExec() {
  const doc = parseDocument(exampleText());
  doc.setIn(["accounts", 2, "ecs", 0, "executeCommand"], true);
  return parseConfig(doc.toString());
}

describe("Session Manager: instance and task roles decrypt with the session key, people with the session-user policy start sessions", () => {
  const out = synthConfig(exampleWithExec());
  const payments = out.stack("workload-payments-prod");
  const analytics = out.stack("workload-analytics-dev");
  const refs = (account: string, sessionKey: string) => ({
    "aws_kms_key.baseline_session_key.arn": sessionKey,
    "aws_kms_key.baseline_us_west_2_session_key.arn": account === PAYMENTS ? PAYMENTS_WEST_KEY : key(account, "west"),
    "aws_cloudwatch_log_group.baseline_session_logs.arn": sessionLogs(account),
    "aws_cloudwatch_log_group.ecs_cluster_exec_logs.arn": `arn:aws:logs:us-east-1:${account}:log-group:/aws/ecs/acme-payments-prod/execute-command`,
    "aws_kms_key.workload_key.arn": key(account, "workload"),
  });
  const paymentsRefs = refs(PAYMENTS, PAYMENTS_KEY);
  const analyticsRefs = refs(ANALYTICS, ANALYTICS_KEY);
  const paymentsKeyPolicy = policyOf(payments, "aws_kms_key.baseline_session_key", "policy", paymentsRefs);
  const paymentsWestKeyPolicy = policyOf(payments, "aws_kms_key.baseline_us_west_2_session_key", "policy", paymentsRefs);
  const analyticsKeyPolicy = policyOf(analytics, "aws_kms_key.baseline_session_key", "policy", analyticsRefs);

  const decrypt = (principal: string, keyArn: string, account: string): Request => ({ principal, action: "kms:Decrypt", resource: keyArn, resourceAccount: account });

  describe("the agents (instance profiles, Batch container instances, ECS tasks with exec)", () => {
    const ec2Role = policyOf(payments, "aws_iam_role_policy.ec2_api_role_policy", "policy", paymentsRefs);
    const batchRole = policyOf(analytics, "aws_iam_role_policy.batch_reports_instance_role_policy", "policy", analyticsRefs);
    const taskRole = policyOf(payments, "aws_iam_role_policy.ecs_web_task_role_policy", "policy", paymentsRefs);

    it("lets the EC2 instance role decrypt with its account's session key (identity policy + key policy)", async () => {
      await expectDecision(decrypt(`arn:aws:sts::${PAYMENTS}:assumed-role/acme-api-ec2/i-0123456789abcdef0`, PAYMENTS_KEY, PAYMENTS), { identity: [ec2Role], resource: paymentsKeyPolicy }, "Allowed");
    });

    it("lets the EC2 instance role open the Session Manager channels and write the session log group", async () => {
      const principal = `arn:aws:sts::${PAYMENTS}:assumed-role/acme-api-ec2/i-0123456789abcdef0`;
      for (const action of ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]) {
        await expectDecision({ principal, action, resource: "*", resourceAccount: PAYMENTS }, { identity: [ec2Role] }, "Allowed");
      }
      await expectDecision({ principal, action: "logs:PutLogEvents", resource: `${sessionLogs(PAYMENTS)}:log-stream:alice-0a1b2c3d`, resourceAccount: PAYMENTS }, { identity: [ec2Role] }, "Allowed");
    });

    it("lets the Batch EC2 container instances' role decrypt with its account's session key", async () => {
      await expectDecision(decrypt(`arn:aws:sts::${ANALYTICS}:assumed-role/acme-reports-batch-instance/i-0fedcba987654321`, ANALYTICS_KEY, ANALYTICS), { identity: [batchRole], resource: analyticsKeyPolicy }, "Allowed");
    });

    it("lets the task role of a service with exec decrypt with the session key, which the cluster encrypts exec sessions with", async () => {
      expect(payments.resource.aws_ecs_cluster.ecs_cluster.configuration.execute_command_configuration.kms_key_id).toBe("${aws_kms_key.baseline_session_key.arn}");
      await expectDecision(decrypt(`arn:aws:sts::${PAYMENTS}:assumed-role/acme-web-task/0123456789abcdef0123456789abcdef`, PAYMENTS_KEY, PAYMENTS), { identity: [taskRole], resource: paymentsKeyPolicy }, "Allowed");
    });

    it("denies another account's role, even one whose own policy names the key: the key policy trusts only its account", async () => {
      // The analytics-dev Batch instance role's policy, pointed at payments-prod's key.
      const foreign = policyOf(analytics, "aws_iam_role_policy.batch_reports_instance_role_policy", "policy", refs(ANALYTICS, PAYMENTS_KEY));
      await expectDecision(decrypt(`arn:aws:sts::${ANALYTICS}:assumed-role/acme-reports-batch-instance/i-0fedcba987654321`, PAYMENTS_KEY, PAYMENTS), { identity: [foreign], resource: paymentsKeyPolicy }, "ImplicitlyDenied");
    });

    it("denies a role of the same account that was not given the key (the ECS execution role)", async () => {
      const execution = policyOf(payments, "aws_iam_role_policy.ecs_web_execution_role_policy", "policy", {
        ...paymentsRefs,
        "aws_ecr_repository.ecr_web.arn": `arn:aws:ecr:us-east-1:${PAYMENTS}:repository/web`,
        "aws_cloudwatch_log_group.ecs_web_logs.arn": `arn:aws:logs:us-east-1:${PAYMENTS}:log-group:/ecs/acme-web`,
      });
      await expectDecision(decrypt(`arn:aws:sts::${PAYMENTS}:assumed-role/acme-web-execution/task`, PAYMENTS_KEY, PAYMENTS), { identity: [execution], resource: paymentsKeyPolicy }, "ImplicitlyDenied");
    });
  });

  describe("a person with <name>-session-user", () => {
    const userPolicy: PolicyJson = policyOf(payments, "aws_iam_policy.baseline_session_user_policy", "policy", paymentsRefs);
    // A person signed in through IAM Identity Center acts as a role session of a permission set.
    const userid = "AROAEXAMPLEPERMSET1:alice@acme.example";
    const alice = `arn:aws:sts::${PAYMENTS}:assumed-role/AWSReservedSSO_PlatformEngineer_0123456789abcdef/alice@acme.example`;
    const as = (action: string, resource: string, context: Record<string, string> = {}): Request => ({ principal: alice, action, resource, resourceAccount: PAYMENTS, context: { "aws:userid": userid, ...context } });
    const instance = `arn:aws:ec2:us-east-1:${PAYMENTS}:instance/i-0123456789abcdef0`;
    const document = `arn:aws:ssm:us-east-1:${PAYMENTS}:document/SSM-SessionManagerRunShell`;

    it("starts a session on an instance of the account, with the preferences document", async () => {
      await expectDecision(as("ssm:StartSession", instance), { identity: [userPolicy] }, "Allowed");
      await expectDecision(as("ssm:StartSession", document, { "ssm:SessionDocumentAccessCheck": "true" }), { identity: [userPolicy] }, "Allowed");
      await expectDecision(as("ssm:StartSession", `arn:aws:ec2:us-west-2:${PAYMENTS}:instance/i-0aaaabbbbccccdddd`), { identity: [userPolicy] }, "Allowed");
    });

    it("creates the session's data key with the session key of each region (identity policy + key policy)", async () => {
      await expectDecision(as("kms:GenerateDataKey", PAYMENTS_KEY), { identity: [userPolicy], resource: paymentsKeyPolicy }, "Allowed");
      await expectDecision(as("kms:GenerateDataKey", PAYMENTS_WEST_KEY), { identity: [userPolicy], resource: paymentsWestKeyPolicy }, "Allowed");
    });

    it("opens a shell in a task with ECS Exec", async () => {
      await expectDecision(as("ecs:ExecuteCommand", `arn:aws:ecs:us-east-1:${PAYMENTS}:task/acme-payments-prod/0123456789abcdef0123456789abcdef`), { identity: [userPolicy] }, "Allowed");
    });

    it("ends and resumes its own sessions only", async () => {
      const own = `arn:aws:ssm:us-east-1:${PAYMENTS}:session/${userid}-0a1b2c3d4e5f67890`;
      const other = `arn:aws:ssm:us-east-1:${PAYMENTS}:session/AROAEXAMPLEPERMSET1:bob@acme.example-0a1b2c3d4e5f67890`;
      await expectDecision(as("ssm:TerminateSession", own), { identity: [userPolicy] }, "Allowed");
      await expectDecision(as("ssm:ResumeSession", own), { identity: [userPolicy] }, "Allowed");
      await expectDecision(as("ssm:TerminateSession", other), { identity: [userPolicy] }, "ImplicitlyDenied");
    });

    it("reaches no other account's instances", async () => {
      await expectDecision(as("ssm:StartSession", `arn:aws:ec2:us-east-1:${ANALYTICS}:instance/i-0123456789abcdef0`), { identity: [userPolicy] }, "ImplicitlyDenied");
    });

    it("without the policy, can neither start a session nor create the data key", async () => {
      await expectDecision(as("ssm:StartSession", instance), { identity: [] }, "ImplicitlyDenied");
      await expectDecision(as("kms:GenerateDataKey", PAYMENTS_KEY), { identity: [], resource: paymentsKeyPolicy }, "ImplicitlyDenied");
    });
  });
});
