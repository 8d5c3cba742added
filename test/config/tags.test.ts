/** The landing zone's own tag keys, counted against AWS's per-resource limit, are the ones the stacks really set. */
import { LANDING_ZONE_TAG_KEYS } from "../../src/config/tags";
import { defaultTags } from "../../src/stacks/account-stack";
import { exampleConfig } from "../helpers/synth";

describe("landing zone tags", () => {
  it("LANDING_ZONE_TAG_KEYS are exactly the keys defaultTags adds to the config's tags", () => {
    const config = { ...exampleConfig(), tags: {} };
    expect(Object.keys(defaultTags(config, "network", "network")).sort()).toEqual([...LANDING_ZONE_TAG_KEYS].sort());
  });
});
