import { blockKeyPath, jsonKeyLine, jsonKeyLines, keyPathId } from '../../../policy/terraform/json-key-line';

const STACK = JSON.stringify(
  {
    '//': { metadata: { stackName: 'dsp-ng' } },
    data: { vsphere_datacenter: { tenant_site_datacenter_6CE68487: { name: 'GOVCLOUD-LU-1', '//': { metadata: { path: 'dsp-ng/tenant/site/datacenter' } } } } },
    provider: { vault: [{ address: 'https://vault.govcloud.ctie.lu:8200' }], vsphere: [{ vsphere_server: 'vcenter' }] },
    resource: {
      vsphere_tag: { name_with_resource: { name: 'resource' } },
      vsphere_virtual_machine: { db_0: { name: 'db "0" {x}', disk: [{ label: 'disk0' }, { label: 'disk1' }] }, 'web\u00e9': { name: 'web' } },
    },
    terraform: { backend: { local: { path: 'terraform.tfstate' } } },
  },
  null,
  2,
);
const lines = STACK.split('\n');
const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;

describe('jsonKeyLine', () => {
  it('finds the line of a resource, a data source, a provider and the backend by their key path', () => {
    expect(jsonKeyLine(STACK, ['resource', 'vsphere_virtual_machine', 'db_0'])).toBe(lineOf('"db_0"'));
    expect(jsonKeyLine(STACK, ['data', 'vsphere_datacenter', 'tenant_site_datacenter_6CE68487'])).toBe(lineOf('"tenant_site_datacenter_6CE68487"'));
    expect(jsonKeyLine(STACK, ['provider', 'vsphere'])).toBe(lineOf('"vsphere": ['));
    expect(jsonKeyLine(STACK, ['terraform', 'backend'])).toBe(lineOf('"backend"'));
  });

  it('matches a key only at its own path, not a value or a key of the same name deeper down', () => {
    expect(jsonKeyLine(STACK, ['resource', 'vsphere_tag', 'name_with_resource'])).toBe(lineOf('"name_with_resource"'));
    expect(jsonKeyLine(STACK, ['resource'])).toBe(lineOf('"resource": {'));
    expect(jsonKeyLine(STACK, ['name'])).toBeUndefined();
    expect(jsonKeyLine(STACK, ['resource', 'vsphere_virtual_machine', 'absent'])).toBeUndefined();
  });

  it('reads keys written with escapes', () => {
    expect(jsonKeyLine(STACK.replace('"web\u00e9"', '"web\\u00e9"'), ['resource', 'vsphere_virtual_machine', 'web\u00e9'])).toBe(lineOf('"web'));
  });
});

describe('blockKeyPath', () => {
  it('maps block addresses to the keys Terraform JSON holds them under', () => {
    expect(blockKeyPath('vsphere_virtual_machine.db_0')).toEqual(['resource', 'vsphere_virtual_machine', 'db_0']);
    expect(blockKeyPath('data.vsphere_datacenter.dc')).toEqual(['data', 'vsphere_datacenter', 'dc']);
    expect(blockKeyPath('provider.vault')).toEqual(['provider', 'vault']);
    expect(blockKeyPath('terraform.backend')).toEqual(['terraform', 'backend']);
  });

  it('has no path for plan addresses with modules or indexes', () => {
    expect(blockKeyPath('module.x.vsphere_virtual_machine.y')).toBeUndefined();
    expect(blockKeyPath('vsphere_virtual_machine.y[0]')).toBeUndefined();
  });
});

describe('jsonKeyLines', () => {
  it('indexes every key down to the depth asked, in one pass, and none deeper or inside arrays', () => {
    const index = jsonKeyLines(STACK, 3);
    expect(index.get(keyPathId(['resource', 'vsphere_virtual_machine', 'db_0']))).toBe(lineOf('"db_0"'));
    expect(index.get(keyPathId(['provider', 'vault']))).toBe(lineOf('"vault": ['));
    expect(index.has(keyPathId(['resource', 'vsphere_virtual_machine', 'db_0', 'name']))).toBe(false);
    expect([...index.keys()].some((k) => k.includes('address'))).toBe(false);
  });
});
