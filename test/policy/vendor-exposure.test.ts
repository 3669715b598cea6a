import { loadConfig } from '../../loader/load-config';
import { exposureOf, vendorExposure } from '../../policy/vendor-exposure';
import { luSite } from './fixtures';

const catalogue = loadConfig('config').components!;
const vms = [
  { count: 3, cpus: 4 },
  { count: 2, cpus: 8 },
];
const at = (edition: 'enterprise' | 'community' | 'openbao') => luSite({ id: `lu-${edition}`, vault: { ...luSite().vault, edition } });

describe('exposure in the licence\'s own metric', () => {
  it('counts the vCPUs of the tenant on a per-core licence, and says that hosts\' cores, not vCPUs, are licensed', () => {
    const e = exposureOf('per-core', { name: 't', site: at('enterprise'), vms }, 16);
    expect(e).toMatchObject({ amount: 28, unit: 'vCPU' });
    expect(e.basis).toContain('physical cores of every host that runs them (at least 16 per CPU)');
  });

  it('counts VMs per VM, one namespace where the edition gives one and none on Vault community', () => {
    expect(exposureOf('per-vm', { name: 't', site: at('enterprise'), vms }).amount).toBe(5);
    expect(exposureOf('per-namespace', { name: 't', site: at('openbao'), vms }).amount).toBe(1);
    expect(exposureOf('per-namespace', { name: 't', site: at('community'), vms }).amount).toBe(0);
  });

  it('computes nothing it cannot know from the declaration: hosts, clients, an unknown metric', () => {
    for (const m of ['per-node', 'per-client', 'unknown'] as const) expect(exposureOf(m, { name: 't', site: at('enterprise'), vms }).amount).toBeUndefined();
  });
});

describe('the vendors report', () => {
  const report = vendorExposure(
    [
      { name: 'a', site: at('enterprise'), vms },
      { name: 'b', site: at('openbao'), vms: [{ count: 1, cpus: 2 }] },
    ],
    catalogue,
  );

  it('sums the exposure per vendor across tenants, and counts the tenants whose exposure is not computable', () => {
    const broadcom = report.totals.find((t) => t.vendor === 'broadcom')!;
    expect(broadcom).toMatchObject({ tenants: ['a', 'b'], components: ['provider-vsphere', 'vsphere-8'], exposure: [{ unit: 'vCPU', amount: 30 }] });
    const hashicorp = report.totals.find((t) => t.vendor === 'hashicorp')!;
    expect(hashicorp.uncounted).toEqual([{ unit: 'client', tenants: 1 }]);
    expect(report.totals.map((t) => t.vendor)).toEqual(['broadcom', 'hashicorp', 'openbao-project']);
  });

  it('lists what remains of a single vendor with no alternative the toolkit supports: the hypervisor, not Vault Enterprise (OpenBao is supported)', () => {
    expect(report.singleVendor).toEqual([{ component: 'vsphere-8', name: 'VMware vSphere 8 and vCenter', vendor: 'Broadcom Inc. (VMware by Broadcom)', euVendor: false, tenants: ['a', 'b'] }]);
    const enterprise = report.tenants[0].components.find((c) => c.kind === 'key-custodian')!;
    expect(enterprise).toMatchObject({ id: 'vault-enterprise', singleVendorWithoutSupportedAlternative: false });
  });

  it('adds the state store of the site\'s backend where one is recorded: PostgreSQL for pg, nothing for local state', () => {
    const pg = luSite({ stateBackend: { type: 'pg', host: 'db.lu.test', port: 5432, database: 'tf', sslmode: 'verify-full', schemaPrefix: 'govcloud_' } });
    const kinds = (site: ReturnType<typeof luSite>) => vendorExposure([{ name: 'a', site, vms }], catalogue).tenants[0].components.map((c) => c.id);
    expect(kinds(pg)).toEqual(['vsphere-8', 'vault-enterprise', 'postgresql', 'terraform', 'provider-vsphere', 'provider-vault', 'cdktf']);
    expect(kinds(at('enterprise'))).not.toContain('postgresql');
  });

  it('says there is no catalogue rather than guess', () => {
    expect(vendorExposure([{ name: 'a', site: at('enterprise'), vms }], undefined)).toEqual({ catalogue: false, tenants: [], totals: [], singleVendor: [] });
  });
});
