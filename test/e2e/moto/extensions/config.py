"""AWS Config: PutDeliveryChannel checks that AWS Config can deliver to the bucket."""
import json
from typing import Any

from . import gap

CONFIG = "config.amazonaws.com"


def _config_error(code: str, message: str) -> Exception:
    from moto.core.exceptions import JsonRESTError

    return JsonRESTError(code, message)


def check_channel(account_id: str, region: str, channel: dict[str, Any]) -> None:
    """
    Raises what PutDeliveryChannel raises when AWS Config could not deliver to the channel's bucket in
    another account: it delivers there as its service principal with the recording account as
    aws:SourceAccount, checks the bucket ACL, then writes <prefix>/AWSLogs/<account>/Config/... with
    x-amz-acl bucket-owner-full-control (and SSE-KMS with the channel's key), per "Permissions for the
    Amazon S3 Bucket for the AWS Config Delivery Channel",
    https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html, and uses the key per
    "Permissions for the KMS Key", https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html.
    """
    from moto.kms.models import kms_backends
    from moto.s3.models import s3_backends

    from .s3_policy import evaluate_bucket_policy

    partition = "aws"
    name = channel.get("s3BucketName") or ""
    try:
        bucket = s3_backends[account_id][partition].get_bucket(name)
    except Exception:
        raise _config_error("NoSuchBucketException", f"Cannot find a S3 bucket with name {name}.")
    if bucket.account_id == account_id:
        return  # in its own account AWS Config delivers through the recorder's role
    raw = bucket.policy.decode() if isinstance(bucket.policy, bytes) else bucket.policy
    policy = json.loads(raw) if raw else {"Statement": []}
    prefix = (channel.get("s3KeyPrefix") or "").strip("/")
    folder = f"{prefix + '/' if prefix else ''}AWSLogs/{account_id}/Config/"
    context = {"aws:SourceAccount": account_id, "aws:SecureTransport": "true"}
    put = {**context, "s3:x-amz-acl": "bucket-owner-full-control"}
    key_arn = channel.get("s3KmsKeyArn")
    if key_arn:
        put.update({"s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": key_arn})
    acl = evaluate_bucket_policy(policy, "s3:GetBucketAcl", f"arn:{partition}:s3:::{name}", bucket.account_id, context, service=CONFIG)
    write = evaluate_bucket_policy(policy, "s3:PutObject", f"arn:{partition}:s3:::{name}/{folder}ConfigWritabilityCheckFile", bucket.account_id, put, service=CONFIG)
    if acl != "PERMITTED" or write != "PERMITTED":
        raise _config_error("InsufficientDeliveryPolicyException", f"Insufficient delivery policy to s3 bucket: {name}, unable to write to bucket, provided s3 key prefix is '{prefix}'.")
    if key_arn:
        key_account, key_region = key_arn.split(":")[4], key_arn.split(":")[3]
        try:
            key = kms_backends[key_account][key_region].describe_key(key_arn)
        except Exception:
            raise _config_error("InvalidS3KmsKeyArnException", f"The KMS key {key_arn} does not exist.")
        if evaluate_bucket_policy(json.loads(key.policy), "kms:GenerateDataKey", key.arn, key_account, context, service=CONFIG) != "PERMITTED":
            raise _config_error("InsufficientDeliveryPolicyException", f"Insufficient delivery policy to use KMS key {key_arn}.")


@gap("config: PutDeliveryChannel refuses a bucket or key in another account that does not let AWS Config deliver")
def delivery_channel_checks_the_bucket() -> None:
    """
    AWS: PutDeliveryChannel fails with NoSuchBucketException for a bucket that does not exist and
    InsufficientDeliveryPolicyException when the bucket policy (or the channel's KMS key) does not let
    AWS Config deliver (https://docs.aws.amazon.com/config/latest/APIReference/API_PutDeliveryChannel.html).
    moto: "We are going to assume that the bucket exists ... and has the correct policy".
    Here: for a bucket in another account, the requests AWS Config sends are judged against the bucket
    policy and the key policy (check_channel); a bucket in the caller's account is left to the role.
    """
    from moto.config.models import ConfigBackend

    original = ConfigBackend.put_delivery_channel

    def put_delivery_channel(self: Any, delivery_channel: dict[str, Any]) -> None:
        if self.recorders and delivery_channel.get("s3BucketName"):
            check_channel(self.account_id, self.region_name, delivery_channel)
        original(self, delivery_channel)

    ConfigBackend.put_delivery_channel = put_delivery_channel
