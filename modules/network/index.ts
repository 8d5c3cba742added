/**
 * # network
 * Hub-and-spoke networking, as small modules a hub and a spoke both use:
 * - `vpc`: a VPC with optional public/private/transit tiers per zone, route
 *   tables per tier and zone, optional IGW and NAT, an S3 gateway endpoint,
 *   and a default security group with no rules (`zones.ts`: zones from the
 *   account's own `aws_availability_zones`);
 * - `flow-logs`: ALL traffic to a KMS-encrypted log group, ≥ 365 days;
 * - `transit-gateway`: the TGW, its `spokes` and `hub` route tables, the hub
 *   attachment and the RAM share to the organization.
 * The central interface endpoints and their zones are in `modules/endpoints`.
 *
 * ## Cross-account pairs: who creates what, with which provider
 * The network stack owns the hub; it never learns about spokes. Each
 * workload stack builds its spoke and also acts in the network account
 * through a second, aliased provider (`network`), so both sides of every pair
 * live in the workload stack. That provider acts as the network account's hub
 * role (`modules/access` HubAttachRole, created by the network stack), which may
 * make exactly the hub-side calls in the table below and nothing else. Stacks depend one way only: workload → network
 * (for the ids below, read from the network stack's outputs) → organization.
 *
 * | resource | provider | notes |
 * |---|---|---|
 * | `aws_ec2_transit_gateway_vpc_attachment` | spoke | `transit_gateway_id = hub.transitGatewayId`, in the spoke's transit subnets. Leave `transit_gateway_default_route_table_*` unset: they cannot be set on a RAM-shared TGW, and the TGW has both defaults off anyway. |
 * | `aws_ec2_transit_gateway_vpc_attachment_accepter` | network | the TGW never auto-accepts; set both `transit_gateway_default_route_table_*` to false. |
 * | `aws_ec2_transit_gateway_route_table_association` | network | attachment → `hub.spokesRouteTableId` (0.0.0.0/0 to the hub, pool blackholed); after the accepter. |
 * | `aws_ec2_transit_gateway_route_table_propagation` | network | attachment → `hub.hubRouteTableId`: the hub's way back to the spoke; after the accepter. |
 * | `aws_route` 0.0.0.0/0 → TGW | spoke | on the spoke's private tables (`NetworkVpc.addRoutes`), `depends_on` the accepter: a route to a TGW fails until the attachment is available. |
 * | `aws_route53_vpc_association_authorization` | network | one per zone in `hub.endpointZoneIds`, for the spoke VPC. |
 * | `aws_route53_zone_association` | spoke | one per zone, `depends_on` its authorization. The zones ignore changes to their VPC list, so the hub re-plans clean. |
 *
 * Traffic: spoke → TGW (`spokes` table) → hub attachment in the transit
 * subnets → transit table 0.0.0.0/0 → NAT in the same zone → IGW. Endpoint
 * calls stop at the hub's private subnets. Replies take the hub's private,
 * transit or public table, whose workload-pool route points at the TGW, and
 * the `hub` TGW table (propagated spoke CIDRs) back to the spoke. Spoke to
 * spoke is dropped by the pool's blackhole route in `spokes`. The spoke VPC
 * needs DNS support and hostnames on (the vpc module does that) for the
 * associated zones to answer.
 *
 * Sharing the TGW with the organization needs RAM sharing with AWS
 * Organizations enabled once in the management account
 * (`aws_ram_sharing_with_organization`); with it, member accounts see the
 * share without accepting an invitation.
 */
export * from "./flow-logs";
export * from "./transit-gateway";
export * from "./vpc";
