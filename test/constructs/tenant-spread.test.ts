import { Testing } from 'cdktf';
import { ComputeClusterVmAntiAffinityRule } from '@cdktf/provider-vsphere/lib/compute-cluster-vm-anti-affinity-rule';
import { TenantCompute } from '../../constructs/tenant-compute';
import { TenantSpread } from '../../constructs/tenant-spread';
import { GovCloudTenant } from '../../constructs/govcloud-tenant';
import type { TenantVmGroup } from '../../policy/model';
import { inventoryIn, placement, resourcesOf, tenantSpec } from './tenant-fixtures';

const ANTI_AFFINITY = 'vsphere_compute_cluster_vm_anti_affinity_rule';

const synthSpread = (vms: readonly TenantVmGroup[] = tenantSpec().vms) =>
  Testing.synthScope((scope) => {
    const p = placement();
    const inventory = inventoryIn(scope, p);
    const compute = new TenantCompute(scope, 'compute', { ...p, inventory, networkId: 'pg-id', vms });
    new TenantSpread(scope, 'spread', { tenant: p.tenant, computeClusterId: inventory.cluster.id, groups: vms, machinesByGroup: compute.machinesByGroup });
  });

describe('TenantSpread', () => {
  it('keeps the VMs of a group of two on different hosts with one anti-affinity rule in the site cluster', () => {
    const synth = synthSpread();
    expect(synth).toHaveResourceWithProperties(ComputeClusterVmAntiAffinityRule, {
      name: 'dsp-app-spread',
      enabled: true,
      compute_cluster_id: expect.stringMatching(/^\$\{data\.vsphere_compute_cluster\.[^.]+\.id\}$/),
    });
    const [rule] = Object.values(resourcesOf(synth, ANTI_AFFINITY));
    const ids = rule.virtual_machine_ids as string[];
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^\$\{vsphere_virtual_machine\.[^.]*dsp-app-0[12][^.]*\.id\}$/);
  });

  it('gives a group of one VM no rule', () => {
    const names = Object.values(resourcesOf(synthSpread(), ANTI_AFFINITY)).map((r) => r.name);
    expect(names).toEqual(['dsp-app-spread']);
  });

  it('gives a group that opts out with a reason no rule', () => {
    const [app, db] = tenantSpec().vms;
    const synth = synthSpread([{ ...app, spread: { disabled: true, reason: 'licensed to one host until 2027' } }, db]);
    expect(synth).not.toHaveResource(ComputeClusterVmAntiAffinityRule);
  });

  it('is part of every GovCloudTenant', () => {
    const synth = Testing.synthScope((scope) => {
      const p = placement();
      new GovCloudTenant(scope, 'tenant', { site: p.site, classification: p.classification, spec: tenantSpec({ site: p.site.id }) });
    });
    expect(synth).toHaveResourceWithProperties(ComputeClusterVmAntiAffinityRule, { name: 'dsp-app-spread' });
  });
});
