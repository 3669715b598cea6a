import * as path from 'path';
import { loadConfig } from '../../loader';
import { bundledYaml, configWith, tenantYaml } from '../fixtures/config-files';
import { problemsOf } from './config-problems';

/**
 * Templates as the catalogue records them: their firmware and hardware version decide whether a VM cloned from them
 * can hold the vTPM every VM at a site with a key provider gets. lu-colo-1 has one (native), so its VMs get a vTPM.
 */
const SITES = bundledYaml('sites.yaml').replace(
  '      encryptionPolicy: Colo VM Encryption\n',
  '        - { name: legacy-bios, guestId: rhel9_64Guest, firmware: bios, hardwareVersion: 19 }\n' +
    '        - { name: old-hardware, guestId: rhel9_64Guest, firmware: efi, hardwareVersion: 13 }\n' +
    '      encryptionPolicy: Colo VM Encryption\n',
);

const withTemplate = (template: string) => {
  const text = tenantYaml({ vms: [{ template }] });
  const dir = configWith({ sites: SITES, tenants: { 'test-tenant.yaml': text } });
  return { dir, text, file: path.join(dir, 'tenants', 'test-tenant.yaml') };
};

describe('the loader and templates that cannot hold a vTPM', () => {
  it('refuses, at the tenant file, line and field, a BIOS template where a vTPM is requested, and names the templates that fit', () => {
    const { dir, text, file } = withTemplate('legacy-bios');
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file, field: 'vms[0].template', line: text.lineOf('template: legacy-bios') });
    expect(problems[0].message).toMatch(/template "legacy-bios" of site lu-colo-1 cannot hold a vTPM: it has bios firmware \(a vTPM needs efi\)/);
    expect(problems[0].fix).toMatch(/use a template with efi firmware and hardware version 14 or later \(rhel9-cis, debian12-cis\)/);
  });

  it('refuses a template below hardware version 14, which the provider would fail to add the vTPM to before it upgrades', () => {
    const { dir, text, file } = withTemplate('old-hardware');
    const [p] = problemsOf(dir);
    expect(p).toMatchObject({ file, field: 'vms[0].template', line: text.lineOf('template: old-hardware') });
    expect(p.message).toMatch(/hardware version 13 \(a vTPM needs 14 or later\)/);
  });

  it('accepts a tenant on an EFI template of version 14 or later, beside the unfit ones it does not use', () => {
    const { dir } = withTemplate('rhel9-cis');
    const config = loadConfig(dir);
    expect(config.tenants.map((t) => t.spec.name)).toContain('test-tenant');
    expect(config.sites.get('lu-colo-1')!.vsphere.templates.find((t) => t.name === 'rhel9-cis')).toMatchObject({ firmware: 'efi', hardwareVersion: 21 });
  });

  it('refuses a template that does not record its firmware, or records a hardware version the provider refuses', () => {
    const sites = bundledYaml('sites.yaml').replace('- { name: rhel9-hardened, guestId: rhel9_64Guest, firmware: efi, hardwareVersion: 21 }', '- { name: rhel9-hardened, guestId: rhel9_64Guest, hardwareVersion: 16 }');
    const problems = problemsOf(configWith({ sites }));
    const line = sites.lineOf('name: rhel9-hardened');
    expect(problems).toEqual([
      expect.objectContaining({ line, field: 'sites[2].vsphere.templates[0].firmware', message: 'missing required field "firmware"' }),
      expect.objectContaining({ line, field: 'sites[2].vsphere.templates[0].hardwareVersion', message: 'value 16 is not allowed', fix: expect.stringContaining('14, 15, 17') }),
    ]);
  });
});

describe('the network posture of a tenant', () => {
  it('reads network.dhcp, and leaves it unset when the tenant says nothing', () => {
    const text = tenantYaml({ network: { vlan: 3001, cidr: '10.250.0.0/24', dhcp: true } });
    const config = loadConfig(configWith({ tenants: { 'test-tenant.yaml': text } }));
    expect(config.tenants.find((t) => t.spec.name === 'test-tenant')!.spec.network.dhcp).toBe(true);
    expect(config.tenants.find((t) => t.spec.name === 'dsp-ng')!.spec.network.dhcp).toBeUndefined();
  });
});
