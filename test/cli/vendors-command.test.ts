import * as fs from 'fs';
import * as path from 'path';
import { configWith } from '../fixtures/config-files';
import { govcloudInProcess } from './run-govcloud';

/** `govcloud vendors` as an engineer or a buyer runs it. */
describe('govcloud vendors', () => {
  it('prints every example tenant with its components, the totals per vendor and the single-vendor dependencies', async () => {
    const r = await govcloudInProcess(['vendors']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('tenant dsp-ng (site ctie-govcloud-1)\n  hypervisor VMware vSphere 8 and vCenter: vendor Broadcom Inc. (VMware by Broadcom) (US); licence proprietary, per-core (at least 16 cores per CPU); exposure 28 vCPU; alternatives: none recorded\n');
    expect(r.stdout).toContain('  key-custodian OpenBao 2.3 and later: vendor OpenBao project (Linux Foundation, OpenSSF) (jurisdictions unknown); licence MPL-2.0 (open source); exposure none (no fee)');
    expect(r.stdout).toContain('totals per vendor:\n  Broadcom Inc. (VMware by Broadcom) (US): 5 tenants, components provider-vsphere, vsphere-8; 96 vCPU\n');
    expect(r.stdout).toContain('single vendor, no alternative this toolkit supports:\n  VMware vSphere 8 and vCenter (Broadcom Inc. (VMware by Broadcom)): tenants dsp-ng, enclave-analytics, igss-analytics, lih-research, mfin-internal\n');
  });

  it('writes the same report as JSON and Markdown, byte-identical from run to run', async () => {
    const json = await govcloudInProcess(['vendors', '--format', 'json', '--tenant', 'mfin-internal']);
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.tenants.map((t: { tenant: string }) => t.tenant)).toEqual(['mfin-internal']);
    expect(report.tenants[0].components[1]).toMatchObject({ id: 'vault-community', licence: { id: 'BUSL-1.1', open: false } });
    expect((await govcloudInProcess(['vendors', '--format', 'json', '--tenant', 'mfin-internal'])).stdout).toBe(json.stdout);
    const md = await govcloudInProcess(['vendors', '--format', 'markdown']);
    expect(md.stdout).toContain('### Totals per vendor');
    expect(md.stdout).toContain('| HashiCorp, an IBM company | US | 5 |');
  });

  it('exits 2 naming the tenants for an unknown tenant, and for an unknown format', async () => {
    const r = await govcloudInProcess(['vendors', '--tenant', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no tenant named "nope". Fix: use one of: dsp-ng, enclave-analytics');
    expect((await govcloudInProcess(['vendors', '--format', 'csv'])).status).toBe(2);
  });

  it('exits 2 on a broken components.yaml, naming file, line, field and fix, with no stack trace', async () => {
    const dir = configWith();
    const file = path.join(dir, 'components.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('    vendor: hashicorp\n    licence:\n      id: proprietary', '    vendor: ibm\n    licence:\n      id: proprietary'));
    const r = await govcloudInProcess(['vendors', '--config', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/components\.yaml:\d+:\d+ components\[1\]\.vendor: no vendor "ibm" in vendors\. Fix: use one of: broadcom, hashicorp/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('says the exposure is not known, and exits 0, for a config folder without components.yaml', async () => {
    const dir = configWith();
    fs.rmSync(path.join(dir, 'components.yaml'));
    const r = await govcloudInProcess(['vendors', '--config', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('no components catalogue (components.yaml) in the config folder: vendor and licence exposure is not known\n');
  });
});
