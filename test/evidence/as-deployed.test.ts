import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runEvidence } from '../../cli/commands/evidence';
import type { ResidencyEvidence } from '../../evidence/residency-evidence';
import { appliedSiteState, appliedState } from '../fixtures/state/applied-state';
import { govcloudInProcess } from '../cli/run-govcloud';

type Json = Record<string, any>;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-deployed-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A `--state` folder holding `<stack>.json` for each stack given, as a CI job collects them after apply. */
function stateFolder(name: string, states: Record<string, unknown>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  for (const [stack, state] of Object.entries(states)) fs.writeFileSync(path.join(dir, `${stack}.json`), typeof state === 'string' ? state : JSON.stringify(state, null, 2));
  return dir;
}

/** Runs `govcloud evidence` for dsp-ng in-process and returns its exit code, what it printed and the record. */
async function evidenceFor(name: string, state?: string, tenant = 'dsp-ng') {
  const out = path.join(root, `${name}-out`);
  const logs: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((m: string) => void logs.push(m));
  const err = jest.spyOn(console, 'error').mockImplementation((m: string) => void logs.push(m));
  try {
    const code = await runEvidence({ config: 'config', out, tenant: [tenant], state, today: '2026-11-29' });
    const read = (f: string) => (fs.existsSync(path.join(out, f)) ? fs.readFileSync(path.join(out, f), 'utf8') : undefined);
    const json = read(`${tenant}.json`);
    return { code, logs: logs.join('\n'), record: json ? (JSON.parse(json) as ResidencyEvidence) : undefined, markdown: read(`${tenant}.md`) ?? '' };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

describe('govcloud evidence without --state', () => {
  it('says the record was not verified against a deployed state, and claims nothing about it', async () => {
    const r = await evidenceFor('none');
    expect(r.code).toBe(0);
    expect(r.record!.asDeployed).toEqual({ result: 'not verified', notVerified: [expect.stringMatching(/^not verified against a deployed state/)] });
    expect(r.markdown).toContain('As deployed: not verified against a deployed state');
    expect(r.markdown).not.toMatch(/^\| dsp-ng \| ENC-02 \| pass/m);
  });
});

describe('govcloud evidence --state on a correct deployment', () => {
  let r: Awaited<ReturnType<typeof evidenceFor>>;
  beforeAll(async () => {
    r = await evidenceFor('good', stateFolder('good', { 'dsp-ng': appliedState('dsp-ng'), 'site-ctie-govcloud-1': appliedSiteState('ctie-govcloud-1') }));
  });

  it('exits 0 and records every rule as deployed with its id and result, for the tenant and its site', async () => {
    expect(r.code).toBe(0);
    const a = r.record!.asDeployed;
    expect(a.result).toBe('pass');
    expect(a.notVerified).toEqual([]);
    expect(a.tenant!.rules.map((x) => `${x.id} ${x.result}`)).toEqual(['RES-01 pass', 'ENC-01 pass', 'ENC-02 pass', 'ENC-03 pass', 'ENC-04 pass', 'ENC-05 pass', 'ENC-06 pass', 'NET-05 pass', 'AVL-01 pass']);
    expect(a.tenant!.state).toBe(path.join(root, 'good', 'dsp-ng.json'));
    expect(a.site!.rules.map((x) => `${x.id} ${x.result}`)).toEqual(['KEY-02 pass']);
  });

  it("verifies only the site's devices that log the tenant: never another tenant's namespace device", async () => {
    const addresses = new Set(r.record!.asDeployed.site!.rules[0].checks.map((c) => c.address));
    expect(addresses).toEqual(new Set(['vault_audit.audit-file', 'vault_audit.audit-socket', 'vault_audit.audit-file-dsp-ng']));
  });

  it('shows the section in the Markdown, a row per rule and stack', async () => {
    expect(r.markdown).toContain('As deployed: pass: every rule checked holds on the applied states of the tenant and site stacks');
    expect(r.markdown).toContain('## As deployed');
    expect(r.markdown).toMatch(/^\| dsp-ng \| ENC-02 \| pass \| 9 of 9 \| /m);
    expect(r.markdown).toMatch(/^\| site-ctie-govcloud-1 \| KEY-02 \| pass \| 11 of 11 \| /m);
    expect(r.logs).toContain('as deployed: pass');
  });
});

describe('govcloud evidence --state on a deployment that breaks a rule', () => {
  it('exits 1 naming ENC-02 when a disk lacks the encryption policy, and writes the record with the failing check', async () => {
    const state = appliedState('dsp-ng') as Json;
    state.values.root_module.resources.find((x: Json) => x.name.startsWith('tenant_compute_dsp-ng-db-02')).values.disk[2].storage_policy_id = '';
    const r = await evidenceFor('disk', stateFolder('disk', { 'dsp-ng': state, 'site-ctie-govcloud-1': appliedSiteState('ctie-govcloud-1') }));
    expect(r.code).toBe(1);
    expect(r.logs).toContain('govcloud evidence: exit 1: as deployed, ENC-02 (dsp-ng) fails');
    const a = r.record!.asDeployed;
    expect(a.result).toBe('fail');
    expect(a.tenant!.rules.filter((x) => x.result === 'fail').map((x) => x.id)).toEqual(['ENC-02']);
    expect(r.markdown).toContain('As deployed: FAIL: ENC-02 (dsp-ng)');
    expect(r.markdown).toMatch(/^- \*\*fail\*\* ENC-02 `vsphere_virtual_machine\.tenant_compute_dsp-ng-db-02_[0-9A-F]+` disk\.2\.storage\\_policy\\_id: found ""/m);
  });

  it('exits 1 naming KEY-02 of the site stack when the tenant\'s namespace device lost its filter', async () => {
    const site = appliedSiteState('ctie-govcloud-1') as Json;
    delete site.values.root_module.resources.find((x: Json) => x.values.path === 'file-dsp-ng').values.options.filter;
    const r = await evidenceFor('filter', stateFolder('filter', { 'dsp-ng': appliedState('dsp-ng'), 'site-ctie-govcloud-1': site }));
    expect(r.code).toBe(1);
    expect(r.record!.asDeployed.result).toBe('fail');
    expect(r.markdown).toContain('As deployed: FAIL: KEY-02 (site-ctie-govcloud-1)');
  });
});

describe('govcloud evidence --state on an OpenBao site', () => {
  const AUDIT_LIST = 'test/fixtures/state/lu-enclave-1.audit-list.json';

  it("proves the site's declared devices from the server's audit list (site-<id>.audit-list.json)", async () => {
    const dir = stateFolder('openbao', { 'enclave-analytics': appliedState('enclave-analytics') });
    fs.copyFileSync(AUDIT_LIST, path.join(dir, 'site-lu-enclave-1.audit-list.json'));
    const r = await evidenceFor('openbao', dir, 'enclave-analytics');
    expect(r.code).toBe(0);
    const site = r.record!.asDeployed.site!;
    expect(site.state).toBe(path.join(dir, 'site-lu-enclave-1.audit-list.json'));
    expect(site.rules.map((x) => `${x.id} ${x.result} ${x.checks.length}`)).toEqual(['KEY-02 pass 7']);
    expect(r.record!.asDeployed.result).toBe('pass');
  });

  it("never calls the record a pass on the OpenBao site stack's state alone, which holds no device", async () => {
    const dir = stateFolder('openbao-state-only', { 'enclave-analytics': appliedState('enclave-analytics'), 'site-lu-enclave-1': { format_version: '1.0' } });
    const r = await evidenceFor('openbao-state-only', dir, 'enclave-analytics');
    expect(r.code).toBe(0);
    expect(r.record!.asDeployed.result).toBe('partly verified');
    expect(r.record!.asDeployed.notVerified).toEqual([expect.stringMatching(/^site-lu-enclave-1: no audit device verified \(KEY-02 \(audit devices\): site lu-enclave-1 runs OpenBao.*\); add .*site-lu-enclave-1\.audit-list\.json$/)]);
  });

  it('exits 1 naming KEY-02 when a declared stanza is not in force on the server', async () => {
    const list = JSON.parse(fs.readFileSync(AUDIT_LIST, 'utf8'));
    delete list['socket/'];
    const dir = stateFolder('openbao-missing', { 'enclave-analytics': appliedState('enclave-analytics'), 'site-lu-enclave-1.audit-list': list });
    const r = await evidenceFor('openbao-missing', dir, 'enclave-analytics');
    expect(r.code).toBe(1);
    expect(r.markdown).toContain('As deployed: FAIL: KEY-02 (site-lu-enclave-1)');
    expect(r.markdown).toContain('audit list (path "socket/")');
  });
});

describe('govcloud evidence --state with a state missing or wrong', () => {
  it("says the site stack was not verified when its state is absent, and never calls the record a pass", async () => {
    const r = await evidenceFor('partial', stateFolder('partial', { 'dsp-ng': appliedState('dsp-ng') }));
    expect(r.code).toBe(0);
    expect(r.record!.asDeployed.result).toBe('partly verified');
    expect(r.record!.asDeployed.notVerified).toEqual([`site-ctie-govcloud-1: not verified against a deployed state (no ${path.join(root, 'partial', 'site-ctie-govcloud-1.json')})`]);
    expect(r.markdown).toContain('As deployed: partly verified: dsp-ng holds;');
  });

  it("exits 2 and writes nothing for another tenant's state, a file that is not JSON, or a --state that is not a folder", async () => {
    const wrong = stateFolder('wrong', { 'dsp-ng': JSON.parse(fs.readFileSync('test/fixtures/state/dsp-ng.state.json', 'utf8')) });
    fs.renameSync(path.join(wrong, 'dsp-ng.json'), path.join(wrong, 'igss-analytics.json'));
    for (const [state, message] of [
      [wrong, 'the state is of tenant dsp-ng, not igss-analytics'],
      [stateFolder('broken', { 'dsp-ng': 'values = {' }), 'dsp-ng.json: not valid JSON'],
      ['test/fixtures/state/dsp-ng.state.json', '--state: is not a folder'],
    ]) {
      const out = path.join(root, `bad-out-${path.basename(state)}`);
      const r = await govcloudInProcess(['evidence', '--tenant', 'dsp-ng', 'igss-analytics', '--state', state, '--out', out]);
      expect({ state, status: r.status }).toEqual({ state, status: 2 });
      expect(r.stderr).toContain(message);
      expect(fs.existsSync(out)).toBe(false);
    }
  });
});
