"""Resource Access Manager: the calls aws_ram_* make, and who a share reaches."""
import json
import re
from typing import Any, Iterator

from . import gap
from .accounts import backends

# RAM resource type of a shareable ARN's resource part, e.g. transit-gateway -> ec2:TransitGateway.
_RESOURCE_TYPES = {
    "transit-gateway": "ec2:TransitGateway",
    "subnet": "ec2:Subnet",
    "prefix-list": "ec2:PrefixList",
    "resolver-rule": "route53resolver:ResolverRule",
}


def _resource_type(arn: str) -> str:
    """arn:aws:ec2:us-east-1:333333333333:transit-gateway/tgw-1 -> ec2:TransitGateway."""
    kind = arn.split(":", 5)[5].split("/")[0] if arn.count(":") >= 5 else ""
    return _RESOURCE_TYPES.get(kind, kind)


def _organization_of(account_id: str) -> Any:
    """The moto organization `account_id` belongs to (as management or member), or None."""
    from moto.organizations.models import organizations_backends

    if account_id in organizations_backends.master_accounts:
        master, partition = organizations_backends.master_accounts[account_id]
        return organizations_backends[master][partition]
    if account_id in organizations_backends and organizations_backends[account_id]["aws"].org:
        return organizations_backends[account_id]["aws"]
    return None


def _ou_chain(org_backend: Any, account_id: str) -> set[str]:
    """Ids of the OUs (and root) above `account_id`."""
    account = next((a for a in org_backend.accounts if a.id == account_id), None)
    chain: set[str] = set()
    parent = account.parent_id if account else None
    while parent and parent not in chain:
        chain.add(parent)
        ou = next((o for o in org_backend.ou if o.id == parent), None)
        parent = getattr(ou, "parent_id", None) if ou else None
    return chain


def share_reaches(share: Any, account_id: str) -> bool:
    """True when an active `share` names `account_id`, its organization or one of its OUs."""
    if share.status != "ACTIVE":
        return False
    if account_id == share.owning_account_id:
        return True
    org_backend = _organization_of(account_id)
    for principal in share.principals:
        if principal == account_id or principal == f"arn:aws:iam::{account_id}:root":
            return True
        if org_backend is None or org_backend.org is None:
            continue
        if principal == org_backend.org.arn:
            return True
        ou = re.match(r"^arn:aws:organizations::\d{12}:ou/(o-\w+)/(ou-[\w-]+)$", principal)
        if ou and ou.group(1) == org_backend.org.id and ou.group(2) in _ou_chain(org_backend, account_id):
            return True
    return False


def shares_of(region: str) -> Iterator[Any]:
    from moto.ram.models import ram_backends

    for _, backend in backends(ram_backends, region):
        yield from backend.resource_shares


def is_shared_with(resource_arn: str, account_id: str, region: str) -> bool:
    """True when some account's active share holds `resource_arn` and reaches `account_id`."""
    return any(resource_arn in s.resource_arns and share_reaches(s, account_id) for s in shares_of(region))


