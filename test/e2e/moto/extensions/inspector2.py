"""Inspector v2: what a delegated administrator may activate and associate."""
from typing import Any

from . import gap


def _delegated_admin(region: str, account_id: str) -> bool:
    """True when some account of the partition (the management account) registered `account_id` as Inspector's delegated administrator in `region`."""
    from moto.inspector2.models import inspector2_backends

    for backends in inspector2_backends.values():
        backend = backends.get(region) if hasattr(backends, "get") else None
        if backend is not None and backend.admin_accounts.get(account_id) == "ENABLED":
            return True
    return False


@gap("inspector2: Enable and AssociateMember act on other accounts only for their delegated administrator")
def inspector2_members() -> None:
    """
    AWS: Enable activates scans for the calling account, and for other accounts only when the caller is
    the organization's Inspector delegated administrator in the Region and each account is its associated
    member; an account it may not act for comes back in `failedAccounts` (errorCode ACCESS_DENIED) and is
    not activated (inspector/v2/APIReference/API_Enable.html). AssociateMember is the delegated
    administrator's call (inspector/v2/APIReference/API_AssociateMember.html; AccessDeniedException for any
    other caller). The organization configuration's auto-enable covers accounts that join later only
    (inspector/latest/user/managing-multiple-accounts.html), so existing members must be associated and
    activated by the administrator.
    moto: activates any account id the caller names and lets any account associate any other.
    Here: Enable splits the ids into the caller plus its ENABLED members (activated) and the rest
    (failedAccounts, ACCESS_DENIED); AssociateMember refuses a caller that is not the Region's delegated
    administrator with AccessDeniedException.
    """
    import json

    from moto.core.exceptions import JsonRESTError
    from moto.inspector2.responses import Inspector2Response

    original_enable = Inspector2Response.enable
    original_associate = Inspector2Response.associate_member

    def enable(self: Any) -> str:
        backend = self.inspector2_backend
        requested = self._get_param("accountIds") or [backend.account_id]
        allowed = [a for a in requested if a == backend.account_id or (a in backend.members and backend.members[a].status == "ENABLED")]
        refused = [a for a in requested if a not in allowed]
        if not refused:
            return original_enable(self)
        resource_types = self._get_param("resourceTypes")
        accounts = backend.enable(allowed, resource_types) if allowed else []
        failed = [
            {
                "accountId": a,
                "errorCode": "ACCESS_DENIED",
                "errorMessage": f"Account {backend.account_id} is not the delegated administrator of account {a} (associate the member first)",
                "status": "DISABLED",
                "resourceStatus": {"ec2": "DISABLED", "ecr": "DISABLED", "lambda": "DISABLED", "lambdaCode": "DISABLED"},
            }
            for a in refused
        ]
        return json.dumps({"accounts": accounts, "failedAccounts": failed})

    def associate_member(self: Any) -> str:
        backend = self.inspector2_backend
        if not _delegated_admin(backend.region_name, backend.account_id):
            raise JsonRESTError("AccessDeniedException", f"Account {backend.account_id} is not the Amazon Inspector delegated administrator in {backend.region_name}")
        return original_associate(self)

    Inspector2Response.enable = enable
    Inspector2Response.associate_member = associate_member
