import { NetworkIndex } from '../../loader/network-index';
import { overlaps, parseIpv4Network, type Ipv4Network } from '../../policy/ipv4-network';

const net = (cidr: string): Ipv4Network => {
  const n = parseIpv4Network(cidr);
  if ('reason' in n) throw new Error(n.reason);
  return n;
};

/** Adds each network that overlaps none added before, as the loader does; returns what each one clashed with. */
function clashes(cidrs: readonly string[], find: (added: { cidr: string; net: Ipv4Network }[], n: Ipv4Network, index: NetworkIndex<string>) => string | undefined): (string | undefined)[] {
  const index = new NetworkIndex<string>();
  const added: { cidr: string; net: Ipv4Network }[] = [];
  return cidrs.map((cidr) => {
    const n = net(cidr);
    const clash = find(added, n, index);
    if (clash === undefined) {
      index.add(n, cidr);
      added.push({ cidr, net: n });
    }
    return clash;
  });
}

const byScan = (added: { cidr: string; net: Ipv4Network }[], n: Ipv4Network) => added.find((a) => overlaps(a.net, n))?.cidr;
const byIndex = (_: unknown, n: Ipv4Network, index: NetworkIndex<string>) => index.overlapping(n);

describe('NetworkIndex', () => {
  it('finds a network that contains, equals or lies inside the one asked about, and none that is disjoint', () => {
    const index = new NetworkIndex<string>();
    index.add(net('10.1.0.0/16'), 'a');
    index.add(net('10.2.3.0/24'), 'b');
    expect(index.overlapping(net('10.1.200.0/24'))).toBe('a');
    expect(index.overlapping(net('10.1.0.0/16'))).toBe('a');
    expect(index.overlapping(net('10.2.0.0/16'))).toBe('b');
    expect(index.overlapping(net('0.0.0.0/0'))).toBe('a');
    expect(index.overlapping(net('10.2.4.0/24'))).toBeUndefined();
    expect(index.overlapping(net('10.3.0.0/16'))).toBeUndefined();
  });

  it('answers as a scan in order of addition does, the earliest of several overlapping networks first', () => {
    // A seeded generator, so a failure can be replayed.
    let seed = 15;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const cidrs = Array.from({ length: 3000 }, () => {
      const prefix = 8 + random(25);
      const address = (10 * 2 ** 24 + random(2 ** 20) * 16) % 2 ** 32;
      const size = 2 ** (32 - prefix);
      const base = address - (address % size);
      return `${[24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join('.')}/${prefix}`;
    });
    const expected = clashes(cidrs, byScan);
    expect(expected.filter((c) => c === undefined).length).toBeGreaterThan(100);
    expect(expected.filter((c) => c !== undefined).length).toBeGreaterThan(100);
    expect(clashes(cidrs, byIndex)).toEqual(expected);
  });
});
