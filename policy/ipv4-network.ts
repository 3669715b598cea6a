/** An IPv4 network in CIDR form, as a range of 32-bit addresses. */
export interface Ipv4Network {
  readonly first: number;
  readonly last: number;
}

const CIDR = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/;

/** The 32-bit value of a dotted IPv4 address (`10.90.0.53`), or undefined when the text is not one. */
export function ipv4Address(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m || m.slice(1).some((o) => Number(o) > 255)) return undefined;
  return m.slice(1).reduce((acc, o) => acc * 256 + Number(o), 0);
}

/**
 * Parses `a.b.c.d/n`. Returns a reason instead when the text is not a network address (octet over 255, prefix
 * over 32, or host bits set, which usually means a typo).
 */
export function parseIpv4Network(cidr: string): Ipv4Network | { reason: string; fix: string } {
  const m = CIDR.exec(cidr);
  if (!m) return { reason: `"${cidr}" is not an IPv4 CIDR`, fix: 'write it as a.b.c.d/n, e.g. 10.21.0.0/24' };
  const address = ipv4Address(m[1]);
  const prefix = Number(m[2]);
  if (address === undefined) return { reason: `"${cidr}" has an octet over 255`, fix: 'use octets from 0 to 255' };
  if (prefix > 32) return { reason: `"${cidr}" has a prefix over 32`, fix: 'use a prefix length from 0 to 32' };
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

/**
 * Whether an IPv4 address (`10.90.255.10`) lies in a network (`10.90.255.0/24`), compared on the prefix bits
 * only (so a network written with host bits still contains its addresses); false for anything else.
 */
export function ipv4InNetwork(address: string, cidr: string): boolean {
  const m = CIDR.exec(cidr);
  const ip = ipv4Address(address);
  const net = m ? ipv4Address(m[1]) : undefined;
  const prefix = m ? Number(m[2]) : NaN;
  if (ip === undefined || net === undefined || !(prefix <= 32)) return false;
  const size = 2 ** (32 - prefix);
  return Math.floor(ip / size) === Math.floor(net / size);
}
