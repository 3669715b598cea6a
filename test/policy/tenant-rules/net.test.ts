import type { TenantPolicyInput, TenantReach } from '../../../policy/tenant-rules/tenant-rule';
import { TENANT_NET_01, TENANT_NET_02, TENANT_NET_07, TENANT_NET_08 } from '../../../policy/tenant-rules/net';
import { evaluateTenant } from '../../../policy/tenant-rules/catalogue';
import { healthClass, luSite, sourced } from '../fixtures';

/** An air-gapped enclave site, as in config/sites.yaml. */
const enclave = luSite({
  id: 'enclave-1',
  airGapped: true,
  domains: ['enclave.internal'],
  allowedEgressHosts: ['mirror.lu.test'],
  infrastructureNetworks: ['10.99.0.0/24'],
  vsphere: { ...luSite().vsphere, server: 'vcenter.enclave.internal' },
  vault: { address: 'https://bao.enclave.internal:8200', edition: 'openbao', auditCollector: 'logs.enclave.internal:6514', auditLogDir: '/var/log/vault' },
});
const classified = healthClass({ id: 'classified', airGapped: sourced(true, 'Clarence model') });

const input = (reach: TenantReach, site = enclave, classification = classified): TenantPolicyInput => ({ tenant: 't', site, classification, reach, catalogue: [site, luSite()] });
const ids = (i: TenantPolicyInput) => evaluateTenant(i).map((f) => f.ruleId);

describe('NET-01 on a declared content library subscription', () => {
  it('refuses a subscription outside the enclave, naming the field, the host and the rule', () => {
    const [f] = TENANT_NET_01.check(input({ contentLibrary: { subscriptionUrl: 'https://templates.vendor.example.com/lib.json', items: [] } }));
    expect(f).toMatchObject({ ruleId: 'NET-01', severity: 'error', tenant: 't', field: 'contentLibrary.subscriptionUrl' });
    expect(f.found).toContain('templates.vendor.example.com, a host of no registered site');
    expect(f.allowed).toContain('inside the enclave: site enclave-1 is air-gapped');
  });

  it("refuses the connected site's allowed egress host inside an enclave, where the egress list does not apply", () => {
    expect(TENANT_NET_01.check(input({ contentLibrary: { subscriptionUrl: 'https://mirror.lu.test/lib.json', items: [] } }))).toHaveLength(1);
  });

  it("stays quiet on the enclave's own publisher, and on no subscription", () => {
    expect(TENANT_NET_01.check(input({ contentLibrary: { subscriptionUrl: 'https://vcenter.enclave.internal/cls/lib.json', items: [] } }))).toEqual([]);
    expect(TENANT_NET_01.check(input({}))).toEqual([]);
  });

  it('allows an allowed egress host of a connected site, and refuses a host of no site there', () => {
    const connected = (url: string) => input({ contentLibrary: { subscriptionUrl: url, items: [] } }, luSite(), healthClass());
    expect(TENANT_NET_01.check(connected('https://mirror.lu.test/lib.json'))).toEqual([]);
    expect(TENANT_NET_01.check(connected('https://cdn.vendor.example.com/lib.json'))).toHaveLength(1);
  });
});

describe('NET-02 on declared library items', () => {
  it('refuses each item downloaded from outside the enclave, by index, and allows items inside it', () => {
    const findings = TENANT_NET_02.check(
      input({
        contentLibrary: {
          items: [
            { name: 'inside', url: 'https://files.enclave.internal/a.ova' },
            { name: 'outside', url: 'https://downloads.vendor.example.com/b.ova' },
          ],
        },
      }),
    );
    expect(findings.map((f) => f.field)).toEqual(['contentLibrary.items[1].url']);
    expect(findings[0].found).toContain('item outside downloads https://downloads.vendor.example.com/b.ova');
  });
});

describe('NET-07 guest DNS and NTP servers', () => {
  const guest = (dnsServers: string[], ntpServers: string[], domain = 'app.enclave.internal') => input({ guest: { domain, dnsServers, ntpServers }, cidr: '10.90.0.0/24' });

  it('refuses servers outside the enclave by address and by name, one finding each', () => {
    const findings = TENANT_NET_07.check(guest(['8.8.8.8', '10.99.0.53'], ['pool.ntp.org']));
    expect(findings.map((f) => f.field)).toEqual(['guest.dnsServers[0]', 'guest.ntpServers[0]']);
    expect(findings[0].found).toBe("DNS server 8.8.8.8 is in none of the enclave's networks (10.99.0.0/24, 10.90.0.0/24)");
    expect(findings[1].found).toBe('NTP server pool.ntp.org is a host of no registered site');
  });

  it("allows servers in the site's infrastructure networks, in the tenant's own network, and under the enclave's domains", () => {
    expect(TENANT_NET_07.check(guest(['10.99.0.53', '10.90.0.10'], ['ntp.enclave.internal']))).toEqual([]);
  });

  it("refuses a guest domain outside the enclave's domains", () => {
    expect(TENANT_NET_07.check(guest([], [], 'corp.example.com')).map((f) => f.field)).toEqual(['guest.domain']);
  });

  it('stays quiet outside an enclave, where guests may use any resolver the site routes', () => {
    expect(TENANT_NET_07.check(input({ guest: { domain: 'x.example.com', dnsServers: ['8.8.8.8'], ntpServers: [] } }, luSite(), healthClass()))).toEqual([]);
  });
});

describe('NET-08 enclave endpoints', () => {
  it('refuses an enclave site whose Vault and vCenter are outside its domains', () => {
    const leaky = luSite({ ...enclave, vsphere: { ...enclave.vsphere, server: 'vcenter.lu.test' }, vault: { ...enclave.vault, address: 'https://vault.saas.example.com' } });
    const findings = TENANT_NET_08.check(input({}, leaky));
    expect(findings.map((f) => f.found)).toEqual([
      'the vCenter of site enclave-1 (sites.yaml vsphere.server) is vcenter.lu.test, not under the site\'s domains',
      "the Vault of site enclave-1 (sites.yaml vault.address) is vault.saas.example.com, not under the site's domains",
    ]);
  });

  it('stays quiet on an enclave whose endpoints are inside it, and on a connected site', () => {
    expect(TENANT_NET_08.check(input({}))).toEqual([]);
    expect(TENANT_NET_08.check(input({}, luSite({ vault: { ...luSite().vault, address: 'https://vault.elsewhere.example' } }), healthClass()))).toEqual([]);
  });

  it('runs with the placement rules, so every tenant constructor refuses such a site', () => {
    const leaky = luSite({ ...enclave, vault: { ...enclave.vault, address: 'https://vault.saas.example.com' } });
    expect(evaluateTenant({ tenant: 't', site: leaky, classification: classified }, []).map((f) => f.ruleId)).toContain('NET-08');
  });
});

describe('the network rules in the catalogue', () => {
  it('report every violation of an enclave tenant at once', () => {
    const all = ids(input({ contentLibrary: { subscriptionUrl: 'https://x.example.com/lib.json', items: [] }, guest: { domain: 'a.enclave.internal', dnsServers: ['1.1.1.1'], ntpServers: [] } }));
    expect(all).toEqual(expect.arrayContaining(['NET-01', 'NET-07']));
  });
});
