import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { snapshotFiles } from '../../file-snapshot';
import { App } from 'cdktf';
import { loadConfig } from '../../../loader/load-config';
import { synthesizeTenants, TenantsRefused } from '../../../stacks/synth';
import { UsageError } from '../../../loader/usage-error';
import { configWith, tenantYaml } from '../../fixtures/config-files';

const CONFIG = path.resolve('config');
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-app-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

const healthInGermany = tenantYaml({ name: 'dsp-de', classification: 'health', site: 'research-de-1', network: { vlan: 211, cidr: '10.22.0.0/24' } });

describe('synthesizeTenants', () => {
  it('writes one stack per example tenant and a manifest', () => {
    const out = path.join(tmpRoot, 'out-all');
    const result = synthesizeTenants(loadConfig(CONFIG), { outDir: out });
    expect(result.tenants.map((t) => t.name)).toEqual(['dsp-ng', 'dsp-ng-recovery', 'enclave-analytics', 'igss-analytics', 'lih-research', 'mfin-internal']);
    for (const t of result.tenants) {
      expect(fs.existsSync(path.join(out, 'stacks', t.name, 'cdk.tf.json'))).toBe(true);
      expect(t.resources).toBeGreaterThan(10);
    }
    // Five tenants, the recovery stack of dsp-ng, and the stacks of their five sites (ctie-govcloud-2 for the recovery).
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')).stacks)).toHaveLength(11);
  });

  it('writes byte-identical output twice, from different working directories', () => {
    const a = path.join(tmpRoot, 'det-a');
    const b = path.join(tmpRoot, 'det-b');
    synthesizeTenants(loadConfig(CONFIG), { outDir: a });
    const cwd = process.cwd();
    try {
      process.chdir(os.tmpdir());
      synthesizeTenants(loadConfig(CONFIG), { outDir: b });
    } finally {
      process.chdir(cwd);
    }
    expect(snapshotFiles(b)).toEqual(snapshotFiles(a));
  });

  it('refuses a health tenant on the German site and leaves the previous output as it was', () => {
    const out = path.join(tmpRoot, 'out-refused');
    synthesizeTenants(loadConfig(CONFIG), { outDir: out });
    const before = snapshotFiles(out);
    const config = loadConfig(configWith({ tenants: { 'dsp-de.yaml': healthInGermany } }));
    let error: unknown;
    try {
      synthesizeTenants(config, { outDir: out });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TenantsRefused);
    const findings = (error as TenantsRefused).findings;
    // KEY-10: the German site's collector keeps audit logs 730 days, fewer than health's 1096; AVL-03: health
    // requires a recovery site, and this tenant declares none.
    expect(findings.map((f) => `${f.tenant}:${f.ruleId}`)).toEqual(['dsp-de:RES-01', 'dsp-de:RES-10', 'dsp-de:KEY-10', 'dsp-de:AVL-03']);
    expect(findings[0].fix).toContain('ctie-govcloud-1');
    expect(snapshotFiles(out)).toEqual(before);
    expect(fs.readdirSync(tmpRoot).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('leaves no output and no temporary folder when synthesis fails half way', () => {
    const out = path.join(tmpRoot, 'out-crash');
    const synth = jest.spyOn(App.prototype, 'synth').mockImplementation(() => {
      throw new Error('disk full');
    });
    try {
      expect(() => synthesizeTenants(loadConfig(CONFIG), { outDir: out })).toThrow('disk full');
    } finally {
      synth.mockRestore();
    }
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(tmpRoot).filter((f) => f.startsWith('out-crash'))).toEqual([]);
  });

  it('rewrites only the selected tenant and keeps the other stacks', () => {
    const out = path.join(tmpRoot, 'out-partial');
    synthesizeTenants(loadConfig(CONFIG), { outDir: out });
    const before = snapshotFiles(out);
    fs.writeFileSync(path.join(out, 'stacks', 'dsp-ng', 'cdk.tf.json'), 'stale');
    const result = synthesizeTenants(loadConfig(CONFIG), { outDir: out, tenants: ['dsp-ng'] });
    expect(result.tenants.map((t) => t.name)).toEqual(['dsp-ng', 'dsp-ng-recovery']);
    expect(snapshotFiles(out)).toEqual(before);
  });

  it('treats an unknown tenant name as an argument error naming the known tenants', () => {
    expect(() => synthesizeTenants(loadConfig(CONFIG), { outDir: path.join(tmpRoot, 'x'), tenants: ['nosuch'] })).toThrow(UsageError);
    expect(() => synthesizeTenants(loadConfig(CONFIG), { outDir: path.join(tmpRoot, 'x'), tenants: ['nosuch'] })).toThrow(/no tenant named "nosuch".*dsp-ng/);
  });
});
