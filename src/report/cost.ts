/**
 * What the landing zone itself costs per month before anything runs on it: the
 * fixed, hourly-billed parts counted in the synthesized stacks, times the
 * prices below. An ESTIMATE: on-demand list prices for us-east-1, 730 hours a
 * month, no free tier, credits, savings plans or taxes, and no usage charges
 * (NAT and endpoint data processing, load balancer capacity units, log
 * ingestion and storage, GuardDuty / Config / Security Hub usage), which depend
 * on traffic; those are listed as not estimated.
 *
 * PRICES is the one place the numbers live. Each names the pricing page it
 * belongs to; they were written into this table on PRICES_AS_OF from what the
 * project knew (only the NAT gateway rate was checked against a public page
 * that day), they are not fetched live, and AWS changes them: check the pages
 * before you budget.
 */
import type { StackModel, TfElement } from "../policy/model";

/** Hours AWS bills a month of a running resource at (the pricing pages' convention). */
export const HOURS_PER_MONTH = 730;
export const PRICES_AS_OF = "2026-11-29";
export const PRICE_REGION = "us-east-1";

export interface Price {
  /** What one unit is. */
  readonly unit: string;
  /** USD per unit per month. */
  readonly monthlyUsd: number;
  readonly source: string;
  readonly note?: string;
}

/** Monthly price of an hourly rate, to the cent (half up; the epsilon keeps 16.425 from rounding down in binary). */
const hourly = (usdPerHour: number) => Math.round(usdPerHour * HOURS_PER_MONTH * 100 + 1e-6) / 100;

/** us-east-1 on-demand list prices, per month. */
export const PRICES = {
  natGateway: { unit: "NAT gateway", monthlyUsd: hourly(0.045), source: "https://aws.amazon.com/vpc/pricing/", note: "$0.045 per hour; data processing ($0.045/GB) not included" },
  publicIpv4: { unit: "public IPv4 address (Elastic IP)", monthlyUsd: hourly(0.005), source: "https://aws.amazon.com/vpc/pricing/", note: "$0.005 per hour" },
  interfaceEndpointAz: { unit: "interface endpoint per AZ", monthlyUsd: hourly(0.01), source: "https://aws.amazon.com/privatelink/pricing/", note: "$0.01 per hour per AZ; data processing ($0.01/GB) not included" },
  transitGatewayAttachment: { unit: "Transit Gateway VPC attachment", monthlyUsd: hourly(0.05), source: "https://aws.amazon.com/transit-gateway/pricing/", note: "$0.05 per hour; data processing ($0.02/GB) not included" },
  kmsKey: { unit: "KMS customer managed key", monthlyUsd: 1, source: "https://aws.amazon.com/kms/pricing/", note: "$1 per key per month; requests not included" },
  applicationLoadBalancer: { unit: "Application Load Balancer", monthlyUsd: hourly(0.0225), source: "https://aws.amazon.com/elasticloadbalancing/pricing/", note: "$0.0225 per hour; LCUs not included" },
  cloudwatchAlarm: { unit: "CloudWatch alarm (standard resolution)", monthlyUsd: 0.1, source: "https://aws.amazon.com/cloudwatch/pricing/", note: "$0.10 per alarm metric per month" },
  hostedZone: { unit: "Route 53 hosted zone", monthlyUsd: 0.5, source: "https://aws.amazon.com/route53/pricing/", note: "$0.50 per zone per month (first 25); queries not included" },
  organizationTrail: { unit: "CloudTrail trail (first copy of management events)", monthlyUsd: 0, source: "https://aws.amazon.com/cloudtrail/pricing/", note: "the first copy of management events is free; S3 and CloudWatch Logs storage not included" },
  budget: { unit: "AWS Budgets budget without actions", monthlyUsd: 0, source: "https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/", note: "budgets that only alert are free" },
} as const satisfies Record<string, Price>;

export type PriceKey = keyof typeof PRICES;

export interface CostLine {
  readonly item: PriceKey;
  readonly quantity: number;
  readonly monthlyUsd: number;
}

export interface StackCost {
  readonly stack: string;
  readonly account: string;
  readonly lines: readonly CostLine[];
  readonly monthlyUsd: number;
}

export interface TradeOff {
  readonly title: string;
  readonly options: readonly { readonly label: string; readonly monthlyUsd: number; readonly current: boolean }[];
}

export interface CostEstimate {
  readonly stacks: readonly StackCost[];
  readonly monthlyUsd: number;
  readonly tradeOffs: readonly TradeOff[];
  readonly notEstimated: readonly string[];
}

