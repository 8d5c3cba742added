"""Security Hub: what designating a delegated administrator does."""
import json
from typing import Any

from . import gap


@gap("securityhub: EnableOrganizationAdminAccount enables Security Hub in the administrator account; ListOrganizationAdminAccounts")
def securityhub_admin() -> None:
    """
    AWS: the management account designates the Security Hub administrator
    and "Security Hub is enabled automatically for the chosen account"
    (securityhub/latest/userguide/securityhub-settingup.html);
    ListOrganizationAdminAccounts (GET /organization/admin) lists it with
    Status ENABLED, which aws_securityhub_organization_admin_account reads.
    moto: records the administrator without enabling its hub; no
    ListOrganizationAdminAccounts.
    Here: the call also enables the administrator's hub in the Region (no
    default standards), and the list is served from moto's organization record.
    """
    from moto.securityhub import urls
    from moto.securityhub.models import SecurityHubBackend, securityhub_backends
    from moto.securityhub.responses import SecurityHubResponse

    original = SecurityHubBackend.enable_organization_admin_account

    def enable(self: Any, admin_account_id: str) -> None:
        original(self, admin_account_id)
        securityhub_backends[admin_account_id][self.region_name].enable_security_hub(enable_default_standards=False)

    def list_organization_admin_accounts(self: Any) -> str:
        admin = self.securityhub_backend._get_org_config()["admin_account_id"]
        return json.dumps({"AdminAccounts": [{"AccountId": admin, "Status": "ENABLED"}] if admin else []})

    SecurityHubBackend.enable_organization_admin_account = enable
    SecurityHubResponse.list_organization_admin_accounts = list_organization_admin_accounts
    urls.url_paths["{0}/organization/admin$"] = SecurityHubResponse.dispatch
