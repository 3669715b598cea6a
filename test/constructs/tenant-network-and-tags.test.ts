import { Testing } from 'cdktf';
import { DistributedPortGroup } from '@cdktf/provider-vsphere/lib/distributed-port-group';
import { TagCategory } from '@cdktf/provider-vsphere/lib/tag-category';
import { Tag } from '@cdktf/provider-vsphere/lib/tag';
import { TenantNetwork } from '../../constructs/tenant-network';
import { TenantTags } from '../../constructs/tenant-tags';
import { luSite } from '../policy/fixtures';
import { inventoryIn, placement, resourcesOf } from './tenant-fixtures';

describe('TenantNetwork', () => {
  const synthNet = (vlan: number, p = placement()) =>
    Testing.synthScope((scope) => void new TenantNetwork(scope, 'net', { ...p, inventory: inventoryIn(scope, placement()), vlan }));

  it('creates a hardened port group on the tenant VLAN of the site distributed switch', () => {
    expect(synthNet(210)).toHaveResourceWithProperties(DistributedPortGroup, {
      name: 'dsp-vlan210',
      vlan_id: 210,
      allow_promiscuous: false,
      allow_forged_transmits: false,
      allow_mac_changes: false,
      distributed_virtual_switch_uuid: expect.stringMatching(/data\.vsphere_distributed_virtual_switch\./),
    });
  });

  it('refuses a VLAN outside 1 to 4094', () => {
    expect(() => synthNet(4095)).toThrow(/vlan 4095 is out of range/);
    expect(() => synthNet(0)).toThrow(/from 1 to 4094/);
  });

  it('refuses a placement in a forbidden country, naming the rule', () => {
    expect(() => synthNet(210, placement({ site: luSite({ country: 'US' }) }))).toThrow(/TenantNetwork: tenant dsp is refused.*\n.*RES-01/);
  });
});

describe('TenantTags', () => {
  const synth = () => Testing.synthScope((scope) => void new TenantTags(scope, 'tags', placement()));

  it('creates single-cardinality tenant, classification and site categories', () => {
    const cats = Object.values(resourcesOf(synth(), 'vsphere_tag_category'));
    expect(cats.map((c) => c.name).sort()).toEqual(['dsp-classification', 'dsp-site', 'dsp-tenant']);
    for (const c of cats) {
      expect(c.cardinality).toBe('SINGLE');
      expect(c.associable_types).toContain('VirtualMachine');
    }
  });

  it('tags with the tenant name, the classification and the site', () => {
    const s = synth();
    expect(s).toHaveResourceWithProperties(Tag, { name: 'health' });
    expect(s).toHaveResourceWithProperties(Tag, { name: 'dsp' });
    expect(s).toHaveResourceWithProperties(Tag, { name: 'lu-test' });
    expect(s).toHaveResourceWithProperties(TagCategory, { name: 'dsp-classification' });
  });
});
