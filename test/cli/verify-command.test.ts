import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { appliedState } from '../fixtures/state/applied-state';
import { govcloudInProcess } from './run-govcloud';

type Json = Record<string, any>;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-verify-'));

/** Writes `state` as a state file and returns its path. */
function stateFile(name: string, state: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof state === 'string' ? state : JSON.stringify(state, null, 2));
  return file;
}

function changed(type: string, change: (values: Json) => void): Json {
  const state = appliedState('dsp-ng') as Json;
  change(state.values.root_module.resources.find((r: Json) => r.type === type).values);
  return state;
}

/** `govcloud verify TENANT --state FILE` on the state of a deployment, as an auditor runs it after apply. */
describe('govcloud verify', () => {
  it('exits 0 on the state of a correct deployment of dsp-ng and says what it did not check', async () => {
    const r = await govcloudInProcess(['verify', 'dsp-ng', '--state', 'test/fixtures/state/dsp-ng.state.json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ok    ENC-01  VM homes use the site\'s encryption storage policy: 5 of 5 checks hold');
    expect(r.stdout).toContain('KEY-02, KEY-03 (audit devices): not checked in a tenant state');
    expect(r.stdout).toContain('Result: every claim checked holds as deployed');
  });

  it('exits 1 naming rule, resource and attribute for a disk without the encryption policy', async () => {
    const state = appliedState('dsp-ng') as Json;
    state.values.root_module.resources.find((r: Json) => r.name.startsWith('tenant_compute_dsp-ng-db-02')).values.disk[2].storage_policy_id = '';
    const r = await govcloudInProcess(['verify', 'dsp-ng', '--state', stateFile('disk.json', state)]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('ENC-02 vsphere_virtual_machine.tenant_compute_dsp-ng-db-02_B3AD56A9 disk.2.storage_policy_id: found ""');
    expect(r.stdout).toContain('Result: FAILS: ENC-02');
    expect(r.stderr).toBe('govcloud verify: exit 1: 1 check of ENC-02 fails as deployed\n');
  });

  it('exits 1 for a port group with allow_promiscuous true, and for an exportable key, in JSON too', async () => {
    const pg = await govcloudInProcess(['verify', 'dsp-ng', '--state', stateFile('pg.json', changed('vsphere_distributed_port_group', (v) => (v.allow_promiscuous = true)))]);
    expect(pg.status).toBe(1);
    expect(pg.stdout).toContain('NET-05 vsphere_distributed_port_group.tenant_network_port-group_6CB2DA0E allow_promiscuous: found true; expected false');
    const key = await govcloudInProcess(['verify', 'dsp-ng', '--format', 'json', '--state', stateFile('key.json', changed('vault_transit_secret_backend_key', (v) => (v.exportable = true)))]);
    expect(key.status).toBe(1);
    const report = JSON.parse(key.stdout);
    expect(report.failing).toEqual(['ENC-05']);
    expect(report.rules.find((r: Json) => r.id === 'ENC-05').checks).toContainEqual(
      expect.objectContaining({ address: 'vault_transit_secret_backend_key.tenant_keys_data-key_6FDA5199', attribute: 'exportable', holds: false, found: 'true' }),
    );
  });

  it.each([
    ['a missing file', () => path.join(dir, 'absent.json'), /state\.json|absent\.json: not read/],
    ['text that is not JSON', () => stateFile('bad.json', 'values = {'), /bad\.json: not valid JSON/],
    ['a plan', () => stateFile('plan.json', { format_version: '1.2', planned_values: {} }), /plan\.json: is a plan, not a state/],
    ['an empty state', () => stateFile('empty.json', { format_version: '1.0' }), /the state holds no resource/],
  ])('exits 2 for %s', async (_what, file, message) => {
    const r = await govcloudInProcess(['verify', 'dsp-ng', '--state', file()]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('exits 2 for an unknown tenant, listing the tenants', async () => {
    const r = await govcloudInProcess(['verify', 'dsp', '--state', 'test/fixtures/state/dsp-ng.state.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('"dsp" is not a tenant of config, nor the stack of a site (site-<id>)');
    expect(r.stderr).toContain('dsp-ng');
  });

  it("exits 2 for another tenant's state", async () => {
    const r = await govcloudInProcess(['verify', 'lih-research', '--state', 'test/fixtures/state/dsp-ng.state.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the state is of tenant dsp-ng, not lih-research');
  });

  it("exits 0 on a site stack's state holding its audit devices, and 1 naming KEY-02 when the collector device is gone", async () => {
    const stack = JSON.parse(fs.readFileSync('test/fixtures/example-output/stacks/site-ctie-govcloud-1/cdk.tf.json', 'utf8'));
    const resources = Object.entries(stack.resource.vault_audit as Record<string, Json>).map(([name, b]) => ({
      address: `vault_audit.${name}`,
      mode: 'managed',
      type: 'vault_audit',
      name,
      values: { id: b.path, path: b.path, type: b.type, description: b.description, options: b.options },
    }));
    const state = (rs: Json[]) => ({ format_version: '1.0', values: { root_module: { resources: rs } } });
    const good = await govcloudInProcess(['verify', 'site-ctie-govcloud-1', '--state', stateFile('site.json', state(resources))]);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('ok    KEY-02');
    const bad = await govcloudInProcess(['verify', 'site-ctie-govcloud-1', '--state', stateFile('site-bad.json', state(resources.filter((r) => r.values.path !== 'socket')))]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('KEY-02 vault_audit (path "socket") options.address: found absent: no audit device at this path; expected "siem.govcloud.ctie.lu:6514"');
    expect((await govcloudInProcess(['verify', 'site-nowhere', '--state', stateFile('site.json', state(resources))])).status).toBe(2);
    const tenantState = await govcloudInProcess(['verify', 'site-ctie-govcloud-1', '--state', 'test/fixtures/state/dsp-ng.state.json']);
    expect(tenantState.status).toBe(2);
    expect(tenantState.stderr).toContain('the state is of tenant dsp-ng, not of the stack site-ctie-govcloud-1');
  });

  it("exits 0 when the OpenBao server lists the declared audit devices (--audit-list), and 1 naming the device missing", async () => {
    const good = await govcloudInProcess(['verify', 'site-lu-enclave-1', '--audit-list', 'test/fixtures/state/lu-enclave-1.audit-list.json']);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('ok    KEY-02');
    expect(good.stdout).toContain("not proven: that every server's config holds the stanzas");
    const list = JSON.parse(fs.readFileSync('test/fixtures/state/lu-enclave-1.audit-list.json', 'utf8'));
    delete list['socket/'];
    const bad = await govcloudInProcess(['verify', 'site-lu-enclave-1', '--audit-list', stateFile('list.json', list)]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('KEY-02 audit list (path "socket/") options.address: found absent: no audit device at this path; expected "logs.enclave.internal:6514"');
    expect(bad.stderr).toContain('govcloud verify: exit 1: 4 checks of KEY-02 fail as deployed');
  });

  it('exits 2 for --audit-list on a tenant, or an audit list that is not one', async () => {
    const tenant = await govcloudInProcess(['verify', 'dsp-ng', '--state', 'test/fixtures/state/dsp-ng.state.json', '--audit-list', 'test/fixtures/state/lu-enclave-1.audit-list.json']);
    expect(tenant.status).toBe(2);
    expect(tenant.stderr).toContain('is for a site stack (site-<id>), not tenant dsp-ng');
    const notList = await govcloudInProcess(['verify', 'site-lu-enclave-1', '--audit-list', 'test/fixtures/state/dsp-ng.state.json']);
    expect(notList.status).toBe(2);
    expect(notList.stderr).toContain('is not an audit device');
  });

  it('exits 2 without --state', async () => {
    const r = await govcloudInProcess(['verify', 'dsp-ng']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("required option '--state <file>' not specified");
  });
});
