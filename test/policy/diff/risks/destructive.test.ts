import { blockIn } from '../diff-fixtures';
import { diffAfter, labels, reasons, vm } from './risk-fixtures';

describe('destructive', () => {
  it('labels a removed VM, transit key, mount and namespace', () => {
    const d = diffAfter('dsp-ng', (j) => {
      delete j.resource.vsphere_virtual_machine[Object.keys(j.resource.vsphere_virtual_machine)[0]];
      delete j.resource.vault_transit_secret_backend_key;
      delete j.resource.vault_namespace;
      delete j.resource.vault_mount;
    });
    expect(reasons(d, 'destructive/removed').map((r) => r.split(' ')[0]).sort()).toEqual([
      'vault_mount',
      'vault_mount',
      'vault_namespace',
      'vault_transit_secret_backend_key',
      'vsphere_virtual_machine',
    ]);
  });

  it('labels the transit mount and the namespace losing prevent_destroy, whole lifecycle or the flag alone', () => {
    const d = diffAfter('dsp-ng', (j) => {
      delete blockIn(j, 'vault_namespace').lifecycle;
      (Object.values(j.resource.vault_mount) as any[]).find((m) => m.type === 'transit').lifecycle.prevent_destroy = false;
    });
    const all = reasons(d, 'destructive/prevent-destroy-removed');
    expect(all).toHaveLength(2);
    expect(all.find((r) => r.startsWith('vault_namespace'))).toMatch(/loses prevent_destroy: Terraform no longer refuses to destroy it: every mount, key and policy inside it is deleted$/);
    expect(all.find((r) => r.startsWith('vault_mount'))).toMatch(/every secret or key under it is deleted$/);
  });

  it('labels a VM cloned from another template, citing that clone forces a new resource', () => {
    const d = diffAfter('dsp-ng', (j) => (vm(j).clone.template_uuid = '${data.vsphere_content_library_item.other.id}'));
    expect(reasons(d, 'destructive/force-new')[0]).toMatch(/^vsphere_virtual_machine "dsp-ng-app-01" is destroyed and created again: clone\.template_uuid changes \(vSphere provider 2\.15\.0 docs/);
  });

  it('labels a relabelled disk and a shrunk disk', () => {
    const d = diffAfter('dsp-ng', (j) => {
      vm(j, 'dsp-ng-db-01').disk[1].label = 'data';
      vm(j, 'dsp-ng-db-02').disk[2].size = 100;
    });
    expect(labels(d)).toEqual(['destructive destructive/disk-label', 'destructive destructive/disk-shrink']);
    expect(reasons(d, 'destructive/disk-shrink')[0]).toContain('virtual disks cannot be shrunk');
  });

  it('labels a removed data disk, which is deleted with the VM change', () => {
    const d = diffAfter('dsp-ng', (j) => vm(j, 'dsp-ng-db-01').disk.pop());
    expect(reasons(d, 'destructive/disk-removed')).toEqual(['disk 2 "disk2" is removed and deleted with its data (keep_on_remove is not set)']);
  });

  it('labels a namespace path change and a key made non-exportable again (both replace)', () => {
    const d = diffAfter(
      'dsp-ng',
      (j) => {
        blockIn(j, 'vault_namespace').path = 'dsp-ng-v2';
        blockIn(j, 'vault_transit_secret_backend_key').exportable = false;
      },
      (base) => (blockIn(base, 'vault_transit_secret_backend_key').exportable = true),
    );
    expect(labels(d)).toEqual(expect.arrayContaining(['destructive destructive/force-new', 'destructive destructive/key-downgrade']));
    expect(reasons(d, 'destructive/force-new')[0]).toContain('vault_namespace "dsp-ng" is destroyed and created again: path changes');
  });

  it('labels a mount path change by the transit key it replaces, not as a replacement of the mount itself', () => {
    const transitMount = (j: any) => Object.values<any>(j.resource.vault_mount).find((m) => m.type === 'transit');
    const d = diffAfter('dsp-ng', (j) => (transitMount(j).path = 'transit-v2'));
    expect(reasons(d, 'destructive/force-new')).toEqual([]);
    expect(reasons(d, 'destructive/replaces-dependants')[0]).toMatch(/^replaces 1 resource whose ForceNew attribute follows this change: vault_transit_secret_backend_key "dsp-ng-data" \(backend\)/);
  });
});
