import { blockIn } from '../diff-fixtures';
import { diffAfter, labels, vm } from './risk-fixtures';

describe('changes that earn no label', () => {
  it.each([
    ['a VM memory change', (j: any) => (vm(j).memory = 4096)],
    ['a VM CPU change', (j: any) => (vm(j).num_cpus = 16)],
    ['a disk that grows', (j: any) => (vm(j, 'dsp-ng-db-01').disk[1].size = 900)],
    ['a VM moved to another datastore (storage vMotion, not a replacement)', (j: any) => (vm(j).datastore_id = '${data.vsphere_datastore.other.id}')],
    ['a VM guest OS id (a reboot, not a replacement)', (j: any) => (vm(j).guest_id = 'rhel8_64Guest')],
    ['an annotation without a URL', (j: any) => (vm(j).annotation = 'owned by the care record team')],
    ['the description of the tenant tag', (j: any) => (blockIn(j, 'vsphere_tag', 'dsp-ng').description = 'the tenant')],
    ['a shorter key rotation period', (j: any) => (blockIn(j, 'vault_transit_secret_backend_key').auto_rotate_period = 2592000)],
    ['a Vault provider lease TTL', (j: any) => (j.provider.vault[0].max_lease_ttl_seconds = 1200)],
    ['a narrower Vault policy', (j: any) => (blockIn(j, 'vault_policy', 'dsp-ng-automation').policy = 'path "kv/metadata/*" {\n  capabilities = ["read"]\n}\n')],
    ['a promiscuous-mode setting kept off', (j: any) => (blockIn(j, 'vsphere_distributed_port_group').allow_promiscuous = 'false')],
  ])('%s', (_what, edit) => {
    const d = diffAfter('dsp-ng', edit);
    expect(d.status).toBe('changed');
    expect(labels(d)).toEqual([]);
  });
});
