import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../../loader/load-config';
import { readStateResources } from '../../../policy/terraform/state-reader';
import { UnreadableInputError } from '../../../policy/terraform/synth-reader';
import { failedChecks, tenantsOfState, verifyState, type VerifyInput } from '../../../policy/verify/verify-state';
import { renderVerify } from '../../../policy/report/verify-format';
import { appliedState } from '../../fixtures/state/applied-state';

type Json = Record<string, any>;

const config = loadConfig('config');

function inputFor(tenant: string): VerifyInput {
  const spec = config.tenants.find((t) => t.spec.name === tenant)!.spec;
  return { tenant, site: config.sites.get(spec.site)!, classification: config.classifications.get(spec.classification)!, catalogue: [...config.sites.values()], stateFile: 'state.json' };
}

/** The dsp-ng state after a correct apply, with `change` applied to the first resource of `type`. */
function stateWith(type: string, change: (values: Json) => void): Json {
  const state = appliedState('dsp-ng') as Json;
  change(state.values.root_module.resources.find((r: Json) => r.type === type).values);
  return state;
}

const verify = (state: unknown, tenant = 'dsp-ng') => verifyState(inputFor(tenant), readStateResources(state, 'state.json'));
const failures = (state: unknown) => failedChecks(verify(state)).map((c) => `${c.rule} ${c.address} ${c.attribute}`);

describe('the applied-state fixture', () => {
  // After the reviewed synth output changes: `GOVCLOUD_UPDATE_STATE_FIXTURE=1 npx jest test/policy/verify`, then review the diff.
  it('is the committed test/fixtures/state/dsp-ng.state.json, built from the reviewed synth output', () => {
    const file = path.join(__dirname, '..', '..', 'fixtures', 'state', 'dsp-ng.state.json');
    if (process.env.GOVCLOUD_UPDATE_STATE_FIXTURE === '1') fs.writeFileSync(file, `${JSON.stringify(appliedState('dsp-ng'), null, 2)}\n`);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(appliedState('dsp-ng'));
  });

  it('holds every block of the synthesized stack, nested blocks as lists and no reference left', () => {
    const text = JSON.stringify(appliedState('dsp-ng'));
    expect(text).not.toContain('${');
    const resources = readStateResources(appliedState('dsp-ng'), 'state.json');
    expect(resources).toHaveLength(31); // 29, and the anti-affinity rules of the app and db groups
    const vm = resources.find((r) => r.type === 'vsphere_virtual_machine')!;
    expect(vm.values.vtpm).toEqual([{ version: '2.0' }]);
    expect(vm.values.clone).toEqual([{ template_uuid: expect.any(String) }]);
  });
});

describe('govcloud verify on a correct deployment of dsp-ng', () => {
  const report = verify(appliedState('dsp-ng'));

  it('finds the tenant of the state from its tenant tag category', () => {
    expect(tenantsOfState(readStateResources(appliedState('dsp-ng'), 'state.json'))).toEqual(['dsp-ng']);
  });

  it('holds every rule, each with checks on every resource it concerns', () => {
    expect(failedChecks(report)).toEqual([]);
    const counts = Object.fromEntries(report.rules.map((r) => [r.id, r.checks.length]));
    // 5 VMs with 1+1+1+3+3 disks, each with a vTPM and its hardware version; 1 port group × 3 flags; 1 key × 2 (+1 deletion, health bars it); 1 datacenter + cluster, datastore, switch;
    // and 2 VM groups of two or more (app, db) each kept apart by an anti-affinity rule.
    expect(counts).toEqual({ 'RES-01': 4, 'ENC-01': 5, 'ENC-02': 9, 'ENC-03': 10, 'ENC-04': 10, 'ENC-05': 2, 'ENC-06': 1, 'NET-05': 3, 'AVL-01': 2 });
  });

  it('says audit devices are not checked in a tenant state, which holds none', () => {
    expect(report.notChecked.join('\n')).toMatch(/KEY-02, KEY-03 \(audit devices\): not checked in a tenant state; .*site stack/);
    expect(report.notChecked.join('\n')).not.toContain('vault_audit');
  });

  it('reports a vault_audit left in a tenant state as unjudged', () => {
    const state = appliedState('dsp-ng') as Json;
    state.values.root_module.resources.push({ address: 'vault_audit.old', mode: 'managed', type: 'vault_audit', name: 'old', values: { type: 'file', path: 'file' } });
    expect(verify(state).notChecked.join('\n')).toContain('the state holds 1 vault_audit resource, left unjudged');
  });

  it('prints every rule as holding, in text and JSON', () => {
    const text = renderVerify(report, 'text');
    expect(text).toContain('ok    ENC-02  Every disk uses the encryption storage policy: 9 of 9 checks hold');
    expect(text).toContain('Result: every claim checked holds as deployed');
    expect(JSON.parse(renderVerify(report, 'json'))).toMatchObject({ tenant: 'dsp-ng', verdict: 'holds', failing: [] });
  });
});

