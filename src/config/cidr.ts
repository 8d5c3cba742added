/**
 * IPv4 CIDR arithmetic for validation, workload allocation and subnet carving.
 * Parsing and range classification come from ipaddr.js; blocks are kept as
 * [first, size] integer pairs so overlap and containment are exact.
 */
import ipaddr from "ipaddr.js";

export interface Block {
  readonly cidr: string;
  readonly first: number;
  readonly prefix: number;
  readonly size: number;
}

/** Parses a canonical IPv4 CIDR; returns an error message instead of throwing. */
export function parseCidr(cidr: string): Block | string {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(cidr);
  } catch {
    return `"${cidr}" is not a valid CIDR`;
  }
  const [addr, prefix] = parsed;
  if (addr.kind() !== "ipv4") return `"${cidr}" is not an IPv4 CIDR`;
  const first = toInt(addr as ipaddr.IPv4);
  const size = 2 ** (32 - prefix);
  if (first % size !== 0) {
    return `"${cidr}" has host bits set; the network address is ${toCidr(first - (first % size), prefix)}`;
  }
  return { cidr, first, prefix, size };
}

/** True for RFC 1918 space (10/8, 172.16/12, 192.168/16). */
export function isPrivate(block: Block): boolean {
  const last = ipaddr.fromByteArray(toBytes(block.first + block.size - 1)) as ipaddr.IPv4;
  const first = ipaddr.fromByteArray(toBytes(block.first)) as ipaddr.IPv4;
  return first.range() === "private" && last.range() === "private";
}

export function overlaps(a: Block, b: Block): boolean {
  return a.first < b.first + b.size && b.first < a.first + a.size;
}

export function contains(outer: Block, inner: Block): boolean {
  return inner.first >= outer.first && inner.first + inner.size <= outer.first + outer.size;
}

/** The `index`-th block of length `prefix` inside `parent`. */
export function subBlock(parent: Block, prefix: number, index: number): Block {
  if (prefix < parent.prefix) throw new RangeError(`/${prefix} does not fit in ${parent.cidr}`);
  const size = 2 ** (32 - prefix);
  if ((index + 1) * size > parent.size) throw new RangeError(`block ${index} of /${prefix} is outside ${parent.cidr}`);
  const first = parent.first + index * size;
  return { cidr: toCidr(first, prefix), first, prefix, size };
}

/**
 * Allocates `count` blocks of `/prefix` from `pool`, first fit in address
 * order, skipping every block that overlaps one in `taken`. Deterministic:
 * the same pool and taken set always give the same blocks. Returns fewer
 * blocks than asked when the pool is exhausted.
 */
export function allocate(pool: Block, prefix: number, taken: readonly Block[], count: number): Block[] {
  const out: Block[] = [];
  if (prefix < pool.prefix || count <= 0) return out;
  const used = [...taken];
  const slots = pool.size / 2 ** (32 - prefix);
  for (let i = 0; i < slots && out.length < count; i++) {
    const candidate = subBlock(pool, prefix, i);
    if (used.some((t) => overlaps(t, candidate))) continue;
    out.push(candidate);
    used.push(candidate);
  }
  return out;
}

function toInt(addr: ipaddr.IPv4): number {
  return addr.octets.reduce((acc, o) => acc * 256 + o, 0);
}

function toBytes(n: number): number[] {
  return [Math.floor(n / 2 ** 24) % 256, Math.floor(n / 2 ** 16) % 256, Math.floor(n / 2 ** 8) % 256, n % 256];
}

function toCidr(first: number, prefix: number): string {
  return `${toBytes(first).join(".")}/${prefix}`;
}
