"""Transit Gateway: default route tables as configured, and attachments across accounts through RAM."""
from typing import Any

from . import gap
from .accounts import backends, current_account
from .ram import is_shared_with


def _ec2_backends() -> Any:
    from moto.ec2.models import ec2_backends

    return ec2_backends


class _TransitGateways(dict):  # type: ignore[type-arg]
    """An account's transit gateways; a lookup by id also finds one shared with the account by RAM."""

    def __init__(self, account_id: str, region: str) -> None:
        super().__init__()
        self.account_id = account_id
        self.region = region

    def shared(self, tgw_id: str) -> Any:
        for account_id, backend in backends(_ec2_backends(), self.region):
            if account_id == self.account_id:
                continue
            tgw = dict.get(backend.transit_gateways, tgw_id)
            if tgw is not None and is_shared_with(tgw.arn, self.account_id, self.region):
                return tgw
        return None

    def get(self, key: Any, default: Any = None) -> Any:
        found = dict.get(self, key)
        return found if found is not None else (self.shared(key) or default)

    def __getitem__(self, key: Any) -> Any:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: Any) -> bool:
        return self.get(key) is not None


def _apply_default_route_tables(owner: Any, attachment: Any, tgw: Any) -> None:
    """Associate and propagate `attachment` in the TGW's default tables, where the TGW enables them."""
    options = tgw.options
    if options.get("DefaultRouteTableAssociation") == "enable" and options.get("AssociationDefaultRouteTableId"):
        owner.associate_transit_gateway_route_table(attachment.id, options["AssociationDefaultRouteTableId"])
    if options.get("DefaultRouteTablePropagation") == "enable" and options.get("PropagationDefaultRouteTableId"):
        owner.enable_transit_gateway_route_table_propagation(attachment.id, options["PropagationDefaultRouteTableId"])


@gap("ec2: TGW default route tables follow the TGW's options")
def default_route_tables_follow_the_options() -> None:
    """
    AWS: a new attachment is associated with (and propagates to) the TGW's
    default route table only when DefaultRouteTableAssociation
    (DefaultRouteTablePropagation) is enabled; with both disabled the TGW has
    no default route table at all. An attachment to a shared TGW gets this
    only once accepted.
    moto: every TGW gets a default route table, every new VPC attachment is
    associated with it whatever the options say (and never propagated), and the
    association is not recorded where DisassociateTransitGatewayRouteTable looks.
    Here: a TGW created with both defaults disabled has no default table; an
    attachment's association and propagation come from the options, made with
    moto's own Associate/EnablePropagation so they can be undone; the
    attachment reports the association it really has.
    """
    from moto.ec2.models.transit_gateway import TransitGatewayBackend
    from moto.ec2.models.transit_gateway_attachments import TransitGatewayAttachment

    original_create = TransitGatewayBackend.create_transit_gateway

    def create_transit_gateway(self: Any, description: Any, options: Any = None, tags: Any = None) -> Any:
        tgw = original_create(self, description, options, tags)
        if tgw.options.get("DefaultRouteTableAssociation") == "disable" and tgw.options.get("DefaultRouteTablePropagation") == "disable":
            self.transit_gateways_route_tables.pop(tgw.default_route_table.id, None)
            tgw.default_route_table = None
            tgw.options.pop("AssociationDefaultRouteTableId", None)
            tgw.options.pop("PropagationDefaultRouteTableId", None)
        return tgw

    TransitGatewayBackend.create_transit_gateway = create_transit_gateway
    original_association = TransitGatewayAttachment.association

    def association(self: Any) -> Any:
        if not getattr(self, "lz_managed", False):
            return original_association.fget(self)
        table = self._association_data.get("transitGatewayRouteTableId")
        if self.state == "available" and table:
            return {"State": "associated", "TransitGatewayRouteTableId": table}
        return None

    TransitGatewayAttachment.association = property(association)


@gap("ec2: tags given when creating a TGW VPC attachment are kept")
def attachment_tags_on_create() -> None:
    """
    AWS: CreateTransitGatewayVpcAttachment tags the attachment from its
    TagSpecifications (resource type transit-gateway-attachment).
    moto: reads them under transit-gateway-route-table, so they are dropped and
    the next plan wants to add them.
    Here: the attachment's own resource type is read too.
    """
    from moto.ec2.responses.transit_gateway_attachments import TransitGatewayAttachment as Responses

    def _parse_tags(self: Any) -> dict[str, str]:
        spec = self._parse_tag_specification()
        return {**spec.get("transit-gateway-route-table", {}), **spec.get("transit-gateway-attachment", {})}

    original = Responses.create_transit_gateway_vpc_attachment

    def create_transit_gateway_vpc_attachment(self: Any) -> Any:
        tags = _parse_tags(self)
        result = original(self)
        if tags:
            self.ec2_backend.create_tags([result.result["TransitGatewayVpcAttachment"].id], tags)
        return result

    Responses.create_transit_gateway_vpc_attachment = create_transit_gateway_vpc_attachment


