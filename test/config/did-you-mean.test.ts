/** The one "did you mean" helper: a typo's nearest valid values. */
import { didYouMean, nearest } from "../../src/config/did-you-mean";

describe("didYouMean", () => {
  it("names the close candidate, preferring the one sharing the longest start", () => {
    expect(didYouMean("t5", ["c5", "t1", "m5"])).toBe("t1");
    expect(didYouMean("cdir", ["cidr", "name"])).toBe("cidr");
  });

  it("names none when nothing is close", () => {
    expect(didYouMean("zzzzzz", ["cidr", "name"])).toBeUndefined();
  });
});

describe("nearest", () => {
  it("ranks every candidate by edit distance, then shared start, however far", () => {
    expect(nearest("alb-deletion-protect", ["s3-encrypted", "alb-deletion-protection", "kms-rotation"], 1)).toEqual(["alb-deletion-protection"]);
    expect(nearest("ab", ["abcd", "xbxx", "ab-c"])).toEqual(["abcd", "ab-c", "xbxx"]);
  });

  it("returns at most `count` and keeps input order on ties", () => {
    expect(nearest("x", ["a", "b", "c", "d"])).toEqual(["a", "b", "c"]);
  });
});
