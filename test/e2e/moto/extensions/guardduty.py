"""GuardDuty: what designating a delegated administrator does, and a detector's tags."""
import json
from typing import Any

from . import gap


@gap("guardduty: EnableOrganizationAdminAccount enables GuardDuty in the administrator account")
def guardduty_admin_detector() -> None:
    """
    AWS: designating the delegated GuardDuty administrator "also enables
    GuardDuty for the delegated GuardDuty administrator account" in the
    Region of the call (guardduty/latest/ug/organizations_permissions.html):
    the account has an enabled detector afterwards (AWS's default SIX_HOURS
    publishing frequency), which the administrator then manages.
    moto: records the account id only (and again on every call).
    Here: the call also creates that detector in the administrator's account
    and Region when it has none, and records the account once.
    """
    from moto.guardduty.models import GuardDutyBackend, guardduty_backends

    def enable(self: Any, admin_account_id: str) -> None:
        if admin_account_id not in self.admin_account_ids:
            self.admin_account_ids.append(admin_account_id)
        admin = guardduty_backends[admin_account_id][self.region_name]
        if not admin.detectors:
            admin.create_detector(True, "SIX_HOURS", {}, {}, [])

    GuardDutyBackend.enable_organization_admin_account = enable


@gap("guardduty: TagResource, UntagResource and ListTagsForResource on a detector")
def guardduty_tags() -> None:
    """
    AWS: a detector's tags change with TagResource / UntagResource
    (POST and DELETE /tags/{resourceArn}, the ARN
    arn:aws:guardduty:<region>:<account>:detector/<id>) and are listed with
    ListTagsForResource; the provider tags an adopted (imported) detector
    with its default_tags that way.
    moto: none of the three (404); only CreateDetector's tags are kept.
    Here: they act on the detector named by the ARN, in moto's own tags.
    """
    from urllib.parse import unquote

    from moto.guardduty import urls
    from moto.guardduty.responses import GuardDutyResponse

    def detector(self: Any) -> Any:
        arn = unquote(self.path.split("/tags/", 1)[1].split("?", 1)[0])
        return self.guardduty_backend.get_detector(arn.rsplit("/", 1)[1])

    def tag_resource(self: Any) -> str:
        detector(self).tags.update(json.loads(self.body).get("tags", {}))
        return "{}"

    def untag_resource(self: Any) -> str:
        found = detector(self)
        for key in self.querystring.get("tagKeys", []):
            found.tags.pop(key, None)
        return "{}"

    def list_tags_for_resource(self: Any) -> str:
        return json.dumps({"tags": dict(detector(self).tags)})

    GuardDutyResponse.tag_resource = tag_resource
    GuardDutyResponse.untag_resource = untag_resource
    GuardDutyResponse.list_tags_for_resource = list_tags_for_resource
    urls.url_paths["{0}/tags/(?P<resource_arn>.+)$"] = GuardDutyResponse.dispatch
