"""STS: assuming a role that does not exist is refused, as AWS refuses it."""
from typing import Any

from . import gap


@gap("sts: AssumeRole of a role that does not exist is refused with AccessDenied")
def assume_role_needs_the_role() -> None:
    """
    AWS: sts:AssumeRole (and AssumeRoleWithWebIdentity) of a role ARN that names
    no role fails with AccessDenied ("... is not authorized to perform:
    sts:AssumeRole on resource: <arn>"): no role, no trust policy that could
    admit the caller (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html,
    https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_roles.html#troubleshoot_roles_cant-assume-role).
    moto: any ARN is assumed ("the role does not need to exist"), so a provider
    configured with a role the landing zone has not created yet (a member's
    deployer or ci-read before its access stack is applied) plans as if it existed.
    Here: the role must exist in the IAM backend of the ARN's account; trust
    policies are still not evaluated.
    """
    from moto.iam.models import iam_backends
    from moto.sts.exceptions import STSClientError
    from moto.sts.models import STSBackend

    original = STSBackend.assume_role

    def assume_role(self: Any, *args: Any, **kwargs: Any) -> Any:
        role_arn = kwargs.get("role_arn") if "role_arn" in kwargs else args[2]
        parts = str(role_arn).split(":")
        account, partition = (parts[4], parts[1]) if len(parts) >= 6 else ("", "aws")
        exists = False
        if account in iam_backends and partition in iam_backends[account]:
            exists = any(role.arn == role_arn for role in iam_backends[account][partition].get_roles())
        if not exists:
            error = STSClientError("AccessDenied", f"User: {getattr(self, 'account_id', 'caller')} is not authorized to perform: sts:AssumeRole on resource: {role_arn}")
            error.code = "AccessDenied"
            raise error
        return original(self, *args, **kwargs)

    STSBackend.assume_role = assume_role
