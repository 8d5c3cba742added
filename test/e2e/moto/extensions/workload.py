"""Workload account services: SSM associations and tags, Application Auto Scaling tags, Batch's service role."""
import json
import time
import uuid
from typing import Any

from . import gap


@gap("ssm: tags on patch baselines, associations and managed instances")
def ssm_tags_on_every_taggable_type() -> None:
    """
    AWS: AddTagsToResource / ListTagsForResource work on documents, parameters,
    maintenance windows, patch baselines, associations, managed instances...;
    CreatePatchBaseline with Tags tags the new baseline.
    moto: every type but Parameter, Document and MaintenanceWindow fails with
    InvalidResourceId, so aws_ssm_patch_baseline with tags cannot be created.
    Here: patch baselines and associations are checked against moto's own
    stores; other documented types are accepted as given.
    """
    from moto.ssm.exceptions import InvalidResourceId
    from moto.ssm.models import SimpleSystemManagerBackend

    original = SimpleSystemManagerBackend._validate_resource_type_and_id

    def validate(self: Any, resource_type: str, resource_id: str) -> str:
        if resource_type == "PatchBaseline":
            if resource_id not in self.baselines:
                raise InvalidResourceId()
            return resource_id
        if resource_type == "Association":
            if resource_id not in getattr(self, "lz_associations", {}):
                raise InvalidResourceId()
            return resource_id
        if resource_type in ("ManagedInstance", "OpsItem", "OpsMetadata", "Automation"):
            return resource_id
        return original(self, resource_type, resource_id)

    SimpleSystemManagerBackend._validate_resource_type_and_id = validate


@gap("ssm: State Manager associations (create, describe, update, delete, list)")
def ssm_associations() -> None:
    """
    AWS: aws_ssm_association calls CreateAssociation, reads it back with
    DescribeAssociation, changes it with UpdateAssociation and removes it with
    DeleteAssociation.
    moto: none of these exists (a 500, which the provider retries until it times out).
    Here: associations are kept per account and region as the request gave
    them, with an id, a version and a Success overview.
    """
    from moto.ssm.responses import SimpleSystemManagerResponse

    fields = (
        "Name", "DocumentVersion", "Parameters", "Targets", "ScheduleExpression", "OutputLocation", "AssociationName",
        "AutomationTargetParameterName", "MaxErrors", "MaxConcurrency", "ComplianceSeverity", "SyncCompliance",
        "ApplyOnlyAtCronInterval", "CalendarNames", "TargetLocations", "ScheduleOffset", "Duration", "TargetMaps", "InstanceId",
    )

    def store(response: Any) -> dict[str, dict[str, Any]]:
        backend = response.ssm_backend
        if not hasattr(backend, "lz_associations"):
            backend.lz_associations = {}
        return backend.lz_associations

    def find(response: Any) -> dict[str, Any]:
        association_id = response._get_param("AssociationId")
        found = store(response).get(association_id)
        if found is None:
            from moto.core.exceptions import JsonRESTError

            raise JsonRESTError("AssociationDoesNotExist", f"Association {association_id} does not exist.")
        return found

    def create_association(self: Any) -> str:
        now = time.time()
        association = {k: self._get_param(k) for k in fields if self._get_param(k) is not None}
        association.setdefault("DocumentVersion", "$DEFAULT")
        association.update(AssociationId=str(uuid.uuid4()), AssociationVersion="1", Date=now, LastUpdateAssociationDate=now, Overview={"Status": "Success"})
        store(self)[association["AssociationId"]] = association
        tags = {t["Key"]: t["Value"] for t in self._get_param("Tags") or []}
        if tags:
            self.ssm_backend.add_tags_to_resource("Association", association["AssociationId"], tags)
        return json.dumps({"AssociationDescription": association})

    def describe_association(self: Any) -> str:
        return json.dumps({"AssociationDescription": find(self)})

    def update_association(self: Any) -> str:
        association = find(self)
        association.update({k: self._get_param(k) for k in fields if self._get_param(k) is not None})
        association["AssociationVersion"] = str(int(association["AssociationVersion"]) + 1)
        association["LastUpdateAssociationDate"] = time.time()
        return json.dumps({"AssociationDescription": association})

    def delete_association(self: Any) -> str:
        store(self).pop(find(self)["AssociationId"])
        return json.dumps({})

    def list_associations(self: Any) -> str:
        keys = ("Name", "AssociationId", "AssociationVersion", "DocumentVersion", "Targets", "ScheduleExpression", "AssociationName", "Overview")
        return json.dumps({"Associations": [{k: a[k] for k in keys if k in a} for a in store(self).values()]})

    for fn in (create_association, describe_association, update_association, delete_association, list_associations):
        setattr(SimpleSystemManagerResponse, fn.__name__, fn)


