"""EC2: account-level defaults (instance metadata, EBS key), launch templates, instances, security group rules."""
from typing import Any

from . import gap

# AccountLevel keys and the value that clears each one.
_CLEAR = {
    "HttpTokens": "no-preference",
    "HttpPutResponseHopLimit": -1,
    "HttpEndpoint": "no-preference",
    "InstanceMetadataTags": "no-preference",
}
# The values ModifyInstanceMetadataDefaults takes for each key
# (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceMetadataDefaults.html).
_VALID = {
    "HttpTokens": {"optional", "required", "no-preference"},
    "HttpPutResponseHopLimit": {-1, *range(1, 65)},
    "HttpEndpoint": {"enabled", "disabled", "no-preference"},
    "InstanceMetadataTags": {"enabled", "disabled", "no-preference"},
}


@gap("ec2: ModifyInstanceMetadataDefaults and GetInstanceMetadataDefaults")
def instance_metadata_defaults() -> None:
    """
    AWS: each account and region has instance metadata defaults (IMDSv2
    required, hop limit...) applied to new instances; aws_ec2_instance_metadata_defaults
    sets them with ModifyInstanceMetadataDefaults and reads them with
    GetInstanceMetadataDefaults. "no-preference" (or -1 for the hop limit) clears a value;
    any other value outside the documented ones fails with InvalidParameterValue.
    moto: neither action exists (a 500, which the provider retries until it times out).
    Here: both are served from a per-account, per-region dict on the EC2 backend,
    after the values are checked (all of them before any is set).
    """
    from moto.core.responses import ActionResult
    from moto.ec2.exceptions import InvalidParameterValueError
    from moto.ec2.responses import EC2Response

    def defaults(response: Any) -> dict[str, Any]:
        backend = response.ec2_backend
        if not hasattr(backend, "lz_instance_metadata_defaults"):
            backend.lz_instance_metadata_defaults = {}
        return backend.lz_instance_metadata_defaults

    def modify_instance_metadata_defaults(self: Any) -> ActionResult:
        sent = {k: self._get_param(k) for k in _CLEAR if self._get_param(k) is not None}
        if "HttpPutResponseHopLimit" in sent:
            sent["HttpPutResponseHopLimit"] = int(sent["HttpPutResponseHopLimit"])
        for key, value in sent.items():
            if value not in _VALID[key]:
                raise InvalidParameterValueError(f"{value} ({key})")
        current = defaults(self)
        for key, value in sent.items():
            clear = _CLEAR[key]
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


@gap("ec2: a launch template that maps the AMI's root device replaces the root volume")
def launch_template_root_volume() -> None:
    """
    AWS: an instance gets its AMI's block device mappings, each replaced by a
    mapping of the same device name from the request or its launch template;
    a template that maps the AMI's root device (/dev/xvda for Amazon Linux
    2023) sets the size, type and encryption of the one root volume.
    moto: an instance launched from a template always gets a default
    unencrypted 8 GiB volume at /dev/sda1 as well as the template's mappings,
    so it has a second, unencrypted volume that AWS would never create.
    Here: when the template maps the AMI's root device, its mappings are used
    as if the request had sent them, so the default volume is not added.
    """
    from moto.ec2.models.instances import InstanceBackend

    original = InstanceBackend.run_instances

    def run_instances(self: Any, image_id: str, count: int, user_data: Any, security_group_names: list[str], **kwargs: Any) -> Any:
        if kwargs.get("launch_template") and "block_device_mappings" not in kwargs:
            template = self._get_template_from_args(kwargs["launch_template"])
            mappings = template.data.get("BlockDeviceMappings") or []
            images = self.describe_images(ami_ids=[image_id or template.image_id]) if (image_id or template.image_id) else []
            root = images[0].root_device_name if images else None
            if root and any(m.get("DeviceName") == root for m in mappings):
                kwargs["block_device_mappings"] = mappings
        return original(self, image_id, count, user_data, security_group_names, **kwargs)

    InstanceBackend.run_instances = run_instances


