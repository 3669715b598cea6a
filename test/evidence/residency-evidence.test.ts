import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runEvidence } from '../../cli/commands/evidence';
import type { Finding } from '../../policy/finding';
import { loadConfig } from '../../loader/load-config';
import { synthesizeTenants } from '../../stacks/synth';
import { residencyEvidence, type ResidencyEvidence } from '../../evidence/residency-evidence';
import { govcloudInProcess } from '../cli/run-govcloud';
import { describeRules } from '../../check/check-stacks';
import { formatSource } from '../../policy/source';
import { TENANT_RULES } from '../../policy/tenant-rules/catalogue';
import { bundledYaml, configWith } from '../fixtures/config-files';
import { sharedExampleOutput } from '../fixtures/shared-example-output';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('govcloud evidence', () => {
  const out = path.join(root, 'evidence');
  let log: jest.SpyInstance;
  beforeAll(async () => {
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await runEvidence({ config: 'config', out, tenant: ['dsp-ng', 'mfin-internal'], today: '2026-11-29' })).toBe(0);
    log.mockRestore();
  });
  const read = (t: string) => JSON.parse(fs.readFileSync(path.join(out, `${t}.json`), 'utf8')) as ResidencyEvidence;

  it('writes a JSON and a Markdown record per selected tenant only', async () => {
    expect(fs.readdirSync(out).sort()).toEqual(['dsp-ng.json', 'dsp-ng.md', 'mfin-internal.json', 'mfin-internal.md']);
  });

  it('hashes exactly the stack that govcloud synth writes', async () => {
    const synthOut = sharedExampleOutput();
    const sha = createHash('sha256').update(fs.readFileSync(path.join(synthOut, 'stacks', 'dsp-ng', 'cdk.tf.json'))).digest('hex');
    expect(read('dsp-ng').stack.sha256).toBe(sha);
  });

  it('lists where the replicas of the shared care record live: its primary site and its warm recovery site, with their stacks', async () => {
    const synthOut = sharedExampleOutput();
    const sha = createHash('sha256').update(fs.readFileSync(path.join(synthOut, 'stacks', 'dsp-ng-recovery', 'cdk.tf.json'))).digest('hex');
    const [primary, recovery] = read('dsp-ng').replicas;
    expect(primary).toMatchObject({ role: 'primary', site: 'ctie-govcloud-1', country: 'LU' });
    expect(recovery).toMatchObject({ role: 'recovery', mode: 'warm', site: 'ctie-govcloud-2', country: 'LU', operatorJurisdictions: ['LU'], stack: { file: 'dsp-ng-recovery/cdk.tf.json', sha256: sha } });
    expect(recovery.keys).toBe('Vault https://vault.govcloud2.ctie.lu:8200, disaster-recovery secondary of https://vault.govcloud.ctie.lu:8200; vCenter key provider ctie-kmip-hsm (shared with ctie-govcloud-1)');
    expect(read('mfin-internal').replicas.map((r) => r.role)).toEqual(['primary']);
    const md = fs.readFileSync(path.join(out, 'dsp-ng.md'), 'utf8');
    expect(md).toContain('## Where replicas live');
    expect(md).toContain('| recovery (warm) | ctie-govcloud-2: CTIE GovCloud, second State datacentre, Luxembourg | LU |');
  });

  it('records where data, keys and state live and under which law', async () => {
    const e = read('dsp-ng');
    expect(e.site).toMatchObject({ id: 'ctie-govcloud-1', country: 'LU', operatorJurisdictions: ['LU'], euControlled: true });
    expect(e.classification.countries.value).toEqual(['LU']);
    expect(e.keys).toMatchObject({ custodian: 'https://vault.govcloud.ctie.lu:8200', edition: 'enterprise', isolation: 'namespace dsp-ng' });
    // The site's devices that log dsp-ng: the whole cluster's file and socket, and its namespace's own file.
    expect(e.keys.auditDevices).toEqual(['file at file, in stack site-ctie-govcloud-1', 'socket at socket, in stack site-ctie-govcloud-1', 'file at file-dsp-ng (this namespace only), in stack site-ctie-govcloud-1']);
    expect(e.state.backend).toBe('local');
    expect(read('mfin-internal').keys.isolation).toBe('mount prefix tenants/mfin-internal/');
  });

  it('lists every rule evaluated, tenant and stack, with the catalogue version', async () => {
    const e = read('dsp-ng');
    expect(e.tool.catalogueVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(e.rules.filter((r) => r.scope === 'tenant').length).toBeGreaterThan(5);
    expect(e.rules.filter((r) => r.scope === 'stack').map((r) => r.id)).toEqual(expect.arrayContaining(['RES-01', 'RES-02', 'ENC-02', 'GOV-01']));
    // The example tenants keep local state, which STA-01 warns about; every other rule passes.
    expect(e.rules.filter((r) => r.result !== 'pass').map((r) => `${r.id} ${r.scope} ${r.result}`)).toEqual(['STA-01 stack warning']);
  });

  it('records a rule with a warning as warning, not pass, in the JSON and the Markdown, with a summary line', async () => {
    const e = read('dsp-ng');
    expect(e.rules.find((r) => r.id === 'STA-01' && r.scope === 'stack')).toMatchObject({ result: 'warning', suppressedBy: [] });
    expect(e.summary).toEqual({ rules: e.rules.length, pass: e.rules.length - 1, warnings: 1, failures: 0, suppressed: 0 });
    const md = fs.readFileSync(path.join(out, 'dsp-ng.md'), 'utf8');
    expect(md).toMatch(/^\| STA-01 \| stack \| warning \| /m);
    expect(md).not.toMatch(/^\| STA-01 \| stack \| pass \| /m);
    expect(md).toContain(`**Result: 1 warning, 0 failures, 0 suppressed (${e.rules.length} rules evaluated, ${e.rules.length - 1} pass).**`);
    expect(md).toMatch(/^- \*\*warning\*\* STA-01 \(stack, config\/sites\.yaml:\d+: sites\\\[0\\\]\.stateBackend\): state is a local file/m);
  });

  it("carries each rule's tagged sources in the JSON and shows every tag in the Markdown", async () => {
    const e = read('dsp-ng');
    for (const r of e.rules) {
      const rule = (r.scope === 'tenant' ? TENANT_RULES : describeRules()).find((x) => x.id === r.id)!;
      expect({ id: `${r.scope} ${r.id}`, sources: r.sources }).toEqual({ id: `${r.scope} ${r.id}`, sources: rule.sources });
    }
    const net07 = e.rules.find((r) => r.id === 'NET-07' && r.scope === 'stack')!;
    expect(net07.sources).toContainEqual({ kind: 'policy', cite: expect.stringMatching(/^PQ 3639 ¶8 /), by: 'Government of Luxembourg' });
    const md = fs.readFileSync(path.join(out, 'dsp-ng.md'), 'utf8');
    expect(md).toContain(`| NET-07 | stack | pass | ${net07.title} | ${net07.sources.map(formatSource).join('<br>')} |`);
    expect(md).toContain('<br>policy (Government of Luxembourg): PQ 3639 ¶8 (Clarence');
  });

  it('gives the auditor a readable Markdown record', async () => {
    const md = fs.readFileSync(path.join(out, 'dsp-ng.md'), 'utf8');
    expect(md).toContain('# Residency evidence: dsp-ng');
    expect(md).toContain('| Country | LU |');
    expect(md).toContain(read('dsp-ng').stack.sha256);
    expect(md).toContain('## Suppressions in force');
  });

  it('carries what the tenant depends on: each component, its vendor, licence and exposure, as govcloud vendors reports it', async () => {
    const e = read('dsp-ng');
    const vsphere = e.vendors.tenants[0].components.find((c) => c.kind === 'hypervisor')!;
    expect(vsphere).toMatchObject({ id: 'vsphere-8', vendor: { name: 'Broadcom Inc. (VMware by Broadcom)', jurisdictions: ['US'] }, licence: { id: 'proprietary', metric: 'per-core' } });
    // dsp-ng: 3 app VMs of 4 vCPUs and 2 db VMs of 8.
    expect(vsphere.exposure).toMatchObject({ amount: 28, unit: 'vCPU' });
    expect(e.vendors.singleVendor.map((s) => s.component)).toEqual(['vsphere-8']);
    const md = fs.readFileSync(path.join(out, 'dsp-ng.md'), 'utf8');
    expect(md).toContain('## Vendors and licences');
    expect(md).toContain('| HashiCorp Vault Enterprise | key-custodian | HashiCorp, an IBM company (US) | proprietary, per-client |');
    expect(md).toContain('Single vendor, no alternative this toolkit supports: VMware vSphere 8 and vCenter.');
  });
});

