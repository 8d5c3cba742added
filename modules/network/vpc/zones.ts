/**
 * Availability zones for a VPC, read from the account at plan time.
 *
 * Why a data source and not names in the config: AZ names are per account
 * (us-east-1a in the hub is not the same physical zone as us-east-1a in a
 * spoke) and not every account sees every zone (newer accounts lack some, and
 * us-west-1 shows each account a different pair), so names written into one
 * shared YAML file would be wrong somewhere. The data source asks each
 * account for its own zones.
 *
 * Stability: the list is filtered on `zone-type = availability-zone` only
 * (no Local or Wavelength Zones), never on `state`. A state filter would
 * drop an impaired zone from the list and shift every later index, replacing
 * subnets during an outage; without it the list only changes when AWS adds a
 * zone, which takes the next letter and so sorts after the existing ones.
 * Zones are read by index (`names[2]`, not `element()`, which wraps around),
 * so asking for more zones than the account has fails the plan instead of
 * silently doubling up on one zone.
 *
 * Keys: a zone is named by its slot (az1, az2, az3), not by its AZ name,
 * because the name is unknown at synth. Slots are stable: they follow the
 * zone list, not the YAML, so re-synths and reorders never rename anything.
 */
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";

export interface VpcZone {
  /** Stable key used in construct ids and Name tags, e.g. `az1`. */
  readonly key: string;
  /** The AZ name (a literal, or a token resolved at plan time). */
  readonly availabilityZone: string;
}

export interface AvailabilityZonesProps {
  /** How many zones to use, taken first in name order. */
  readonly count: number;
}

export class AvailabilityZones extends Construct {
  /** The first `count` zones, as az1..azN. */
  readonly zones: readonly VpcZone[];
  /** The matching AZ ids (e.g. use1-az4): physical zones, comparable across accounts. */
  readonly zoneIds: readonly string[];

  constructor(scope: Construct, id: string, props: AvailabilityZonesProps) {
    super(scope, id);
    if (!Number.isInteger(props.count) || props.count < 1) throw new RangeError(`AvailabilityZones count must be a positive integer, got ${props.count}`);
    const data = new DataAwsAvailabilityZones(this, "this", { filter: [{ name: "zone-type", values: ["availability-zone"] }] });
    const slots = Array.from({ length: props.count }, (_, i) => i);
    this.zones = slots.map((i) => ({ key: `az${i + 1}`, availabilityZone: Token.asString(Fn.lookupNested(data.names, [i])) }));
    this.zoneIds = slots.map((i) => Token.asString(Fn.lookupNested(data.zoneIds, [i])));
  }
}
