"""EC2 account-level instance metadata defaults."""
from typing import Any

from . import gap

# AccountLevel keys and the value that clears each one.
_CLEAR = {
    "HttpTokens": "no-preference",
    "HttpPutResponseHopLimit": -1,
    "HttpEndpoint": "no-preference",
    "InstanceMetadataTags": "no-preference",
}


@gap("ec2: ModifyInstanceMetadataDefaults and GetInstanceMetadataDefaults")
def instance_metadata_defaults() -> None:
    """
    AWS: each account and region has instance metadata defaults (IMDSv2
    required, hop limit...) applied to new instances; aws_ec2_instance_metadata_defaults
    sets them with ModifyInstanceMetadataDefaults and reads them with
    GetInstanceMetadataDefaults. "no-preference" (or -1 for the hop limit) clears a value.
    moto: neither action exists (a 500, which the provider retries until it times out).
    Here: both are served from a per-account, per-region dict on the EC2 backend.
    """
    from moto.core.responses import ActionResult
    from moto.ec2.responses import EC2Response

    def defaults(response: Any) -> dict[str, Any]:
        backend = response.ec2_backend
        if not hasattr(backend, "lz_instance_metadata_defaults"):
            backend.lz_instance_metadata_defaults = {}
        return backend.lz_instance_metadata_defaults

    def modify_instance_metadata_defaults(self: Any) -> ActionResult:
        current = defaults(self)
        for key, clear in _CLEAR.items():
            value = self._get_param(key)
            if value is None:
                continue
            if key == "HttpPutResponseHopLimit":
                value = int(value)
            if value == clear:
                current.pop(key, None)
            else:
                current[key] = value
        return ActionResult({"Return": True})

    def get_instance_metadata_defaults(self: Any) -> ActionResult:
        return ActionResult({"AccountLevel": dict(defaults(self))})

    EC2Response.modify_instance_metadata_defaults = modify_instance_metadata_defaults
    EC2Response.get_instance_metadata_defaults = get_instance_metadata_defaults


@gap("ec2: GetEbsDefaultKmsKeyId, ModifyEbsDefaultKmsKeyId and ResetEbsDefaultKmsKeyId")
def ebs_default_kms_key() -> None:
    """
    AWS: each account and region has a default KMS key for EBS encryption,
    alias/aws/ebs until ModifyEbsDefaultKmsKeyId sets another
    (aws_ebs_default_kms_key); ResetEbsDefaultKmsKeyId goes back.
    moto: none of the three exists (a 500, which the provider retries until it times out).
    Here: the key is kept on the EC2 backend, per account and region.
    """
    from moto.core.responses import ActionResult
    from moto.ec2.responses import EC2Response

    def aws_managed(response: Any) -> str:
        backend = response.ec2_backend
        return f"arn:aws:kms:{backend.region_name}:{backend.account_id}:alias/aws/ebs"

    def current(response: Any) -> str:
        return getattr(response.ec2_backend, "lz_ebs_default_kms_key", None) or aws_managed(response)

    def get_ebs_default_kms_key_id(self: Any) -> ActionResult:
        return ActionResult({"KmsKeyId": current(self)})

    def modify_ebs_default_kms_key_id(self: Any) -> ActionResult:
        self.ec2_backend.lz_ebs_default_kms_key = self._get_param("KmsKeyId")
        return ActionResult({"KmsKeyId": current(self)})

    def reset_ebs_default_kms_key_id(self: Any) -> ActionResult:
        self.ec2_backend.lz_ebs_default_kms_key = None
        return ActionResult({"KmsKeyId": current(self)})

    EC2Response.get_ebs_default_kms_key_id = get_ebs_default_kms_key_id
    EC2Response.modify_ebs_default_kms_key_id = modify_ebs_default_kms_key_id
    EC2Response.reset_ebs_default_kms_key_id = reset_ebs_default_kms_key_id