@gap("ec2: a static TGW route lists its attachment")
def static_route_attachments_are_a_list() -> None:
    """
    AWS: SearchTransitGatewayRoutes returns each route's TransitGatewayAttachments
    as a list of {resourceId, resourceType, transitGatewayAttachmentId}.
    moto: stores and returns one object instead of a list, which the SDK reads as
    an empty list, so the provider sees a route without attachment, reads it as
    a blackhole, and every plan wants to replace it.
    Here: the route keeps its attachment in a one-item list.
    """
    from moto.ec2.models.transit_gateway_route_tables import TransitGatewayRouteTableBackend

    original = TransitGatewayRouteTableBackend.create_transit_gateway_route

    def create_transit_gateway_route(self: Any, *args: Any, **kwargs: Any) -> Any:
        route = original(self, *args, **kwargs)
        attachment = route.get("transitGatewayAttachments")
        if isinstance(attachment, dict):
            route["transitGatewayAttachments"] = [attachment]
        return route

    TransitGatewayRouteTableBackend.create_transit_gateway_route = create_transit_gateway_route


@gap("ec2: attach a VPC to a TGW shared by RAM from another account; the owner accepts it")
def cross_account_attachments() -> None:
    """
    AWS: once a TGW is shared by RAM, the receiving account sees it in
    DescribeTransitGateways, routes to it and attaches its VPC with
    CreateTransitGatewayVpcAttachment. The attachment is visible in both
    accounts (each with its own tags), waits in pendingAcceptance unless the
    TGW auto-accepts, and the TGW owner accepts it with
    AcceptTransitGatewayVpcAttachment; only then do the TGW's default route
    table settings apply. Either side can delete it.
    moto: each account's TGWs live apart, so the attachment fails with
    InvalidTransitGatewayID.NotFound, a route to the TGW loses its target, and
    AcceptTransitGatewayVpcAttachment does not exist.
    Here: a TGW id not in the account resolves to another account's TGW when a
    RAM share holding its ARN reaches the account (by account id,
    organization or OU); the attachment is stored in both accounts' backends;
    acceptance is served; route-table work happens in the owner's backend.
    """
    from moto.core.responses import ActionResult
    from moto.ec2.exceptions import DuplicateTransitGatewayAttachmentError, EC2ClientError, InvalidTransitGatewayID
    from moto.ec2.models.transit_gateway import TransitGatewayBackend
    from moto.ec2.models.transit_gateway_attachments import (
        TransitGatewayAttachment,
        TransitGatewayAttachmentBackend,
        TransitGatewayVpcAttachment,
    )
    from moto.ec2.responses import EC2Response
    from moto.utilities.utils import filter_resources

    original_init = TransitGatewayBackend.__init__

    def init(self: Any) -> None:
        original_init(self)
        self.transit_gateways = _TransitGateways(self.account_id, self.region_name)

    TransitGatewayBackend.__init__ = init
    original_describe = TransitGatewayBackend.describe_transit_gateways

    def describe_transit_gateways(self: Any, filters: Any, transit_gateway_ids: Any) -> Any:
        result = original_describe(self, filters, transit_gateway_ids)
        shared = []
        for account_id, backend in backends(_ec2_backends(), self.region_name):
            if account_id == self.account_id:
                continue
            for tgw in list(dict.values(backend.transit_gateways)):
                if (not transit_gateway_ids or tgw.id in transit_gateway_ids) and is_shared_with(tgw.arn, self.account_id, self.region_name):
                    shared.append(tgw)
        if filters and shared:
            shared = filter_resources(shared, filters, (("transit-gateway-id", "id"), ("state", "state"), ("owner-id", "owner_id")))
        return list(result) + shared

    TransitGatewayBackend.describe_transit_gateways = describe_transit_gateways

    def owner_of(tgw: Any) -> Any:
        return tgw.ec2_backend

    def create_transit_gateway_vpc_attachment(self: Any, transit_gateway_id: str, vpc_id: str, subnet_ids: list[str], tags: Any = None, options: Any = None) -> Any:
        tgw = self.transit_gateways.get(transit_gateway_id)
        if tgw is None:
            raise InvalidTransitGatewayID(transit_gateway_id, f"Transit Gateway {transit_gateway_id} was deleted or does not exist.")
        owner = owner_of(tgw)
        if any(a.transit_gateway_id == tgw.id and a.resource_id == vpc_id and a.state != "deleted" for a in owner.transit_gateway_attachments.values()):
            raise DuplicateTransitGatewayAttachmentError(transit_gateway_id)
        attachment = TransitGatewayVpcAttachment(self, transit_gateway=tgw, tags=tags, vpc_id=vpc_id, subnet_ids=subnet_ids, options=options)
        attachment.lz_managed = True
        attachment.lz_tgw_owner = owner.account_id
        attachment.transit_gateway_route_table = None
        self.transit_gateway_attachments[attachment.id] = attachment
        if owner is not self:
            owner.transit_gateway_attachments[attachment.id] = attachment
            if tgw.options.get("AutoAcceptSharedAttachments") != "enable":
                attachment.state = "pendingAcceptance"
                return attachment
        _apply_default_route_tables(owner, attachment, tgw)
        return attachment

    TransitGatewayAttachmentBackend.create_transit_gateway_vpc_attachment = create_transit_gateway_vpc_attachment

    def accept_transit_gateway_vpc_attachment(self: Any, attachment_id: str) -> Any:
        attachment = self.transit_gateway_attachments.get(attachment_id)
        if attachment is None:
            raise EC2ClientError("InvalidTransitGatewayAttachmentID.NotFound", f"Transit Gateway Attachment {attachment_id} was deleted or does not exist.")
        if getattr(attachment, "lz_tgw_owner", self.account_id) != self.account_id:
            raise EC2ClientError("InvalidParameterValue", f"Only the owner of the transit gateway can accept attachment {attachment_id}.")
        if attachment.state != "pendingAcceptance":
            raise EC2ClientError("IncorrectState", f"tgw-attachment {attachment_id} is in invalid state {attachment.state}.")
        attachment.state = "available"
        _apply_default_route_tables(self, attachment, dict.get(self.transit_gateways, attachment.transit_gateway_id))
        return attachment

    TransitGatewayAttachmentBackend.accept_transit_gateway_vpc_attachment = accept_transit_gateway_vpc_attachment

    def r_accept(self: Any) -> ActionResult:
        attachment = self.ec2_backend.accept_transit_gateway_vpc_attachment(self._get_param("TransitGatewayAttachmentId"))
        return ActionResult({"TransitGatewayVpcAttachment": attachment})

    EC2Response.accept_transit_gateway_vpc_attachment = r_accept
    original_delete = TransitGatewayAttachmentBackend.delete_transit_gateway_vpc_attachment

    def delete_transit_gateway_vpc_attachment(self: Any, transit_gateway_attachment_id: str) -> Any:
        attachment_id = transit_gateway_attachment_id
        attachment = self.transit_gateway_attachments.get(attachment_id)
        owner_id = getattr(attachment, "lz_tgw_owner", None)
        if attachment is None or owner_id is None:
            return original_delete(self, transit_gateway_attachment_id=attachment_id)
        owner = _ec2_backends()[owner_id][self.region_name]
        for table in owner.transit_gateways_route_tables.values():
            table.route_table_associations.pop(attachment_id, None)
            table.route_table_propagation = [p for p in table.route_table_propagation if p.transitGatewayAttachmentId != attachment_id]
        owner.transit_gateway_associations.pop(attachment_id, None)
        owner.transit_gateway_propagations.pop(attachment_id, None)
        for backend in {id(owner): owner, id(attachment.ec2_backend): attachment.ec2_backend}.values():
            backend.transit_gateway_attachments.pop(attachment_id, None)
        attachment.state = "deleted"
        return attachment

    TransitGatewayAttachmentBackend.delete_transit_gateway_vpc_attachment = delete_transit_gateway_vpc_attachment

    def transit_gateway_owner_id(self: Any) -> str:
        return getattr(self, "lz_tgw_owner", None) or self.resource_owner_id

    TransitGatewayAttachment.transit_gateway_owner_id = property(transit_gateway_owner_id)
    original_get_tags = TransitGatewayAttachment.get_tags

    def get_tags(self: Any) -> Any:
        """Each side of a shared attachment sees its own tags."""
        owner_id = getattr(self, "lz_tgw_owner", None)
        viewer = current_account()
        if owner_id and owner_id != self.ec2_backend.account_id and viewer == owner_id:
            return _ec2_backends()[owner_id][self.ec2_backend.region_name].describe_tags(filters={"resource-id": [self.id]})
        return original_get_tags(self)

    TransitGatewayAttachment.get_tags = get_tags
