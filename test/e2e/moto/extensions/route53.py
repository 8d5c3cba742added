"""Route 53 private hosted zones: the private flag, and association across accounts."""
from typing import Any

from . import gap


def _route53_backends() -> Any:
    from moto.route53.models import route53_backends

    return route53_backends


def _zone_anywhere(zone_id: str) -> tuple[str, Any] | None:
    """(owner account, zone) for a zone id in any account."""
    bare = zone_id.replace("/hostedzone/", "")
    for account_id in list(_route53_backends().keys()):
        zone = _route53_backends()[account_id]["aws"].zones.get(bare)
        if zone is not None:
            return account_id, zone
    return None


def _authorizations(backend: Any) -> dict[str, list[dict[str, str]]]:
    if not hasattr(backend, "lz_vpc_authorizations"):
        backend.lz_vpc_authorizations = {}
    return backend.lz_vpc_authorizations


@gap("route53: a zone created with a VPC is private")
def zone_with_a_vpc_is_private() -> None:
    """
    AWS: CreateHostedZone with a VPC creates a private hosted zone;
    HostedZoneConfig.PrivateZone is optional (the provider's aws_route53_zone
    with a vpc block sends only the VPC).
    moto: the zone is private only when HostedZoneConfig.PrivateZone=true is
    sent; otherwise it is public and the VPC is dropped.
    Here: a VPC in the request makes the zone private.
    """
    from moto.route53.responses import Route53

    original = Route53._get_bool_param

    def _get_bool_param(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        value = original(self, name, *args, **kwargs)
        if name == "HostedZoneConfig.PrivateZone" and not value and self._get_param("VPC.VPCId"):
            return True
        return value

    Route53._get_bool_param = _get_bool_param


@gap("route53: VPC association authorizations (create, list, delete)")
def vpc_association_authorizations() -> None:
    """
    AWS: the owner of a private zone authorizes another account's VPC with
    CreateVPCAssociationAuthorization; ListVPCAssociationAuthorizations and
    DeleteVPCAssociationAuthorization read and remove it (aws_route53_vpc_association_authorization).
    moto: the three paths are 404s.
    Here: authorizations are kept per zone on the owner's backend.
    """
    from moto.core.responses import ActionResult, EmptyResult
    from moto.route53 import urls
    from moto.route53.exceptions import NoSuchHostedZone, Route53ClientError
    from moto.route53.responses import Route53

    urls.url_paths[r"{0}/(?P<api_version>[\d_-]+)/hostedzone/(?P<zone_id>[^/]+)/authorizevpcassociation$"] = Route53.dispatch
    urls.url_paths[r"{0}/(?P<api_version>[\d_-]+)/hostedzone/(?P<zone_id>[^/]+)/deauthorizevpcassociation$"] = Route53.dispatch

    def own_private_zone(self: Any) -> Any:
        zone_id = self._get_param("HostedZoneId")
        zone = self.backend.get_hosted_zone(zone_id)
        if not zone.private_zone:
            raise NoSuchHostedZone(zone_id)
        return zone

    def create_vpc_association_authorization(self: Any) -> ActionResult:
        zone = own_private_zone(self)
        vpc = {"VPCId": self._get_param("VPC.VPCId"), "VPCRegion": self._get_param("VPC.VPCRegion")}
        listed = _authorizations(self.backend).setdefault(zone.resource_id, [])
        if vpc not in listed:
            listed.append(vpc)
        return ActionResult({"HostedZoneId": zone.resource_id, "VPC": vpc})

    def list_vpc_association_authorizations(self: Any) -> ActionResult:
        zone = own_private_zone(self)
        return ActionResult({"HostedZoneId": zone.resource_id, "VPCs": list(_authorizations(self.backend).get(zone.resource_id, []))})

    def delete_vpc_association_authorization(self: Any) -> ActionResult:
        zone = own_private_zone(self)
        vpc_id = self._get_param("VPC.VPCId")
        listed = _authorizations(self.backend).get(zone.resource_id, [])
        if not any(v["VPCId"] == vpc_id for v in listed):
            raise Route53ClientError("VPCAssociationAuthorizationNotFound", f"The VPC {vpc_id} is not authorized to be associated with the hosted zone {zone.resource_id}.")
        _authorizations(self.backend)[zone.resource_id] = [v for v in listed if v["VPCId"] != vpc_id]
        return EmptyResult()

    Route53.create_vpc_association_authorization = create_vpc_association_authorization
    Route53.list_vpc_association_authorizations = list_vpc_association_authorizations
    Route53.delete_vpc_association_authorization = delete_vpc_association_authorization


@gap("route53: associate a VPC with another account's zone once authorized; list zones by VPC across accounts")
def cross_account_zone_association() -> None:
    """
    AWS: after the zone owner's authorization, the VPC owner calls
    AssociateVPCWithHostedZone with the other account's zone id
    (aws_route53_zone_association); ListHostedZonesByVPC then lists that zone
    with Owner.OwningAccount = the zone owner, which is how the provider reads the association back.
    moto: zones are per account, so the association fails with NoSuchHostedZone,
    and ListHostedZonesByVPC only lists the caller's own zones.
    Here: a zone not found in the caller's account is looked up in the others;
    the association needs an authorization for the VPC, and the VPC must
    exist in the caller's account. ListHostedZonesByVPC looks at every account.
    """
    from moto.ec2.models import ec2_backends
    from moto.route53.exceptions import InvalidVPCId, NoSuchHostedZone, PublicZoneVPCAssociation, Route53ClientError
    from moto.route53.models import Route53Backend

    original_associate = Route53Backend.associate_vpc_with_hosted_zone
    original_disassociate = Route53Backend.disassociate_vpc_from_hosted_zone

    def associate_vpc_with_hosted_zone(self: Any, zone_id: str, vpcid: str, vpcregion: str) -> Any:
        found = _zone_anywhere(zone_id)
        if found is None:
            raise NoSuchHostedZone(zone_id)
        owner, zone = found
        if owner == self.account_id:
            return original_associate(self, zone_id, vpcid, vpcregion)
        if not zone.private_zone:
            raise PublicZoneVPCAssociation()
        if vpcid not in ec2_backends[self.account_id][vpcregion].vpcs:
            raise InvalidVPCId()
        authorized = _authorizations(_route53_backends()[owner]["aws"]).get(zone.resource_id, [])
        if not any(v["VPCId"] == vpcid and v["VPCRegion"] == vpcregion for v in authorized):
            raise Route53ClientError("NotAuthorizedException", f"The VPC: {vpcid} has not authorized to associate with your hosted zone.")
        if not any(v.get("vpc_id") == vpcid for v in zone.vpcs):
            zone.add_vpc(vpcid, vpcregion)
        return zone

    def disassociate_vpc_from_hosted_zone(self: Any, zone_id: str, vpcid: str) -> Any:
        found = _zone_anywhere(zone_id)
        if found is None:
            raise NoSuchHostedZone(zone_id)
        owner, zone = found
        if owner == self.account_id:
            return original_disassociate(self, zone_id, vpcid)
        if not any(v.get("vpc_id") == vpcid for v in zone.vpcs):
            raise Route53ClientError("VPCAssociationNotFound", f"The specified VPC {vpcid} is not associated with the hosted zone {zone_id}.")
        zone.delete_vpc(vpcid)
        return zone

    def list_hosted_zones_by_vpc(self: Any, vpc_id: str) -> list[dict[str, Any]]:
        zones = []
        for account_id in list(_route53_backends().keys()):
            for zone in _route53_backends()[account_id]["aws"].zones.values():
                if zone.private_zone and any(v.get("vpc_id") == vpc_id for v in zone.vpcs):
                    zones.append({"HostedZoneId": zone.resource_id, "Name": zone.name, "Owner": {"OwningAccount": account_id}})
        return zones

    Route53Backend.associate_vpc_with_hosted_zone = associate_vpc_with_hosted_zone
    Route53Backend.disassociate_vpc_from_hosted_zone = disassociate_vpc_from_hosted_zone
    Route53Backend.list_hosted_zones_by_vpc = list_hosted_zones_by_vpc
