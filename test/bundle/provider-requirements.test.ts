import { BundleRefused, pinnedProviders } from '../../bundle';

const stackWith = (requiredProviders: Record<string, unknown>) => ({ terraform: { required_providers: requiredProviders } });

describe('pinnedProviders', () => {
  it('accepts providers pinned to one version, written "2.15.0" or "= 2.15.0", and qualifies their addresses', () => {
    const pinned = pinnedProviders(
      stackWith({ vsphere: { source: 'vmware/vsphere', version: '2.15.0' }, vault: { source: 'hashicorp/vault', version: '= 5.6.0' }, own: { source: 'Registry.Example.LU/GovCloud/Own', version: '1.0.0-rc.1' } }),
      'enclave-analytics',
    );
    expect(pinned.map((p) => [p.address, p.version])).toEqual([
      ['registry.example.lu/govcloud/own', '1.0.0-rc.1'],
      ['registry.terraform.io/hashicorp/vault', '5.6.0'],
      ['registry.terraform.io/vmware/vsphere', '2.15.0'],
    ]);
  });

  it('reads a provider without a source as hashicorp/<name>, as Terraform does', () => {
    expect(pinnedProviders(stackWith({ aws: { version: '5.100.0' } }), 's')[0].address).toBe('registry.terraform.io/hashicorp/aws');
  });

  it.each([
    ['~> 2.15', 'version "~> 2.15", a range'],
    ['>= 2.15.0', 'version ">= 2.15.0", a range'],
    ['2.15.0, < 3.0.0', 'version "2.15.0, < 3.0.0", a range'],
    [undefined, 'no version'],
  ])('refuses version %p, naming the provider and the fix', (version, found) => {
    const stack = stackWith({ vsphere: { source: 'vmware/vsphere', ...(version === undefined ? {} : { version }) }, vault: { source: 'hashicorp/vault', version: '5.6.0' } });
    expect(() => pinnedProviders(stack, 'enclave-analytics')).toThrow(BundleRefused);
    try {
      pinnedProviders(stack, 'enclave-analytics');
    } catch (e) {
      const refusal = e as BundleRefused;
      expect(refusal.problems).toEqual([expect.stringContaining(`provider vsphere (registry.terraform.io/vmware/vsphere) has ${found}`)]);
      expect(refusal.message).toContain('stack enclave-analytics cannot be bundled');
      expect(refusal.message).toContain('Fix: pin it to the one release the bundle carries, e.g. version = "1.2.3"');
    }
  });

  it('reports every unpinned provider at once', () => {
    const stack = stackWith({ a: { source: 'x/a', version: '~> 1.0' }, b: { source: 'x/b' }, c: { source: 'x/c', version: '1.0.0' } });
    expect(() => pinnedProviders(stack, 's')).toThrow(/2 problems[\s\S]*provider a [\s\S]*provider b /);
  });
});
