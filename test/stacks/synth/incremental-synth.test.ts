import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { snapshotFiles } from '../../file-snapshot';
import { loadConfig } from '../../../loader/load-config';
import { synthesizeTenants } from '../../../stacks/synth';
import { bundledYaml, changeConfig, configWith } from '../../fixtures/config-files';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'incremental-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A fresh copy of the bundled config, and an incrementally synthesized output of it. */
function setUp(name: string): { config: string; out: string } {
  const config = configWith();
  const out = path.join(root, `${name}-out`);
  synthesizeTenants(loadConfig(config), { outDir: out, incremental: true });
  return { config, out };
}

/** What a full synth of `config` writes. */
function fullSynth(config: string, name: string): Record<string, string> {
  const out = path.join(root, `${name}-full`);
  synthesizeTenants(loadConfig(config), { outDir: out });
  return snapshotFiles(out);
}

describe('incremental synth', () => {
  it('skips every tenant when nothing changed, and rewrites no file', () => {
    const { config, out } = setUp('same');
    const before = snapshotFiles(out);
    const stack = path.join(out, 'stacks', 'dsp-ng', 'cdk.tf.json');
    const mtime = fs.statSync(stack).mtimeMs;
    const result = synthesizeTenants(loadConfig(config), { outDir: out, incremental: true });
    expect(result.tenants).toEqual([]);
    expect(result.unchanged).toEqual(['dsp-ng', 'enclave-analytics', 'igss-analytics', 'lih-research', 'mfin-internal']);
    expect(snapshotFiles(out)).toEqual(before);
    expect(fs.statSync(stack).mtimeMs).toBe(mtime);
  });

  it('rebuilds only the tenant whose file changed, and the output equals a full synth', () => {
    const { config, out } = setUp('one');
    changeConfig(config, { tenants: { 'mfin-internal.yaml': bundledYaml('tenants/mfin-internal.yaml').replace('cpus: 2', 'cpus: 4') } });
    const result = synthesizeTenants(loadConfig(config), { outDir: out, incremental: true });
    expect(result.tenants.map((t) => t.name)).toEqual(['mfin-internal']);
    expect(result.unchanged).toHaveLength(4);
    expect(snapshotFiles(out)).toEqual(fullSynth(config, 'one'));
  });

  it('judges every tenant again when components.yaml changes: a custodian no longer open source refuses the classified tenant', () => {
    const { config, out } = setUp('components');
    const file = path.join(config, 'components.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const closed = text.replace('    licence: { id: MPL-2.0, metric: none }\n    alternatives:\n      - { component: vault-community', '    licence: { id: proprietary, metric: none }\n    alternatives:\n      - { component: vault-community');
    expect(closed).not.toBe(text);
    fs.writeFileSync(file, closed);
    let refused: unknown;
    try {
      synthesizeTenants(loadConfig(config), { outDir: out, incremental: true });
    } catch (e) {
      refused = e;
    }
    expect((refused as { findings?: { ruleId: string; tenant: string }[] }).findings?.map((f) => `${f.ruleId} ${f.tenant}`)).toEqual(['VND-01 enclave-analytics']);
  });

  it('removes the stack of a tenant that is gone, and the output equals a full synth', () => {
    const { config, out } = setUp('gone');
    changeConfig(config, { remove: ['lih-research.yaml'] });
    const result = synthesizeTenants(loadConfig(config), { outDir: out, incremental: true });
    // lih-research was research-de-1's only tenant: the site's stack goes too.
    expect(result.removed).toEqual(['lih-research', 'site-research-de-1']);
    expect(fs.existsSync(path.join(out, 'stacks', 'lih-research'))).toBe(false);
    expect(snapshotFiles(out)).toEqual(fullSynth(config, 'gone'));
  });

  it('rebuilds every tenant when the site catalogue changes', () => {
    const { config, out } = setUp('sites');
    changeConfig(config, { sites: bundledYaml('sites.yaml').replace('auditCollector: siem.govcloud.ctie.lu:6514', 'auditCollector: siem2.govcloud.ctie.lu:6514') });
    const result = synthesizeTenants(loadConfig(config), { outDir: out, incremental: true });
    expect(result.tenants).toHaveLength(6); // five tenants and the recovery stack of dsp-ng
    expect(snapshotFiles(out)).toEqual(fullSynth(config, 'sites'));
  });

  it('rebuilds a stack edited by hand since the last synth', () => {
    const { config, out } = setUp('edited');
    const stack = path.join(out, 'stacks', 'dsp-ng', 'cdk.tf.json');
    const good = fs.readFileSync(stack, 'utf8');
    fs.writeFileSync(stack, good.replace('GOVCLOUD-LU-1', 'FRA1'));
    const result = synthesizeTenants(loadConfig(config), { outDir: out, incremental: true });
    expect(result.tenants.map((t) => t.name)).toEqual(['dsp-ng', 'dsp-ng-recovery']);
    expect(fs.readFileSync(stack, 'utf8')).toBe(good);
  });

  it('rebuilds a recovery stack edited by hand since the last synth, with its tenant', () => {
    const { config, out } = setUp('edited-recovery');
    const stack = path.join(out, 'stacks', 'dsp-ng-recovery', 'cdk.tf.json');
    const good = fs.readFileSync(stack, 'utf8');
    fs.writeFileSync(stack, good.replace('"name": "GOVCLOUD-LU-2"', '"name": "FRA1"'));
    expect(fs.readFileSync(stack, 'utf8')).not.toBe(good);
    const result = synthesizeTenants(loadConfig(config), { outDir: out, incremental: true });
    expect(result.tenants.map((t) => t.name)).toEqual(['dsp-ng', 'dsp-ng-recovery']);
    expect(fs.readFileSync(stack, 'utf8')).toBe(good);
  });
});
