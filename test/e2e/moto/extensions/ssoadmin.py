"""IAM Identity Center (sso-admin): what aws_ssoadmin_* resources call that moto 5.2.1 lacks."""
import json
import time
import uuid
from typing import Any

from . import gap

# API reference: https://docs.aws.amazon.com/singlesignon/latest/APIReference/welcome.html


def _store(backend: Any, name: str) -> dict[str, Any]:
    if not hasattr(backend, name):
        setattr(backend, name, {})
    return getattr(backend, name)


def _error(code: str, message: str) -> Exception:
    from moto.core.exceptions import JsonRESTError

    return JsonRESTError(code, message)


@gap("sso-admin: permission set provisioning status, tags and permissions boundaries")
def permission_set_provisioning_tags_and_boundaries() -> None:
    """
    AWS: ProvisionPermissionSet answers a request id that
    DescribePermissionSetProvisioningStatus reads (the provider waits on it after
    every policy attachment and change); ListTagsForResource, TagResource and
    UntagResource work on permission sets; Put/Get/DeletePermissionsBoundary-
    ToPermissionSet attach one AWS managed or customer managed policy as the
    set's permissions boundary (API_PutPermissionsBoundaryToPermissionSet.html:
    PermissionsBoundary holds a CustomerManagedPolicyReference or a
    ManagedPolicyArn; ResourceNotFoundException for an unknown set).
    moto: none of these exists (a 500 the provider retries until it times out).
    Here: the status of every provisioning request is kept (SUCCEEDED), tags
    live on moto's permission set, and the boundary is kept per set; Get of a
    set without one is ResourceNotFoundException, as the provider expects.
    """
    from moto.ssoadmin.responses import SSOAdminResponse

    original_provision = SSOAdminResponse.provision_permission_set

    def provision_permission_set(self: Any) -> str:
        answer = json.loads(original_provision(self))
        status = answer["PermissionSetProvisioningStatus"]
        _store(self.ssoadmin_backend, "lz_provisioning")[status["RequestId"]] = status
        return json.dumps(answer)

    def describe_permission_set_provisioning_status(self: Any) -> str:
        request_id = self._get_param("ProvisionPermissionSetRequestId")
        status = _store(self.ssoadmin_backend, "lz_provisioning").get(request_id)
        if status is None:
            raise _error("ResourceNotFoundException", f"Could not find provisioning request {request_id}")
        return json.dumps({"PermissionSetProvisioningStatus": status})

    def permission_set(self: Any, arn_param: str = "PermissionSetArn") -> Any:
        return self.ssoadmin_backend._find_permission_set(self._get_param("InstanceArn"), self._get_param(arn_param))

    def list_tags_for_resource(self: Any) -> str:
        found = permission_set(self, "ResourceArn")
        return json.dumps({"Tags": list(found.tags or [])})

    def tag_resource(self: Any) -> str:
        found = permission_set(self, "ResourceArn")
        tags = {t["Key"]: t["Value"] for t in (found.tags or [])}
        tags.update({t["Key"]: t["Value"] for t in self._get_param("Tags") or []})
        found.tags = [{"Key": k, "Value": v} for k, v in tags.items()]
        return "{}"

    def untag_resource(self: Any) -> str:
        found = permission_set(self, "ResourceArn")
        keys = set(self._get_param("TagKeys") or [])
        found.tags = [t for t in (found.tags or []) if t["Key"] not in keys]
        return "{}"

    def put_permissions_boundary_to_permission_set(self: Any) -> str:
        found = permission_set(self)
        boundary = self._get_param("PermissionsBoundary") or {}
        has_managed = bool(boundary.get("ManagedPolicyArn"))
        reference = boundary.get("CustomerManagedPolicyReference")
        if has_managed == bool(reference):
            raise _error("ValidationException", "PermissionsBoundary needs exactly one of ManagedPolicyArn and CustomerManagedPolicyReference")
        if reference is not None:
            reference = {"Name": reference["Name"], "Path": reference.get("Path") or "/"}
            boundary = {"CustomerManagedPolicyReference": reference}
        _store(self.ssoadmin_backend, "lz_boundaries")[found.permission_set_arn] = boundary
        return "{}"

    def get_permissions_boundary_for_permission_set(self: Any) -> str:
        found = permission_set(self)
        boundary = _store(self.ssoadmin_backend, "lz_boundaries").get(found.permission_set_arn)
        if boundary is None:
            raise _error("ResourceNotFoundException", f"Permission set {found.permission_set_arn} has no permissions boundary")
        return json.dumps({"PermissionsBoundary": boundary})

    def delete_permissions_boundary_from_permission_set(self: Any) -> str:
        found = permission_set(self)
        if _store(self.ssoadmin_backend, "lz_boundaries").pop(found.permission_set_arn, None) is None:
            raise _error("ResourceNotFoundException", f"Permission set {found.permission_set_arn} has no permissions boundary")
        return "{}"

    for fn in (
        provision_permission_set,
        describe_permission_set_provisioning_status,
        list_tags_for_resource,
        tag_resource,
        untag_resource,
        put_permissions_boundary_to_permission_set,
        get_permissions_boundary_for_permission_set,
        delete_permissions_boundary_from_permission_set,
    ):
        setattr(SSOAdminResponse, fn.__name__, fn)


