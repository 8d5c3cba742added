/**
 * Deterministic subnet carving for hub and spoke VPCs.
 *
 * A VPC block is cut into quarters:
 *   - the first half holds the private tier, one /(p+3) per AZ;
 *   - the third quarter holds the public tier, one /(p+4) per AZ;
 *   - the last quarter starts with the transit tier, one /28 per AZ
 *     (Transit Gateway attachments need only a few addresses).
 * Up to four AZs fit; the smallest VPC that can be carved is a /24.
 */
import { Block, parseCidr, subBlock } from "./cidr";

export const MAX_VPC_PREFIX = 24;
export const TRANSIT_PREFIX = 28;

export interface SubnetPlan {
  readonly private: readonly string[];
  readonly public: readonly string[];
  readonly transit: readonly string[];
}

export function carveSubnets(cidr: string, azCount: number): SubnetPlan {
  const vpc = parseCidr(cidr);
  if (typeof vpc === "string") throw new Error(vpc);
  if (vpc.prefix > MAX_VPC_PREFIX) throw new RangeError(`${cidr} is smaller than /${MAX_VPC_PREFIX}`);
  const half = (i: number): Block => subBlock(vpc, vpc.prefix + 1, i);
  const quarter = (i: number): Block => subBlock(vpc, vpc.prefix + 2, i);
  const azs = Array.from({ length: azCount }, (_, i) => i);
  return {
    private: azs.map((i) => subBlock(half(0), vpc.prefix + 3, i).cidr),
    public: azs.map((i) => subBlock(quarter(2), vpc.prefix + 4, i).cidr),
    transit: azs.map((i) => subBlock(quarter(3), TRANSIT_PREFIX, i).cidr),
  };
}