@gap("ram: share tags, filters, associations, permissions and shares from other accounts")
def resource_shares_as_the_provider_uses_them() -> None:
    """
    AWS: aws_ram_resource_share creates a tagged share and reads it back with
    GetResourceShares(resourceShareArns) and ListResourceSharePermissions;
    aws_ram_resource_association and aws_ram_principal_association call
    AssociateResourceShare / DisassociateResourceShare and poll
    GetResourceShareAssociations. Consumers see shares with resourceOwner=OTHER-ACCOUNTS.
    moto: ListResourceSharePermissions, AssociateResourceShare,
    DisassociateResourceShare, TagResource and UntagResource are 404s;
    GetResourceShares ignores every filter and drops tags; OTHER-ACCOUNTS raises.
    Here: those calls are served from moto's own share objects; a share's
    default permission is the AWS managed one for each resource type it holds.
    """
    from moto.ram import urls
    from moto.ram.exceptions import UnknownResourceException
    from moto.ram.models import ResourceAccessManagerBackend, ResourceShare
    from moto.ram.responses import ResourceAccessManagerResponse

    for path in ("listresourcesharepermissions", "associateresourceshare", "disassociateresourceshare", "tagresource", "untagresource"):
        urls.url_paths["{0}/" + path + "$"] = ResourceAccessManagerResponse.dispatch

    original_init = ResourceShare.__init__
    original_describe = ResourceShare.describe

    def init(self: Any, account_id: str, region: str, **kwargs: Any) -> None:
        original_init(self, account_id, region, **kwargs)
        self.lz_tags = {t["key"]: t.get("value", "") for t in kwargs.get("tags") or []}

    def describe(self: Any) -> dict[str, Any]:
        out = original_describe(self)
        out["tags"] = [{"key": k, "value": v} for k, v in self.lz_tags.items()]
        return out

    ResourceShare.__init__ = init
    ResourceShare.describe = describe

    def find(backend: Any, arn: str) -> Any:
        share = next((s for s in backend.resource_shares if s.arn == arn), None)
        if share is None:
            raise UnknownResourceException(f"ResourceShare {arn} could not be found.")
        return share

    def get_resource_shares(self: Any, resource_owner: str | None, arns: list[str] | None = None, status: str | None = None, name: str | None = None) -> dict[str, Any]:
        if resource_owner == "OTHER-ACCOUNTS":
            shares = [s for s in shares_of(self.region_name) if s.owning_account_id != self.account_id and share_reaches(s, self.account_id)]
        else:
            shares = list(self.resource_shares)
        shares = [s for s in shares if (not arns or s.arn in arns) and (not status or s.status == status) and (not name or s.name == name)]
        return {"resourceShares": [s.describe() for s in shares]}

    def associate(self: Any, arn: str, principals: list[str], resource_arns: list[str], add: bool) -> list[dict[str, Any]]:
        share = find(self, arn)
        if add:
            share.add_principals([p for p in principals if p not in share.principals])
            share.add_resources([r for r in resource_arns if r not in share.resource_arns])
        else:
            share.principals = [p for p in share.principals if p not in principals]
            share.resource_arns = [r for r in share.resource_arns if r not in resource_arns]
        status = "ASSOCIATED" if add else "DISASSOCIATED"
        return [
            {"resourceShareArn": arn, "resourceShareName": share.name, "associatedEntity": entity, "associationType": kind, "status": status, "external": False}
            for kind, entities in (("PRINCIPAL", principals), ("RESOURCE", resource_arns))
            for entity in entities
        ]

    def list_resource_share_permissions(self: Any, arn: str) -> dict[str, Any]:
        share = find(self, arn)
        kinds = sorted({_resource_type(r) for r in share.resource_arns})
        return {
            "permissions": [
                {
                    "arn": f"arn:aws:ram::aws:permission/AWSRAMDefaultPermission{kind.split(':')[1]}",
                    "name": f"AWSRAMDefaultPermission{kind.split(':')[1]}",
                    "version": "1",
                    "defaultVersion": True,
                    "resourceType": kind,
                    "status": "ASSOCIATED",
                    "isResourceTypeDefault": True,
                    "permissionType": "AWS_MANAGED",
                }
                for kind in kinds
            ]
        }

    ResourceAccessManagerBackend.get_resource_shares = get_resource_shares
    ResourceAccessManagerBackend.lz_associate = associate
    ResourceAccessManagerBackend.list_resource_share_permissions = list_resource_share_permissions

    import json

    def r_get_resource_shares(self: Any) -> str:
        p = self.request_params
        return json.dumps(self.ram_backend.get_resource_shares(p.get("resourceOwner"), p.get("resourceShareArns"), p.get("resourceShareStatus"), p.get("name")))

    def r_associate(self: Any) -> str:
        p = self.request_params
        out = self.ram_backend.lz_associate(p["resourceShareArn"], p.get("principals") or [], p.get("resourceArns") or [], True)
        return json.dumps({"resourceShareAssociations": out})

    def r_disassociate(self: Any) -> str:
        p = self.request_params
        out = self.ram_backend.lz_associate(p["resourceShareArn"], p.get("principals") or [], p.get("resourceArns") or [], False)
        return json.dumps({"resourceShareAssociations": out})

    def r_list_permissions(self: Any) -> str:
        return json.dumps(self.ram_backend.list_resource_share_permissions(self.request_params["resourceShareArn"]))

    def r_tag(self: Any) -> str:
        share = find(self.ram_backend, self.request_params["resourceShareArn"])
        share.lz_tags.update({t["key"]: t.get("value", "") for t in self.request_params.get("tags") or []})
        return json.dumps({})

    def r_untag(self: Any) -> str:
        share = find(self.ram_backend, self.request_params["resourceShareArn"])
        for key in self.request_params.get("tagKeys") or []:
            share.lz_tags.pop(key, None)
        return json.dumps({})

    ResourceAccessManagerResponse.get_resource_shares = r_get_resource_shares
    ResourceAccessManagerResponse.associate_resource_share = r_associate
    ResourceAccessManagerResponse.disassociate_resource_share = r_disassociate
    ResourceAccessManagerResponse.list_resource_share_permissions = r_list_permissions
    ResourceAccessManagerResponse.tag_resource = r_tag
    ResourceAccessManagerResponse.untag_resource = r_untag


