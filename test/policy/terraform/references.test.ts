import { ReferenceResolver, referencesIn } from '../../../policy/terraform/references';
import { fromSynthJson } from '../../../policy/terraform/synth-reader';

describe('referencesIn', () => {
  it('lists the addresses a value references, in document order, repeats kept, data sources with their prefix', () => {
    const value = {
      datacenter_id: '${data.vsphere_datacenter.dc.id}',
      disks: [{ datastore_id: '${vsphere_datastore.ds-1.id}' }, { datastore_id: '${vsphere_datastore.ds-1.id}' }],
      name: 'plain, no reference',
      both: '${vsphere_folder.f.path}/${vsphere_tag.t.id}',
      count: 2,
      none: null,
    };
    expect(referencesIn(value)).toEqual(['data.vsphere_datacenter.dc', 'vsphere_datastore.ds-1', 'vsphere_datastore.ds-1', 'vsphere_folder.f', 'vsphere_tag.t']);
  });

  it('gives the block of an instance of a counted or keyed block, as its address is written in the document', () => {
    expect(referencesIn(['${vsphere_tag.t[0].id}', '${vsphere_resource_pool.p["prod"].id}', '${data.vsphere_datastore.ds[12].id}'])).toEqual([
      'vsphere_tag.t',
      'vsphere_resource_pool.p',
      'data.vsphere_datastore.ds',
    ]);
  });

  it('finds nothing in plain values', () => {
    expect(referencesIn({ a: 'x', b: ['y', 1, true], c: { d: 'no ${ here' } })).toEqual([]);
    expect(referencesIn(undefined)).toEqual([]);
  });
});

describe('ReferenceResolver', () => {
  const doc = fromSynthJson({
    resource: {
      vsphere_virtual_machine: { vm: { resource_pool_id: '${vsphere_resource_pool.pool.id}' } },
      vsphere_resource_pool: { pool: { parent_resource_pool_id: '${data.vsphere_compute_cluster.c.resource_pool_id}' } },
    },
    data: {
      vsphere_compute_cluster: { c: { datacenter_id: '${data.vsphere_datacenter.dc.id}' } },
      vsphere_datacenter: { dc: { name: 'GOVCLOUD-LU-1' } },
    },
  }, 'cdk.tf.json', 'probe');

  it('follows references through the document to the blocks of a type, the same on every call', () => {
    const refs = new ReferenceResolver(doc);
    const vm = refs.block('vsphere_virtual_machine.vm')!;
    expect(refs.literals(vm.values.resource_pool_id, 'vsphere_datacenter')).toEqual(['GOVCLOUD-LU-1']);
    expect(refs.literals(vm.values.resource_pool_id, 'vsphere_datacenter')).toEqual(['GOVCLOUD-LU-1']);
    expect(refs.reach(vm.values, 'vsphere_compute_cluster').map((b) => b.address)).toEqual(['data.vsphere_compute_cluster.c']);
  });
});
