import { Testing } from 'cdktf';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { ResourcePool } from '@cdktf/provider-vsphere/lib/resource-pool';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { DataVsphereStoragePolicy } from '@cdktf/provider-vsphere/lib/data-vsphere-storage-policy';
import { DataVsphereContentLibraryItem } from '@cdktf/provider-vsphere/lib/data-vsphere-content-library-item';
import { TenantCompute } from '../../constructs/tenant-compute';
import { ResidencyError } from '../../constructs/residency-error';
import { luSite } from '../policy/fixtures';
import { inventoryIn, placement, resourcesOf, tenantSpec } from './tenant-fixtures';

const synthCompute = (p = placement()) =>
  Testing.synthScope((scope) => {
    new TenantCompute(scope, 'compute', { ...p, inventory: inventoryIn(scope, p), networkId: 'pg-id', vms: tenantSpec().vms, tagIds: ['tag-a'] });
  });

describe('TenantCompute', () => {
  it('creates one VM per declared instance, named tenant-group-nn', () => {
    const vms = Object.values(resourcesOf(synthCompute(), 'vsphere_virtual_machine')).map((v) => v.name);
    expect(vms.sort()).toEqual(['dsp-app-01', 'dsp-app-02', 'dsp-db-01']);
  });

  it('boots every VM with EFI, secure boot and vTPM 2.0', () => {
    expect(synthCompute()).toHaveResourceWithProperties(VirtualMachine, {
      name: 'dsp-db-01',
      firmware: 'efi',
      efi_secure_boot_enabled: true,
      vtpm: { version: '2.0' },
    });
  });

  it('puts the site encryption policy, looked up by name, on the VM home and on every disk', () => {
    const synth = synthCompute();
    expect(synth).toHaveDataSourceWithProperties(DataVsphereStoragePolicy, { name: 'VM Encryption' });
    const vms = Object.values(resourcesOf(synth, 'vsphere_virtual_machine'));
    expect(vms).toHaveLength(3);
    for (const vm of vms) {
      expect(vm.storage_policy_id).toMatch(/^\$\{data\.vsphere_storage_policy\.[^.]+\.id\}$/);
      const disks = vm.disk as { storage_policy_id: string; unit_number: number }[];
      expect(disks.length).toBeGreaterThan(0);
      for (const d of disks) expect(d.storage_policy_id).toBe(vm.storage_policy_id);
    }
    const db = vms.find((v) => v.name === 'dsp-db-01')!;
    expect((db.disk as { size: number; unit_number: number }[]).map((d) => [d.unit_number, d.size])).toEqual([
      [0, 40],
      [1, 100],
      [2, 200],
    ]);
  });

  it('clones from the site content library and tags every VM', () => {
    const synth = synthCompute();
    expect(synth).toHaveDataSourceWithProperties(DataVsphereContentLibraryItem, { name: 'rhel9', type: 'ovf' });
    expect(synth).toHaveResourceWithProperties(VirtualMachine, {
      name: 'dsp-app-01',
      clone: { template_uuid: expect.stringMatching(/data\.vsphere_content_library_item\./) },
      network_interface: [{ network_id: 'pg-id' }],
      tags: ['tag-a'],
    });
  });

  it('leaves guest_id to the template, so the next apply finds no change (provider fact 6)', () => {
    for (const vm of Object.values(resourcesOf(synthCompute(), 'vsphere_virtual_machine'))) expect(vm).not.toHaveProperty('guest_id');
  });

  it('gives the tenant its own resource pool and folder', () => {
    const synth = synthCompute();
    expect(synth).toHaveResourceWithProperties(ResourcePool, { name: 'dsp', tags: ['tag-a'] });
    expect(synth).toHaveResourceWithProperties(Folder, { path: 'dsp', type: 'vm' });
  });

  it('refuses, before creating anything, a site without an encryption policy', () => {
    const site = luSite({ vsphere: { ...luSite().vsphere, encryptionPolicy: undefined } });
    let created = -1;
    expect(() =>
      Testing.synthScope((scope) => {
        const inventory = inventoryIn(scope, placement());
        try {
          new TenantCompute(scope, 'compute', { ...placement({ site }), inventory, networkId: 'pg', vms: tenantSpec().vms });
        } finally {
          created = scope.node.tryFindChild('compute')?.node.children.length ?? 0;
        }
      }),
    ).toThrow(ResidencyError);
    expect(created).toBe(0);
  });
});