describe('govcloud verify names the rule, resource and attribute that fail', () => {
  it('ENC-02: a disk without the encryption policy', () => {
    const state = appliedState('dsp-ng') as Json;
    const db = state.values.root_module.resources.find((r: Json) => r.name.startsWith('tenant_compute_dsp-ng-db-01'));
    db.values.disk[1].storage_policy_id = '';
    expect(failures(state)).toEqual([`ENC-02 ${db.address} disk.1.storage_policy_id`]);
    expect(renderVerify(verify(state), 'text')).toMatch(/FAIL {2}ENC-02 .*8 of 9 checks hold\n.*ENC-02 vsphere_virtual_machine\.tenant_compute_dsp-ng-db-01_EF81E9C4 disk\.1\.storage_policy_id: found ""; expected "[0-9a-f-]+", the id of storage policy "GovCloud VM Encryption"/);
  });

  it('ENC-01: a VM home on another storage policy', () => {
    expect(failures(stateWith('vsphere_virtual_machine', (v) => (v.storage_policy_id = 'aa7c3a4e-vsan-default')))).toEqual([
      'ENC-01 vsphere_virtual_machine.tenant_compute_dsp-ng-app-01_73A68CFD storage_policy_id',
    ]);
  });

  it('ENC-03, ENC-04: BIOS firmware, secure boot off, no vTPM', () => {
    const state = stateWith('vsphere_virtual_machine', (v) => {
      v.firmware = 'bios';
      v.efi_secure_boot_enabled = false;
      v.vtpm = [];
    });
    expect(failures(state).map((f) => f.replace(/ \S+ /, ' '))).toEqual(['ENC-03 firmware', 'ENC-03 efi_secure_boot_enabled', 'ENC-04 vtpm']);
  });

  it('ENC-04: a VM with a vTPM whose hardware version vCenter reports below 14', () => {
    expect(failures(stateWith('vsphere_virtual_machine', (v) => (v.hardware_version = 13)))).toEqual([
      'ENC-04 vsphere_virtual_machine.tenant_compute_dsp-ng-app-01_73A68CFD hardware_version',
    ]);
  });

  it('ENC-04: a vTPM on a site that declares no key provider, as the stack rule says', () => {
    const input = inputFor('dsp-ng');
    const bare = { ...input, site: { ...input.site, vsphere: { ...input.site.vsphere, keyProvider: undefined } } };
    const failed = failedChecks(verifyState(bare, readStateResources(appliedState('dsp-ng'), 'state.json')));
    expect(failed.map((c) => c.rule)).toEqual(['ENC-04', 'ENC-04', 'ENC-04', 'ENC-04', 'ENC-04']);
    expect(failed[0].expected).toBe('no vtpm block: site ctie-govcloud-1 declares no key provider');
  });

  it('NET-05: a port group with allow_promiscuous true (inherited from the switch: the provider never sent false)', () => {
    expect(failures(stateWith('vsphere_distributed_port_group', (v) => (v.allow_promiscuous = true)))).toEqual([
      'NET-05 vsphere_distributed_port_group.tenant_network_port-group_6CB2DA0E allow_promiscuous',
    ]);
  });

  it('NET-05: a flag the state does not record is no proof', () => {
    expect(failures(stateWith('vsphere_distributed_port_group', (v) => delete v.allow_mac_changes))).toEqual([
      'NET-05 vsphere_distributed_port_group.tenant_network_port-group_6CB2DA0E allow_mac_changes',
    ]);
  });

  it('ENC-05, ENC-06: an exportable key, backed up in plaintext, deletable on a class that bars deletion', () => {
    const state = stateWith('vault_transit_secret_backend_key', (v) => {
      v.exportable = true;
      v.allow_plaintext_backup = true;
      v.deletion_allowed = true;
    });
    const address = 'vault_transit_secret_backend_key.tenant_keys_data-key_6FDA5199';
    expect(failures(state)).toEqual([`ENC-05 ${address} exportable`, `ENC-05 ${address} allow_plaintext_backup`, `ENC-06 ${address} deletion_allowed`]);
    expect(JSON.parse(renderVerify(verify(state), 'json'))).toMatchObject({ verdict: 'fails', failing: ['ENC-05', 'ENC-06'] });
  });

  it('RES-01: a datacenter the classification does not allow, and the inventory placed in it', () => {
    const state = stateWith('vsphere_datacenter', (v) => (v.name = 'FRANKFURT-1'));
    expect(failures(state)).toEqual([
      'RES-01 data.vsphere_datacenter.tenant_site_datacenter_6CE68487 name',
      'RES-01 data.vsphere_compute_cluster.tenant_site_cluster_568D288B datacenter_id',
      'RES-01 data.vsphere_datastore.tenant_site_datastore_66AEEEC3 datacenter_id',
      'RES-01 data.vsphere_distributed_virtual_switch.tenant_site_dvs_ADDC606E datacenter_id',
    ]);
  });

  it('ENC-01, ENC-02: every VM and disk, when the state holds no encryption policy of the site', () => {
    const state = stateWith('vsphere_storage_policy', (v) => (v.name = 'vSAN Default Storage Policy'));
    const failed = failedChecks(verify(state));
    expect(new Set(failed.map((c) => c.rule))).toEqual(new Set(['ENC-01', 'ENC-02']));
    expect(failed).toHaveLength(14);
    expect(failed[0].expected).toContain('which the state does not hold');
  });
});

