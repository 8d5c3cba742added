"""CloudTrail: trails addressed by ARN."""
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