@gap("sso-admin: an assignment fails where a customer managed policy of its set does not exist")
def assignment_needs_customer_managed_policies() -> None:
    """
    AWS: a permission set that references a customer managed policy can only be
    provisioned to an account where a policy of that name and path exists
    (https://docs.aws.amazon.com/singlesignon/latest/userguide/howtocmp.html);
    CreateAccountAssignment answers IN_PROGRESS and the request then FAILED,
    with a FailureReason (DescribeAccountAssignmentCreationStatus).
    moto: the assignment always succeeds.
    Here: when the target account lacks one of the set's customer managed
    policies, the assignment is not made, CreateAccountAssignment answers
    IN_PROGRESS and its status reads FAILED with the missing policy named.
    """
    from moto.iam.models import iam_backends
    from moto.ssoadmin.responses import SSOAdminResponse

    original_create = SSOAdminResponse.create_account_assignment
    original_status = SSOAdminResponse.describe_account_assignment_creation_status

    def create_account_assignment(self: Any) -> str:
        found = self.ssoadmin_backend._find_permission_set(self._get_param("InstanceArn"), self._get_param("PermissionSetArn"))
        target = self._get_param("TargetId")
        policies = iam_backends[target]["aws"].managed_policies if self._get_param("TargetType") == "AWS_ACCOUNT" else {}
        missing = [f"{p.path}{p.name}" for p in found.customer_managed_policies if f"arn:aws:iam::{target}:policy{p.path}{p.name}" not in policies]
        if not missing:
            return original_create(self)
        request_id = str(uuid.uuid4())
        status = {
            "RequestId": request_id,
            "TargetId": target,
            "TargetType": "AWS_ACCOUNT",
            "PermissionSetArn": found.permission_set_arn,
            "PrincipalType": self._get_param("PrincipalType"),
            "PrincipalId": self._get_param("PrincipalId"),
            "CreatedDate": time.time(),
        }
        _store(self.ssoadmin_backend, "lz_failed_assignments")[request_id] = {
            **status,
            "Status": "FAILED",
            "FailureReason": f"Received a 404 status error: the customer managed policy {', '.join(missing)} does not exist in account {target}",
        }
        return json.dumps({"AccountAssignmentCreationStatus": {**status, "Status": "IN_PROGRESS"}})

    def describe_account_assignment_creation_status(self: Any) -> str:
        failed = _store(self.ssoadmin_backend, "lz_failed_assignments").get(self._get_param("AccountAssignmentCreationRequestId"))
        if failed is not None:
            return json.dumps({"AccountAssignmentCreationStatus": failed})
        return original_status(self)

    SSOAdminResponse.create_account_assignment = create_account_assignment
    SSOAdminResponse.describe_account_assignment_creation_status = describe_account_assignment_creation_status