@gap("ssm: GetPatchBaseline, UpdatePatchBaseline and DescribePatchGroups")
def ssm_patch_baseline_read() -> None:
    """
    AWS: aws_ssm_patch_baseline reads a baseline back with GetPatchBaseline
    (rules, filters, patch groups) and changes it with UpdatePatchBaseline;
    aws_ssm_patch_group finds its registration with DescribePatchGroups.
    moto: creates, lists and deletes baselines and registers patch groups, but
    has none of these calls (a 500, which the provider retries until it times out).
    Here: all three are served from moto's own baseline and patch group objects.
    """
    from moto.core.exceptions import JsonRESTError
    from moto.ssm.responses import SimpleSystemManagerResponse

    updatable = {
        "Name": "name", "GlobalFilters": "global_filters", "ApprovalRules": "approval_rules", "ApprovedPatches": "approved_patches",
        "ApprovedPatchesComplianceLevel": "approved_patches_compliance_level", "ApprovedPatchesEnableNonSecurity": "approved_patches_enable_non_security",
        "RejectedPatches": "rejected_patches", "RejectedPatchesAction": "rejected_patches_action", "Description": "description", "Sources": "sources",
    }

    def described(response: Any) -> dict[str, Any]:
        backend = response.ssm_backend
        baseline_id = response._get_param("BaselineId")
        baseline = backend.baselines.get(baseline_id)
        if baseline is None:
            raise JsonRESTError("DoesNotExistException", f"Patch Baseline {baseline_id} does not exist.")
        groups = [name for name, group in backend.patch_groups.items() if baseline_id in group.associations.values()]
        out = {k: v for k, v in baseline.to_json().items() if v is not None and k not in ("BaselineName", "BaselineDescription", "DefaultBaseline")}
        out.update(Name=baseline.name, Description=baseline.description, PatchGroups=groups)
        return {k: v for k, v in out.items() if v is not None}

    def get_patch_baseline(self: Any) -> str:
        return json.dumps(described(self))

    def update_patch_baseline(self: Any) -> str:
        baseline = self.ssm_backend.baselines.get(self._get_param("BaselineId"))
        for param, attribute in updatable.items():
            if self._get_param(param) is not None and baseline is not None:
                setattr(baseline, attribute, self._get_param(param))
        return json.dumps(described(self))

    def describe_patch_groups(self: Any) -> str:
        backend = self.ssm_backend
        mappings = []
        for name, group in backend.patch_groups.items():
            for baseline_id in group.associations.values():
                baseline = backend.baselines.get(baseline_id)
                if baseline is None:
                    continue
                identity = {"BaselineId": baseline.id, "BaselineName": baseline.name, "OperatingSystem": baseline.operating_system, "DefaultBaseline": False}
                if baseline.description:
                    identity["BaselineDescription"] = baseline.description
                mappings.append({"PatchGroup": name, "BaselineIdentity": identity})
        return json.dumps({"Mappings": mappings})

    SimpleSystemManagerResponse.get_patch_baseline = get_patch_baseline
    SimpleSystemManagerResponse.describe_patch_groups = describe_patch_groups
    SimpleSystemManagerResponse.update_patch_baseline = update_patch_baseline


