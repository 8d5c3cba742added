"""CloudTrail: trails addressed by ARN, delegated administrators, and the delivery checks of CreateTrail/UpdateTrail."""
from typing import Any

from . import gap


@gap("cloudtrail: StartLogging, StopLogging and DeleteTrail accept the trail ARN")
def trail_operations_accept_the_arn() -> None:
    """
    AWS: every trail operation takes the trail name or its ARN; the provider's
    aws_cloudtrail calls StartLogging with the ARN.
    moto: StartLogging and StopLogging look the trail up by name only and raise
    KeyError (a 500, which the provider retries until it times out);
    DeleteTrail by ARN silently deletes nothing.
    Here: the three resolve the trail with moto's own get_trail(name_or_arn).
    """
    from moto.cloudtrail.models import CloudTrailBackend

    def start_logging(self: Any, name: str) -> None:
        self.get_trail(name).start_logging()

    def stop_logging(self: Any, name: str) -> None:
        self.get_trail(name).stop_logging()

    def delete_trail(self: Any, name: str) -> None:
        trail = self.get_trail(name)
        del self.trails[trail.trail_name]

    CloudTrailBackend.start_logging = start_logging
    CloudTrailBackend.stop_logging = stop_logging
    CloudTrailBackend.delete_trail = delete_trail


@gap("cloudtrail: RegisterOrganizationDelegatedAdmin and DeregisterOrganizationDelegatedAdmin")
def organization_delegated_admin() -> None:
    """
    AWS: the management account makes a member the CloudTrail delegated
    administrator with RegisterOrganizationDelegatedAdmin (which registers it
    in Organizations for cloudtrail.amazonaws.com);
    aws_cloudtrail_organization_delegated_admin_account reads it back with
    Organizations ListDelegatedAdministrators.
    moto: neither action exists (a 500, which the provider retries until it
    times out), and Organizations refuses cloudtrail.amazonaws.com (and other
    services AWS lists) as a delegated-administrator service.
    Here: both call moto's Organizations register/deregister_delegated_administrator
    in the caller's organization, and those services are accepted.
    """
    import json

    from moto.cloudtrail.responses import CloudTrailResponse
    from moto.organizations.models import FakeDelegatedAdministrator, organizations_backends

    # https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrated-services-list.html
    for service in ("cloudtrail.amazonaws.com", "securityhub.amazonaws.com", "config.amazonaws.com", "inspector2.amazonaws.com"):
        if service not in FakeDelegatedAdministrator.SUPPORTED_SERVICES:
            FakeDelegatedAdministrator.SUPPORTED_SERVICES.append(service)

    def organizations(response: Any) -> Any:
        return organizations_backends[response.current_account][response.partition]

    def register_organization_delegated_admin(self: Any) -> str:
        organizations(self).register_delegated_administrator(AccountId=self._get_param("MemberAccountId"), ServicePrincipal="cloudtrail.amazonaws.com")
        return json.dumps({})

    def deregister_organization_delegated_admin(self: Any) -> str:
        organizations(self).deregister_delegated_administrator(AccountId=self._get_param("DelegatedAdminAccountId"), ServicePrincipal="cloudtrail.amazonaws.com")
        return json.dumps({})

    CloudTrailResponse.register_organization_delegated_admin = register_organization_delegated_admin
    CloudTrailResponse.deregister_organization_delegated_admin = deregister_organization_delegated_admin


CLOUDTRAIL = "cloudtrail.amazonaws.com"


def _trail_error(code: str, message: str) -> Exception:
    from moto.core.exceptions import JsonRESTError

    error = JsonRESTError(code, message)
    error.code = 400
    return error


def _organization(account_id: str, partition: str) -> dict[str, Any] | None:
    """The caller's organization (Id, MasterAccountId), or None outside one."""
    from moto.organizations.models import organizations_backends

    try:
        return organizations_backends[account_id][partition].describe_organization()["Organization"]
    except Exception:
        return None


