"""AWS Batch: a compute environment without a service role uses the service-linked role."""
import json
from typing import Any

from . import gap


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
