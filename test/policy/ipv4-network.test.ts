import { ipv4InNetwork } from '../../policy/ipv4-network';

describe('ipv4InNetwork', () => {
  it('places an address in or out of a network by its prefix', () => {
    expect(ipv4InNetwork('10.99.0.53', '10.99.0.0/24')).toBe(true);
    expect(ipv4InNetwork('10.99.1.53', '10.99.0.0/24')).toBe(false);
    expect(ipv4InNetwork('10.99.1.53', '10.99.0.0/16')).toBe(true);
    expect(ipv4InNetwork('300.1.1.1', '0.0.0.0/0')).toBe(false);
    expect(ipv4InNetwork('dns.enclave.internal', '10.0.0.0/8')).toBe(false);
  });
});
