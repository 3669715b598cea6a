import * as path from 'path';
import { loadConfig } from '../../loader';
import { bundledYaml, configWith, tenantYaml } from '../fixtures/config-files';
import { problemsOf } from './config-problems';

describe('the loader and recovery sites', () => {
  it('loads the example shared care record with its recovery site', () => {
    const dsp = loadConfig('config').tenants.find((t) => t.spec.name === 'dsp-ng')!;
    expect(dsp.spec.recovery).toEqual({ site: 'ctie-govcloud-2', mode: 'warm' });
  });

  it('refuses an unknown recovery site at its line, naming the sites', () => {
    const text = tenantYaml({ recovery: { site: 'nowhere-1', mode: 'cold' } });
    const dir = configWith({ tenants: { 'test-tenant.yaml': text } });
    const [p] = problemsOf(dir);
    expect(p).toMatchObject({ file: path.join(dir, 'tenants', 'test-tenant.yaml'), field: 'recovery.site', line: text.lineOf('site: nowhere-1') });
    expect(p.message).toBe('unknown site "nowhere-1"');
  });

  it('refuses a warm recovery at a site whose content library lacks a template of the tenant', () => {
    const text = tenantYaml({ site: 'lu-colo-1', vms: [{ template: 'rhel9-cis' }], recovery: { site: 'lu-enclave-1', mode: 'warm' } });
    const [p] = problemsOf(configWith({ tenants: { 'test-tenant.yaml': text } }));
    expect(p.field).toBe('vms[0].template');
    expect(p.message).toContain('is not in the content library of recovery site lu-enclave-1');
  });

  it('refuses a recovery port group on a VLAN another tenant uses at the recovery site', () => {
    const text = tenantYaml({ site: 'lu-colo-1', network: { vlan: 210 }, recovery: { site: 'ctie-govcloud-1', mode: 'cold' } });
    const [p] = problemsOf(configWith({ tenants: { 'test-tenant.yaml': text } }));
    expect(p.field).toBe('network.vlan');
    expect(p.message).toContain('VLAN 210 of the recovery port group at site ctie-govcloud-1 is already used there by tenant dsp-ng');
  });

  it('refuses replication recorded for a community Vault or OpenBao site', () => {
    const sites = bundledYaml('sites.yaml').replace('      edition: community\n', '      edition: community\n      replication: [{ site: ctie-govcloud-2, mode: performance }]\n');
    const [p] = problemsOf(configWith({ sites }));
    expect(p.message).toContain('community Vault, which has no replication');
  });

  it('refuses a shared key provider the other site records under another name', () => {
    const sites = bundledYaml('sites.yaml').replace('      keyProviderSharedWith: [ctie-govcloud-1]\n', '      keyProviderSharedWith: [ctie-govcloud-1, lu-colo-1]\n');
    const [p] = problemsOf(configWith({ sites }));
    expect(p.field).toBe('sites[8].vsphere.keyProviderSharedWith[1]');
    expect(p.message).toContain('a shared key provider has the same name in both vCenters');
  });
});

describe('the loader and recovery stack names', () => {
  it('refuses a tenant named like the recovery stack of another', () => {
    const text = tenantYaml({ name: 'dsp-ng-recovery', site: 'lu-colo-1' });
    const problems = problemsOf(configWith({ tenants: { 'dsp-ng-recovery.yaml': text } }));
    expect(problems.map((p) => p.message)).toContain('tenant dsp-ng-recovery exists, and the recovery stack of dsp-ng has that name');
  });
});
