/**
 * EC2 instance types: the family list and the size grammar, so a typo such
 * as `t3.gigantic` or `t5.micro` is refused at validate time instead of by
 * the EC2 API half-way through an apply.
 *
 * Names are `<family>.<size>`: the family is everything before the period
 * (c6i, m7i-flex, u-6tb1), the size everything after (nano … 48xlarge, metal,
 * metal-24xl). https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
 * and the list of types: https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html
 *
 * The families below are those of the EC2 API's InstanceType enum in
 * @aws-sdk/client-ec2 3.1169.0; test/config/ec2-instance-types.test.ts fails
 * when the installed SDK knows a family this list lacks. A family AWS
 * launched since: add it here.
 */
import { didYouMean } from "./did-you-mean";

export const EC2_INSTANCE_FAMILIES: ReadonlySet<string> = new Set([
  "a1", "c1", "c3", "c4", "c5", "c5a", "c5ad", "c5d", "c5n", "c6a", "c6g", "c6gd", "c6gn", "c6i", "c6id",
  "c6in", "c7a", "c7g", "c7gd", "c7gn", "c7i", "c7i-flex", "c8a", "c8g", "c8gb", "c8gd", "c8gn", "c8i",
  "c8i-flex", "c8ib", "c8id", "c8in", "c8ine", "c9g", "c9gd", "cc1", "cc2", "cg1", "cr1", "d2", "d3", "d3en",
  "dl1", "dl2q", "f1", "f2", "g2", "g3", "g3s", "g4ad", "g4dn", "g5", "g5g", "g6", "g6e", "g6f", "g7", "g7e",
  "gr6", "gr6f", "h1", "hi1", "hpc6a", "hpc6id", "hpc7a", "hpc7g", "hpc8a", "hs1", "i2", "i3", "i3en", "i4g",
  "i4i", "i7i", "i7ie", "i8g", "i8ge", "im4gn", "inf1", "inf2", "is4gen", "m1", "m2", "m3", "m4", "m5",
  "m5a", "m5ad", "m5d", "m5dn", "m5n", "m5zn", "m6a", "m6g", "m6gd", "m6i", "m6id", "m6idn", "m6in", "m7a",
  "m7g", "m7gd", "m7i", "m7i-flex", "m8a", "m8azn", "m8g", "m8gb", "m8gd", "m8gn", "m8i", "m8i-flex", "m8ib",
  "m8id", "m8idb", "m8idn", "m8in", "m8ine", "m9g", "m9gd", "mac-m3ultra", "mac-m4", "mac-m4max",
  "mac-m4pro", "mac1", "mac2", "mac2-m1ultra", "mac2-m2", "mac2-m2pro", "p2", "p3", "p3dn", "p4d", "p4de",
  "p5", "p5e", "p5en", "p6-b200", "p6-b300", "p6e-gb200", "r3", "r4", "r5", "r5a", "r5ad", "r5b", "r5d",
  "r5dn", "r5n", "r6a", "r6g", "r6gd", "r6i", "r6id", "r6idn", "r6in", "r7a", "r7g", "r7gd", "r7i", "r7iz",
  "r8a", "r8g", "r8gb", "r8gd", "r8gn", "r8i", "r8i-flex", "r8ib", "r8id", "r8idb", "r8idn", "r8in", "r9g",
  "r9gd", "t1", "t2", "t3", "t3a", "t4g", "t8i", "trn1", "trn1n", "trn2", "trn2u", "u-12tb1", "u-18tb1",
  "u-24tb1", "u-3tb1", "u-6tb1", "u-9tb1", "u7i-12tb", "u7i-6tb", "u7i-8tb", "u7ib-12tb", "u7in-16tb",
  "u7in-24tb", "u7in-32tb", "u7inh-32tb", "vt1", "x1", "x1e", "x2gd", "x2idn", "x2iedn", "x2iezn", "x8aedz",
  "x8g", "x8i", "z1d",
]);

/** Sizes: nano, micro, small, medium, large, xlarge, <n>xlarge, metal and metal-<n>xl. */
export const EC2_INSTANCE_SIZE = /^(nano|micro|small|medium|large|xlarge|[1-9]\d*xlarge|metal|metal-[1-9]\d*xl)$/;

/** Sizes to suggest in hints, smallest first. */
const COMMON_SIZES = ["nano", "micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "metal"];

/**
 * Values AWS Batch accepts besides families and types: it picks the instances.
 * https://docs.aws.amazon.com/batch/latest/APIReference/API_ComputeResource.html (instanceTypes)
 */
export const BATCH_INSTANCE_SELECTORS: readonly string[] = ["optimal", "default_x86_64", "default_arm64"];

/** What is wrong with an instance type (or, with `familyAllowed`, a bare family), and what to write instead. */
export interface InstanceTypeProblem {
  readonly message: string;
  readonly hint: string;
}

/**
 * Checks `value` as `<family>.<size>`; with `familyAllowed` a bare family
 * (Batch's `c6i`) is accepted too. Hints name the closest known value.
 */
export function instanceTypeProblem(value: string, familyAllowed = false): InstanceTypeProblem | undefined {
  const dot = value.indexOf(".");
  const family = dot < 0 ? value : value.slice(0, dot);
  const size = dot < 0 ? undefined : value.slice(dot + 1);
  if (size === undefined && !familyAllowed) {
    return { message: `"${value}" has no size`, hint: `write <family>.<size>, e.g. ${EC2_INSTANCE_FAMILIES.has(family) ? family : "t3"}.micro` };
  }
  if (!EC2_INSTANCE_FAMILIES.has(family)) {
    const near = didYouMean(family, EC2_INSTANCE_FAMILIES);
    return {
      message: `"${family}" is not an EC2 instance family`,
      hint: near ? `did you mean "${size === undefined ? near : `${near}.${size}`}"?` : "use a family from https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html, e.g. t3, m7i or c7g",
    };
  }
  if (size !== undefined && !EC2_INSTANCE_SIZE.test(size)) {
    const near = didYouMean(size, COMMON_SIZES);
    return {
      message: `"${size}" is not an EC2 instance size`,
      hint: near ? `did you mean "${family}.${near}"?` : `use a size such as ${family}.micro, ${family}.large or ${family}.2xlarge`,
    };
  }
  return undefined;
}
