import { diffOutputs, diffStacks, risksOf, type TenantDiff } from '../../../policy/diff';
import { diffSpeedCheck } from './many-stacks';
import { addressIn, blockIn, bundledSites, copyOf, docOf, docsOf, synthesized } from './diff-fixtures';

const sites = bundledSites();

/** The diff of one tenant's stack against a copy changed by `change`. */
function diffAfter(tenant: string, change: (json: any) => void): TenantDiff {
  const head = copyOf(tenant);
  change(head);
  return diffStacks(docOf(copyOf(tenant), tenant), docOf(head, tenant), sites);
}

const attributesOf = (d: TenantDiff) => d.changes.flatMap((c) => c.attributes.map((a) => ({ address: c.address, ...a })));

describe('diffStacks', () => {
  it('reports an identical stack as unchanged, with the same placement before and after', () => {
    const d = diffAfter('dsp-ng', () => undefined);
    expect(d.status).toBe('unchanged');
    expect(d.changes).toEqual([]);
    expect(d.before).toEqual(d.after);
  });

  it('ignores the cdktf "//" metadata: construct paths, unique ids and suppressions', () => {
    const d = diffAfter('dsp-ng', (json) => {
      const vm = blockIn(json, 'vsphere_virtual_machine');
      vm['//'].metadata.path = 'somewhere/else';
      vm['//'].suppressions = [{ ruleId: 'ENC-03', reason: 'test' }];
      json['//'].metadata.version = '9.9.9';
    });
    expect(d.status).toBe('unchanged');
  });

  it('reports a harmless attribute change with its dotted path and no label', () => {
    const d = diffAfter('dsp-ng', (json) => {
      blockIn(json, 'vsphere_virtual_machine').memory = 32768;
    });
    expect(d.status).toBe('changed');
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0]).toMatchObject({ kind: 'changed', type: 'vsphere_virtual_machine', constructPath: expect.stringMatching(/^dsp-ng\/tenant\/compute\//) });
    expect(d.changes[0].attributes).toEqual([{ path: 'memory', before: 16384, after: 32768, risks: [] }]);
    expect(d.changes[0].risks).toEqual([]);
  });

  it('names list elements by index: disk.1.size', () => {
    const d = diffAfter('dsp-ng', (json) => {
      blockIn(json, 'vsphere_virtual_machine', 'dsp-ng-db-01').disk[1].size = 600;
    });
    expect(attributesOf(d).map((a) => [a.path, a.before, a.after])).toEqual([['disk.1.size', 500, 600]]);
  });

  it('matches providers, the backend and required_providers by address', () => {
    const d = diffAfter('dsp-ng', (json) => {
      json.provider.vault[0].max_lease_ttl_seconds = 600;
      json.terraform.backend.local.path = 'state/tenant.tfstate';
      json.terraform.required_providers.vault.version = '5.6.1';
    });
    expect(d.changes.map((c) => [c.address, c.type, c.attributes.map((a) => a.path)])).toEqual([
      ['provider.vault', 'provider', ['max_lease_ttl_seconds']],
      ['terraform.backend', 'backend', ['path']],
      ['terraform.required_providers', 'required_providers', ['vault.version']],
    ]);
  });

  it('addresses an aliased provider as provider.<type>.<alias>, added beside the default one', () => {
    const d = diffAfter('dsp-ng', (json) => {
      json.provider.vsphere.push({ alias: 'site_b', vsphere_server: 'vcenter.colo-bissen.lux.example' });
    });
    expect(d.changes.map((c) => [c.kind, c.address])).toEqual([['added', 'provider.vsphere.site_b']]);
  });

  it('does not show a reordered set: VM tags, category associable types, AppRole CIDRs and policies', () => {
    const d = diffAfter('mfin-internal', (json) => {
      for (const vm of Object.values<any>(json.resource.vsphere_virtual_machine)) vm.tags.reverse();
      for (const c of Object.values<any>(json.resource.vsphere_tag_category)) c.associable_types.reverse();
      const role = blockIn(json, 'vault_approle_auth_backend_role');
      role.token_bound_cidrs = ['10.99.0.0/24', ...role.token_bound_cidrs];
      role.token_policies.push('extra');
    });
    // Only the two additions to the role show; the reversals and the new element's position do not.
    expect(attributesOf(d).map((a) => [a.path, a.setElement])).toEqual([
      ['token_bound_cidrs', 'added'],
      ['token_policies', 'added'],
    ]);
  });

  it('shows one changed set element as exactly one element removed and one added', () => {
    const tags = (json: any) => blockIn(json, 'vsphere_virtual_machine').tags as string[];
    const before = tags(copyOf('mfin-internal'));
    const d = diffAfter('mfin-internal', (json) => {
      tags(json).reverse();
      tags(json)[0] = '${vsphere_tag.another.id}';
    });
    expect(attributesOf(d).map(({ path, before: b, after: a, setElement }) => ({ path, b, a, setElement }))).toEqual([
      { path: 'tags', b: before[2], a: undefined, setElement: 'removed' },
      { path: 'tags', b: undefined, a: '${vsphere_tag.another.id}', setElement: 'added' },
    ]);
  });

  it('matches a set of blocks by content: port group VLAN ranges reordered show nothing, one changed range shows once', () => {
    const withRanges = (ranges: object[]) => (json: any) => {
      blockIn(json, 'vsphere_distributed_port_group').vlan_range = ranges;
    };
    const base = copyOf('lih-research');
    withRanges([
      { min_vlan: 100, max_vlan: 110 },
      { min_vlan: 200, max_vlan: 210 },
    ])(base);
    const reordered = copyOf('lih-research');
    withRanges([
      { max_vlan: 210, min_vlan: 200 },
      { min_vlan: 100, max_vlan: 110 },
    ])(reordered);
    expect(diffStacks(docOf(base, 'lih-research'), docOf(reordered, 'lih-research'), sites).status).toBe('unchanged');

    const changed = copyOf('lih-research');
    withRanges([
      { min_vlan: 200, max_vlan: 210 },
      { min_vlan: 100, max_vlan: 120 },
    ])(changed);
    const d = diffStacks(docOf(base, 'lih-research'), docOf(changed, 'lih-research'), sites);
    expect(attributesOf(d).map((a) => [a.path, a.setElement, a.before ?? a.after])).toEqual([
      ['vlan_range', 'removed', { min_vlan: 100, max_vlan: 110 }],
      ['vlan_range', 'added', { min_vlan: 100, max_vlan: 120 }],
    ]);
  });

  it('shows a reordered list: swapping two disks changes both, by index', () => {
    const d = diffAfter('dsp-ng', (json) => {
      const vm = blockIn(json, 'vsphere_virtual_machine', 'dsp-ng-db-01');
      [vm.disk[1], vm.disk[2]] = [vm.disk[2], vm.disk[1]];
    });
    const paths = attributesOf(d).map((a) => a.path);
    expect(paths).toEqual(expect.arrayContaining(['disk.1.label', 'disk.1.size', 'disk.1.unit_number', 'disk.2.label', 'disk.2.size', 'disk.2.unit_number']));
  });

  it('reports a tenant added: every block added, a placement after only', () => {
    const head = docOf(copyOf('mfin-internal'), 'mfin-internal');
    const d = diffStacks(undefined, head, sites);
    expect(d.status).toBe('added');
    expect(d.before).toBeUndefined();
    expect(d.after).toMatchObject({ site: 'lu-colo-1', country: 'LU', vms: 2 });
    expect(d.changes.every((c) => c.kind === 'added' && c.attributes.length === 0)).toBe(true);
    expect(d.changes.map((c) => c.address)).toEqual(expect.arrayContaining(['provider.vsphere', 'terraform.backend', 'terraform.required_providers']));
    const datacenter = d.changes.find((c) => c.type === 'vsphere_datacenter')!;
    expect(datacenter.risks.map((r) => r.reason)).toEqual(['the stack now looks up datacenter "COLO-BISSEN-1" (site lu-colo-1, LU): resources may be placed there']);
  });

  it('reports a tenant removed: every block removed, its VMs and keys labelled destructive', () => {
    const d = diffStacks(docOf(copyOf('mfin-internal'), 'mfin-internal'), undefined, sites);
    expect(d.status).toBe('removed');
    expect(d.after).toBeUndefined();
    expect(d.changes.every((c) => c.kind === 'removed')).toBe(true);
    const vm = d.changes.find((c) => c.type === 'vsphere_virtual_machine')!;
    expect(vm.risks.map((r) => r.label)).toContain('destructive');
    expect(risksOf(d)).toEqual(['destructive']);
  });

  it('refuses to compare nothing with nothing', () => {
    expect(() => diffStacks(undefined, undefined, sites)).toThrow(/base or a head/);
  });
});

describe('diffOutputs', () => {
  const base = () => docsOf(synthesized());

  it('lists every tenant of either side: added, removed, changed and unchanged', () => {
    const head = base();
    head.delete('lih-research');
    const extra = copyOf('mfin-internal');
    head.set('mfin-copy', docOf(extra, 'mfin-copy'));
    const memory = copyOf('dsp-ng');
    blockIn(memory, 'vsphere_virtual_machine').memory = 1;
    head.set('dsp-ng', docOf(memory, 'dsp-ng'));
    const d = diffOutputs(base(), head, sites, { base: 'cdktf.out', head: 'git:HEAD' });
    expect(d.base).toBe('cdktf.out');
    expect(d.head).toBe('git:HEAD');
    expect(Object.fromEntries(d.tenants.map((t) => [t.tenant, t.status]))).toEqual({
      'dsp-ng': 'changed',
      'enclave-analytics': 'unchanged',
      'igss-analytics': 'unchanged',
      'lih-research': 'removed',
      'mfin-copy': 'added',
      'mfin-internal': 'unchanged',
    });
  });

  it('orders tenants with changes first by highest risk, then by name, and unchanged tenants last', () => {
    const head = base();
    const change = (tenant: string, edit: (json: any) => void) => {
      const json = copyOf(tenant);
      edit(json);
      head.set(tenant, docOf(json, tenant));
    };
    change('dsp-ng', (json) => {
      blockIn(json, 'vsphere_virtual_machine').memory = 1; // no label
    });
    change('lih-research', (json) => {
      blockIn(json, 'vsphere_virtual_machine').firmware = 'bios'; // security
    });
    change('mfin-internal', (json) => {
      blockIn(json, 'vsphere_datacenter', undefined, 'data').name = 'GOVCLOUD-LU-1'; // residency
    });
    const d = diffOutputs(base(), head, sites, { base: 'a', head: 'b' });
    expect(d.tenants.map((t) => [t.tenant, t.status, risksOf(t)[0] ?? 'none'])).toEqual([
      ['mfin-internal', 'changed', 'residency'],
      ['lih-research', 'changed', 'security'],
      ['dsp-ng', 'changed', 'none'],
      ['enclave-analytics', 'unchanged', 'none'],
      ['igss-analytics', 'unchanged', 'none'],
    ]);
  });

  it('gives the same result for the same inputs, whatever order the stacks were read in', () => {
    const head = base();
    const json = copyOf('dsp-ng');
    blockIn(json, 'vsphere_virtual_machine').firmware = 'bios';
    blockIn(json, 'vsphere_datacenter', undefined, 'data').name = 'FRA1';
    head.set('dsp-ng', docOf(json, 'dsp-ng'));
    const reversed = new Map([...head].reverse());
    const one = JSON.stringify(diffOutputs(base(), head, sites, { base: 'a', head: 'b' }));
    const two = JSON.stringify(diffOutputs(new Map([...base()].reverse()), reversed, sites, { base: 'a', head: 'b' }));
    expect(two).toBe(one);
  });

  it('has a speed check that diffs 1,000 stacks with 1% changed and reports exactly the changed ones', () => {
    const template = docOf(copyOf('dsp-ng'), 'dsp-ng');
    const result = diffSpeedCheck(template, sites, { stacks: 1000, changedShare: 0.01 });
    expect(result).toMatchObject({ stacks: 1000, changed: 10, reportedChanged: 10 });
    expect(result.milliseconds).toEqual(expect.any(Number)); // timing is the benchmark's business, not this test's
  });

  it('reports the address of a data source as data.<type>.<name>', () => {
    const head = base();
    const json = copyOf('dsp-ng');
    blockIn(json, 'vsphere_datastore', undefined, 'data').name = 'other-ds';
    head.set('dsp-ng', docOf(json, 'dsp-ng'));
    const d = diffOutputs(base(), head, sites, { base: 'a', head: 'b' });
    expect(d.tenants[0].changes.map((c) => [c.address, c.type])).toEqual([[addressIn(json, 'vsphere_datastore', 'data'), 'vsphere_datastore']]);
  });
});