def delivery_requests(account_id: str, region: str, partition: str, name: str, bucket: str, prefix: str | None, is_org_trail: bool) -> dict[str, Any]:
    """
    What CloudTrail sends when it delivers for this trail: its ARN as aws:SourceArn (an organization
    trail's ARN is the management account's, wherever it was created from) and where it writes
    ([prefix/]AWSLogs/<organization id or account id>/).
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html
    """
    organization = _organization(account_id, partition) if is_org_trail else None
    owner = organization["MasterAccountId"] if organization else account_id
    source_arn = f"arn:{partition}:cloudtrail:{region}:{owner}:trail/{name}"
    # Organization trails write AWSLogs/<organization id>/<account id>/..., others AWSLogs/<account id>/...
    folder = f"{prefix.strip('/') + '/' if prefix else ''}AWSLogs/{organization['Id'] + '/' if organization else ''}{owner}/"
    return {
        "source_arn": source_arn,
        "bucket_arn": f"arn:{partition}:s3:::{bucket}",
        "folder_arn": f"arn:{partition}:s3:::{bucket}/{folder}",
        "object_arn": f"arn:{partition}:s3:::{bucket}/{folder}CloudTrail/{region}/check.json.gz",
        "context": {"aws:SourceArn": source_arn, "aws:SourceAccount": owner, "aws:SecureTransport": "true"},
    }


def check_delivery(backend: Any, name: str, bucket: str, prefix: str | None, is_org_trail: bool, kms_key_id: str | None, role_arn: str | None) -> None:
    """Raises what CreateTrail/UpdateTrail raise when CloudTrail could not deliver for this configuration."""
    import json

    from moto.iam.models import iam_backends
    from moto.kms.models import kms_backends
    from moto.s3.models import s3_backends

    from .s3_policy import evaluate_bucket_policy

    account_id, region = backend.account_id, backend.region_name
    partition = "aws" if not region.startswith(("cn-", "us-gov-")) else ("aws-cn" if region.startswith("cn-") else "aws-us-gov")
    r = delivery_requests(account_id, region, partition, name, bucket, prefix, is_org_trail)

    try:
        s3_bucket = s3_backends[account_id][partition].get_bucket(bucket)
    except Exception:
        return  # moto's own check reports a missing bucket
    raw = s3_bucket.policy.decode() if isinstance(s3_bucket.policy, bytes) else s3_bucket.policy
    bucket_policy = json.loads(raw) if raw else {"Statement": []}
    put = {**r["context"], "s3:x-amz-acl": "bucket-owner-full-control"}
    if kms_key_id:
        put.update({"s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": kms_key_id})
    bucket_owner = s3_bucket.account_id
    acl = evaluate_bucket_policy(bucket_policy, "s3:GetBucketAcl", r["bucket_arn"], bucket_owner, r["context"], service=CLOUDTRAIL)
    write = evaluate_bucket_policy(bucket_policy, "s3:PutObject", r["object_arn"], bucket_owner, put, service=CLOUDTRAIL)
    if acl != "PERMITTED" or write != "PERMITTED":
        raise _trail_error("InsufficientS3BucketPolicyException", f"Incorrect S3 bucket policy is detected for bucket: {bucket}")

    if kms_key_id:
        key_region = kms_key_id.split(":")[3] if kms_key_id.startswith("arn:") else region
        key_account = kms_key_id.split(":")[4] if kms_key_id.startswith("arn:") else account_id
        try:
            key = kms_backends[key_account][key_region].describe_key(kms_key_id)
        except Exception:
            raise _trail_error("KmsKeyNotFoundException", f"KMS key {kms_key_id} does not exist")
        key_policy = json.loads(key.policy)
        # The check's GenerateDataKey names the trail and the bucket path ("How AWS CloudTrail uses AWS KMS").
        encryption = {**r["context"], "kms:EncryptionContext:aws:cloudtrail:arn": r["source_arn"], "kms:EncryptionContext:aws:s3:arn": r["folder_arn"]}
        generate = evaluate_bucket_policy(key_policy, "kms:GenerateDataKey", key.arn, key_account, encryption, service=CLOUDTRAIL)
        describe = evaluate_bucket_policy(key_policy, "kms:DescribeKey", key.arn, key_account, r["context"], service=CLOUDTRAIL)
        if generate != "PERMITTED" or describe != "PERMITTED":
            raise _trail_error("InsufficientEncryptionPolicyException", f"Insufficient permissions to access S3 bucket {bucket} or KMS key {kms_key_id}.")

    if role_arn:
        try:
            role = iam_backends[account_id]["global"].get_role_by_arn(role_arn)
        except Exception:
            raise _trail_error("InvalidCloudWatchLogsRoleArnException", "Access denied. Check the trust relationships for your role.")
        trust = json.loads(role.assume_role_policy_document)
        # CloudTrail documents no aws:SourceArn or aws:SourceAccount when it assumes this role.
        if evaluate_bucket_policy(trust, "sts:AssumeRole", role.arn, account_id, {"aws:SecureTransport": "true"}, service=CLOUDTRAIL) != "PERMITTED":
            raise _trail_error("InvalidCloudWatchLogsRoleArnException", "Access denied. Check the trust relationships for your role.")