describe('govcloud evidence with a suppression in force', () => {
  const out = path.join(root, 'suppressed');
  beforeAll(async () => {
    const suppression = '  - rule: STA-01\n    resource: terraform.backend\n    reason: Remote state arrives with the pg cluster in Q1.\n    approvedBy: DPO office\n    expires: "2027-03-31"\n';
    const config = configWith({ tenants: { 'mfin-internal.yaml': bundledYaml('tenants/mfin-internal.yaml').append(`suppressions:\n${suppression}`) } });
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await runEvidence({ config, out, tenant: ['mfin-internal'], today: '2026-11-29' })).toBe(0);
    log.mockRestore();
  });

  it('shows the suppressed rule as suppressed, with who approved it and until when, in the JSON and the Markdown', async () => {
    const e = JSON.parse(fs.readFileSync(path.join(out, 'mfin-internal.json'), 'utf8')) as ResidencyEvidence;
    const sta = e.rules.find((r) => r.id === 'STA-01' && r.scope === 'stack')!;
    expect(sta.result).toBe('suppressed');
    expect(sta.suppressedBy).toEqual([expect.objectContaining({ approvedBy: 'DPO office', expires: '2027-03-31' })]);
    expect(e.summary).toMatchObject({ warnings: 0, failures: 0, suppressed: 1 });
    const md = fs.readFileSync(path.join(out, 'mfin-internal.md'), 'utf8');
    expect(md).toMatch(/^\| STA-01 \| stack \| suppressed \(approved by DPO office, until 2027-03-31\) \| /m);
    expect(md).toContain('**Result: 0 warnings, 0 failures, 1 suppressed (');
    expect(md).toMatch(/^- \*\*suppressed warning\*\* STA-01 .* Suppressed \(approved by DPO office, until 2027-03-31\): Remote state arrives with the pg cluster in Q1\.$/m);
  });
});

