/**
 * What AWS Config needs to deliver every account's configuration history and
 * snapshots to the logging account's Config bucket, encrypted with the logging
 * key. The recorders use AWS Config's service-linked role, so AWS Config
 * delivers as its service principal, scoped by `aws:SourceAccount` to the
 * organization's accounts:
 * - bucket: "Permissions for the Amazon S3 Bucket for the AWS Config Delivery Channel"
 *   (GetBucketAcl and ListBucket on the bucket; PutObject on
 *   `<prefix>/AWSLogs/<account>/Config/*` with `s3:x-amz-acl = bucket-owner-full-control`),
 *   https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
 * - key: "Permissions for the KMS Key for the AWS Config Delivery Channel"
 *   (kms:Decrypt and kms:GenerateDataKey, "When Using Service-Linked Roles"),
 *   https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html
 *
 * The bucket is not the trail's archive: "AWS Config does not support the
 * delivery channel to an Amazon S3 bucket where object lock is enabled"
 * (AWS::Config::DeliveryChannel,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-config-deliverychannel.html),
 * and the archive may have Object Lock.
 */
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { configObjectKeys } from "../../aws/config";
import { SECURITY_SERVICE_PRINCIPALS } from "../../aws/security-services";

const config = [{ type: "Service", identifiers: [SECURITY_SERVICE_PRINCIPALS.config] }];
const fromAccounts = (accountIds: readonly string[]) => ({ test: "StringEquals", variable: "aws:SourceAccount", values: [...accountIds] });

/** The bucket policy statements: AWS Config, for the organization's accounts, each under its own path. */
export function configBucketStatements(bucketArn: string, keyPrefix: string, accountIds: readonly string[]): DataAwsIamPolicyDocumentStatement[] {
  return [
    { sid: "AWSConfigBucketPermissionsCheck", principals: config, actions: ["s3:GetBucketAcl"], resources: [bucketArn], condition: [fromAccounts(accountIds)] },
    { sid: "AWSConfigBucketExistenceCheck", principals: config, actions: ["s3:ListBucket"], resources: [bucketArn], condition: [fromAccounts(accountIds)] },
    {
      sid: "AWSConfigBucketDelivery",
      principals: config,
      actions: ["s3:PutObject"],
      resources: accountIds.map((id) => `${bucketArn}/${configObjectKeys(keyPrefix, id)}`),
      condition: [fromAccounts(accountIds), { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] }],
    },
  ];
}

/** The key policy statement: AWS Config encrypts what it delivers for the organization's accounts. */
export function configKeyStatements(accountIds: readonly string[]): DataAwsIamPolicyDocumentStatement[] {
  return [{ sid: "AWSConfigKMSPolicy", principals: config, actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: ["*"], condition: [fromAccounts(accountIds)] }];
}