describe('reading a state', () => {
  it.each([
    ['not an object', []],
    ['a plan', { format_version: '1.2', planned_values: {} }],
    ['no format_version', { values: { root_module: {} } }],
    ['resources not a list', { format_version: '1.0', values: { root_module: { resources: {} } } }],
    ['a resource without its address', { format_version: '1.0', values: { root_module: { resources: [{ type: 'x' }] } } }],
  ])('refuses %s as unreadable input', (_what, json) => {
    expect(() => readStateResources(json, 'state.json')).toThrow(UnreadableInputError);
  });

  it('reads an empty state as no resource, and child modules recursively', () => {
    expect(readStateResources({ format_version: '1.0' }, 's')).toEqual([]);
    const child = { address: 'module.m', resources: [{ address: 'module.m.vault_policy.p', mode: 'managed', type: 'vault_policy', name: 'p', values: { name: 'p' } }] };
    expect(readStateResources({ format_version: '1.0', values: { root_module: { child_modules: [child] } } }, 's').map((r) => r.address)).toEqual(['module.m.vault_policy.p']);
  });
});

describe('govcloud verify and the spread of VM groups (AVL-01)', () => {
  const ANTI = 'vsphere_compute_cluster_vm_anti_affinity_rule';
  it('fails a group whose rule vCenter reads back disabled, or without one of its VMs', () => {
    expect(failures(stateWith(ANTI, (v) => (v.enabled = false)))).toEqual([expect.stringMatching(/^AVL-01 vsphere_compute_cluster_vm_anti_affinity_rule\.\S+ virtual_machine_ids$/)]);
    expect(failures(stateWith(ANTI, (v) => (v.virtual_machine_ids = v.virtual_machine_ids.slice(1))))).toHaveLength(1);
  });
  it('fails a group with no rule, unless the tenant file opts it out', () => {
    const state = appliedState('dsp-ng') as Json;
    state.values.root_module.resources = state.values.root_module.resources.filter((r: Json) => r.type !== ANTI);
    expect(failures(state)).toEqual(['AVL-01 vsphere_compute_cluster_vm_anti_affinity_rule (group app) virtual_machine_ids', 'AVL-01 vsphere_compute_cluster_vm_anti_affinity_rule (group db) virtual_machine_ids']);
    const optedOut = verifyState({ ...inputFor('dsp-ng'), spreadOptOuts: new Set(['app', 'db']) }, readStateResources(state, 'state.json'));
    expect(failedChecks(optedOut)).toEqual([]);
  });
});
