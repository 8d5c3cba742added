/**
 * Ingress rules of security groups and network ACLs, normalized from the
 * three ways the AWS provider writes them, with port-range helpers.
 */
import { TfElement } from "./model";
import { JsonObject } from "./json";
import { blocksOf, boolOf, couldBe, numOf, some, strOf, templatesOf, UNKNOWN, Unknown } from "./values";

export const WORLD = ["0.0.0.0/0", "::/0"];

export interface Ingress {
  /** Protocol as written: "-1"/"all", "tcp"/"6", "udp"/"17", ... */
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  /** CIDR sources (IPv4 and IPv6), as written: a literal, or a `${...}` expression known only at apply time. */
  readonly cidrs: readonly string[];
  /** True when the rule also admits other sources (security groups, prefix lists, self). */
  readonly otherSources: boolean;
}

const ALL_PROTOCOLS = ["-1", "all"];

/** True when the rule admits 0.0.0.0/0 or ::/0; UNKNOWN when a source is an expression that may be either. */
export function fromInternet(rule: Ingress): boolean | Unknown {
  return some(rule.cidrs, (c) => some(WORLD, (w) => couldBe(c, w)));
}

/** True when the rule's protocol carries TCP traffic. */
export function isTcp(protocol: string): boolean {
  return ALL_PROTOCOLS.includes(protocol.toLowerCase()) || ["tcp", "6"].includes(protocol.toLowerCase());
}

/** True when the rule admits TCP `port`. All-protocol rules admit every port. */
export function admitsPort(rule: Ingress, port: number): boolean {
  if (ALL_PROTOCOLS.includes(rule.protocol.toLowerCase())) return true;
  if (!isTcp(rule.protocol)) return false;
  return rule.from <= port && port <= rule.to;
}

/** True when the rule opens nothing but TCP ports from `allowed`. */
export function opensOnly(rule: Ingress, allowed: readonly number[]): boolean {
  if (ALL_PROTOCOLS.includes(rule.protocol.toLowerCase()) || !isTcp(rule.protocol)) return false;
  for (let p = rule.from; p <= rule.to; p++) if (!allowed.includes(p)) return false;
  return true;
}

export const describeIngress = (r: Ingress): string =>
  `${r.protocol === "-1" ? "all traffic" : `${r.protocol} ${r.from === r.to ? r.from : `${r.from}-${r.to}`}`} from ${[...r.cidrs, ...(r.otherSources ? ["other groups"] : [])].join(", ") || "nowhere"}`;

function ports(from: unknown, to: unknown, protocol: string): { from: number; to: number } | Unknown {
  if (ALL_PROTOCOLS.includes(protocol.toLowerCase())) return { from: 0, to: 65535 };
  const f = numOf(from);
  const t = numOf(to);
  if (f === UNKNOWN || t === UNKNOWN) return UNKNOWN;
  return { from: f ?? 0, to: t ?? f ?? 65535 };
}

function fromBlock(b: JsonObject, cidrKeys: string[], otherKeys: string[], protocolKey = "protocol"): Ingress | Unknown {
  const protocol = strOf(b[protocolKey]);
  if (protocol === UNKNOWN) return UNKNOWN;
  const range = ports(b.from_port, b.to_port, protocol ?? "-1");
  if (range === UNKNOWN) return UNKNOWN;
  const cidrs: string[] = [];
  for (const key of cidrKeys) {
    // cidr_ipv4, cidr_block…: one value (an expression is one unknown CIDR); cidr_blocks…: a list (an expression is an unknown list).
    const single = !key.endsWith("_blocks") && typeof b[key] === "string";
    const list = single ? [b[key] as string] : templatesOf(b[key]);
    if (list === UNKNOWN) return UNKNOWN;
    cidrs.push(...list);
  }
  const otherSources = otherKeys.some((k) => {
    const v = b[k];
    return k === "self" ? boolOf(v) === true : Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== "";
  });
  return { protocol: String(protocol ?? "-1"), ...range, cidrs, otherSources };
}

/** The ingress rules a security-group element declares; UNKNOWN when any is dynamic. */
export function securityGroupIngress(e: TfElement): Ingress[] | Unknown {
  if (e.type === "aws_security_group_rule") {
    if (e.attrs.type !== "ingress") return [];
    const r = fromBlock(e.attrs, ["cidr_blocks", "ipv6_cidr_blocks"], ["source_security_group_id", "prefix_list_ids", "self"]);
    return r === UNKNOWN ? UNKNOWN : [r];
  }
  if (e.type === "aws_vpc_security_group_ingress_rule") {
    const r = fromBlock(e.attrs, ["cidr_ipv4", "cidr_ipv6"], ["referenced_security_group_id", "prefix_list_id"], "ip_protocol");
    return r === UNKNOWN ? UNKNOWN : [r];
  }
  const blocks = blocksOf(e.attrs.ingress);
  if (blocks === UNKNOWN) return UNKNOWN;
  const out: Ingress[] = [];
  for (const b of blocks) {
    const r = fromBlock(b, ["cidr_blocks", "ipv6_cidr_blocks"], ["security_groups", "prefix_list_ids", "self"]);
    if (r === UNKNOWN) return UNKNOWN;
    out.push(r);
  }
  return out;
}

/** Allowed ingress entries of a network ACL element (inline blocks or an aws_network_acl_rule). */
export function networkAclIngress(e: TfElement): Ingress[] | Unknown {
  if (e.type === "aws_network_acl_rule") {
    if (boolOf(e.attrs.egress) === true || strOf(e.attrs.rule_action) !== "allow") return [];
    const r = fromBlock(e.attrs, ["cidr_block", "ipv6_cidr_block"], []);
    return r === UNKNOWN ? UNKNOWN : [r];
  }
  const blocks = blocksOf(e.attrs.ingress);
  if (blocks === UNKNOWN) return UNKNOWN;
  const out: Ingress[] = [];
  for (const b of blocks) {
    if (strOf(b.action) !== "allow") continue;
    const r = fromBlock(b, ["cidr_block", "ipv6_cidr_block"], []);
    if (r === UNKNOWN) return UNKNOWN;
    out.push(r);
  }
  return out;
}
