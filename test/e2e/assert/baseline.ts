/**
 * The account baseline every account gets (modules/baseline), read back in
 * that account: once, the CIS password policy, the session-user policy and the
 * S3 account public access block (S3 Control, addressed at
 * <account-id>.localhost: see helpers/loopback.ts); in every allowed region,
 * EBS encryption by default with that region's key, IMDSv2 as the account
 * default, the account's IAM Access Analyzer (served by the emulator's
 * access_analyzer extension), and the Session Manager preferences with their
 * encrypted log group.
 */
import { AccessAnalyzerClient, ListAnalyzersCommand } from "@aws-sdk/client-accessanalyzer";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client, GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand, GetInstanceMetadataDefaultsCommand } from "@aws-sdk/client-ec2";
import { GetAccountPasswordPolicyCommand, GetPolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetPublicAccessBlockCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { GetDocumentCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { PASSWORD_POLICY, SESSION_PREFERENCES_DOCUMENT, sessionUserPolicyName } from "../../../modules/baseline";
import { ClientOptions } from "../helpers/aws";
import { assertKey } from "./kms";

/**
 * The baseline in the account `client` acts in, in each of `regions`; `lz` is the landing zone's
 * name, `retentionDays` the config's log retention.
 */
export async function assertAccountBaseline(client: ClientOptions, lz: string, retentionDays: number, regions: readonly string[]): Promise<void> {
  const iam = new IAMClient(client);
  const policy = (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
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
  const accountId = (await new STSClient(client).send(new GetCallerIdentityCommand({}))).Account!;
  const sessionUser = (await iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${accountId}:policy/${sessionUserPolicyName(lz)}` }))).Policy;
  expect(sessionUser?.PolicyName).toBe(sessionUserPolicyName(lz));

  // S3 Control puts the account id in front of the endpoint's host, so it is addressed by name, not by IP.
  const s3control = new S3ControlClient({ ...client, endpoint: client.endpoint.replace("//127.0.0.1:", "//localhost:") });
  const block = (await s3control.send(new GetPublicAccessBlockCommand({ AccountId: accountId }))).PublicAccessBlockConfiguration;
  expect({ account: accountId, block }).toEqual({
    account: accountId,
    block: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  });

  for (const region of regions) await assertRegionalBaseline({ ...client, region }, lz, retentionDays);
}

/** The regional parts of the baseline in the region `client` acts in. */
async function assertRegionalBaseline(client: ClientOptions, lz: string, retentionDays: number): Promise<void> {
  const ec2 = new EC2Client(client);
  const ebsKey = await assertKey(client, `${lz}/ebs`);
  expect(ebsKey.Arn).toContain(`:${client.region}:`);
  expect((await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
  expect((await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe(ebsKey.Arn);

  const imds = (await ec2.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel;
  expect({ region: client.region, tokens: imds?.HttpTokens, hops: imds?.HttpPutResponseHopLimit }).toEqual({ region: client.region, tokens: "required", hops: 2 });

  const analyzers = (await new AccessAnalyzerClient(client).send(new ListAnalyzersCommand({ type: "ACCOUNT" }))).analyzers ?? [];
  expect({ region: client.region, analyzers: analyzers.map((a) => ({ name: a.name, status: a.status })) }).toEqual({ region: client.region, analyzers: [{ name: `${lz}-account`, status: "ACTIVE" }] });

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
  expect({ region: client.region, name: group?.logGroupName, kms: group?.kmsKeyId, retention: group?.retentionInDays }).toEqual({
    region: client.region,
    name: logGroupName,
    kms: sessionKey.Arn,
    retention: retentionDays,
  });
}
