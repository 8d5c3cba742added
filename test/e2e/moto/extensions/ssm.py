"""Systems Manager: tags on every taggable type, State Manager associations, patch baselines read back."""
import json
import time
import uuid
from typing import Any

from . import gap


@gap("ssm: tags on patch baselines, associations and managed instances, each checked to exist")
def ssm_tags_on_every_taggable_type() -> None:
    """
    AWS: AddTagsToResource, RemoveTagsFromResource and ListTagsForResource work
    on documents, parameters, maintenance windows, patch baselines,
    associations, managed nodes...; CreatePatchBaseline and CreateAssociation
    with Tags tag the new resource. A resource id that names nothing fails with
    InvalidResourceId; an EC2 instance that is not a managed node fails with
    InvalidResourceType
    (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_AddTagsToResource.html).
    moto: every type but Parameter, Document and MaintenanceWindow fails with
    InvalidResourceId, so aws_ssm_patch_baseline with tags cannot be created.
    Here: patch baselines and associations are looked up in moto's own stores
    and State Manager's (ssm_associations); a managed node is an EC2 instance
    of the account and Region (the emulator runs no SSM Agent, which is what
    registers one in AWS); every other type keeps moto's checks.
    """
    from moto.ec2.models import ec2_backends
    from moto.ssm.exceptions import InvalidResourceId, InvalidResourceType
    from moto.ssm.models import SimpleSystemManagerBackend

    original = SimpleSystemManagerBackend._validate_resource_type_and_id

    def managed_node(self: Any, instance_id: str) -> bool:
        return any(i.id == instance_id for i in ec2_backends[self.account_id][self.region_name].all_instances())

    def validate(self: Any, resource_type: str, resource_id: str) -> str:
        if resource_type == "PatchBaseline":
            if resource_id not in self.baselines:
                raise InvalidResourceId()
            return resource_id
        if resource_type == "Association":
            if resource_id not in getattr(self, "lz_associations", {}):
                raise InvalidResourceId()
            return resource_id
        if resource_type == "ManagedInstance":
            if not managed_node(self, resource_id):
                raise InvalidResourceType()
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
        described(self)  # DoesNotExistException for an unknown id, as AWS answers
        baseline = self.ssm_backend.baselines[self._get_param("BaselineId")]
        for param, attribute in updatable.items():
            if self._get_param(param) is not None:
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