@gap("ec2: a launch template's own tags stay out of its launch data")
def launch_template_own_tags() -> None:
    """
    AWS: CreateLaunchTemplate's TagSpecifications (resource type
    launch-template) tag the template itself; LaunchTemplateData.TagSpecifications
    only holds tags for what the template launches (instance, volume...).
    moto: copies the template's own tags into its launch data, so
    aws_launch_template with default_tags reads back a tag_specifications block
    nobody wrote and every plan wants to remove it.
    Here: launch-template entries are dropped from the launch data of new templates.
    """
    from moto.ec2.models.launch_templates import LaunchTemplateBackend

    original = LaunchTemplateBackend.create_launch_template

    def create_launch_template(self: Any, name: str, description: str, template_data: dict[str, Any], tag_spec: dict[str, Any]) -> Any:
        specs = [s for s in template_data.get("TagSpecifications", []) if s.get("ResourceType") != "launch-template"]
        if specs:
            template_data["TagSpecifications"] = specs
        else:
            template_data.pop("TagSpecifications", None)
        return original(self, name, description, template_data, tag_spec)

    LaunchTemplateBackend.create_launch_template = create_launch_template


@gap("ec2: a network interface without a public IP has no Association")
def interfaces_without_public_ip_have_no_association() -> None:
    """
    AWS: DescribeInstances and DescribeNetworkInterfaces leave out a network
    interface's Association when it has no public IP.
    moto: returns an empty Association object, which the provider reads as a
    public IP (associate_public_ip_address = true), so every plan wants to
    replace an instance launched with associate_public_ip_address = false.
    Here: Association is left out unless the interface has a public IP.
    """
    from moto.ec2.models.elastic_network_interfaces import NetworkInterface

    original = NetworkInterface.association

    def association(self: Any) -> Any:
        return original.fget(self) if self.public_ip else None  # type: ignore[attr-defined]

    NetworkInterface.association = property(association)  # type: ignore[assignment]


@gap("ec2: a security group rule that references a group keeps its description")
def group_rule_descriptions() -> None:
    """
    AWS: a rule authorized with UserIdGroupPairs[].Description returns that
    description in DescribeSecurityGroupRules.
    moto: reads a rule's description only from its CIDR range, so a rule that
    references another security group (ALB -> tasks) loses it and every plan
    wants to set it again.
    Here: the description comes from the CIDR range or, failing that, the referenced group.
    """
    from moto.ec2.models.security_groups import SecurityGroupRule

    def description(self: Any) -> Any:
        return self.ip_range.get("Description") or self.source_group.get("Description")

    SecurityGroupRule.description = property(description)  # type: ignore[assignment]


@gap("ec2: MonitorInstances and UnmonitorInstances switch detailed monitoring")
def detailed_monitoring() -> None:
    """
    AWS: MonitorInstances / UnmonitorInstances turn detailed monitoring on or
    off for running instances and answer each instance's new state
    (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_MonitorInstances.html);
    aws_instance with monitoring = true calls MonitorInstances after RunInstances.
    moto: both raise NotImplementedError (a 500 the provider retries for minutes).
    Here: the instance's monitoring state is set and answered ("pending" /
    "disabling" as AWS answers; DescribeInstances then shows enabled / disabled).
    """
    from moto.ec2.responses.monitoring import Monitoring

    def switch(self: Any, on: bool) -> str:
        self.error_on_dryrun()
        items = []
        for instance_id in self._get_param("InstanceIds", []):
            instance = self.ec2_backend.get_instance(instance_id)
            instance.monitoring_state = "enabled" if on else "disabled"
            items.append(f"<item><instanceId>{instance_id}</instanceId><monitoring><state>{'pending' if on else 'disabling'}</state></monitoring></item>")
        action = "MonitorInstancesResponse" if on else "UnmonitorInstancesResponse"
        return (
            f'<{action} xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>'
            f"<instancesSet>{''.join(items)}</instancesSet></{action}>"
        )

    Monitoring.monitor_instances = lambda self: switch(self, True)  # type: ignore[method-assign]
    Monitoring.unmonitor_instances = lambda self: switch(self, False)  # type: ignore[method-assign]