@gap("ram: EnableSharingWithAwsOrganization creates RAM's service-linked role")
def sharing_with_organization_creates_its_role() -> None:
    """
    AWS: EnableSharingWithAwsOrganization, called from the management account,
    creates the service-linked role AWSServiceRoleForResourceAccessManager there;
    aws_ram_sharing_with_organization reads that role back to know sharing is on.
    moto: returns true and creates nothing, so the provider's read fails with
    "reading IAM Role (AWSServiceRoleForResourceAccessManager): couldn't find resource".
    Here: the call also creates the role in the calling account, once, as AWS does.
    """
    from moto.iam.models import iam_backends
    from moto.ram.models import ResourceAccessManagerBackend

    original = ResourceAccessManagerBackend.enable_sharing_with_aws_organization

    def enable_sharing_with_aws_organization(self: Any) -> dict[str, Any]:
        result = original(self)
        iam = iam_backends[self.account_id][self.partition]
        name = "AWSServiceRoleForResourceAccessManager"
        if not any(r.name == name for r in iam.roles.values()):
            trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ram.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
            iam.create_role(name, json.dumps(trust), "/aws-service-role/ram.amazonaws.com/", None, "RAM service-linked role", [], None, linked_service="ram.amazonaws.com")
        return result

    ResourceAccessManagerBackend.enable_sharing_with_aws_organization = enable_sharing_with_aws_organization


# Organizations whose management account has called EnableSharingWithAwsOrganization.
_SHARING_ENABLED: set[str] = set()

# What RAM answers when a share names an organization or OU before sharing with
# the organization is enabled (hashicorp/terraform-provider-aws#15254, #7769).
_NOT_ENABLED = (
    "The resource you are attempting to share can only be shared within your AWS Organization. "
    "This error may also occur if you have not enabled sharing with your AWS organization, or that onboarding process is still in progress."
)
_ORGANIZATION_PRINCIPAL = re.compile(r"^arn:aws:organizations::\d{12}:(organization/o-\w+|ou/o-\w+/ou-[\w-]+)$")


@gap("ram: organization and OU principals refused until sharing with the organization is enabled")
def organization_principals_need_sharing_enabled() -> None:
    """
    AWS: "Until you enable sharing within the organization, you can specify only
    individual AWS accounts, or for supported resource types, IAM roles and users"
    (https://docs.aws.amazon.com/ram/latest/APIReference/API_EnableSharingWithAwsOrganization.html,
    https://docs.aws.amazon.com/ram/latest/userguide/getting-started-sharing.html#getting-started-sharing-orgs):
    CreateResourceShare and AssociateResourceShare naming an organization or OU
    ARN fail with OperationNotPermittedException until the organization's
    management account has called EnableSharingWithAwsOrganization.
    moto: accepts organization and OU principals at any time.
    Here: the owning account's organization must have enabled sharing first.
    """
    from moto.core.exceptions import JsonRESTError
    from moto.ram.models import ResourceAccessManagerBackend, ResourceShare

    class SharingNotEnabled(JsonRESTError):
        code = 400

        def __init__(self) -> None:
            super().__init__("OperationNotPermittedException", _NOT_ENABLED)

    original_enable = ResourceAccessManagerBackend.enable_sharing_with_aws_organization
    original_add = ResourceShare.add_principals

    def enable_sharing_with_aws_organization(self: Any) -> dict[str, Any]:
        result = original_enable(self)
        organization = _organization_of(self.account_id)
        if organization is not None and organization.org is not None:
            _SHARING_ENABLED.add(organization.org.id)
        return result

    def add_principals(self: Any, principals: list[str]) -> None:
        if any(_ORGANIZATION_PRINCIPAL.match(p) for p in principals):
            organization = _organization_of(self.owning_account_id)
            if organization is None or organization.org is None or organization.org.id not in _SHARING_ENABLED:
                raise SharingNotEnabled()
        original_add(self, principals)

    ResourceAccessManagerBackend.enable_sharing_with_aws_organization = enable_sharing_with_aws_organization
    ResourceShare.add_principals = add_principals