describe('rule results in the evidence', () => {
  it('gives a rule with an error in force the result fail, and counts it as a failure', async () => {
    const config = loadConfig('config');
    const synthOut = path.join(root, 'synth-fail');
    const result = synthesizeTenants(config, { outDir: synthOut, tenants: ['dsp-ng'], today: '2026-11-29' });
    const error: Finding = { ruleId: 'RES-01', severity: 'error', tenant: 'dsp-ng', field: 'site', found: 'site in DE', allowed: 'LU', fix: 'choose a site in LU', source: 'test' };
    const tenant = config.tenants.find((t) => t.spec.name === 'dsp-ng')!;
    const e = residencyEvidence(config, tenant, [error], result.report, result.tenants[0].file, '2026-11-29');
    expect(e.rules.find((r) => r.id === 'RES-01' && r.scope === 'tenant')!.result).toBe('fail');
    expect(e.summary).toMatchObject({ failures: 1, warnings: 1 });
  });
});

describe('govcloud evidence --out', () => {
  it('leaves files it did not write alone, and replaces only its own records', async () => {
    const dir = path.join(root, 'shared-out');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me\n');
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await runEvidence({ config: 'config', out: dir, tenant: ['dsp-ng'], today: '2026-11-29' })).toBe(0);
      expect(await runEvidence({ config: 'config', out: dir, tenant: ['dsp-ng'], today: '2026-11-30' })).toBe(0);
    } finally {
      log.mockRestore();
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['dsp-ng.json', 'dsp-ng.md', 'notes.txt']);
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('keep me\n');
    expect((JSON.parse(fs.readFileSync(path.join(dir, 'dsp-ng.json'), 'utf8')) as ResidencyEvidence).evaluatedOn).toBe('2026-11-30');
  });

  it('exits 2 and writes nothing when a file of the same name is not an evidence record it wrote', async () => {
    const dir = path.join(root, 'foreign-out');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'dsp-ng.md'), '# Our own notes on DSP\n');
    const r = await govcloudInProcess(['evidence', '--tenant', 'dsp-ng', '--out', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, 'dsp-ng.md')} --out: exists and is not an evidence record of this tenant; evidence never overwrites a file it did not write`);
    expect(fs.readdirSync(dir)).toEqual(['dsp-ng.md']);
    expect(fs.readFileSync(path.join(dir, 'dsp-ng.md'), 'utf8')).toBe('# Our own notes on DSP\n');
  });

  it('exits 2 with a message naming --out when it is a file, or under one', async () => {
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, 'x');
    const r = await govcloudInProcess(['evidence', '--out', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file} --out: exists and is not a folder`);
    expect(r.stderr).not.toContain('internal error');
    const under = await govcloudInProcess(['evidence', '--out', path.join(file, 'evidence')]);
    expect(under.status).toBe(2);
    expect(under.stderr).toContain(`cannot be created: ${file} is a file, not a folder`);
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });
});
