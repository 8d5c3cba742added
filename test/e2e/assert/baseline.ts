/**
 * The account baseline every member account gets (modules/baseline), read
 * back in that account: EBS encryption by default with the baseline's key,
 * IMDSv2 as the account default, the CIS password policy, and the Session
 * Manager preferences with their encrypted log group.
 *
 * Not asserted: the IAM Access Analyzer (moto 5.2.1 has no Access Analyzer
 * API, so the harness leaves it out of the apply), and the S3 account public
 * access block (S3 Control; the harness leaves it out where
 * <account-id>.localhost does not resolve, and the SDK's S3 Control client is
 * not among the dev dependencies).
 */
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client, GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand, GetInstanceMetadataDefaultsCommand } from "@aws-sdk/client-ec2";
import { GetAccountPasswordPolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetDocumentCommand, SSMClient } from "@aws-sdk/client-ssm";
import { PASSWORD_POLICY, SESSION_PREFERENCES_DOCUMENT } from "../../../modules/baseline";
import { ClientOptions } from "../helpers/aws";
import { assertKey } from "./kms";

/** The baseline in the account `client` acts in; `lz` is the landing zone's name, `retentionDays` the config's log retention. */
export async function assertAccountBaseline(client: ClientOptions, lz: string, retentionDays: number): Promise<void> {
  const ec2 = new EC2Client(client);
  const ebsKey = await assertKey(client, `${lz}/ebs`);
  expect((await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
  expect((await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe(ebsKey.Arn);

  const imds = (await ec2.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel;
  expect({ tokens: imds?.HttpTokens, hops: imds?.HttpPutResponseHopLimit }).toEqual({ tokens: "required", hops: 2 });

  const policy = (await new IAMClient(client).send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
  expect(policy).toMatchObject({
    MinimumPasswordLength: PASSWORD_POLICY.minimumPasswordLength,
    PasswordReusePrevention: PASSWORD_POLICY.passwordReusePrevention,
    MaxPasswordAge: PASSWORD_POLICY.maxPasswordAge,
    RequireLowercaseCharacters: true,
    RequireUppercaseCharacters: true,
    RequireNumbers: true,
    RequireSymbols: true,
    AllowUsersToChangePassword: true,
  });

  // Session Manager: sessions and their logs encrypted with the session key, idle timeout 20 minutes, no run-as.
  const sessionKey = await assertKey(client, `${lz}/ssm-sessions`);
  const document = await new SSMClient(client).send(new GetDocumentCommand({ Name: SESSION_PREFERENCES_DOCUMENT }));
  expect(document.DocumentType).toBe("Session");
  const { inputs } = JSON.parse(document.Content!);
  const logGroupName = `/${lz}/ssm/sessions`;
  expect(inputs).toMatchObject({
    cloudWatchLogGroupName: logGroupName,
    cloudWatchEncryptionEnabled: true,
    kmsKeyId: sessionKey.KeyId,
    runAsEnabled: false,
    idleSessionTimeout: "20",
  });
  const [group] = (await new CloudWatchLogsClient(client).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }))).logGroups ?? [];
  expect({ name: group?.logGroupName, kms: group?.kmsKeyId, retention: group?.retentionInDays }).toEqual({ name: logGroupName, kms: sessionKey.Arn, retention: retentionDays });
}

