import { govcloudInProcess } from './run-govcloud';

/** `govcloud site-checklist SITE`, as a site operator runs it before the first tenant is applied. */
describe('govcloud site-checklist', () => {
  it('prints what vCenter and Vault must hold, numbered, with the provider facts behind each item', async () => {
    const r = await govcloudInProcess(['site-checklist', 'ctie-govcloud-1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Site ctie-govcloud-1 (CTIE GovCloud, Luxembourg (State-run private cloud)): what vCenter and Vault must hold before apply');
    expect(lines[1]).toBe('tenants on this site: dsp-ng, igss-analytics');
    expect(r.stdout).toContain('  1. key provider "ctie-kmip-hsm" registered and set as the default key provider of vCenter vcenter.govcloud.ctie.lu\n');
    expect(r.stdout).toMatch(/3\. distributed switch "gc-lu1-dvs-tenants" .*rejects promiscuous mode, forged transmits and MAC address changes\n {5}why: .*\(docs\/provider-facts\.md V1, V2\)/);
  });

  it('writes JSON', async () => {
    const r = await govcloudInProcess(['site-checklist', 'lu-enclave-1', '--format', 'json']);
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list).toMatchObject({ site: 'lu-enclave-1', tenants: ['enclave-analytics'] });
    expect(list.items.some((i: { item: string }) => i.item.startsWith('declarative audit stanzas'))).toBe(true);
  });

  it('exits 2 for a site that is not in the catalogue, listing the sites', async () => {
    const r = await govcloudInProcess(['site-checklist', 'ctie']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('"ctie" is not a site of config');
    expect(r.stderr).toContain('ctie-govcloud-1');
  });
});
