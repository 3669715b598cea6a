import { loadConfig } from '../../../loader/load-config';
import { renderChecklist, siteChecklist } from '../../../policy/report/site-checklist';

const config = loadConfig('config');
const site = (id: string) => config.sites.get(id)!;

describe('the site checklist', () => {
  it('names the key provider, the encryption policy, the switch defaults and every template of the catalogue', () => {
    const list = siteChecklist(site('ctie-govcloud-1'), ['dsp-ng']);
    const items = list.items.map((i) => i.item);
    expect(items).toEqual(
      expect.arrayContaining([
        'key provider "ctie-kmip-hsm" registered and set as the default key provider of vCenter vcenter.govcloud.ctie.lu',
        'storage policy "GovCloud VM Encryption" with a host-based encryption rule (VM Encryption)',
        'distributed switch "gc-lu1-dvs-tenants" in datacenter "GOVCLOUD-LU-1" whose default port policy rejects promiscuous mode, forged transmits and MAC address changes',
        'content library "govcloud-approved-templates"',
        'template "rhel9-cis" (ovf) in "govcloud-approved-templates": EFI firmware, hardware version 21, guest id rhel9_64Guest, as recorded in config/sites.yaml',
        'template "debian12-cis" (ovf) in "govcloud-approved-templates": EFI firmware, hardware version 20, guest id debian12_64Guest, as recorded in config/sites.yaml',
      ]),
    );
    expect(list.items.find((i) => i.item.startsWith('distributed switch'))!.facts).toEqual(['V1', 'V2']);
  });

  it('asks an OpenBao site for declarative audit stanzas, and a Vault site for audit devices of the cluster', () => {
    const openbao = siteChecklist(site('lu-enclave-1'), []).items.find((i) => i.system === 'Vault' && /audit/.test(i.item))!;
    expect(openbao.item).toMatch(/^declarative audit stanzas in the server configuration/);
    const vault = siteChecklist(site('ctie-govcloud-1'), []).items.find((i) => i.system === 'Vault' && /audit/.test(i.item))!;
    expect(vault.item).toMatch(/^audit devices of the site .*enabled once for the cluster$/);
  });

  it('says what the catalogue lacks when a site names no key provider or encryption policy', () => {
    const bare = { ...site('ctie-govcloud-1'), vsphere: { ...site('ctie-govcloud-1').vsphere, keyProvider: undefined, encryptionPolicy: undefined } };
    const text = renderChecklist(siteChecklist(bare, []), 'text');
    expect(text).toContain('the catalogue names none: add vsphere.keyProvider');
    expect(text).toContain('the catalogue names none: add vsphere.encryptionPolicy');
    expect(text).toContain('tenants on this site: none');
  });
});