@gap("cloudtrail: CreateTrail and UpdateTrail refuse a bucket, key or role CloudTrail could not use")
def trail_checks_its_delivery_permissions() -> None:
    """
    AWS: before accepting a trail, CreateTrail and UpdateTrail check that
    CloudTrail can deliver (CreateTrail API reference, Errors): the bucket
    policy must let cloudtrail.amazonaws.com s3:GetBucketAcl on the bucket and
    s3:PutObject under [prefix/]AWSLogs/<account or organization id>/
    (InsufficientS3BucketPolicyException); with a KMS key, the key policy must
    let it kms:GenerateDataKey and kms:DescribeKey
    (InsufficientEncryptionPolicyException); with CloudWatch Logs, the role's
    trust must let cloudtrail.amazonaws.com sts:AssumeRole
    (InvalidCloudWatchLogsRoleArnException: "Access denied. Check the trust
    relationships for your role."). CloudTrail's S3 and KMS requests carry the
    trail's ARN as aws:SourceArn (an organization trail's is the management
    account's) and, for KMS, the encryption context aws:cloudtrail:arn and
    aws:s3:arn; AWS documents no aws:SourceArn for the AssumeRole.
    https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-kms-works-with-cloudtrail.html
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
    moto: checks only that the bucket (and SNS topic) exist.
    Here: the bucket policy, the key policy and the role's trust are evaluated
    against those requests with s3_policy.py's policy evaluator, on create and
    on update (with the trail's settings the update keeps).
    """
    from moto.cloudtrail.models import CloudTrailBackend

    original_create = CloudTrailBackend.create_trail
    original_update = CloudTrailBackend.update_trail

    def create_trail(self: Any, name: str, bucket_name: str, s3_key_prefix: str, sns_topic_name: str, is_global: bool, is_multi_region: bool, log_validation: bool, is_org_trail: bool, cw_log_group_arn: str, cw_role_arn: str, kms_key_id: str, tags_list: Any) -> Any:
        check_delivery(self, name, bucket_name, s3_key_prefix, is_org_trail, kms_key_id, cw_role_arn)
        return original_create(self, name, bucket_name, s3_key_prefix, sns_topic_name, is_global, is_multi_region, log_validation, is_org_trail, cw_log_group_arn, cw_role_arn, kms_key_id, tags_list)

    def update_trail(self: Any, name: str, **changes: Any) -> Any:
        trail = self.get_trail(name)
        pick = lambda key, current: current if changes.get(key) is None else changes[key]  # noqa: E731
        check_delivery(
            self,
            trail.trail_name,
            pick("s3_bucket_name", trail.bucket_name),
            pick("s3_key_prefix", trail.s3_key_prefix),
            pick("is_organization_trail", trail.is_org_trail) in (True, "true", "True"),
            pick("kms_key_id", trail.kms_key_id),
            pick("cw_role_arn", trail.cw_role_arn),
        )
        return original_update(self, name=name, **changes)

    CloudTrailBackend.create_trail = create_trail
    CloudTrailBackend.update_trail = update_trail
