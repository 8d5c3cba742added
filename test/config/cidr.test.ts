/** CIDR allocation and subnet carving, including property-based checks. */
import fc from "fast-check";
import { carveSubnets } from "../../src/config/addressing";
import { allocate, Block, overlaps, parseCidr } from "../../src/config/cidr";

const block = (cidr: string): Block => {
  const b = parseCidr(cidr);
  if (typeof b === "string") throw new Error(b);
  return b;
};
const pool = block("10.16.0.0/12");

/** Arbitrary explicit blocks inside the pool, /18 to /22. */
const explicitBlocks = fc.array(
  fc.record({ prefix: fc.integer({ min: 18, max: 22 }), slot: fc.nat() }).map(({ prefix, slot }) => {
    const count = 2 ** (prefix - 12);
    const first = pool.first + (slot % count) * 2 ** (32 - prefix);
    return block(`${[first >>> 24, (first >>> 16) & 255, (first >>> 8) & 255, first & 255].join(".")}/${prefix}`);
  }),
  { maxLength: 12 },
);

describe("CIDR allocation", () => {
  it("allocates first fit in address order", () => {
    expect(allocate(pool, 20, [], 3).map((b) => b.cidr)).toEqual(["10.16.0.0/20", "10.16.16.0/20", "10.16.32.0/20"]);
  });

  it("skips blocks next to and inside explicit ones", () => {
    const taken = [block("10.16.16.0/20"), block("10.16.40.0/22")];
    expect(allocate(pool, 20, taken, 3).map((b) => b.cidr)).toEqual(["10.16.0.0/20", "10.16.48.0/20", "10.16.64.0/20"]);
  });

  it("returns fewer blocks when the pool is exhausted", () => {
    expect(allocate(block("10.16.0.0/19"), 20, [block("10.16.0.0/20")], 2).map((b) => b.cidr)).toEqual(["10.16.16.0/20"]);
  });

  it("never overlaps an explicit block or another allocation", () => {
    fc.assert(
      fc.property(explicitBlocks, fc.integer({ min: 1, max: 40 }), (taken, count) => {
        const got = allocate(pool, 20, taken, count);
        for (const [i, a] of got.entries()) {
          expect(taken.some((t) => overlaps(t, a))).toBe(false);
          for (const b of got.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
        }
      }),
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(explicitBlocks, fc.integer({ min: 1, max: 20 }), (taken, count) => {
        expect(allocate(pool, 20, taken, count)).toEqual(allocate(pool, 20, [...taken], count));
      }),
    );
  });

  it("rejects malformed CIDRs with a reason", () => {
    expect(parseCidr("10.0.0.0/33")).toMatch(/not a valid CIDR/);
    expect(parseCidr("10.0.0.1/16")).toMatch(/network address is 10.0.0.0\/16/);
  });
});

describe("subnet carving", () => {
  it("gives every tier and AZ a disjoint subnet inside the VPC", () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 24 }), fc.integer({ min: 2, max: 3 }), (prefix, azs) => {
        const vpc = block(`10.0.0.0/${prefix}`);
        const plan = carveSubnets(vpc.cidr, azs);
        const all = [...plan.private, ...plan.public, ...plan.transit].map(block);
        expect(all).toHaveLength(3 * azs);
        for (const [i, a] of all.entries()) {
          expect(a.first >= vpc.first && a.first + a.size <= vpc.first + vpc.size).toBe(true);
          for (const b of all.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
        }
      }),
    );
  });

  it("uses /28 transit subnets", () => {
    expect(carveSubnets("10.16.0.0/20", 2).transit).toEqual(["10.16.12.0/28", "10.16.12.16/28"]);
  });
});
