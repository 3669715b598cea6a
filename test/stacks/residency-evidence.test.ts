import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runEvidence } from '../../cli/evidence-command';
import { loadConfig } from '../../stacks/config/load-config';
import { synthesizeTenants } from '../../stacks/govcloud-app';
import type { ResidencyEvidence } from '../../stacks/evidence/residency-evidence';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('govcloud evidence', () => {
  const out = path.join(root, 'evidence');
  let log: jest.SpyInstance;
  beforeAll(() => {
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(runEvidence({ config: 'config', out, tenant: ['dsp-ng', 'mfin-internal'], today: '2026-11-29' })).toBe(0);
    log.mockRestore();
  });
  const read = (t: string) => JSON.parse(fs.readFileSync(path.join(out, `${t}.json`), 'utf8')) as ResidencyEvidence;

  it('writes a JSON and a Markdown record per selected tenant only', () => {
    expect(fs.readdirSync(out).sort()).toEqual(['dsp-ng.json', 'dsp-ng.md', 'mfin-internal.json', 'mfin-internal.md']);
  });

  it('hashes exactly the stack that govcloud synth writes', () => {
    const synthOut = path.join(root, 'synth');
    synthesizeTenants(loadConfig('config'), { outDir: synthOut });
    const sha = createHash('sha256').update(fs.readFileSync(path.join(synthOut, 'stacks', 'dsp-ng', 'cdk.tf.json'))).digest('hex');
    expect(read('dsp-ng').stack.sha256).toBe(sha);
  });

  it('records where data, keys and state live and under which law', () => {
    const e = read('dsp-ng');
    expect(e.site).toMatchObject({ id: 'ctie-govcloud-1', country: 'LU', operatorJurisdictions: ['LU'], euControlled: true });
    expect(e.classification.countries.value).toEqual(['LU']);
    expect(e.keys).toMatchObject({ custodian: 'https://vault.govcloud.ctie.lu:8200', edition: 'enterprise', isolation: 'namespace dsp-ng' });
    expect(e.keys.auditDevices).toEqual(['file at file-dsp-ng', 'socket at socket-dsp-ng']);
    expect(e.state.backend).toBe('local');
    expect(read('mfin-internal').keys.isolation).toBe('mount prefix tenants/mfin-internal/');
  });

  it('lists every rule evaluated, tenant and stack, with the catalogue version', () => {
    const e = read('dsp-ng');
    expect(e.tool.catalogueVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(e.rules.filter((r) => r.scope === 'tenant').length).toBeGreaterThan(5);
    expect(e.rules.filter((r) => r.scope === 'stack').map((r) => r.id)).toEqual(expect.arrayContaining(['RES-01', 'RES-02', 'ENC-02', 'GOV-01']));
    expect(e.rules.every((r) => r.result === 'pass')).toBe(true);
  });

  it('gives the auditor a readable Markdown record', () => {
    const md = fs.readFileSync(path.join(out, 'dsp-ng.md'), 'utf8');
    expect(md).toContain('# Residency evidence: dsp-ng');
    expect(md).toContain('| Country | LU |');
    expect(md).toContain(read('dsp-ng').stack.sha256);
    expect(md).toContain('## Suppressions in force');
  });
});