const round = (n: number) => Math.round(n * 100 + 1e-6) / 100;

/** What each priced resource type counts as: the item and how many units, or nothing (e.g. a network load balancer). */
const UNITS: Readonly<Record<string, (e: TfElement) => readonly [PriceKey, number] | undefined>> = {
  aws_nat_gateway: () => ["natGateway", 1],
  aws_eip: () => ["publicIpv4", 1],
  // Interface endpoints bill per AZ: one ENI per subnet.
  aws_vpc_endpoint: (e) => (e.attrs.vpc_endpoint_type === "Interface" ? ["interfaceEndpointAz", Array.isArray(e.attrs.subnet_ids) ? e.attrs.subnet_ids.length : 1] : undefined),
  aws_ec2_transit_gateway_vpc_attachment: () => ["transitGatewayAttachment", 1],
  aws_kms_key: () => ["kmsKey", 1],
  aws_lb: (e) => ((e.attrs.load_balancer_type ?? "application") === "application" ? ["applicationLoadBalancer", 1] : undefined),
  aws_cloudwatch_metric_alarm: () => ["cloudwatchAlarm", 1],
  aws_route53_zone: () => ["hostedZone", 1],
  aws_cloudtrail: () => ["organizationTrail", 1],
  aws_budgets_budget: () => ["budget", 1],
};

/** The resource types the estimate prices (the report reads them: src/report/reads.ts). */
export const PRICED_TYPES: readonly string[] = Object.keys(UNITS);

/** Units of each priced item in one stack's resources. */
export function countUnits(stack: StackModel): Map<PriceKey, number> {
  const units = new Map<PriceKey, number>();
  for (const e of stack.resourcesOf(PRICED_TYPES)) {
    const counted = UNITS[e.type](e);
    if (counted) units.set(counted[0], (units.get(counted[0]) ?? 0) + counted[1]);
  }
  return units;
}

export interface TradeOffInputs {
  readonly availabilityZones: number;
  readonly natGateways: "per-az" | "single";
  readonly interfaceEndpoints: number;
  readonly spokes: number;
}

/** NAT per AZ vs one; endpoints in the hub only vs in every VPC. */
export function tradeOffs(t: TradeOffInputs): TradeOff[] {
  const nat = (n: number) => round(n * (PRICES.natGateway.monthlyUsd + PRICES.publicIpv4.monthlyUsd));
  const endpoints = (vpcs: number) => round(vpcs * t.interfaceEndpoints * t.availabilityZones * PRICES.interfaceEndpointAz.monthlyUsd);
  return [
    {
      title: "NAT gateways (with their public IPv4 addresses)",
      options: [
        { label: `one per AZ (${t.availabilityZones}): survives an AZ outage`, monthlyUsd: nat(t.availabilityZones), current: t.natGateways === "per-az" },
        { label: "a single one: egress stops when its AZ fails", monthlyUsd: nat(1), current: t.natGateways === "single" },
      ],
    },
    {
      title: `Interface endpoints (${t.interfaceEndpoints} services × ${t.availabilityZones} AZs)`,
      options: [
        { label: "central, in the hub, shared through the Transit Gateway", monthlyUsd: endpoints(1), current: true },
        { label: `in every VPC (hub and ${t.spokes} spokes)`, monthlyUsd: endpoints(1 + t.spokes), current: false },
      ],
    },
  ];
}

export function estimateCost(stacks: readonly { readonly model: StackModel; readonly account: string }[], inputs: TradeOffInputs): CostEstimate {
  const perStack = stacks.map(({ model, account }) => {
    const lines = [...countUnits(model)].map(([item, quantity]) => ({ item, quantity, monthlyUsd: round(quantity * PRICES[item].monthlyUsd) }));
    return { stack: model.name, account, lines, monthlyUsd: round(lines.reduce((n, l) => n + l.monthlyUsd, 0)) };
  });
  return {
    stacks: perStack,
    monthlyUsd: round(perStack.reduce((n, s) => n + s.monthlyUsd, 0)),
    tradeOffs: tradeOffs(inputs),
    notEstimated: [
      "data processed by NAT gateways, interface endpoints and the Transit Gateway",
      "load balancer capacity units (LCUs)",
      "CloudTrail, flow-log and session-log storage and ingestion (S3, CloudWatch Logs)",
      "GuardDuty, Security Hub, AWS Config and Inspector, billed by usage",
      "KMS requests and Route 53 queries",
      "the workloads' own compute (EC2, ECS Fargate, Batch, App Runner)",
    ],
  };
}
