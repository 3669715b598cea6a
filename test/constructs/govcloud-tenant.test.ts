import { Testing } from 'cdktf';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { DataVsphereDatacenter } from '@cdktf/provider-vsphere/lib/data-vsphere-datacenter';
import { GovCloudTenant } from '../../constructs/govcloud-tenant';
import { ResidencyError } from '../../constructs/residency-error';
import { healthClass, luSite } from '../policy/fixtures';
import { tenantSpec } from './tenant-fixtures';

describe('GovCloudTenant', () => {
  it('composes tags, network, compute and keys of a tenant at its site', () => {
    const synth = Testing.synthScope((scope) => void new GovCloudTenant(scope, 't', { spec: tenantSpec(), site: luSite(), classification: healthClass() }));
    expect(synth).toHaveDataSourceWithProperties(DataVsphereDatacenter, { name: 'LU-DC' });
    expect(synth).toHaveResourceWithProperties(VirtualMachine, {
      name: 'dsp-app-01',
      network_interface: [{ network_id: expect.stringMatching(/vsphere_distributed_port_group\./) }],
      tags: [expect.stringMatching(/tenant-tag/), expect.stringMatching(/classification-tag/), expect.stringMatching(/site-tag/)],
    });
    const types = Object.keys((JSON.parse(synth) as { resource: object }).resource).sort();
    expect(types).toEqual([
      'vault_approle_auth_backend_role',
      'vault_auth_backend',
      'vault_mount',
      'vault_namespace',
      'vault_policy',
      'vault_transit_secret_backend_key',
      'vsphere_compute_cluster_vm_anti_affinity_rule',
      'vsphere_distributed_port_group',
      'vsphere_folder',
      'vsphere_resource_pool',
      'vsphere_tag',
      'vsphere_tag_category',
      'vsphere_virtual_machine',
    ]);
  });

  it("passes the tenant's network.dhcp to every VM's guest-network wait", () => {
    const spec = tenantSpec({ network: { vlan: 210, cidr: '10.21.0.0/24', dhcp: true } });
    const synth = Testing.synthScope((scope) => void new GovCloudTenant(scope, 't', { spec, site: luSite(), classification: healthClass() }));
    expect(synth).toHaveResourceWithProperties(VirtualMachine, { name: 'dsp-db-01', wait_for_guest_net_timeout: 5 });
  });

  it('refuses a health tenant on a German site with one error listing every violation, and creates nothing', () => {
    const de = luSite({ id: 'research-de', country: 'DE', operatorJurisdictions: ['DE'], tier: 'III' });
    const lu = luSite({ id: 'govcloud-lu' });
    let error: unknown;
    const app = Testing.app();
    try {
      new GovCloudTenant(app, 't', { spec: tenantSpec({ site: 'research-de', keys: { rotationDays: 90, deletionAllowed: true } }), site: de, classification: healthClass(), catalogue: [de, lu] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ResidencyError);
    const err = error as ResidencyError;
    expect(err.tenant).toBe('dsp');
    expect(err.findings.map((f) => f.ruleId)).toEqual(['RES-01', 'RES-10', 'RES-13', 'ENC-06']);
    expect(err.message).toContain('govcloud-lu');
    expect(app.node.tryFindChild('t')?.node.children).toEqual([]);
  });

  it('refuses props whose site does not match what the tenant declares', () => {
    expect(() => Testing.synthScope((s) => void new GovCloudTenant(s, 't', { spec: tenantSpec({ site: 'elsewhere' }), site: luSite(), classification: healthClass() }))).toThrow(
      /declares site elsewhere/,
    );
  });
});
