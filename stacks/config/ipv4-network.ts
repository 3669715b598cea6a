/** An IPv4 network in CIDR form, as a range of 32-bit addresses. */
export interface Ipv4Network {
  readonly first: number;
  readonly last: number;
}

/**
 * Parses `a.b.c.d/n`. Returns a reason instead when the text is not a network address (octet over 255, prefix
 * over 32, or host bits set, which usually means a typo).
 */
export function parseIpv4Network(cidr: string): Ipv4Network | { reason: string; fix: string } {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return { reason: `"${cidr}" is not an IPv4 CIDR`, fix: 'write it as a.b.c.d/n, e.g. 10.21.0.0/24' };
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255)) return { reason: `"${cidr}" has an octet over 255`, fix: 'use octets from 0 to 255' };
  if (prefix > 32) return { reason: `"${cidr}" has a prefix over 32`, fix: 'use a prefix length from 0 to 32' };
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) {
    const base = address - (address % size);
    const text = [24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join('.');
    return { reason: `"${cidr}" has host bits set`, fix: `write the network address, ${text}/${prefix}` };
  }
  return { first: address, last: address + size - 1 };
}

/** True when the two networks share an address. */
export function overlaps(a: Ipv4Network, b: Ipv4Network): boolean {
  return a.first <= b.last && b.first <= a.last;
}