@gap("application-autoscaling: tags on scalable targets")
def scalable_target_tags() -> None:
    """
    AWS: RegisterScalableTarget takes Tags; TagResource, UntagResource and
    ListTagsForResource work on the target's ARN (aws_appautoscaling_target reads them).
    moto: the three tag actions do not exist (a 500, which the provider retries
    until it times out) and the Tags of the registration are dropped.
    Here: tags are kept on moto's target object.
    """
    from moto.applicationautoscaling.models import FakeScalableTarget
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
    from moto.core.exceptions import JsonRESTError

    def target(response: Any) -> Any:
        arn = response._get_param("ResourceARN")
        backend = response.applicationautoscaling_backend
        for by_id in backend.targets.values():
            for candidate in by_id.values():
                if candidate.arn == arn:
                    return candidate
        raise JsonRESTError("ResourceNotFoundException", f"No scalable target found for {arn}")

    def tags(t: FakeScalableTarget) -> dict[str, str]:
        if not hasattr(t, "lz_tags"):
            t.lz_tags = {}
        return t.lz_tags

    original_register = ApplicationAutoScalingResponse.register_scalable_target

    def register_scalable_target(self: Any) -> str:
        body = original_register(self)
        arn = json.loads(body)["ScalableTargetARN"]
        for by_id in self.applicationautoscaling_backend.targets.values():
            for candidate in by_id.values():
                if candidate.arn == arn:
                    tags(candidate).update(self._get_param("Tags") or {})
        return body

    def list_tags_for_resource(self: Any) -> str:
        return json.dumps({"Tags": tags(target(self))})

    def tag_resource(self: Any) -> str:
        tags(target(self)).update(self._get_param("Tags") or {})
        return json.dumps({})

    def untag_resource(self: Any) -> str:
        t = tags(target(self))
        for key in self._get_param("TagKeys") or []:
            t.pop(key, None)
        return json.dumps({})

    ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target
    ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource
    ApplicationAutoScalingResponse.tag_resource = tag_resource
    ApplicationAutoScalingResponse.untag_resource = untag_resource


@gap("batch: a compute environment without a service role uses the service-linked role")
def batch_service_linked_role() -> None:
    """
    AWS: serviceRole is optional on CreateComputeEnvironment; without it Batch
    uses its service-linked role AWSServiceRoleForBatch (and Fargate
    environments are usually created that way).
    moto: refuses the request with "ServiceRole is required".
    Here: the service-linked role is created in the account when missing and used.
    """
    from moto.batch.models import BatchBackend

    original = BatchBackend.create_compute_environment

    def create_compute_environment(self: Any, compute_environment_name: str, _type: str, state: str, compute_resources: Any, service_role: str, tags: Any = None) -> Any:
        if not service_role:
            name, path = "AWSServiceRoleForBatch", "/aws-service-role/batch.amazonaws.com/"
            iam = self.iam_backend
            role = next((r for r in iam.roles.values() if r.name == name), None)
            if role is None:
                trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "batch.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
                role = iam.create_role(name, json.dumps(trust), path, None, "Batch service-linked role", [], None, linked_service="batch.amazonaws.com")
            service_role = role.arn
        return original(self, compute_environment_name, _type, state, compute_resources, service_role, tags)

    BatchBackend.create_compute_environment = create_compute_environment


@gap("ecs: services keep availabilityZoneRebalancing, enableECSManagedTags and healthCheckGracePeriodSeconds")
def ecs_service_settings() -> None:
    """
    AWS: CreateService/UpdateService take availabilityZoneRebalancing,
    enableECSManagedTags and healthCheckGracePeriodSeconds, and DescribeServices
    returns them (aws_ecs_service sends availabilityZoneRebalancing DISABLED by default).
    moto: drops them, so every plan after the apply wants to set them again.
    Here: the values sent are kept on moto's service object and returned.
    """
    from moto.ecs.responses import EC2ContainerServiceResponse

    # request parameter -> attribute moto serializes it from, and AWS's default
    settings = (
        ("availabilityZoneRebalancing", "availability_zone_rebalancing", "DISABLED"),
        ("enableECSManagedTags", "enable_ecs_managed_tags", False),
        ("healthCheckGracePeriodSeconds", "health_check_grace_period_seconds", None),
    )

    def keeping(original: Any) -> Any:
        def handler(self: Any) -> Any:
            result = original(self)
            service = result.result["service"]
            for param, attr, default in settings:
                sent = self._get_param(param)
                if sent is not None:
                    setattr(service, attr, sent)
                elif getattr(service, attr, None) is None and default is not None:
                    setattr(service, attr, default)
            return result

        return handler

    EC2ContainerServiceResponse.create_service = keeping(EC2ContainerServiceResponse.create_service)
    EC2ContainerServiceResponse.update_service = keeping(EC2ContainerServiceResponse.update_service)


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
